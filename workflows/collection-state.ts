import type { ScheduledStep } from '../domain/dunning-schedule';
import type { Followup } from './carried-state';
import type {
  ApprovalDecided,
  CallOutcome,
  Cancel,
  CloseLegalFile,
  ContactUpdate,
  DisputeRaised,
  DisputeResolved,
  InstalmentAgreed,
  InvoiceCollectionInput,
  Pause,
  PaymentReceived,
  PaymentReversed,
  PromiseToPay,
  Resume,
  WriteOff,
} from './messages';
import type { BlockRef, DunningStage, InvoiceState, StepRecord, TrailEvent, TrailEventKind } from './read-model';
import { applyCallOutcome, validateCallOutcome, validateContact } from './state/calls-and-contact';
import { applyDispute, applyResolution, disputeSlaPassed, validateDispute, validateResolution } from './state/disputes';
import { applyCancel, applyPause, applyResume, validateCancel, validatePause, validateResume } from './state/holds';
import { applyPlan, checkInstalment, validatePlan } from './state/instalment-plan';
import { applyPayment, applyReversal, validatePayment, validateReversal } from './state/payments';
import { applyPromise, checkPromise, validatePromise } from './state/promises';
import { applyApprovalDecided, validateApprovalDecided } from './state/approvals';
import {
  applyCloseLegalFile,
  applyWriteOff,
  endLegalFile,
  legalOutcomeOf,
  validateCloseLegalFile,
  validateWriteOff,
} from './state/legal-file';
import { closePaymentClaim } from './state/payment-claims';
import { endPlanRequest } from './state/plan-requests';
import { refuseOnDomainError } from './state/refusal';
import { escalationStage, isEscalating, openStage } from './state/stage';
import type { ClosedStatus, StateCore } from './state/state-core';

export { invalid } from './state/refusal';

/**
 * Mutable state of one invoice's collection. No I/O; time comes from `now`, which the workflow backs with its
 * deterministic clock. The rules live in `state/`, one module per concern, as validate/apply pairs over this view:
 * every validator refuses with a non-retryable `InvalidMessage` naming the field (mapped once, by
 * `refuseOnDomainError`), so an update is refused before anything changes; every apply records a proof-trail event.
 */
export class CollectionState implements StateCore {
  readonly view: InvoiceState;
  /** Bumped on every change, so that a waiting loop wakes up and re-plans, and projections stay ordered. */
  version = 0;
  nextSeq = 1;
  /** Proof-trail events not yet projected to the database. */
  pendingEvents: TrailEvent[] = [];
  /** Work the handlers ask of the main loop, which alone runs activities. */
  followups: Followup[] = [];
  /** Set when the workflow is about to complete: nothing more can be applied, not even a late reversal. */
  ended = false;

  constructor(
    input: InvoiceCollectionInput,
    dueAt: string,
    readonly now: () => string,
  ) {
    const { invoice, policy, carried } = input;
    if (carried) {
      this.view = carried.state;
      this.version = carried.version;
      this.nextSeq = carried.nextSeq;
      this.pendingEvents = [...carried.pendingEvents];
      this.followups = [...carried.followups];
      return;
    }
    this.view = {
      invoiceId: invoice.id,
      status: 'open',
      stage: 'scheduled',
      amount: invoice.amount,
      balance: invoice.amount,
      credit: 0,
      currency: invoice.currency,
      dueAt,
      policy: { id: policy.id, version: policy.version },
      payments: [],
      plan: null,
      dispute: null,
      disputes: [],
      promise: null,
      brokenPromises: 0,
      hold: null,
      nextAction: null,
      timeline: [],
      history: [],
      calls: [],
    };
  }

  get closed(): boolean {
    return this.view.status !== 'open';
  }

  record(kind: TrailEventKind, detail: Record<string, unknown>): TrailEvent {
    const event = { seq: this.nextSeq++, at: this.now(), kind, detail };
    this.pendingEvents.push(event);
    return event;
  }

  /** Called after every change: the stage follows from what holds escalation, then from the last step taken. */
  changed(): void {
    this.view.stage = this.closed ? (this.view.status as ClosedStatus) : openStage(this.view);
    this.version++;
  }

  /** The stage given by the last step actually taken: where escalation stood. */
  escalationStage(): DunningStage {
    return escalationStage(this.view);
  }

  /** Escalation runs only when nothing holds it: no hold, dispute, active plan or pending promise. */
  get escalating(): boolean {
    return isEscalating(this.view);
  }

  validatePayment(payment: PaymentReceived): void {
    refuseOnDomainError(() => validatePayment(this, payment));
  }

  applyPayment(payment: PaymentReceived): boolean {
    return applyPayment(this, payment);
  }

  /** `early` (signals): a reversal that overtakes its payment is kept until the payment arrives. */
  validateReversal(reversal: PaymentReversed, early = false): void {
    refuseOnDomainError(() => validateReversal(this, reversal, early));
  }

  applyReversal(reversal: PaymentReversed): boolean {
    return applyReversal(this, reversal);
  }

  validatePlan(plan: InstalmentAgreed, timezone: string): void {
    refuseOnDomainError(() => validatePlan(this, plan, timezone));
  }

  applyPlan(plan: InstalmentAgreed, timezone: string, instalmentGrace: string): void {
    // The plan the debtor asked for is moot once operations agree one: its approval task is answered with the state.
    endPlanRequest(this, 'superseded', 'an instalment plan was agreed');
    applyPlan(this, plan, timezone, instalmentGrace);
  }

  checkInstalment(index: number, resumeAt: number): boolean {
    return checkInstalment(this, index, resumeAt);
  }

  validateDispute(dispute: DisputeRaised): void {
    refuseOnDomainError(() => validateDispute(this, dispute));
  }

  applyDispute(dispute: DisputeRaised, slaEndsAt: string): void {
    applyDispute(this, dispute, slaEndsAt);
  }

  disputeSlaPassed(): void {
    disputeSlaPassed(this);
  }

  validateResolution(resolution: DisputeResolved): void {
    refuseOnDomainError(() => validateResolution(this, resolution));
  }

  applyResolution(resolution: DisputeResolved): void {
    applyResolution(this, resolution);
  }

  validatePromise(promise: PromiseToPay, timezone: string, field = 'promisedDate'): void {
    refuseOnDomainError(() => validatePromise(this, promise, timezone, field));
  }

  applyPromise(promise: PromiseToPay, timezone: string, promiseGrace: string): void {
    applyPromise(this, promise, timezone, promiseGrace);
  }

  checkPromise(): void {
    checkPromise(this);
  }

  validatePause(pause: Pause, timezone: string): void {
    refuseOnDomainError(() => validatePause(this, pause, timezone));
  }

  applyPause(pause: Pause, timezone: string): void {
    applyPause(this, pause, timezone);
  }

  validateResume(): void {
    refuseOnDomainError(() => validateResume(this));
  }

  applyResume(resume: Resume | undefined, automatic = false): void {
    applyResume(this, resume, automatic);
  }

  validateCancel(cancel: Cancel): void {
    refuseOnDomainError(() => validateCancel(this, cancel));
  }

  applyCancel(cancel: Cancel): void {
    applyCancel(this, cancel);
  }

  validateContact(update: ContactUpdate): void {
    refuseOnDomainError(() => validateContact(this, update));
  }

  validateCallOutcome(call: CallOutcome, timezone: string): void {
    refuseOnDomainError(() => validateCallOutcome(this, call, timezone));
  }

  applyCallOutcome(call: CallOutcome): boolean {
    return applyCallOutcome(this, call);
  }

  validateWriteOff(writeOff: WriteOff): void {
    refuseOnDomainError(() => validateWriteOff(this, writeOff));
  }

  applyWriteOff(writeOff: WriteOff): void {
    applyWriteOff(this, writeOff);
  }

  validateCloseLegalFile(close: CloseLegalFile): void {
    refuseOnDomainError(() => validateCloseLegalFile(this, close));
  }

  applyCloseLegalFile(close: CloseLegalFile): void {
    applyCloseLegalFile(this, close);
  }

  validateApprovalDecided(decided: ApprovalDecided): void {
    refuseOnDomainError(() => validateApprovalDecided(this, decided));
  }

  applyApprovalDecided(decided: ApprovalDecided): boolean {
    return applyApprovalDecided(this, decided);
  }

  /** A ladder step's outcome, in the history the stage is derived from; `extra`: its Message-ID, its re-send. */
  recordStep(
    step: ScheduledStep,
    result: StepRecord['result'],
    detail?: string,
    block?: BlockRef,
    extra: Pick<StepRecord, 'messageId' | 'resend'> = {},
  ): void {
    this.view.history.push({
      index: step.index,
      action: step.action,
      template: step.template,
      scheduledAt: step.at,
      at: this.now(),
      result,
      ...(detail ? { detail } : {}),
      ...(step.deadline ? { deadline: step.deadline } : {}),
      ...(block ? { block } : {}),
      ...(extra.messageId ? { messageId: extra.messageId } : {}),
      ...(extra.resend ? { resend: extra.resend } : {}),
    });
    this.changed();
  }

  /** Closes the invoice; a legal file still open closes with it, with the matching outcome. */
  close(status: ClosedStatus): void {
    if (status !== 'handed_to_legal') endLegalFile(this, legalOutcomeOf(status));
    this.view.status = status;
    // Nothing the debtor said is left to check or decide on a closed invoice; its tasks close with it.
    closePaymentClaim(this);
    endPlanRequest(this, 'closed', `the invoice is ${status}`);
    this.view.closedAt = this.now();
    this.view.nextAction = null;
    this.changed();
  }
}
