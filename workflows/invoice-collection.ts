import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import { closeOut } from './closing';
import { Collection } from './collection';
import { applyCustomerAtStart } from './customer-link';
import { notify, runFollowups } from './followups';
import { resendStep, runLadder } from './ladder-steps';
import { registerMessageHandlers } from './message-handlers';
import type { InvoiceCollectionInput, InvoiceCollectionResult } from './messages';
import type { NextAction } from './next-action';
import { Publisher } from './publishing';
import { approvalTimedOut } from './state/approvals';
import { waitUntil } from './wait-until';

/** Well below Temporal's 51,200-event limit, and what the server itself suggests continuing as new at. */
const DEFAULT_HISTORY_LIMIT = 4_000;

/**
 * One invoice from issue to settlement: sleeps until the next action of its ladder (or of a plan, a promise, a
 * dispute, a hold), performs it, and reacts at once to the messages it takes (message-handlers.ts).
 */
export async function invoiceCollection(input: InvoiceCollectionInput): Promise<InvoiceCollectionResult> {
  const c = new Collection(input);
  registerMessageHandlers(c);
  applyCustomerAtStart(c);
  const publisher = new Publisher(c);
  for (;;) {
    await runFollowups(c);
    await publisher.publish();
    if (c.state.closed) {
      if (await closeOut(c)) break;
      continue;
    }
    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      if (c.state.followups.length === 0 && publisher.upToDate)
        return continueAsNew<typeof invoiceCollection>(carry(c));
      continue;
    }
    const next = c.refreshPlan()!;
    if (await wokenBeforeDue(c, next)) continue;
    await perform(c, next);
    c.state.changed();
  }
  await publisher.publish();
  const { status, balance, credit, currency } = c.view;
  return { status, balance, credit, currency };
}

/** Waits for the action's moment; true when a message changed the state first (the plan is then made anew). */
async function wokenBeforeDue(c: Collection, next: NextAction): Promise<boolean> {
  const seen = c.state.version;
  const wake = () => c.state.version !== seen || c.state.followups.length > 0;
  if (next.at === null) {
    await condition(wake);
    return true;
  }
  return waitUntil(Date.parse(next.at), wake, next.summary);
}

async function perform(c: Collection, next: NextAction): Promise<void> {
  const { state } = c;
  switch (next.type) {
    case 'wait':
      return;
    case 'end_hold':
      state.applyResume({ reason: 'the hold period ended' }, true);
      return;
    case 'pass_dispute_sla':
      state.disputeSlaPassed();
      return;
    case 'remind_instalment':
      await notify(c, {
        key: next.key,
        template: 'instalment-reminder',
        instalmentIndex: next.instalmentIndex,
        plan: c.view.plan!,
      });
      c.done.add(next.key);
      return;
    case 'check_instalment':
      state.checkInstalment(next.instalmentIndex, c.policy.resumeAfterBrokenPlan);
      return;
    case 'check_promise':
      state.checkPromise();
      return;
    case 'run_step':
      await runLadder(c, next.step, next.at);
      return;
    case 'resend_step':
      await resendStep(c, next.resend);
      return;
    case 'approval_timeout':
      approvalTimedOut(state);
      return;
    case 'retry_step':
      // A rate table may be extended without anyone telling this invoice: the block is lifted quietly and the step
      // runs again through the ladder's own timing (at once, or at the next send slot once its morning has passed).
      c.view.blocked = null;
      return;
  }
}

function historyIsLong(input: InvoiceCollectionInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}

/** Everything the next run needs; nothing else survives continue-as-new. */
function carry(c: Collection): InvoiceCollectionInput {
  const { input, state, ladder } = c;
  return {
    invoice: c.invoice,
    policy: c.policy,
    ...(input.historyLimit ? { historyLimit: input.historyLimit } : {}),
    carried: {
      state: c.view,
      schedule: ladder.schedule,
      nextIndex: ladder.nextIndex,
      version: state.version,
      pendingEvents: [],
      nextSeq: state.nextSeq,
      followups: [],
      done: [...c.done],
    },
  };
}
