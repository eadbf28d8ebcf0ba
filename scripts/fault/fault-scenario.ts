import { Client, Connection } from '@temporalio/client';
import { createDatabase, Database } from '../../db/database';
import {
  FAULT_POLICY,
  invoiceBody,
  PaymentOutcome,
  PlannedInvoice,
  planTraffic,
  reportPayment,
  seededRandom,
} from './collection-traffic';
import { FaultStack, sleep, startFaultStack } from './fault-stack';
import { FaultLogEntry, FaultPlan, injectFaults } from './fault-schedule';
import { newWireFigures, RetryingClient, WireFigures } from './retrying-client';
import { judgeRound, RoundVerdict } from './round-verdict';
import type { UnexpectedExit } from './supervised-process';

export interface FaultScenarioOptions {
  distDir: string;
  workDir: string;
  invoices: number;
  rounds: number;
  /** Due moments spread over this many seconds, the first one `leadSeconds` after the round starts. */
  spreadSeconds: number;
  leadSeconds: number;
  faults: FaultPlan;
  /** How long the ladders may take to finish once the faults are over. */
  settleSeconds: number;
  mailRatePerSecond: number;
  seed: number;
  log: (line: string) => void;
}

export interface RoundReport {
  round: number;
  verdict: RoundVerdict;
  wire: WireFigures;
  payments: PaymentOutcome[];
  faults: FaultLogEntry[];
  settledInSeconds: number | null;
}

export interface FaultReport {
  rounds: RoundReport[];
  unexpectedExits: UnexpectedExit[];
  processes: { name: string; starts: number; kills: number }[];
  workDir: string;
  ok: boolean;
}

/** Starts the stack, runs each round of traffic under faults, judges it, and stops everything. */
export async function runFaultScenario(options: FaultScenarioOptions): Promise<FaultReport> {
  const { log } = options;
  const stack = await startFaultStack({
    distDir: options.distDir,
    workDir: options.workDir,
    workers: 2,
    mailRatePerSecond: options.mailRatePerSecond,
    log,
  });
  const rounds: RoundReport[] = [];
  let connection: Connection | undefined;
  const db = createDatabase({ connectionString: stack.databaseUrl, max: 4 });
  try {
    connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection });
    const random = seededRandom(options.seed);
    const runTag = Date.now().toString(36).toUpperCase();
    for (let round = 1; round <= options.rounds; round++) {
      rounds.push(await runRound(stack, client, db, { ...options, round, prefix: `FLT-${runTag}-R${round}`, random }));
    }
  } finally {
    await connection?.close();
    await db.close();
    await stack.stop();
  }
  const ok =
    stack.unexpectedExits.length === 0 && rounds.every((r) => r.verdict.checks.every((c) => c.failures.length === 0));
  return {
    rounds,
    unexpectedExits: stack.unexpectedExits,
    processes: [stack.temporal, stack.api, ...stack.workers].map((p) => ({
      name: p.name,
      starts: p.starts,
      kills: p.kills,
    })),
    workDir: options.workDir,
    ok,
  };
}

async function runRound(
  stack: FaultStack,
  client: Client,
  db: Database,
  options: FaultScenarioOptions & { round: number; prefix: string; random: () => number },
): Promise<RoundReport> {
  const { log, round } = options;
  const wire = newWireFigures();
  let deadline = Number.POSITIVE_INFINITY;
  const api = new RetryingClient(stack.apiUrl, wire, () => deadline);
  const policy = await api.send('POST', '/v1/policies', stack.keys.ops, FAULT_POLICY);
  if (policy.status !== 201) throw new Error(`the fault policy was refused: ${JSON.stringify(policy.body)}`);

  const origin = Date.now() + options.leadSeconds * 1000;
  const plan = planTraffic({
    prefix: options.prefix,
    invoices: options.invoices,
    firstDueAt: origin,
    spreadMs: options.spreadSeconds * 1000,
    random: options.random,
  });
  log(
    `round ${round}: ${plan.invoices.length} invoices, ${plan.payments.length} payments, first due in ${options.leadSeconds}s`,
  );
  // The faults keep to their schedule whatever the creation of the invoices takes.
  const faulting = injectFaults(stack, options.faults, origin, log);
  const late = await createInvoices(api, stack.keys.ops, plan.invoices, FAULT_POLICY.id);
  log(`round ${round}: invoices created (${late} due later than planned: creation took longer)`);
  const dueAt = new Map(plan.invoices.map((i) => [i.id, i.dueAt]));
  const paying = Promise.all(
    plan.payments.map((p) =>
      reportPayment(api, stack.keys, stack.webhookSecret, p, dueAt.get(p.invoiceId)! + p.afterDueMs),
    ),
  );
  const faults = await faulting;
  deadline = Date.now() + options.settleSeconds * 1000;
  const payments = await paying;
  log(`round ${round}: faults over, payments answered; waiting up to ${options.settleSeconds}s for the ladders`);
  const settledInSeconds = await settle(client, db, plan.invoices, payments, deadline);
  log(
    `round ${round}: ${settledInSeconds === null ? 'NOT settled in time' : `settled ${settledInSeconds}s after the faults`}`,
  );
  const verdict = await judgeRound({ invoices: plan.invoices, payments, client, db, relay: stack.relay.messages() });
  return { round, verdict, wire, payments, faults, settledInSeconds };
}

/** Creates the invoices, 16 at a time; one whose due moment came before its turn is due 5 s after it instead. */
export async function createInvoices(
  api: RetryingClient,
  opsKey: string,
  invoices: PlannedInvoice[],
  policyId: string,
): Promise<number> {
  const queue = [...invoices];
  let late = 0;
  const createOne = async () => {
    for (let invoice = queue.shift(); invoice; invoice = queue.shift()) {
      if (invoice.dueAt < Date.now() + 5_000) {
        invoice.dueAt = Date.now() + 5_000;
        late += 1;
      }
      const answer = await api.send('POST', '/v1/invoices', opsKey, invoiceBody(invoice, policyId));
      if (answer.status !== 201 && answer.status !== 200) {
        throw new Error(`invoice ${invoice.id} was refused (${answer.status}): ${JSON.stringify(answer.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, createOne));
  return late;
}

/** Waits until every invoice is at its end (paid, or handed to legal) or its workflow closed; null on timeout. */
export async function settle(
  client: Client,
  db: Database,
  invoices: PlannedInvoice[],
  payments: PaymentOutcome[],
  deadline: number,
): Promise<number | null> {
  const started = Date.now();
  const paid = new Map<string, number>();
  for (const p of payments) {
    if (p.accepted) paid.set(p.payment.invoiceId, (paid.get(p.payment.invoiceId) ?? 0) + p.payment.amount);
  }
  const ids = invoices.map((i) => i.id);
  while (Date.now() < deadline) {
    try {
      const rows = await db.query<{ id: string; status: string; stage: string }>(
        'SELECT id, status, stage FROM invoices WHERE id = ANY($1)',
        [ids],
      );
      const closed = new Set<string>();
      for await (const run of client.workflow.list({
        query: `WorkflowType = 'invoiceCollection' AND ExecutionStatus != 'Running'`,
      })) {
        if (run.status.name !== 'CONTINUED_AS_NEW') closed.add(run.workflowId);
      }
      const open = invoices.filter((invoice) => {
        if (closed.has(`invoice-${invoice.id}`)) return false;
        const row = rows.find((r) => r.id === invoice.id);
        if (!row) return true;
        if ((paid.get(invoice.id) ?? 0) >= invoice.amount) return row.status !== 'paid';
        return row.status !== 'handed_to_legal' && row.stage !== 'legal';
      });
      if (open.length === 0) return Math.round((Date.now() - started) / 1000);
    } catch {
      // a server still coming back; ask again
    }
    await sleep(3_000);
  }
  return null;
}
