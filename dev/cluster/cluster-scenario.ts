import { Client, Connection } from '@temporalio/client';
import { createDatabase, Database } from '../../db/database';
import {
  FAULT_POLICY,
  PaymentOutcome,
  planTraffic,
  reportPayment,
  seededRandom,
} from '../../scripts/fault/collection-traffic';
import { createInvoices, settle } from '../../scripts/fault/fault-scenario';
import { sleep } from '../../scripts/fault/product-processes';
import { newWireFigures, RetryingClient, WireFigures } from '../../scripts/fault/retrying-client';
import { judgeRound, RoundVerdict } from '../../scripts/fault/round-verdict';
import type { UnexpectedExit } from '../../scripts/fault/supervised-process';
import type { InvoiceState } from '../../workflows/read-model';
import type { TemporalServerBinaries } from '../temporal-server';
import { judgeDeliveries, NamedCheck } from './delivery-verdict';
import { judgeEncryption } from './encryption-verdict';
import { ClusterStack, startClusterStack } from './cluster-stack';

export interface ClusterScenarioOptions {
  binaries: TemporalServerBinaries;
  distDir: string;
  workDir: string;
  invoices: number;
  /** Due moments spread over this many seconds from the first one. */
  spreadSeconds: number;
  /** One worker and one API replica are SIGKILLed this long after the first due moment, and not restarted. */
  killAtSeconds: number;
  /** How long the ladders may take to finish after the payments are answered. */
  settleSeconds: number;
  seed: number;
  log: (line: string) => void;
}

export interface ClusterReport {
  startup: { part: string; seconds: number }[];
  invoices: number;
  payments: PaymentOutcome[];
  kills: { at: string; process: string }[];
  verdict: RoundVerdict;
  /** The exactly-once checks of the mails and the processes that died by themselves, beside the round's. */
  checks: NamedCheck[];
  figures: {
    lost: number;
    duplicated: number;
    mailsExpected: number;
    mailsReceived: number;
    settledInSeconds: number | null;
  };
  /** Same-Message-ID re-sends whose first copy the relay took just before a worker's SIGKILL (the outbox's window). */
  resentAfterKill: string[];
  wire: WireFigures;
  unexpectedExits: UnexpectedExit[];
  processes: { name: string; starts: number; kills: number }[];
  logDir: string;
  ok: boolean;
}

/**
 * Two workers and two API replicas against the Temporal server on PostgreSQL: invoices created through both replicas
 * in turn walk a ladder of seconds, some are paid on the way through the API or the signed webhook, one worker and
 * one API replica are SIGKILLed mid-ladder; then every invoice's end, payment and mail is checked.
 */
export async function runClusterScenario(options: ClusterScenarioOptions): Promise<ClusterReport> {
  const { log } = options;
  const stack = await startClusterStack({
    binaries: options.binaries,
    distDir: options.distDir,
    workDir: options.workDir,
    workers: 2,
    apis: 2,
    log,
  });
  const db = createDatabase({ connectionString: stack.databaseUrl, max: 4 });
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address: stack.temporalAddress });
    return await runTraffic(stack, new Client({ connection }), db, options);
  } finally {
    await connection?.close();
    await db.close();
    await stack.stop();
  }
}

async function runTraffic(
  stack: ClusterStack,
  client: Client,
  db: Database,
  options: ClusterScenarioOptions,
): Promise<ClusterReport> {
  const { log } = options;
  const wire = newWireFigures();
  let deadline = Number.POSITIVE_INFINITY;
  const api = new RetryingClient(stack.apiUrls, wire, () => deadline);
  const policy = await api.send('POST', '/v1/policies', stack.keys.ops, FAULT_POLICY);
  if (policy.status !== 201) throw new Error(`the policy was refused: ${JSON.stringify(policy.body)}`);

  const leadSeconds = 10 + Math.ceil(options.invoices / 20);
  const origin = Date.now() + leadSeconds * 1000;
  const plan = planTraffic({
    prefix: `CLU-${Date.now().toString(36).toUpperCase()}`,
    invoices: options.invoices,
    firstDueAt: origin,
    spreadMs: options.spreadSeconds * 1000,
    random: seededRandom(options.seed),
  });
  log(`${plan.invoices.length} invoices, ${plan.payments.length} payments, first due in ${leadSeconds} s`);

  const kills: ClusterReport['kills'] = [];
  const killing = (async () => {
    await sleep(Math.max(0, origin + options.killAtSeconds * 1000 - Date.now()));
    for (const victim of [stack.workers[0]!, stack.apis[0]!]) {
      await victim.kill();
      // When it died, not when the signal left: a relay may still take a mail from it in between.
      kills.push({ at: new Date().toISOString(), process: victim.name });
      log(`SIGKILL ${victim.name} at +${((Date.now() - origin) / 1000).toFixed(0)} s (not restarted)`);
    }
  })();
  const late = await createInvoices(api, stack.keys.ops, plan.invoices, FAULT_POLICY.id);
  log(`invoices created through ${stack.apis.length} API replicas in turn (${late} due later than planned)`);
  const dueAt = new Map(plan.invoices.map((i) => [i.id, i.dueAt]));
  const payments = await Promise.all(
    plan.payments.map((p) =>
      reportPayment(api, stack.keys, stack.webhookSecret, p, dueAt.get(p.invoiceId)! + p.afterDueMs),
    ),
  );
  await killing;
  deadline = Date.now() + options.settleSeconds * 1000;
  log(`payments answered; waiting up to ${options.settleSeconds} s for every ladder to end`);
  const settledInSeconds = await settle(client, db, plan.invoices, payments, deadline);
  log(settledInSeconds === null ? 'NOT settled in time' : `settled ${settledInSeconds} s after the last payment`);

  // Read through the API: the workflows' payloads are encrypted, and the API holds the key.
  const states = new Map<string, InvoiceState>();
  const readState = async (invoiceId: string): Promise<InvoiceState | { error: string }> => {
    try {
      const answer = await api.send('GET', `/v1/invoices/${encodeURIComponent(invoiceId)}`, stack.keys.ops);
      const state = (answer.body as { state?: InvoiceState | null }).state;
      if (answer.status !== 200 || !state) return { error: `GET answered ${answer.status} without a state` };
      states.set(invoiceId, state);
      return state;
    } catch (error) {
      return { error: String(error) };
    }
  };
  const relay = stack.relay.messages();
  const verdict = await judgeRound({ invoices: plan.invoices, payments, client, db, relay, readState });
  const workerKills = kills.filter((k) => k.process.startsWith('worker')).map((k) => new Date(k.at));
  const deliveries = judgeDeliveries({ states, relay, invoiceIds: plan.invoices.map((i) => i.id), workerKills });
  const exits: NamedCheck = {
    name: 'processes that exited by themselves',
    failures: stack.unexpectedExits.map((e) => `${e.name} at ${e.at}: ${e.cause}`),
  };
  const encryption = await judgeEncryption(
    client,
    plan.invoices.map((i) => i.id),
  );
  const checks = [...deliveries.checks, encryption, exits];
  const failuresOf = (id: string) => verdict.checks.find((c) => c.id === id)?.failures.length ?? 0;
  const lost = failuresOf('lost-mails') + failuresOf('lost-payments') + deliveries.missing;
  const duplicated = failuresOf('different-id-duplicates') + deliveries.duplicated;
  const ok = [...verdict.checks, ...checks].every((c) => c.failures.length === 0);
  return {
    startup: stack.startup,
    invoices: plan.invoices.length,
    payments,
    kills,
    verdict,
    checks,
    figures: {
      lost,
      duplicated,
      mailsExpected: deliveries.expected,
      mailsReceived: deliveries.received,
      settledInSeconds,
    },
    resentAfterKill: deliveries.resentAfterKill,
    wire,
    unexpectedExits: stack.unexpectedExits,
    processes: [stack.temporalServer, ...stack.apis, ...stack.workers].map((p) => ({
      name: p.name,
      starts: p.starts,
      kills: p.kills,
    })),
    logDir: stack.logDir,
    ok,
  };
}
