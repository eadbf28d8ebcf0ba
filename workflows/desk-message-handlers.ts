import { setHandler } from '@temporalio/workflow';
import { deliveredNoticeDeadline, minimumNoticePeriod } from '../domain/dunning-schedule';
import type { Collection } from './collection';
import { refusalOf } from './failures';
import {
  approvalDecidedUpdate,
  closeLegalFileUpdate,
  LetterTracked,
  letterTrackedUpdate,
  MailEvent,
  mailEventSignal,
  writeOffUpdate,
} from './messages';
import type { Serve } from './message-handlers';
import type { StepRecord } from './read-model';
import { applyLetterTracked, validateLetterTracked } from './state/letters';
import { applyPlanDecision, isPlanRequestTask, validatePlanDecision } from './state/plan-requests';
import { refuseOnDomainError } from './state/refusal';
import { applyMailEvent, validateMailEvent } from './state/resends';

/**
 * What the collections desk and the mail relay report once the ladder is under way: a write-off, the legal file's
 * closing, the registered letters' tracking, approvals, and bounces or complaints reported after the fact.
 */
export function serveDeskMessages(c: Collection, serve: Serve): void {
  const { state, timezone } = c;
  serve(
    null,
    writeOffUpdate,
    (m) => state.validateWriteOff(m),
    (m) => state.applyWriteOff(m),
  );
  serve(
    null,
    closeLegalFileUpdate,
    (m) => state.validateCloseLegalFile(m),
    (m) => state.applyCloseLegalFile(m),
  );
  // An approval task decides a policy step, or the instalment plan a debtor asked for (plan-requests.ts).
  serve(
    null,
    approvalDecidedUpdate,
    (m) =>
      isPlanRequestTask(state, m?.taskId)
        ? refuseOnDomainError(() => validatePlanDecision(state, m, timezone))
        : state.validateApprovalDecided(m),
    (m) =>
      isPlanRequestTask(state, m.taskId)
        ? applyPlanDecision(state, m, timezone, c.policy.instalmentGrace)
        : state.applyApprovalDecided(m),
  );
  serve<LetterTracked>(
    null,
    letterTrackedUpdate,
    (m) => refuseOnDomainError(() => validateLetterTracked(state, m, timezone)),
    (m) => applyLetterTracked(state, m, deadlineFromDelivery(c), c.patches.resendAfterContactFix),
  );
  setHandler(mailEventSignal, (message: MailEvent | undefined) => {
    const event = message ?? ({} as MailEvent);
    const refusal = refusalOf(() => refuseOnDomainError(() => validateMailEvent(state, event)));
    if (refusal) {
      state.record('message_refused', { message: mailEventSignal.name, reason: refusal, payload: message ?? null });
      state.changed();
      return;
    }
    applyMailEvent(state, event, c.invoice.customer.email, c.patches.resendAfterContactFix);
    c.settle();
  });
}

/** A delivered notice's deadline, counted from delivery by the policy's period (and the governing law's minimum). */
function deadlineFromDelivery(c: Collection) {
  return (notice: StepRecord, deliveredOn: string): string => {
    const current = notice.deadlineFromDelivery ?? notice.deadline!;
    const step = c.policy.steps[notice.index];
    // A notice of a ladder since replaced names a step the policy no longer has: its deadline stands.
    if (step?.action !== 'formal_notice') return current;
    return deliveredNoticeDeadline(
      c.scheduleFor(),
      notice.index,
      deliveredOn,
      current,
      minimumNoticePeriod(c.invoice.governingLaw),
    );
  };
}
