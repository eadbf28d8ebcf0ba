import type { Client } from '@temporalio/client';
import type { StoredMessage } from '../../dev/smtp-sink';
import type { Database } from '../../db/database';
import type { InvoiceState } from '../../workflows/read-model';
import type { PaymentOutcome, PlannedInvoice } from './collection-traffic';
import { judgeMail, TrailRow } from './mail-verdict';
import { diagnose, latestRuns, queryState, WorkflowDiagnosis } from './workflow-inspection';

/** One assertion of the fault test: how many times it was broken, and each case in a line. */
export interface Check {
  id: CheckId;
  name: string;
  failures: string[];
}

export interface RoundVerdict {
  checks: Check[];
  figures: Record<string, number>;
  /** Same-Message-ID re-sends: allowed, but shown, with the invoice and step of each. */
  resends: string[];
  /** Mails the relay took that no proof-trail row names: the customer got them, the evidence does not show them. */
  unrecorded: string[];
  diagnoses: WorkflowDiagnosis[];
}

export type CheckId =
  | 'failed-workflows'
  | 'stuck-invoices'
  | 'lost-payments'
  | 'wrong-balances'
  | 'contradicted-answers'
  | 'lost-mails'
  | 'different-id-duplicates';

const BAD_STATUSES = new Set(['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED']);

interface InvoiceRow {
  id: string;
  status: string;
  stage: string;
  balance: string;
}

/** Compares what the payers were told, what the workflows hold, what PostgreSQL holds and what the relay received. */
export async function judgeRound(input: {
  invoices: PlannedInvoice[];
  payments: PaymentOutcome[];
  client: Client;
  db: Database;
  relay: StoredMessage[];
  /**
   * How the live state is read: by default a query through `client`; a harness without the payload codec reads it
   * through the API.
   */
  readState?: (invoiceId: string) => Promise<InvoiceState | { error: string }>;
}): Promise<RoundVerdict> {
  const { invoices, payments, client, db } = input;
  const ids = invoices.map((i) => i.id);
  const check = (id: CheckId, name: string): Check => ({ id, name, failures: [] });
  const failed = check('failed-workflows', 'workflows FAILED/TERMINATED/TIMED_OUT');
  const stuck = check('stuck-invoices', 'invoices not at their expected end (stuck)');
  const lost = check('lost-payments', 'accepted payments lost');
  const balances = check('wrong-balances', 'wrong balances (expected, workflow, database)');
  const contradicted = check('contradicted-answers', 'payments applied though the payer was told otherwise');
  const figures: Record<string, number> = {};
  const bump = (name: string, by = 1) => (figures[name] = (figures[name] ?? 0) + by);

  const runs = await latestRuns(input.client, ids);
  const diagnoses: WorkflowDiagnosis[] = [];
  for (const run of runs.values()) {
    bump(`workflows ${run.status}`);
    if (BAD_STATUSES.has(run.status)) diagnoses.push(await diagnose(client, run));
  }
  for (const d of diagnoses) failed.failures.push(`${d.workflowId} ${d.status}: ${d.failure ?? '?'}`);

  // Every workflow's state first, then PostgreSQL's rows and trail: a payment a late retry applies between the two
  // reads is then in the rows as well, never in the state alone (a false "lost").
  const readState = input.readState ?? ((id: string) => queryState(client, id));
  const states = new Map<string, Awaited<ReturnType<typeof readState>>>();
  for (const invoice of invoices) states.set(invoice.id, await readState(invoice.id));
  const rows = new Map(
    (await db.query<InvoiceRow>('SELECT id, status, stage, balance FROM invoices WHERE id = ANY($1)', [ids])).map(
      (r) => [r.id, r],
    ),
  );
  const trail = await db.query<TrailRow>(
    'SELECT invoice_id, channel, kind, message_id, result, detail FROM communications WHERE invoice_id = ANY($1)',
    [ids],
  );
  const outbox = await db.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM mail_outbox WHERE invoice_id = ANY($1) GROUP BY status',
    [ids],
  );
  for (const o of outbox) bump(`outbox rows ${o.status}`, Number(o.n));

  const kept = new Set(
    (
      await db.query<{ payment_id: string }>(
        'SELECT payment_id FROM payment_events WHERE invoice_id = ANY($1) AND status IN ($2, $3)',
        [ids, 'unmatched', 'rejected'],
      )
    ).map((r) => r.payment_id),
  );

  for (const invoice of invoices) {
    const state = states.get(invoice.id)!;
    const row = rows.get(invoice.id);
    const run = runs.get(`invoice-${invoice.id}`);
    if ('error' in state) {
      stuck.failures.push(`${invoice.id} (${run?.status ?? 'no workflow'}): state unreadable: ${state.error}`);
      continue;
    }
    const applied = new Set(state.payments.map((p) => p.paymentId));
    const inTrail = new Set(
      trail.filter((t) => t.invoice_id === invoice.id && t.kind === 'payment_received').map((t) => t.detail.paymentId),
    );
    // What the balance must reflect: every payment the payer was told was applied, and any the workflow applied.
    const counted = new Map<string, number>();
    for (const outcome of payments.filter((p) => p.payment.invoiceId === invoice.id)) {
      const { paymentId, amount } = outcome.payment;
      const answers = outcome.answers.map((a) => `${a.channel} ${a.status}`).join(', ');
      if (outcome.accepted || applied.has(paymentId)) counted.set(paymentId, amount);
      if (outcome.accepted && !applied.has(paymentId)) {
        lost.failures.push(`${invoice.id} ${paymentId}: answered ${answers} but not in the workflow state`);
      } else if (outcome.parked && !applied.has(paymentId) && !kept.has(paymentId)) {
        lost.failures.push(`${invoice.id} ${paymentId}: answered ${answers} but neither applied nor kept for a person`);
      } else if (!outcome.accepted && applied.has(paymentId)) {
        contradicted.failures.push(`${invoice.id} ${paymentId}: applied, but the payer was answered ${answers}`);
      }
    }
    for (const paymentId of applied) {
      if (!inTrail.has(paymentId)) lost.failures.push(`${invoice.id} ${paymentId}: applied but not in the proof trail`);
      if (!counted.has(paymentId)) lost.failures.push(`${invoice.id} ${paymentId}: in the workflow, never reported`);
    }
    const paid = [...counted.values()].reduce((a, b) => a + b, 0);
    const expectedBalance = Math.max(0, invoice.amount - paid);
    const fullyPaid = paid >= invoice.amount;
    bump(fullyPaid ? 'invoices fully paid' : paid > 0 ? 'invoices partly paid' : 'invoices unpaid');
    for (const step of state.history) {
      const why =
        step.result === 'skipped' && step.detail ? ` (${step.detail.split(':')[0]!.replace(/\d+/g, 'N')})` : '';
      bump(`steps ${step.action} ${step.result}${why}`);
    }
    const end = endReached(state, fullyPaid);
    if (!end.ok) {
      stuck.failures.push(`${invoice.id} (${run?.status}): ${end.why}`);
      if (run && !BAD_STATUSES.has(run.status)) diagnoses.push(await diagnose(client, run));
    }
    const dbBalance = row ? Number(row.balance) : NaN;
    if (state.balance !== expectedBalance || dbBalance !== state.balance || row?.status !== state.status) {
      balances.failures.push(
        `${invoice.id}: expected ${expectedBalance}, workflow ${state.balance} (${state.status}), ` +
          `database ${row ? `${row.balance} (${row.status}/${row.stage})` : 'no row'}`,
      );
    }
  }

  const mail = judgeMail({ invoiceIds: ids, relay: input.relay, trail });
  Object.assign(figures, mail.figures);

  return {
    checks: [failed, stuck, lost, balances, contradicted, mail.lost, mail.duplicates],
    figures,
    resends: mail.resends,
    unrecorded: mail.unrecorded,
    diagnoses,
  };
}

/** Paid when fully paid; otherwise the ladder's end, the legal file. */
function endReached(state: InvoiceState, fullyPaid: boolean): { ok: true } | { ok: false; why: string } {
  const where = `status ${state.status}, stage ${state.stage}, balance ${state.balance}, next ${state.nextAction?.action ?? '-'} at ${state.nextAction?.at ?? '-'}`;
  if (fullyPaid) return state.status === 'paid' ? { ok: true } : { ok: false, why: `fully paid but ${where}` };
  const legal = state.history.some((h) => h.action === 'legal_file' && h.result !== 'skipped');
  if (legal && (state.status === 'handed_to_legal' || state.stage === 'legal')) return { ok: true };
  const last = state.history.at(-1);
  return {
    ok: false,
    why: `ladder unfinished: ${where}; last step ${last ? `${last.action} ${last.result}` : 'none'}`,
  };
}
