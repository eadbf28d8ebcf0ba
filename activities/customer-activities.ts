import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DateTime, IANAZone } from 'luxon';
import { appendCommunication, findCommunication, paymentOnTrail } from '../db/communications';
import {
  availableCredits,
  closeInsolvency,
  closeInsolvencyTask,
  coverInvoicesWithTask,
  creditAllocationsTo,
  currentInsolvency,
  customerOpenInvoices,
  findCustomerPayment,
  findInsolvency,
  hasOtherOpenInvoice,
  insertAllocations,
  insertCustomerHold,
  insertCustomerPayment,
  insertInsolvency,
  invoicesUnderInsolvency,
  lastClosedInsolvency,
  liftCustomerHold,
  lockCustomer,
  markAllocationsDelivered,
  paymentAllocations,
  payableInvoices,
  reversePaymentRows,
  type CustomerInsolvencyRow,
  type CustomerOpenInvoice,
  type CustomerPaymentRow,
  type DeclaredClaim,
  type PaymentAllocationRow,
} from '../db/customers';
import { currentRateTables } from '../db/rates';
import type { Queryable } from '../db/database';
import { insertTask } from '../db/tasks';
import { daysLate } from '../domain/days-late';
import { isCalendarDate } from '../domain/due-moment';
import { DomainError } from '../domain/domain-error';
import { bornAfterOpening } from '../domain/insolvency';
import { computeLatePaymentAmounts, RatesOutdatedError } from '../domain/late-payment';
import { PUBLISHED_RATE_TABLES } from '../domain/rates/published-rate-tables';
import { rateTablesByName } from '../domain/rates/rate-table';
import { DEFAULT_CREDITOR_COUNTRY } from '../domain/statutory-laws';
import {
  consolidationRequestSignal,
  CUSTOMER_HOLD_KINDS,
  INSOLVENCY_OUTCOMES,
  INSOLVENCY_PROCEDURES,
  type CustomerPaymentAllocation,
  type InsolvencyView,
  type PaymentShare,
} from '../workflows/customer-messages';
import { paymentReceivedSignal, paymentReversedSignal } from '../workflows/messages';
import { CUSTOMER_WORKFLOW_TYPE, customerWorkflowId, invoiceWorkflowId } from '../workflows/routing';
import type { ActivityDeps } from '.';
import type { CustomerActivities } from './customer-contracts';
import { invalidInput } from './invalid-input';
import { DEFAULT_TASK_OWNERS, ownerOf } from './support-tasks';

/** Failure types of refusals a retry cannot heal; the customer workflow answers its update with them. */
export const CustomerFailureType = {
  HoldConflict: 'HoldConflict',
  InsolvencyConflict: 'InsolvencyConflict',
  NoInsolvency: 'NoInsolvency',
  PaymentConflict: 'PaymentConflict',
  UnknownPayment: 'UnknownPayment',
} as const;

/** How many invoice workflows are signalled at once: 1,000 invoices take about 60 rounds, each heartbeating. */
const SIGNAL_CONCURRENCY = 16;
const DEFAULT_TIMEZONE = 'Europe/Paris';

/** The customer workflow's side effects: holds, insolvency, payments across invoices, and telling its invoices. */
export function createCustomerActivities(deps: ActivityDeps): CustomerActivities {
  const { db } = deps;
  const now = () => deps.mail.now?.() ?? new Date();
  const temporal = (): Client => {
    // A worker started without a client is a deployment fault: retried until the worker is fixed, never a refusal.
    if (!deps.temporal) throw new Error('customer activities need a Temporal client (ActivityDeps.temporal)');
    return deps.temporal;
  };
  const openInvoiceIds = async (on: Queryable, customerId: string) =>
    (await customerOpenInvoices(on, customerId)).map((i) => i.id);

  /** Delivers the payment's shares not yet taken; a share whose workflow had ended is credit again. */
  async function deliverShares(payment: CustomerPaymentRow, shares: PaymentAllocationRow[]): Promise<void> {
    const pending = shares.filter((s) => !s.deliveredAt && !s.undeliverableAt && !s.reversedAt);
    const sharePaymentId = (s: PaymentAllocationRow) => `${payment.paymentId}/${s.invoiceId}`;
    const { ended } = await deliverSignals(
      temporal(),
      pending.map((share) => ({
        invoiceId: share.invoiceId,
        signal: paymentReceivedSignal.name,
        payload: {
          paymentId: sharePaymentId(share),
          amount: share.amount,
          currency: payment.currency,
          receivedAt: payment.receivedAt,
          ...(payment.reference ? { reference: payment.reference } : {}),
          ...(payment.method ? { method: payment.method } : {}),
        },
      })),
    );
    // An ended workflow may have taken the share in an earlier attempt and closed as paid by it: its proof trail says.
    // Residual window: the share was taken but the workflow ended before projecting it, which it never does.
    const took = await Promise.all(
      ended.map((id) => paymentOnTrail(db, id, sharePaymentId(pending.find((s) => s.invoiceId === id)!))),
    );
    const lost = ended.filter((_, i) => !took[i]);
    const delivered = pending.map((s) => s.invoiceId).filter((id) => !lost.includes(id));
    await markAllocationsDelivered(db, payment.paymentId, 'delivered', delivered);
    await markAllocationsDelivered(db, payment.paymentId, 'undeliverable', lost);
  }

  return {
    async joinCustomerBatch(request) {
      const sent = await findCommunication(db, request.recordId);
      if (sent?.result === 'sent' && sent.messageId) return { kind: 'sent', messageId: sent.messageId };
      const customerId = request.context.invoice.customer.id;
      if (request.windowMs <= 0 || !(await hasOtherOpenInvoice(db, customerId, request.invoiceId))) {
        return { kind: 'alone' };
      }
      if (!deps.taskQueue) throw new Error('customer activities need the workflow task queue (ActivityDeps.taskQueue)');
      // By type name: activities never import workflow code. A request retried after it arrived is one request: the
      // customer workflow keys its batch by recordId.
      await temporal().workflow.signalWithStart(CUSTOMER_WORKFLOW_TYPE, {
        workflowId: customerWorkflowId(customerId),
        taskQueue: deps.taskQueue,
        args: [{ customerId }],
        signal: consolidationRequestSignal,
        signalArgs: [request],
      });
      return { kind: 'joined' };
    },

    async recordCustomerHold(customerId, hold) {
      // What the table's checks would refuse is refused here, once, rather than retried forever.
      if (!(CUSTOMER_HOLD_KINDS as readonly string[]).includes(hold.kind))
        throw invalidInput('kind', 'must be do_not_contact or pause');
      if (hold.until !== undefined && Number.isNaN(Date.parse(hold.until))) {
        throw invalidInput('until', 'must be an RFC 3339 instant');
      }
      // Under the customer's lock, like an invoice's creation: an invoice created meanwhile either is listed here and
      // told, or reads this hold as it starts.
      const { stored, invoiceIds } = await db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        return {
          stored: await insertCustomerHold(tx, { ...hold, customerId }),
          invoiceIds: await openInvoiceIds(tx, customerId),
        };
      });
      if (stored.customerId !== customerId || stored.kind !== hold.kind) {
        throw refusal(
          CustomerFailureType.HoldConflict,
          `hold ${hold.holdId} is a ${stored.kind} hold of customer ${stored.customerId}, not a ${hold.kind} hold of ${customerId}`,
        );
      }
      return { since: stored.since, invoiceIds };
    },

    async recordCustomerHoldLifted(customerId, lift) {
      // Lifting a hold the customer does not have changes nothing; its invoices are told all the same (a no-op there).
      return db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        await liftCustomerHold(tx, customerId, lift.holdId, lift.by ?? null);
        return { invoiceIds: await openInvoiceIds(tx, customerId) };
      });
    },

    async recordInsolvencyOpened(customerId, open) {
      if (!(INSOLVENCY_PROCEDURES as readonly string[]).includes(open.procedure)) {
        throw invalidInput('procedure', 'must be sauvegarde, redressement or liquidation');
      }
      for (const field of ['openedOn', 'publishedOn'] as const) {
        if (!isCalendarDate(open[field])) throw invalidInput(field, `'${open[field]}' is not a date (YYYY-MM-DD)`);
      }
      if (open.publishedOn < open.openedOn) {
        throw invalidInput('publishedOn', `the judgment of ${open.openedOn} cannot be published before it was given`);
      }
      const id = `${customerId}:${open.openedOn}`;
      const recorded = (await currentInsolvency(db, customerId)) ?? (await findInsolvency(db, id));
      if (recorded) {
        assertSameProcedure(recorded, id, open.procedure);
        return { view: viewOf(recorded), invoiceIds: await openInvoiceIds(db, customerId) };
      }
      // Debts born after the opening judgment are neither frozen nor declared (art. L622-17 C. com.).
      const invoices = (await customerOpenInvoices(db, customerId)).filter(
        (invoice) => !bornAfterOpening(invoice.issueDate, open.openedOn),
      );
      const rates = rateTablesByName(await currentRateTables(db, PUBLISHED_RATE_TABLES));
      const lawOf = (invoice: CustomerOpenInvoice) =>
        invoice.governingLaw ?? deps.creditorCountry ?? DEFAULT_CREDITOR_COUNTRY;
      const claims = invoices
        .filter((invoice) => invoice.balance > 0)
        .map((invoice) => declaredClaim(invoice, lawOf(invoice), open.openedOn, rates));
      // Art. R622-24 C. com.: claims are declared within two months of the judgment's publication in the BODACC.
      const declareBy = DateTime.fromISO(open.publishedOn, { zone: 'UTC' }).plus({ months: 2 }).toISODate()!;
      const at = now();
      const row = await db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        const concurrent = await currentInsolvency(tx, customerId);
        if (concurrent) return concurrent;
        const oldest = invoices[0];
        const taskId = oldest ? `${id}:file_claim` : null;
        if (oldest && taskId) {
          const timezone = zoneOf(oldest);
          const owner = ownerOf('file_claim', { ...DEFAULT_TASK_OWNERS, ...deps.owners });
          const totals = totalsOf(claims);
          const main = totals.find((t) => t.currency === oldest.currency);
          await insertTask(tx, {
            id: taskId,
            invoiceId: oldest.id,
            kind: 'file_claim',
            customer: oldest.customer,
            phone: typeof oldest.customer.phone === 'string' ? oldest.customer.phone : null,
            amount: invoices.filter((i) => i.currency === oldest.currency).reduce((sum, i) => sum + i.amount, 0),
            balance: main?.amount ?? 0,
            currency: oldest.currency,
            daysLate: daysLate(oldest.dueAt, at),
            context: {
              reason: `declare the claims of ${claims.length} invoice(s) to the court-appointed representative by ${declareBy} (art. L622-24 and R622-24 C. com.)`,
              owner,
              customerId,
              procedure: open.procedure,
              openedOn: open.openedOn,
              publishedOn: open.publishedOn,
              declareBy,
              claims,
              totals,
            },
            dueAt: DateTime.fromISO(declareBy, { zone: timezone }).endOf('day').toUTC().toISO()!,
            owner,
          });
          await coverInvoicesWithTask(
            tx,
            taskId,
            customerId,
            invoices.map((i) => i.id),
          );
        }
        const inserted = await insertInsolvency(tx, {
          id,
          customerId,
          procedure: open.procedure,
          openedOn: open.openedOn,
          publishedOn: open.publishedOn,
          declareBy,
          taskId,
          claims,
          openedBy: open.by ?? null,
        });
        for (const invoice of invoices) {
          const claim = claims.find((c) => c.invoiceId === invoice.id);
          await appendCommunication(tx, {
            id: `${invoice.id}:insolvency:${open.openedOn}:opened`,
            invoiceId: invoice.id,
            channel: 'legal',
            kind: 'insolvency:opened',
            recipient: null,
            template: null,
            messageId: null,
            result: 'recorded',
            detail: { ...open, customerId, declareBy, taskId, ...(claim ? { claim } : {}) },
            occurredAt: at.toISOString(),
          });
        }
        return inserted;
      });
      assertSameProcedure(row, id, open.procedure);
      return { view: viewOf(row), invoiceIds: await openInvoiceIds(db, customerId) };
    },

    async recordInsolvencyClosed(customerId, close) {
      if (!(INSOLVENCY_OUTCOMES as readonly string[]).includes(close.outcome)) {
        throw invalidInput('outcome', 'must be dismissed, plan_adopted or insufficient_assets');
      }
      const at = now();
      const closed = await db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        const row = await closeInsolvency(tx, customerId, { outcome: close.outcome, by: close.by ?? null });
        if (!row) return undefined;
        const covered = await invoicesUnderInsolvency(tx, row);
        for (const invoiceId of covered) {
          await appendCommunication(tx, {
            id: `${invoiceId}:insolvency:${row.openedOn}:closed`,
            invoiceId,
            channel: 'legal',
            kind: 'insolvency:closed',
            recipient: null,
            template: null,
            messageId: null,
            result: 'recorded',
            detail: { procedure: row.procedure, openedOn: row.openedOn, ...close, customerId },
            occurredAt: at.toISOString(),
          });
        }
        // A dismissed judgment leaves nothing to declare.
        if (close.outcome === 'dismissed' && row.taskId)
          await closeInsolvencyTask(tx, row.taskId, 'procedure_dismissed');
        return row;
      });
      // A retry after the close finds the procedure closed already.
      const row = closed ?? (await lastClosedInsolvency(db, customerId));
      if (!row) {
        throw refusal(CustomerFailureType.NoInsolvency, `customer ${customerId} has no insolvency procedure to close`);
      }
      return { invoiceIds: await invoicesUnderInsolvency(db, row) };
    },

    async allocateCustomerPayment(customerId, payment) {
      assertPayment(payment);
      const { stored, shares } = await db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        const { payment: stored, created } = await insertCustomerPayment(tx, {
          ...payment,
          customerId,
          recordedBy: payment.by ?? null,
        });
        if (
          stored.customerId !== customerId ||
          stored.amount !== payment.amount ||
          stored.currency !== payment.currency
        ) {
          throw refusal(
            CustomerFailureType.PaymentConflict,
            `payment ${payment.paymentId} was recorded as ${stored.amount} ${stored.currency} from customer ${stored.customerId}`,
          );
        }
        if (created) {
          const invoices = await payableInvoices(tx, customerId, { currency: payment.currency });
          const { shares } = allocateOver(payment.amount, paymentOrder(invoices, payment.reference));
          await insertAllocations(tx, payment.paymentId, shares, 'payment');
        }
        return { stored, shares: await paymentAllocations(tx, payment.paymentId) };
      });
      if (!stored.reversedAt) await deliverShares(stored, shares);
      return allocationOf(stored, await paymentAllocations(db, payment.paymentId));
    },

    async reverseCustomerPayment(customerId, reversal) {
      const { stored, shares } = await db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        const stored = await findCustomerPayment(tx, reversal.paymentId);
        if (!stored || stored.customerId !== customerId) {
          throw refusal(
            CustomerFailureType.UnknownPayment,
            `customer ${customerId} has no payment ${reversal.paymentId} to reverse`,
          );
        }
        await reversePaymentRows(tx, reversal.paymentId, reversal.reason);
        return { stored, shares: await paymentAllocations(tx, reversal.paymentId) };
      });
      // Every share its invoice may have taken, from the payment or its credit; a workflow that never took it ignores it.
      const taken = shares.filter((s) => !s.undeliverableAt);
      await deliverSignals(
        temporal(),
        taken.map((share) => ({
          invoiceId: share.invoiceId,
          signal: paymentReversedSignal.name,
          payload: { paymentId: `${stored.paymentId}/${share.invoiceId}`, reason: reversal.reason },
        })),
      );
      return {
        paymentId: stored.paymentId,
        currency: stored.currency,
        shares: taken.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
        credit: 0,
      };
    },

    async applyCustomerCredit(customerId, opened) {
      const applied = await db.withTransaction(async (tx) => {
        await lockCustomer(tx, customerId);
        const earlier = await creditAllocationsTo(tx, opened.invoiceId);
        if (earlier.length > 0) return earlier;
        // The invoice as a payment would find it: open, in that currency, owing what its shares have not paid yet.
        const [invoice] = await payableInvoices(tx, customerId, {
          currency: opened.currency,
          invoiceId: opened.invoiceId,
        });
        let owed = invoice?.owed ?? 0;
        for (const { payment, available } of await availableCredits(tx, customerId, opened.currency)) {
          if (owed <= 0) break;
          const amount = Math.min(owed, available);
          await insertAllocations(tx, payment.paymentId, [{ invoiceId: opened.invoiceId, amount }], 'credit');
          owed -= amount;
        }
        return creditAllocationsTo(tx, opened.invoiceId);
      });
      const allocations: CustomerPaymentAllocation[] = [];
      for (const share of applied) {
        const payment = (await findCustomerPayment(db, share.paymentId))!;
        if (!payment.reversedAt) await deliverShares(payment, [share]);
        const [after] = (await paymentAllocations(db, share.paymentId)).filter((a) => a.invoiceId === opened.invoiceId);
        if (after && !after.undeliverableAt) {
          const credit = (await availableCredits(db, customerId, payment.currency)).find(
            (c) => c.payment.paymentId === payment.paymentId,
          );
          allocations.push({
            paymentId: payment.paymentId,
            currency: payment.currency,
            shares: [{ invoiceId: after.invoiceId, amount: after.amount }],
            credit: credit?.available ?? 0,
          });
        }
      }
      return allocations;
    },

    async signalInvoices(signal, deliveries) {
      const context = activityContext();
      // A retried attempt goes on from the last round the previous one reported (signals are idempotent either way).
      const resumed = context?.info.heartbeatDetails as { next?: number; delivered?: number } | undefined;
      let next = typeof resumed?.next === 'number' ? resumed.next : 0;
      let delivered = typeof resumed?.delivered === 'number' ? resumed.delivered : 0;
      while (next < deliveries.length) {
        const round = deliveries.slice(next, next + SIGNAL_CONCURRENCY);
        const result = await deliverSignals(
          temporal(),
          round.map((d) => ({ invoiceId: d.invoiceId, signal, payload: d.payload })),
        );
        delivered += result.delivered;
        next += round.length;
        if (context && !context.info.isLocal) context.heartbeat({ next, delivered });
      }
      return { delivered };
    },
  };
}

/** The allocation as answered: the payment's own shares taken by their invoices, the rest its credit. */
function allocationOf(payment: CustomerPaymentRow, allocations: PaymentAllocationRow[]): CustomerPaymentAllocation {
  const shares: PaymentShare[] = allocations
    .filter((a) => a.source === 'payment' && !a.undeliverableAt)
    .map(({ invoiceId, amount }) => ({ invoiceId, amount }));
  const allocated = shares.reduce((sum, s) => sum + s.amount, 0);
  return {
    paymentId: payment.paymentId,
    currency: payment.currency,
    shares,
    credit: payment.reversedAt ? 0 : payment.amount - allocated,
  };
}

/**
 * Invoices a payment goes to, in order: those its reference names (exact ids first, then ids matching but for case),
 * in the order named, then the others oldest due first (the list comes ordered so).
 */
export function paymentOrder<T extends { id: string }>(invoices: readonly T[], reference?: string): T[] {
  const named = referencedIds(
    invoices.map((i) => i.id),
    reference,
  );
  const byId = new Map(invoices.map((i) => [i.id, i]));
  return [...named.map((id) => byId.get(id)!), ...invoices.filter((i) => !named.includes(i.id))];
}

/** The ids a payment reference names: tokens between characters no id holds, trimmed of trailing punctuation. */
export function referencedIds(ids: readonly string[], reference?: string): string[] {
  if (!reference) return [];
  const tokens = reference
    .split(/[^A-Za-z0-9._:-]+/)
    .flatMap((token) => [token, token.replace(/^[._:-]+|[._:-]+$/g, '')])
    .filter((token) => token.length > 0);
  const exact = new Set(ids);
  const folded = new Map<string, string[]>();
  for (const id of ids) folded.set(id.toLowerCase(), [...(folded.get(id.toLowerCase()) ?? []), id]);
  const named: string[] = [];
  const add = (id: string) => !named.includes(id) && named.push(id);
  for (const token of tokens) if (exact.has(token)) add(token);
  for (const token of tokens) {
    const candidates = folded.get(token.toLowerCase());
    // Two ids differing only by case: the reference does not say which.
    if (!exact.has(token) && candidates?.length === 1) add(candidates[0]!);
  }
  return named;
}

/** Each invoice in turn takes what it still owes; what is left is the customer's credit. */
export function allocateOver(
  amount: number,
  invoices: readonly { id: string; owed: number }[],
): { shares: PaymentShare[]; credit: number } {
  let left = amount;
  const shares: PaymentShare[] = [];
  for (const invoice of invoices) {
    if (left <= 0) break;
    const share = Math.min(left, invoice.owed);
    if (share <= 0) continue;
    shares.push({ invoiceId: invoice.id, amount: share });
    left -= share;
  }
  return { shares, credit: left };
}

/**
 * What to declare for one invoice: the principal outstanding, the statutory interest up to the opening judgment (which
 * stops interest, art. L622-28 C. com.) and the fixed indemnity. The principal is the balance now: interest on it from
 * the due date never over-states a claim that part-payments reduced. Without a statutory claim, the principal alone.
 */
function declaredClaim(
  invoice: CustomerOpenInvoice,
  governingLaw: string,
  openedOn: string,
  rates: ReturnType<typeof rateTablesByName>,
): DeclaredClaim {
  const principalOnly = (note: string): DeclaredClaim => ({
    invoiceId: invoice.id,
    currency: invoice.currency,
    principal: invoice.balance,
    interest: null,
    indemnity: null,
    total: invoice.balance,
    note,
  });
  try {
    const amounts = computeLatePaymentAmounts({
      governingLaw,
      principal: { amount: invoice.balance, currency: invoice.currency },
      dueDate: localDueDate(invoice),
      asOf: openedOn,
      rates,
    });
    return {
      invoiceId: invoice.id,
      currency: invoice.currency,
      principal: amounts.principal.amount,
      interest: amounts.interest.amount,
      indemnity: amounts.indemnity.amount,
      total: amounts.total.amount,
    };
  } catch (error) {
    if (error instanceof RatesOutdatedError) {
      return principalOnly(`interest not stated: ${error.message}`);
    }
    if (error instanceof DomainError) return principalOnly(`no statutory claim: ${error.message}`);
    throw error;
  }
}

function totalsOf(claims: readonly DeclaredClaim[]): { currency: string; amount: number }[] {
  const totals = new Map<string, number>();
  for (const claim of claims) totals.set(claim.currency, (totals.get(claim.currency) ?? 0) + claim.total);
  return [...totals]
    .map(([currency, amount]) => ({ currency, amount }))
    .sort((a, b) => (a.currency < b.currency ? -1 : 1));
}

function zoneOf(invoice: CustomerOpenInvoice): string {
  const zone = invoice.customer.timezone;
  return typeof zone === 'string' && IANAZone.isValidZone(zone) ? zone : DEFAULT_TIMEZONE;
}

/** The due date as the customer reads it: the calendar date itself, or the local date of a due instant. */
function localDueDate(invoice: CustomerOpenInvoice): string {
  if (isCalendarDate(invoice.dueDate)) return invoice.dueDate;
  return DateTime.fromISO(invoice.dueDate, { zone: zoneOf(invoice) }).toISODate()!;
}

function viewOf(row: CustomerInsolvencyRow): InsolvencyView {
  return {
    procedure: row.procedure,
    openedOn: row.openedOn,
    publishedOn: row.publishedOn,
    declareBy: row.declareBy,
    taskId: row.taskId,
    outcome: row.outcome,
  };
}

function assertSameProcedure(row: CustomerInsolvencyRow, id: string, procedure: string): void {
  if (row.id === id && row.procedure === procedure && !row.closedAt) return;
  const state = row.closedAt ? `was closed (${row.outcome})` : 'is in progress';
  throw refusal(
    CustomerFailureType.InsolvencyConflict,
    `the ${row.procedure} opened on ${row.openedOn} for customer ${row.customerId} ${state}`,
  );
}

function assertPayment(payment: { amount: unknown; currency: unknown; receivedAt: unknown }): void {
  if (!Number.isSafeInteger(payment.amount) || (payment.amount as number) <= 0) {
    throw invalidInput('amount', 'must be a positive whole number of minor units');
  }
  if (typeof payment.currency !== 'string' || !/^[A-Z]{3}$/.test(payment.currency)) {
    throw invalidInput('currency', 'must be an ISO 4217 code');
  }
  if (typeof payment.receivedAt !== 'string' || Number.isNaN(Date.parse(payment.receivedAt))) {
    throw invalidInput('receivedAt', 'must be an RFC 3339 instant');
  }
}

function refusal(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Signals invoice workflows, `SIGNAL_CONCURRENCY` at a time. A workflow that has ended is skipped and named in `ended`;
 * any other failure fails the call, to be retried (each signal is idempotent on the workflow's side).
 */
async function deliverSignals(
  client: Client,
  deliveries: readonly { invoiceId: string; signal: string; payload: unknown }[],
): Promise<{ delivered: number; ended: string[] }> {
  const ended: string[] = [];
  let delivered = 0;
  for (let start = 0; start < deliveries.length; start += SIGNAL_CONCURRENCY) {
    await Promise.all(
      deliveries.slice(start, start + SIGNAL_CONCURRENCY).map(async ({ invoiceId, signal, payload }) => {
        try {
          await client.workflow.getHandle(invoiceWorkflowId(invoiceId)).signal(signal, payload);
          delivered += 1;
        } catch (error) {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          ended.push(invoiceId);
        }
      }),
    );
  }
  return { delivered, ended };
}

/** The activity's context, or undefined when called outside a worker (a test calling it directly). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
