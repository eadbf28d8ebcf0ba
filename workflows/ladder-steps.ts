import { ActivityFailure, CancellationScope, condition, isCancellation, patched } from '@temporalio/workflow';
import type { StepContext } from '../activities/contracts';
import {
  formalNoticeDeadline,
  minimumNoticePeriod,
  rebaseSchedule,
  ScheduledStep,
  selectCatchUp,
} from '../domain/dunning-schedule';
import { isContested } from '../domain/contested-debt';
import { FailureType } from '../domain/failure-types';
import { local, mainQueue } from './activity-proxies';
import { sendWithCustomer } from './customer-link';
import { askApproval, needsApproval } from './approval-gates';
import { recordBlock, stepContext } from './blocked-steps';
import type { Collection } from './collection';
import { permanentRefusal, Refusal, stepBlock } from './failures';
import { noticeDeadline } from './next-action';
import type { PendingResend } from './read-model';
import { legalFileIdOf, openLegalFile } from './state/legal-file';
import { awaitContact } from './state/resends';

/**
 * How late a step may start before it counts as delayed by an outage and moves to the next send slot: on the calendar,
 * a step still goes out the same morning; with the calendar off (seconds-apart ladders), a few seconds.
 */
const LATE_ON_CALENDAR_MS = 3 * 3_600_000;
const LATE_WITHOUT_CALENDAR_MS = 5_000;

/** What became of a step: taken (sent, or refused for good), stopped by a message before it started, or blocked. */
type StepOutcome = 'taken' | 'stopped' | 'blocked';

/** Runs the ladder step whose moment came (`plannedAt`), or the step a backlog or an outage calls for instead. */
export async function runLadder(c: Collection, step: ScheduledStep, plannedAt: string): Promise<void> {
  const { ladder, state } = c;
  // Catching up a backlog: of the steps already due when the invoice was onboarded, only the most advanced runs and
  // the earlier ones are skipped. A step that fell due later, while workers or a server were down, is no backlog.
  const outagesAreNotBacklog = c.patches.outagesAreNotBacklog;
  const { run, skipped } = selectCatchUp(
    ladder.schedule,
    ladder.nextIndex,
    outagesAreNotBacklog ? c.onboardedAt : c.now(),
  );
  if (outagesAreNotBacklog && !run && isLate(c, plannedAt)) {
    // It runs once, at the next send slot, and the later steps keep their spacing to it: no burst after an outage.
    ladder.schedule = rebaseSchedule(c.scheduleFor(), step.index, c.now());
    state.changed();
    return;
  }
  let target = run ?? step;
  let superseded = skipped;
  // A debt goes to court only after a formal notice: a backlog that is due for the legal file gets the notice first,
  // and the legal file then waits for its deadline.
  if (target.action === 'legal_file' && !noticeDeadline(c.view)) {
    const notice = ladder.schedule.find(
      (s) => s.action === 'formal_notice' && s.index >= ladder.nextIndex && s.index < target.index,
    );
    if (notice && (c.patches.current || patched('formal-notice-before-legal-file'))) {
      target = notice;
      superseded = skipped.filter((s) => s.index < notice.index);
    }
  }
  for (const missed of superseded) state.recordStep(missed, 'skipped', `superseded by step ${target.index}`);
  // Re-check right before acting: a payment may have landed a millisecond before the timer fired.
  if (!state.escalating) return;
  if (c.patches.catchUpAtSendSlot) {
    if (run && waitsForSendSlot(c, target)) return;
    // The debtor has until the notice's deadline ends: a caught-up legal file waits for it like a scheduled one.
    const deadline = target.action === 'legal_file' ? noticeDeadline(c.view) : undefined;
    if (deadline && Date.parse(deadline) > Date.now()) {
      ladder.nextIndex = Math.max(ladder.nextIndex, target.index);
      state.changed();
      return;
    }
  }
  // A step that needs a manager's approval asks for it when its moment comes, and waits (next-action.ts).
  if (needsApproval(c, target)) {
    await askApproval(c, target);
    ladder.nextIndex = Math.max(ladder.nextIndex, target.index);
    state.changed();
    return;
  }
  const epoch = ladder.epoch;
  const outcome = await runStep(c, target);
  if (epoch !== ladder.epoch) return;
  // A blocked step keeps the cursor: it is the one run again once unblocked, and nothing after it runs before.
  if (outcome === 'taken') ladder.nextIndex = Math.max(ladder.nextIndex, target.index + 1);
  if (outcome === 'blocked') ladder.nextIndex = Math.max(ladder.nextIndex, target.index);
}

/**
 * A backlog's catch-up step goes out at the next send slot (send hour, business day, customer's zone), not at whatever
 * hour the invoice was onboarded, and the later steps keep their spacing to it. True when it now waits for that slot.
 */
function waitsForSendSlot(c: Collection, target: ScheduledStep): boolean {
  if (!c.policy.calendar) return false;
  const { ladder, state } = c;
  const rebased = rebaseSchedule(c.scheduleFor(), target.index, c.now());
  if (Date.parse(rebased[target.index]!.at) <= Date.now()) return false;
  ladder.schedule = rebased;
  ladder.nextIndex = Math.max(ladder.nextIndex, target.index);
  state.changed();
  return true;
}

/** Later than a timer's own jitter: the step's moment passed while nothing could run it. */
function isLate(c: Collection, plannedAt: string): boolean {
  const tolerance = c.policy.calendar ? LATE_ON_CALENDAR_MS : LATE_WITHOUT_CALENDAR_MS;
  return Date.now() - Date.parse(plannedAt) > tolerance;
}

/**
 * Sends a step again after its contact was corrected, once, as re-send `resend` (a new record and Message-ID); the
 * ladder's cursor and schedule stay as they were. Stopped by a message, it waits again to go out when escalation runs.
 */
export async function resendStep(c: Collection, pending: PendingResend): Promise<void> {
  const { view, ladder } = c;
  view.resend = null;
  if ((pending.ladder ?? 0) !== (view.ladder ?? 0)) return;
  const scheduled = ladder.schedule[pending.step];
  if (!scheduled) return;
  const outcome = await runStep(c, { ...scheduled, at: c.now() }, pending.resend);
  if (outcome === 'stopped' && !view.resend && !c.state.closed) view.resend = pending;
  c.state.changed();
}

/** Runs one step; `stopped` when a message stopped it before it started (it runs again when escalation resumes). */
async function runStep(c: Collection, planned: ScheduledStep, resend?: number): Promise<StepOutcome> {
  const { state, view } = c;
  // A formal notice gives its full period from the day it actually goes out.
  const issuedAt = c.now();
  const step: ScheduledStep =
    planned.action === 'formal_notice'
      ? {
          ...planned,
          // Only invoices with a recorded governing law can be GB ones, and none predates it: no patch is needed.
          deadline: formalNoticeDeadline(
            c.scheduleFor(),
            planned.index,
            issuedAt,
            minimumNoticePeriod(c.invoice.governingLaw),
          ),
        }
      : planned;
  const context = { ...stepContext(c, step), ...(resend ? { resend } : {}) };
  const scope = new CancellationScope();
  let settled = false;
  // A payment, a dispute or a hold arriving while the step waits in its queue stops it there.
  void condition(() => settled || !state.escalating).then(() => {
    if (!settled) scope.cancel();
  });
  c.ladder.running = step;
  let messageId: string | undefined;
  try {
    messageId = await scope.run(() => execute(c, step, context, issuedAt));
  } catch (error) {
    // Blocked until a person acts (the activity opened their task): the ladder waits on this step.
    const block = c.patches.blockedStepsWait ? stepBlock(error) : null;
    if (block) {
      recordBlock(c, planned, block);
      return 'blocked';
    }
    // A refused address or an unknown template will not heal by retrying: record why and go on with the ladder.
    const refusal = permanentRefusal(error);
    if (refusal) {
      recordRefusal(c, step, refusal, resend);
      return 'taken';
    }
    if (!isCancellation(error) && !(error instanceof ActivityFailure)) throw error;
    if (!c.patches.settleInterruptedSteps) {
      if (!isCancellation(error)) throw error;
      state.recordStep(step, 'skipped', `stopped before it started: the invoice is ${view.stage}`);
      return 'stopped';
    }
    // Stopped, maybe while queued, maybe mid-attempt on a worker that then died (the server no longer retries an
    // activity whose cancellation was asked): whether it took place is read from what it left behind, never guessed.
    if (!(await tookPlace(context))) {
      const when = isCancellation(error) ? 'before it started' : 'before it was sent';
      state.recordStep(step, 'skipped', `stopped ${when}: the invoice is ${view.stage}`);
      return 'stopped';
    }
    const finished = await finish(c, step, context, issuedAt, resend);
    if (finished.result !== 'sent') return finished.result === 'blocked' ? 'blocked' : 'taken';
    messageId = finished.messageId;
  } finally {
    settled = true;
    c.ladder.running = null;
  }
  state.recordStep(step, 'sent', resend ? `re-sent after a contact correction (${resend})` : undefined, undefined, {
    messageId,
    resend,
  });
  if (step.action === 'legal_file' && !state.closed) {
    if (c.patches.legalFileStaysOpen) openLegalFile(state, legalFileIdOf(c.invoice.id));
    else state.close('handed_to_legal');
  }
  return 'taken';
}

async function tookPlace(context: StepContext): Promise<boolean> {
  const { tookPlace } = await local.settleInterruptedStep.executeWithOptions(
    { summary: `settle stopped step ${context.step.index} (${context.step.action})` },
    [context],
  );
  return tookPlace;
}

/**
 * Finishes a stopped step that had taken place, whatever arrives meanwhile: being idempotent, its activity only
 * completes the proof trail. `failed` when it was refused for good (recorded as a failed step).
 */
async function finish(
  c: Collection,
  step: ScheduledStep,
  context: StepContext,
  issuedAt: string,
  resend?: number,
): Promise<{ result: 'sent' | 'failed' | 'blocked'; messageId?: string }> {
  try {
    const messageId = await CancellationScope.nonCancellable(() => execute(c, step, context, issuedAt));
    return { result: 'sent', messageId };
  } catch (error) {
    const block = c.patches.blockedStepsWait ? stepBlock(error) : null;
    if (block) {
      recordBlock(c, step, block);
      return { result: 'blocked' };
    }
    const refusal = permanentRefusal(error);
    if (!refusal) throw error;
    recordRefusal(c, step, refusal, resend);
    return { result: 'failed' };
  }
}

/**
 * A refused step is recorded as failed and the ladder goes on. A refusal the product expects has its own person
 * already (a refused address opens a fix-contact task); any other is a fault of ours, handed to a person as well.
 */
function recordRefusal(c: Collection, step: ScheduledStep, refusal: Refusal, resend?: number): void {
  c.state.recordStep(step, 'failed', refusal.message, undefined, { resend });
  // The relay refused the address: the activity opened a fix_contact task, and a corrected e-mail re-sends the step.
  if (refusal.type === FailureType.MailRejected && c.patches.resendAfterContactFix) {
    awaitContact(c.state, step, 'mail_rejected', { taskKey: `mail:step-${step.index}` });
  }
  if (!refusal.expected && c.patches.unexpectedRefusalTask) {
    c.state.followups.push({
      kind: 'support_task',
      key: `step-${step.index}${c.view.ladder ? `:ladder-${c.view.ladder}` : ''}:failed`,
      taskKind: 'step_failed',
      reason: `step ${step.index} (${step.action} « ${step.template} ») was refused: ${refusal.type}: ${refusal.message}`,
    });
  }
}

/** Runs the activity of one ladder step; `step.action` picks the activity and its queue. The mail's Message-ID, if any. */
async function execute(
  c: Collection,
  step: ScheduledStep,
  context: StepContext,
  issuedAt: string,
): Promise<string | undefined> {
  const summary = {
    summary: `${step.action} « ${step.template} »${context.resend ? ` (re-send ${context.resend})` : ''}`,
  };
  switch (step.action) {
    case 'email':
      return (
        (await sendWithCustomer(c, context)) ??
        (await c.mail.sendReminderEmail.executeWithOptions(summary, [context])).messageId
      );
    case 'phone_task':
      await mainQueue.createPhoneTask.executeWithOptions(summary, [context]);
      return;
    case 'letter':
      await mainQueue.queueRegisteredLetter.executeWithOptions(summary, [context]);
      return;
    case 'formal_notice':
      return (
        await c.mail.sendFormalNotice.executeWithOptions(summary, [{ ...context, deadline: step.deadline!, issuedAt }])
      ).messageId;
    case 'legal_file':
      await mainQueue.openLegalFile.executeWithOptions(summary, [
        { ...context, contested: isContested(c.view.dispute, c.view.disputes) },
      ]);
      return;
  }
}
