import { FaultStack, sleep } from './fault-stack';

export interface FaultPlan {
  /** A worker process is SIGKILLed this often (they take turns) and started again at once. */
  workerKillEverySeconds: number;
  /** Seconds after the round's first due moment; each fault once per round. */
  smtpOutage: { atSeconds: number; forSeconds: number };
  postgresOutage: { atSeconds: number; forSeconds: number };
  temporalRestart: { atSeconds: number; downSeconds: number };
  /** Worker kills stop this long after the first due moment. */
  windowSeconds: number;
}

export interface FaultLogEntry {
  at: string;
  fault: string;
}

/** Runs one round of faults against the stack, starting at `origin` (epoch ms); resolves when every part is back. */
export async function injectFaults(
  stack: FaultStack,
  plan: FaultPlan,
  origin: number,
  log: (line: string) => void,
): Promise<FaultLogEntry[]> {
  const entries: FaultLogEntry[] = [];
  const note = (fault: string) => {
    entries.push({ at: new Date().toISOString(), fault });
    log(`fault +${((Date.now() - origin) / 1000).toFixed(0)}s: ${fault}`);
  };
  const at = (seconds: number) => sleep(Math.max(0, origin + seconds * 1000 - Date.now()));
  const end = origin + plan.windowSeconds * 1000;

  const workerKills = async () => {
    for (let turn = 0; ; turn++) {
      await sleep(plan.workerKillEverySeconds * (800 + Math.random() * 400));
      if (Date.now() > end) return;
      const worker = stack.workers[turn % stack.workers.length]!;
      await worker.kill();
      note(`SIGKILL ${worker.name}`);
      worker.start();
    }
  };
  const smtp = async () => {
    await at(plan.smtpOutage.atSeconds);
    await stack.relay.stop();
    note(`SMTP relay stopped (connections refused) for ${plan.smtpOutage.forSeconds}s`);
    await sleep(plan.smtpOutage.forSeconds * 1000);
    await stack.relay.start();
    note('SMTP relay back');
  };
  const postgres = async () => {
    await at(plan.postgresOutage.atSeconds);
    await stack.postgres.stop();
    note(`PostgreSQL stopped for ${plan.postgresOutage.forSeconds}s`);
    await sleep(plan.postgresOutage.forSeconds * 1000);
    await stack.postgres.start();
    note('PostgreSQL back');
  };
  const temporal = async () => {
    await at(plan.temporalRestart.atSeconds);
    await stack.temporal.kill();
    note(`SIGKILL Temporal server, down ${plan.temporalRestart.downSeconds}s`);
    await sleep(plan.temporalRestart.downSeconds * 1000);
    stack.temporal.start();
    await stack.temporalReady();
    note('Temporal server back');
  };
  await Promise.all([workerKills(), smtp(), postgres(), temporal()]);
  return entries;
}
