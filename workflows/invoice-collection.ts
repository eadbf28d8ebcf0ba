import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { dueMoment } from '../domain/due-moment';
import { DEFAULT_REVERSAL_WINDOW } from '../domain/dunning-policy';
import { scheduleSteps, selectCatchUp, ScheduledStep } from '../domain/dunning-schedule';
import { isoDurationToMillis, parseIsoDuration } from '../domain/iso-duration';
import { toMajorUnits } from '../domain/money';
import { CollectionState } from './collection-state';
import { describeState } from './describe-state';
import {
  InvoiceCollectionInput,
  InvoiceCollectionResult,
  paymentReceivedSignal,
  paymentReceivedUpdate,
  paymentReversedSignal,
  paymentReversedUpdate,
  stateQuery,
} from './messages';
import { waitUntil } from './wait-until';
import { AMOUNT_OUTSTANDING, DUNNING_STAGE, INVOICE_ID, NEXT_ACTION_AT } from './search-attributes';

type Activities = ReturnType<typeof createActivities>;

/** Side effects that reach customers: retried with backoff; a permanent refusal is a named, non-retryable failure. */
const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

/** Projections to the app database are cheap and idempotent: local activities keep them out of the history's way. */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function invoiceCollection(input: InvoiceCollectionInput): Promise<InvoiceCollectionResult> {
  const { invoice, policy } = input;
  const dueAt = dueMoment(invoice.dueDate, invoice.customer.timezone);
  const schedule = scheduleSteps({
    dueDate: invoice.dueDate,
    timezone: invoice.customer.timezone,
    country: invoice.customer.country,
    policy,
  });
  const state = new CollectionState(input, dueAt);
  let nextIndex = 0;
  const now = () => new Date().toISOString();

  const receivePayment = (payment: Parameters<typeof state.applyPayment>[0]) => state.applyPayment(payment, now());
  const reversePayment = (reversal: Parameters<typeof state.applyReversal>[0]) => state.applyReversal(reversal, now());

  // Signals cannot answer: an invalid one is dropped (the update path is where callers learn why).
  setHandler(paymentReceivedSignal, (payment) => {
    if (accepts(() => state.validatePayment(payment))) receivePayment(payment);
  });
  setHandler(
    paymentReceivedUpdate,
    (payment) => {
      receivePayment(payment);
      return state.view;
    },
    { validator: (payment) => state.validatePayment(payment) },
  );
  setHandler(paymentReversedSignal, (reversal) => {
    if (accepts(() => state.validateReversal(reversal))) reversePayment(reversal);
  });
  setHandler(
    paymentReversedUpdate,
    (reversal) => {
      reversePayment(reversal);
      return state.view;
    },
    { validator: (reversal) => state.validateReversal(reversal) },
  );
  setHandler(stateQuery, () => state.view);

  // Search attributes are kept current when the invoice was started with them (the API always does): a namespace
  // without them registered, such as a bare test server, still runs the ladder.
  const indexed = workflowInfo().typedSearchAttributes.get(INVOICE_ID) !== undefined;
  let published = -1;
  const publish = async () => {
    if (published === state.version) return;
    published = state.version;
    const upcoming = schedule.filter((step) => step.index >= nextIndex);
    state.view.timeline = state.closed
      ? []
      : upcoming.map(({ index, action, template, at }) => ({ index, action, template, at }));
    state.view.nextAction = state.closed || !upcoming[0] ? null : { action: upcoming[0].action, at: upcoming[0].at };
    if (indexed)
      upsertSearchAttributes([
        { key: DUNNING_STAGE, value: state.view.stage },
        { key: AMOUNT_OUTSTANDING, value: toMajorUnits({ amount: state.view.balance, currency: state.view.currency }) },
        { key: NEXT_ACTION_AT, value: state.view.nextAction ? new Date(state.view.nextAction.at) : null },
      ]);
    setCurrentDetails(describeState(state.view));
    await local.projectInvoiceState({ invoiceId: invoice.id, version: state.version, state: state.view });
  };

  const runStep = async (step: ScheduledStep) => {
    const context = { invoice, step, balance: state.view.balance, policyId: policy.id };
    const summary = { summary: `${step.action} « ${step.template} »` };
    try {
      switch (step.action) {
        case 'email':
          await acts.sendReminderEmail.executeWithOptions(summary, [context]);
          break;
        case 'phone_task':
          await acts.createPhoneTask.executeWithOptions(summary, [context]);
          break;
        case 'letter':
          await acts.queueRegisteredLetter.executeWithOptions(summary, [context]);
          break;
        case 'formal_notice':
          await acts.sendFormalNotice.executeWithOptions(summary, [{ ...context, deadline: step.deadline ?? step.at }]);
          break;
        case 'legal_file':
          await acts.openLegalFile.executeWithOptions(summary, [{ ...context, contested: false }]);
          break;
      }
    } catch (error) {
      // A refused address or an unknown template will not heal by retrying: record why and go on with the ladder.
      if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
        state.recordStep(step, now(), 'failed', error.cause.message);
        return;
      }
      throw error;
    }
    state.recordStep(step, now(), 'sent');
    if (step.action === 'legal_file') state.close('handed_to_legal', now());
  };

  const ladder = async () => {
    while (!state.closed) {
      await publish();
      const step = schedule.find((candidate) => candidate.index >= nextIndex);
      if (!step) {
        await condition(() => state.closed);
        break;
      }
      const seen = state.version;
      const changed = await waitUntil(
        Date.parse(step.at),
        () => state.version !== seen,
        `wait until ${step.at} for ${step.action} « ${step.template} »`,
      );
      if (changed) continue;
      // Catching up a backlog: only the most advanced step already due runs, the earlier ones are skipped.
      const { run, skipped } = selectCatchUp(schedule, nextIndex, now());
      const target = run ?? step;
      for (const missed of skipped) state.recordStep(missed, now(), 'skipped', `superseded by step ${target.index}`);
      // Re-check right before acting: a payment may have landed a millisecond before the timer fired.
      if (state.closed) break;
      await runStep(target);
      nextIndex = target.index + 1;
    }
  };

  const reversalWindow = isoDurationToMillis(parseIsoDuration(policy.reversalWindow ?? DEFAULT_REVERSAL_WINDOW));
  for (;;) {
    await ladder();
    await publish();
    if (state.view.status === 'paid' || state.view.status === 'cancelled') {
      await local.closeInvoiceTasks({ invoiceId: invoice.id, outcome: state.view.status });
    }
    if (state.view.status !== 'paid') break;
    const reopened = await waitUntil(
      Date.now() + reversalWindow,
      () => !state.closed,
      'watch for a late payment reversal',
    );
    if (!reopened) break;
  }
  await condition(allHandlersFinished);
  await publish();
  const { status, balance, credit, currency } = state.view;
  return { status, balance, credit, currency };
}

function accepts(validate: () => void): boolean {
  try {
    validate();
    return true;
  } catch {
    return false;
  }
}
