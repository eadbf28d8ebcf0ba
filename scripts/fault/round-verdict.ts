import type { Client } from '@temporalio/client';
import type { StoredMessage } from '../../dev/smtp-sink';
import type { Database } from '../../db/database';
import type { InvoiceState } from '../../workflows/messages';
import type { PaymentOutcome, PlannedInvoice } from './collection-traffic';
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
  'failed-workflows' | 'stuck-invoices' | 'lost-payments' | 'wrong-balances' | 'lost-mails' | 'different-id-duplicates';

const BAD_STATUSES = new Set(['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED']);

interface InvoiceRow {
  id: string;
  status: string;
  stage: string;
  balance: string;
}
interface TrailRow {
  invoice_id: string;
  channel: string;
  kind: string;
  message_id: string | null;
  result: string;
  detail: { paymentId?: string };
}

/** Compares what the payers were told, what the workflows hold, what PostgreSQL holds and what the relay received. */
export async function judgeRound(input: {
  invoices: PlannedInvoice[];
  payments: PaymentOutcome[];
  client: Client;
  db: Database;
  relay: StoredMessage[];
}): Promise<RoundVerdict> {
  const { invoices, payments, client, db } = input;
  const ids = invoices.map((i) => i.id);
  const check = (id: CheckId, name: string): Check => ({ id, name, failures: [] });
  const failed = check('failed-workflows', 'workflows FAILED/TERMINATED/TIMED_OUT');
  const stuck = check('stuck-invoices', 'invoices not at their expected end (stuck)');
  const lost = check('lost-payments', 'accepted payments lost');
  const balances = check('wrong-balances', 'wrong balances (expected, workflow, database)');
  const lostMail = check('lost-mails', 'mails in the proof trail the relay never received');
  const duplicates = check('different-id-duplicates', 'duplicate mails under a different Message-ID');
  const figures: Record<string, number> = {};
  const bump = (name: string, by = 1) => (figures[name] = (figures[name] ?? 0) + by);

  const runs = await latestRuns(input.client, ids);
  const diagnoses: WorkflowDiagnosis[] = [];
  for (const run of runs.values()) {
    bump(`workflows ${run.status}`);
    if (BAD_STATUSES.has(run.status)) diagnoses.push(await diagnose(client, run));
  }
  for (const d of diagnoses) failed.failures.push(`${d.workflowId} ${d.status}: ${d.failure ?? '?'}`);

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

  for (const invoice of invoices) {
    const accepted = new Map<string, number>();
    for (const p of payments) {
      if (p.payment.invoiceId === invoice.id && p.accepted) accepted.set(p.payment.paymentId, p.payment.amount);
    }
    const paid = [...accepted.values()].reduce((a, b) => a + b, 0);
    const expectedBalance = Math.max(0, invoice.amount - paid);
    const fullyPaid = paid >= invoice.amount;
    bump(fullyPaid ? 'invoices fully paid' : paid > 0 ? 'invoices partly paid' : 'invoices unpaid');
    const state = await queryState(client, invoice.id);
    const row = rows.get(invoice.id);
    const run = runs.get(`invoice-${invoice.id}`);
    if ('error' in state) {
      stuck.failures.push(`${invoice.id} (${run?.status ?? 'no workflow'}): state unreadable: ${state.error}`);
      continue;
    }
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
    const inTrail = new Set(
      trail.filter((t) => t.invoice_id === invoice.id && t.kind === 'payment_received').map((t) => t.detail.paymentId),
    );
    for (const paymentId of accepted.keys()) {
      const inState = state.payments.some((p) => p.paymentId === paymentId);
      if (!inState || !inTrail.has(paymentId)) {
        lost.failures.push(
          `${invoice.id} ${paymentId}: ${inState ? '' : 'not in the workflow state; '}${inTrail.has(paymentId) ? '' : 'not in the proof trail'}`,
        );
      }
    }
    for (const p of state.payments) if (!accepted.has(p.paymentId)) bump('payments applied without a 2xx');
    const dbBalance = row ? Number(row.balance) : NaN;
    if (state.balance !== expectedBalance || dbBalance !== state.balance || row?.status !== state.status) {
      balances.failures.push(
        `${invoice.id}: expected ${expectedBalance}, workflow ${state.balance} (${state.status}), ` +
          `database ${row ? `${row.balance} (${row.status}/${row.stage})` : 'no row'}`,
      );
    }
  }

  const received = new Set<string>();
  const byMessageId = new Map<string, StoredMessage[]>();
  const idsByStep = new Map<string, Set<string>>();
  const ours = new Set(ids);
  for (const message of input.relay) {
    const invoiceId = header(message.raw, 'X-Relance-Invoice');
    if (!invoiceId || !ours.has(invoiceId)) continue;
    const messageId = bare(message.messageId ?? '');
    received.add(messageId);
    byMessageId.set(messageId, [...(byMessageId.get(messageId) ?? []), message]);
    const step = header(message.raw, 'X-Relance-Step');
    const notice = header(message.raw, 'X-Relance-Notice');
    const key = `${invoiceId} ${step ? `step ${step}` : notice ? `notice ${notice}` : `legal file notification`}`;
    idsByStep.set(key, (idsByStep.get(key) ?? new Set()).add(messageId));
    bump('mails received by the relay');
  }
  figures['distinct Message-IDs received'] = byMessageId.size;
  const resends: string[] = [];
  for (const [messageId, copies] of byMessageId) {
    if (copies.length < 2) continue;
    const times = copies.map((c) => c.receivedAt.slice(11, 19)).join(', ');
    resends.push(`<${messageId}> ×${copies.length} (${header(copies[0]!.raw, 'X-Relance-Invoice')}) at ${times}`);
  }
  figures['same-Message-ID re-sends'] = [...byMessageId.values()].reduce((n, c) => n + c.length - 1, 0);
  for (const [key, messageIds] of idsByStep) {
    if (messageIds.size > 1) duplicates.failures.push(`${key}: ${[...messageIds].join(', ')}`);
  }
  const recorded = new Set<string>();
  for (const row of trail) {
    if (row.result !== 'sent' || !row.message_id) continue;
    recorded.add(bare(row.message_id));
    bump('mails sent per the proof trail');
    if (!received.has(bare(row.message_id)))
      lostMail.failures.push(`${row.invoice_id} ${row.kind} <${row.message_id}>`);
  }
  const unrecorded: string[] = [];
  for (const [messageId, copies] of byMessageId) {
    if (!recorded.has(messageId)) unrecorded.push(`<${messageId}> (${copies[0]!.subject.slice(0, 60)})`);
  }
  figures['mails received but absent from the proof trail'] = unrecorded.length;

  return { checks: [failed, stuck, lost, balances, lostMail, duplicates], figures, resends, unrecorded, diagnoses };
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

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head);
  return match?.[1]?.trim();
}

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');
