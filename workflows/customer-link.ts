import { CancellationScope, condition, isCancellation, setHandler } from '@temporalio/workflow';
import type { StepContext } from '../activities/contracts';
import { contextRecordId } from './record-ids';
import { consolidationWindowMs, contactBudgetMs } from '../domain/dunning-policy';
import { bornAfterOpening } from '../domain/insolvency';
import { local } from './activity-proxies';
import type { Collection } from './collection';
import {
  ConsolidatedMail,
  consolidatedMailSignal,
  CustomerHoldNotice,
  customerHoldSignal,
  InsolvencyNotice,
  insolvencySignal,
} from './customer-messages';
import { applyCustomerHold, applyInsolvency } from './state/customer-notices';

// The invoice's side of its customer's workflow: the holds and procedures it is told of, and the e-mail steps it sends
// with the customer's other invoices.

/** How long past its window a step waits for the customer's answer before asking again (never sending twice). */
const ANSWER_PATIENCE_MS = 10 * 60_000;
/** How long a stopped step waits to learn whether the customer's mail, in flight, listed it. */
const STOPPED_STEP_PATIENCE_MS = 60_000;

export function registerCustomerNotices(c: Collection): void {
  setHandler(customerHoldSignal, (notice: CustomerHoldNotice) => {
    applyCustomerHold(c.state, notice);
    c.settle();
  });
  setHandler(insolvencySignal, (notice: InsolvencyNotice) => {
    // A debt born after the opening judgment is paid at its due date (L622-17 C. com.): collected as usual.
    if (!notice?.outcome && bornAfter(c, notice)) return;
    applyInsolvency(c.state, notice);
    c.settle();
  });
  setHandler(consolidatedMailSignal, (answer: ConsolidatedMail) => {
    if (typeof answer?.recordId === 'string') c.consolidation.set(answer.recordId, answer);
  });
}

/**
 * What stands on the customer when the invoice opens applies before anything runs. A procedure freezes only debts
 * born before its opening judgment: an invoice issued after it is paid at its due date (L622-17 C. com.) and collected
 * as usual.
 */
export function applyCustomerAtStart(c: Collection): void {
  const standing = c.input.customer;
  if (!standing || c.input.carried) return;
  for (const hold of standing.holds ?? []) applyCustomerHold(c.state, hold);
  const procedure = standing.insolvency;
  if (procedure && !procedure.outcome && !bornAfter(c, procedure)) applyInsolvency(c.state, procedure);
}

/**
 * Waits for the customer's answer. Stopped meanwhile (a payment, a hold), the step still learns whether the customer's
 * mail, already on its way, listed it: then it was sent (and is recorded so); otherwise the stop stands.
 */
async function answerOrStop(c: Collection, recordId: string, patience: number, windowMs: number): Promise<boolean> {
  try {
    return await condition(() => c.consolidation.has(recordId), patience);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    const answered = await CancellationScope.nonCancellable(() =>
      condition(() => c.consolidation.has(recordId), windowMs + STOPPED_STEP_PATIENCE_MS),
    );
    if (answered && c.consolidation.get(recordId)!.messageId) return true;
    throw error;
  }
}

/** Whether the invoice was issued after the procedure's opening judgment. */
function bornAfter(c: Collection, procedure: Pick<InsolvencyNotice, 'openedOn'>): boolean {
  return typeof procedure?.openedOn === 'string' && bornAfterOpening(c.invoice.issueDate, procedure.openedOn);
}

/**
 * Sends an e-mail step with the customer's other e-mail steps falling due in the same window: the Message-ID of the
 * customer's one e-mail when it listed this invoice; undefined when the step is to write alone (no other open invoice,
 * nothing else fell due with it, consolidation off, or a re-send).
 */
export async function sendWithCustomer(c: Collection, context: StepContext): Promise<string | undefined> {
  const windowMs = consolidationWindowMs(c.policy);
  if (!c.patches.customerConsolidation || context.resend || windowMs <= 0) return undefined;
  const recordId = contextRecordId(context);
  const request = { invoiceId: c.invoice.id, recordId, context, windowMs, budget: contactBudgetMs(c.policy) };
  let ask = true;
  let patience = windowMs + ANSWER_PATIENCE_MS;
  for (;;) {
    if (ask) {
      const joined = await local.joinCustomerBatch.executeWithOptions(
        { summary: `join the customer's e-mail of this send slot (${c.invoice.customer.id})` },
        [request],
      );
      if (joined.kind === 'sent') return joined.messageId;
      if (joined.kind === 'alone') return undefined;
    }
    // Asked again when no answer came in time: the join then finds the row if the customer's mail went out meanwhile.
    ask = !(await answerOrStop(c, recordId, patience, windowMs));
    if (ask) {
      patience = windowMs + ANSWER_PATIENCE_MS;
      continue;
    }
    const answer = c.consolidation.get(recordId)!;
    if (!answer.deferredUntil) break;
    // The customer's contact budget is spent: the step waits, in the customer's batch, until it allows a message.
    c.consolidation.delete(recordId);
    patience = Math.max(0, Date.parse(answer.deferredUntil) - Date.now()) + windowMs + ANSWER_PATIENCE_MS;
  }
  const answer = c.consolidation.get(recordId)!;
  c.consolidation.delete(recordId);
  return answer.messageId ?? undefined;
}
