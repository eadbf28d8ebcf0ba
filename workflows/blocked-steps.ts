import type { StepContext } from '../activities/contracts';
import type { ScheduledStep } from '../domain/dunning-schedule';
import type { StepBlock } from '../domain/failure-types';
import type { Collection } from './collection';
import type { InvoiceState } from './read-model';

/**
 * A ladder step refused until a person acts: the activity opened their task and produced nothing. The step is recorded
 * as `blocked` once (a re-check that finds the same block adds no second record) and the ladder waits on it.
 */
export function recordBlock(c: Collection, step: ScheduledStep, block: StepBlock): void {
  const { view, state } = c;
  const { reason, taskId, table, message } = block;
  const ref = { reason, taskId, ...(table ? { table } : {}) };
  const last = view.history[view.history.length - 1];
  const repeated =
    last?.index === step.index &&
    last.result === 'blocked' &&
    last.block?.reason === reason &&
    last.block.taskId === taskId;
  // A notice that did not go out gave no deadline: its record must not look like one that did.
  if (!repeated) state.recordStep({ ...step, deadline: undefined }, 'blocked', message, ref);
  view.blocked = {
    index: step.index,
    action: step.action,
    template: step.template,
    ...ref,
    message,
    ...(view.ladder ? { ladder: view.ladder } : {}),
    since: repeated ? last.at : c.now(),
    checkedAt: c.now(),
  };
  state.changed();
}

/** What a ladder step's activity is given: the invoice as known now, and what its text must not get wrong. */
export function stepContext(c: Collection, step: ScheduledStep): StepContext {
  const { view } = c;
  return {
    invoice: c.invoice,
    step,
    balance: view.balance,
    policyId: c.policy.id,
    ...(view.ladder ? { ladder: view.ladder } : {}),
    firstContact: isFirstContact(view),
    payments: paymentsReceived(view),
  };
}

/** No step of any ladder has reached the customer yet (a backlog's catch-up): the text claims no earlier reminder. */
function isFirstContact(view: InvoiceState): boolean {
  return !view.history.some((record) => record.result === 'sent');
}

/** Payments standing (not reversed), oldest first: interest runs on the unpaid part from each one's date. */
function paymentsReceived(view: InvoiceState): NonNullable<StepContext['payments']> {
  return view.payments
    .filter((payment) => !payment.reversed)
    .map(({ paymentId, amount, receivedAt }) => ({ paymentId, amount, receivedAt }))
    .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
}
