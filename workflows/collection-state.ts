import { ApplicationFailure } from '@temporalio/common';
import { isDomainError } from '../domain/domain-error';
import { assertDueDate, dueMoment } from '../domain/due-moment';
import type { ScheduledStep } from '../domain/dunning-schedule';
import { addIsoDuration, parseIsoDuration } from '../domain/iso-duration';
import {
  CallOutcome,
  Cancel,
  ContactUpdate,
  DisputeRaised,
  DisputeResolved,
  DunningStage,
  Followup,
  INVALID_MESSAGE,
  InstalmentAgreed,
  InstalmentPlanView,
  InvoiceCollectionInput,
  InvoiceState,
  Pause,
  PaymentReceived,
  PaymentReversed,
  PromiseToPay,
  Resume,
  StepRecord,
  TrailEvent,
  TrailEventKind,
} from './messages';

/** The stage an open invoice is in once the ladder has reached a given action. */
const STAGE_OF_ACTION: Record<ScheduledStep['action'], DunningStage> = {
  email: 'reminding',
  phone_task: 'calling',
  letter: 'letter',
  formal_notice: 'formal_notice',
  legal_file: 'legal',
};

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const PHONE = /^\+?[0-9 ().-]{6,20}$/;
const CALL_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'promise_to_pay', 'dispute', 'paid_already'];
const DISPUTE_OUTCOMES = ['rejected', 'upheld', 'partially_upheld'];

/**
 * Mutable state of one invoice's collection, plus the pure rules that change it. No I/O; time comes from `now`, which
 * the workflow backs with its deterministic clock. Every validator throws a non-retryable failure naming the field,
 * so an update is refused before anything changes; every apply method records a proof-trail event.
 */
export class CollectionState {
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
    private readonly now: () => string,
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
    this.view.stage = this.closed ? (this.view.status as DunningStage) : this.openStage();
    this.version++;
  }

  private openStage(): DunningStage {
    const { hold, dispute, plan, promise } = this.view;
    if (hold) return 'paused';
    if (dispute) return 'disputed';
    if (plan?.status === 'active') return 'instalment_plan';
    if (promise) return 'promise_to_pay';
    return this.escalationStage();
  }

  /** The stage given by the last step actually taken: where escalation stood. */
  escalationStage(): DunningStage {
    const taken = [...this.view.history].reverse().find((record) => record.result === 'sent');
    return taken ? STAGE_OF_ACTION[taken.action] : 'scheduled';
  }

  /** Escalation runs only when nothing holds it: no hold, dispute, active plan or pending promise. */
  get escalating(): boolean {
    const { hold, dispute, plan, promise } = this.view;
    return !this.closed && !hold && !dispute && plan?.status !== 'active' && !promise;
  }

  private requireOpen(): void {
    if (this.closed || this.ended)
      throw invalid('status', `the invoice is ${this.view.status}; it takes no more of this message`);
  }

  // ── Payments ──────────────────────────────────────────────────────────────────────────────────

  validatePayment(payment: PaymentReceived): void {
    if (this.ended) throw invalid('status', `collection of this invoice has ended (${this.view.status})`);
    if (typeof payment?.paymentId !== 'string' || payment.paymentId.trim() === '') {
      throw invalid('paymentId', 'paymentId is required');
    }
    if (!Number.isSafeInteger(payment.amount) || payment.amount <= 0) {
      throw invalid('amount', 'amount must be a positive integer in minor units');
    }
    if (payment.currency !== this.view.currency) {
      throw invalid(
        'currency',
        `currency ${payment.currency} does not match the invoice currency ${this.view.currency}`,
      );
    }
    if (typeof payment.receivedAt !== 'string' || Number.isNaN(Date.parse(payment.receivedAt))) {
      throw invalid('receivedAt', 'receivedAt must be an RFC 3339 instant');
    }
  }

  /** Applies a payment once per paymentId; a zero balance closes the invoice as paid and keeps any overpayment. */
  applyPayment(payment: PaymentReceived): boolean {
    if (this.view.payments.some((p) => p.paymentId === payment.paymentId)) return false;
    this.view.payments.push({ ...payment });
    this.view.balance -= payment.amount;
    this.record('payment_received', {
      paymentId: payment.paymentId,
      amount: payment.amount,
      currency: payment.currency,
      receivedAt: payment.receivedAt,
      ...(payment.method ? { method: payment.method } : {}),
      ...(payment.reference ? { reference: payment.reference } : {}),
    });
    if (this.view.balance <= 0) {
      this.view.credit += -this.view.balance;
      this.view.balance = 0;
    }
    this.allocatePlan();
    if (this.view.balance === 0) {
      if (this.view.plan?.status === 'active') this.endPlan('kept');
      if (this.view.promise) this.endPromise(true);
      if (!this.closed) {
        this.close('paid');
        this.followups.push({
          kind: 'notice',
          key: `payment:${payment.paymentId}:thanks`,
          template: 'payment-thanks',
          paymentId: payment.paymentId,
        });
      }
    }
    this.changed();
    const overtaken = this.view.pendingReversals?.find((r) => r.paymentId === payment.paymentId);
    if (overtaken) {
      this.view.pendingReversals = this.view.pendingReversals!.filter((r) => r !== overtaken);
      this.applyReversal(overtaken);
    }
    return true;
  }

  /**
   * `early` (signals): a reversal may overtake its payment on the way here; it is then kept and applied when the
   * payment arrives. An update still refuses it, since its caller can learn and retry.
   */
  validateReversal(reversal: PaymentReversed, early = false): void {
    if (this.ended) throw invalid('status', `collection of this invoice has ended (${this.view.status})`);
    if (typeof reversal?.paymentId !== 'string' || reversal.paymentId.trim() === '') {
      throw invalid('paymentId', 'paymentId is required');
    }
    if (typeof reversal.reason !== 'string' || reversal.reason.trim() === '') {
      throw invalid('reason', 'reason is required');
    }
    if (!early && !this.view.payments.some((p) => p.paymentId === reversal.paymentId)) {
      throw invalid('paymentId', `no payment ${reversal.paymentId} was received on this invoice`);
    }
  }

  /** Re-opens the reversed amount; an invoice closed as paid goes back to the stage it stood at. */
  applyReversal(reversal: PaymentReversed): boolean {
    const payment = this.view.payments.find((p) => p.paymentId === reversal.paymentId);
    if (!payment) {
      const pending = (this.view.pendingReversals ??= []);
      if (pending.some((r) => r.paymentId === reversal.paymentId)) return false;
      pending.push({ paymentId: reversal.paymentId, reason: reversal.reason });
      this.record('reversal_before_payment', { paymentId: reversal.paymentId, reason: reversal.reason });
      this.changed();
      return true;
    }
    if (payment.reversed) return false;
    // A thank-you not sent yet for this payment is no longer due.
    this.followups = this.followups.filter((f) => !(f.kind === 'notice' && f.paymentId === reversal.paymentId));
    payment.reversed = { reason: reversal.reason, at: this.now() };
    const absorbed = Math.min(payment.amount, this.view.credit);
    this.view.credit -= absorbed;
    this.view.balance += payment.amount - absorbed;
    this.record('payment_reversed', { paymentId: reversal.paymentId, amount: payment.amount, reason: reversal.reason });
    if (this.view.status === 'paid' && this.view.balance > 0) {
      this.view.status = 'open';
      delete this.view.closedAt;
      this.followups.push({ kind: 'resume_escalation' });
    }
    this.allocatePlan();
    this.changed();
    return true;
  }

  // ── Instalment plan ───────────────────────────────────────────────────────────────────────────

  validatePlan(plan: InstalmentAgreed, timezone: string): void {
    this.requireOpen();
    if (this.view.dispute) throw invalid('instalments', 'a dispute is open: resolve it before agreeing a plan');
    if (!Array.isArray(plan?.instalments) || plan.instalments.length === 0) {
      throw invalid('instalments', 'instalments must be a non-empty array');
    }
    if (plan.instalments.length > 60) throw invalid('instalments', 'a plan has at most 60 instalments');
    let previous = '';
    let total = 0;
    plan.instalments.forEach((instalment, i) => {
      const field = `instalments[${i}]`;
      if (!Number.isSafeInteger(instalment?.amount) || instalment.amount <= 0) {
        throw invalid(`${field}.amount`, 'amount must be a positive integer in minor units');
      }
      const dueAt = moment(instalment.dueDate, timezone, `${field}.dueDate`);
      if (dueAt <= this.now()) throw invalid(`${field}.dueDate`, `${instalment.dueDate} is not in the future`);
      if (previous && dueAt <= previous) {
        throw invalid(`${field}.dueDate`, `${instalment.dueDate} must come after the previous instalment`);
      }
      previous = dueAt;
      total += instalment.amount;
    });
    if (total !== this.view.balance) {
      throw invalid(
        'instalments',
        `the instalments sum to ${total} but the balance is ${this.view.balance} (minor units of ${this.view.currency})`,
      );
    }
  }

  applyPlan(plan: InstalmentAgreed, timezone: string, instalmentGrace: string): void {
    const previous = this.view.plan;
    if (previous?.status === 'active') previous.status = 'replaced';
    const number = (previous?.number ?? 0) + 1;
    const grace = parseIsoDuration(instalmentGrace);
    this.view.plan = {
      number,
      status: 'active',
      agreedAt: this.now(),
      ...(plan.agreedBy ? { agreedBy: plan.agreedBy } : {}),
      total: this.view.balance,
      instalments: plan.instalments.map((instalment, index) => {
        const dueAt = moment(instalment.dueDate, timezone, 'dueDate');
        return {
          index,
          dueDate: instalment.dueDate,
          amount: instalment.amount,
          dueAt,
          graceEndsAt: addIsoDuration(dueAt, grace, timezone),
          paid: 0,
          status: 'pending',
        };
      }),
    };
    // A plan supersedes a promise: the debtor's word is now the schedule.
    if (this.view.promise) this.endPromise(false, 'superseded by an instalment plan');
    this.record('plan_agreed', {
      number,
      total: this.view.balance,
      instalments: plan.instalments,
      ...(plan.agreedBy ? { agreedBy: plan.agreedBy } : {}),
    });
    this.followups.push({ kind: 'notice', key: `plan-${number}:confirmation`, template: 'plan-confirmation' });
    this.changed();
  }

  /** Payments go to instalments in order: what the plan has received so far fills them from the first. */
  private allocatePlan(): void {
    const plan = this.view.plan;
    if (!plan || plan.status !== 'active') return;
    let received = plan.total - this.view.balance;
    for (const instalment of plan.instalments) {
      const paid = Math.max(0, Math.min(instalment.amount, received));
      received -= paid;
      const wasPaid = instalment.status === 'paid';
      instalment.paid = paid;
      if (instalment.status !== 'missed') instalment.status = paid === instalment.amount ? 'paid' : 'pending';
      if (!wasPaid && instalment.status === 'paid') {
        this.record('instalment_paid', { plan: plan.number, instalment: instalment.index, amount: instalment.amount });
      }
    }
  }

  /** At the end of an instalment's grace period: kept when paid, otherwise the whole plan breaks (déchéance du terme). */
  checkInstalment(index: number, resumeAt: number): boolean {
    const plan = this.view.plan;
    const instalment = plan?.instalments[index];
    if (!plan || plan.status !== 'active' || !instalment || instalment.status === 'paid') return false;
    instalment.status = 'missed';
    this.endPlan('broken');
    this.record('plan_broken', {
      number: plan.number,
      missedInstalment: index,
      dueDate: instalment.dueDate,
      paid: instalment.paid,
      amount: instalment.amount,
      balance: this.view.balance,
    });
    this.followups.push({
      kind: 'notice',
      key: `plan-${plan.number}:broken`,
      template: 'plan-broken',
      instalmentIndex: index,
    });
    this.followups.push({ kind: 'resume_escalation', fromIndex: resumeAt, bringForward: true });
    this.changed();
    return true;
  }

  private endPlan(status: 'kept' | 'broken'): void {
    const plan = this.view.plan as InstalmentPlanView;
    plan.status = status;
    if (status === 'broken') plan.brokenAt = this.now();
    else this.record('plan_kept', { number: plan.number });
  }

  // ── Disputes ──────────────────────────────────────────────────────────────────────────────────

  validateDispute(dispute: DisputeRaised): void {
    this.requireOpen();
    if (typeof dispute?.reason !== 'string' || dispute.reason.trim() === '') {
      throw invalid('reason', 'reason is required');
    }
    if (this.view.dispute) throw invalid('reason', 'a dispute is already open on this invoice');
  }

  applyDispute(dispute: DisputeRaised, slaEndsAt: string): void {
    const event = this.record('dispute_raised', {
      reason: dispute.reason,
      ...(dispute.raisedBy ? { raisedBy: dispute.raisedBy } : {}),
    });
    this.view.dispute = {
      id: `dispute-${event.seq}`,
      reason: dispute.reason,
      ...(dispute.raisedBy ? { raisedBy: dispute.raisedBy } : {}),
      raisedAt: event.at,
      slaEndsAt,
      slaBreached: false,
    };
    this.view.disputes.push({ id: `dispute-${event.seq}`, reason: dispute.reason, raisedAt: event.at });
    // A contested debt is no longer a promise the debtor made.
    if (this.view.promise) this.endPromise(false, 'superseded by a dispute');
    this.changed();
  }

  disputeSlaPassed(): void {
    const dispute = this.view.dispute;
    if (!dispute || dispute.slaBreached) return;
    dispute.slaBreached = true;
    this.record('dispute_sla_passed', {
      dispute: dispute.id,
      raisedAt: dispute.raisedAt,
      slaEndsAt: dispute.slaEndsAt,
    });
    this.followups.push({
      kind: 'support_task',
      key: `${dispute.id}:sla`,
      taskKind: 'dispute_review',
      reason: `dispute raised ${dispute.raisedAt} unresolved past its SLA (${dispute.slaEndsAt}): ${dispute.reason}`,
    });
    this.changed();
  }

  validateResolution(resolution: DisputeResolved): void {
    this.requireOpen();
    if (!this.view.dispute) throw invalid('outcome', 'no dispute is open on this invoice');
    if (!DISPUTE_OUTCOMES.includes(resolution?.outcome)) {
      throw invalid('outcome', `outcome must be one of ${DISPUTE_OUTCOMES.join(', ')}`);
    }
    if (resolution.outcome === 'partially_upheld') {
      const credit = resolution.creditAmount;
      if (!Number.isSafeInteger(credit) || (credit as number) <= 0) {
        throw invalid('creditAmount', 'a partially upheld dispute needs a positive creditAmount in minor units');
      }
      if ((credit as number) >= this.view.balance) {
        throw invalid('creditAmount', `a credit of the whole balance (${this.view.balance}) is an upheld dispute`);
      }
    } else if (resolution.creditAmount !== undefined) {
      throw invalid('creditAmount', 'only a partially upheld dispute carries a creditAmount');
    }
  }

  /** Rejected resumes escalation; upheld cancels the invoice (credit note); partially upheld lowers the balance. */
  applyResolution(resolution: DisputeResolved): void {
    const dispute = this.view.dispute!;
    this.view.dispute = null;
    const logged = this.view.disputes.find((d) => d.id === dispute.id);
    if (logged) {
      logged.outcome = resolution.outcome;
      logged.resolvedAt = this.now();
      if (resolution.creditAmount) logged.creditAmount = resolution.creditAmount;
    }
    this.record('dispute_resolved', {
      dispute: dispute.id,
      outcome: resolution.outcome,
      ...(resolution.creditAmount ? { creditAmount: resolution.creditAmount } : {}),
      ...(resolution.note ? { note: resolution.note } : {}),
      ...(resolution.resolvedBy ? { resolvedBy: resolution.resolvedBy } : {}),
    });
    if (resolution.outcome === 'upheld') {
      this.close('cancelled');
    } else {
      if (resolution.outcome === 'partially_upheld') {
        this.view.balance -= resolution.creditAmount as number;
        this.allocatePlan();
      }
      this.followups.push({ kind: 'resume_escalation' });
    }
    this.changed();
  }

  // ── Promises to pay ───────────────────────────────────────────────────────────────────────────

  validatePromise(promise: PromiseToPay, timezone: string, field = 'promisedDate'): void {
    this.requireOpen();
    if (this.view.dispute) throw invalid(field, 'a dispute is open: resolve it before taking a promise');
    if (this.view.plan?.status === 'active') throw invalid(field, 'an instalment plan is running');
    const at = moment(promise?.promisedDate, timezone, field);
    if (at <= this.now()) throw invalid(field, `${promise.promisedDate} is not in the future`);
    const amountField = field === 'promisedDate' ? 'amount' : 'promisedAmount';
    if (promise.amount !== undefined) {
      if (!Number.isSafeInteger(promise.amount) || promise.amount <= 0) {
        throw invalid(amountField, 'amount must be a positive integer in minor units');
      }
      if (promise.amount > this.view.balance) {
        throw invalid(amountField, `amount ${promise.amount} exceeds the balance ${this.view.balance}`);
      }
    }
  }

  applyPromise(promise: PromiseToPay, timezone: string, promiseGrace: string): void {
    if (this.view.promise) this.endPromise(false, 'replaced by a new promise');
    const due = moment(promise.promisedDate, timezone, 'promisedDate');
    const amount = promise.amount ?? this.view.balance;
    this.view.promise = {
      promisedDate: promise.promisedDate,
      amount,
      madeAt: this.now(),
      ...(promise.promisedBy ? { promisedBy: promise.promisedBy } : {}),
      watchUntil: addIsoDuration(due, parseIsoDuration(promiseGrace), timezone),
      balanceWhenMade: this.view.balance,
    };
    this.record('promise_made', {
      promisedDate: promise.promisedDate,
      amount,
      ...(promise.promisedBy ? { promisedBy: promise.promisedBy } : {}),
    });
    this.changed();
  }

  /** At the end of the grace after the promised date: kept when the promised amount came in, broken otherwise. */
  checkPromise(): void {
    const promise = this.view.promise;
    if (!promise) return;
    const paid = promise.balanceWhenMade - this.view.balance;
    this.endPromise(paid >= promise.amount);
    this.followups.push({ kind: 'resume_escalation' });
    this.changed();
  }

  private endPromise(kept: boolean, reason?: string): void {
    const promise = this.view.promise!;
    this.view.promise = null;
    const paid = promise.balanceWhenMade - this.view.balance;
    if (reason) {
      this.record('promise_broken', { promisedDate: promise.promisedDate, amount: promise.amount, paid, reason });
      return;
    }
    if (!kept) this.view.brokenPromises++;
    this.record(kept ? 'promise_kept' : 'promise_broken', {
      promisedDate: promise.promisedDate,
      amount: promise.amount,
      paid,
      ...(kept ? {} : { brokenPromises: this.view.brokenPromises }),
    });
  }

  // ── Hold, cancel ──────────────────────────────────────────────────────────────────────────────

  validatePause(pause: Pause, timezone: string): void {
    this.requireOpen();
    if (this.view.hold) throw invalid('reason', 'the invoice is already paused');
    if (pause?.until !== undefined) {
      const until = moment(pause.until, timezone, 'until');
      if (until <= this.now()) throw invalid('until', `${pause.until} is not in the future`);
    }
  }

  applyPause(pause: Pause, timezone: string): void {
    this.view.hold = {
      since: this.now(),
      ...(pause.reason ? { reason: pause.reason } : {}),
      ...(pause.until ? { until: moment(pause.until, timezone, 'until') } : {}),
      ...(pause.by ? { by: pause.by } : {}),
    };
    this.record('paused', { ...pause });
    this.changed();
  }

  validateResume(): void {
    this.requireOpen();
    if (!this.view.hold) throw invalid('reason', 'the invoice is not paused');
  }

  applyResume(resume: Resume | undefined, automatic = false): void {
    const hold = this.view.hold;
    if (!hold) return;
    this.view.hold = null;
    this.record('resumed', { ...(resume ?? {}), since: hold.since, ...(automatic ? { automatic: true } : {}) });
    this.followups.push({ kind: 'resume_escalation' });
    this.changed();
  }

  validateCancel(cancel: Cancel): void {
    this.requireOpen();
    if (typeof cancel?.reason !== 'string' || cancel.reason.trim() === '') {
      throw invalid('reason', 'reason is required');
    }
  }

  applyCancel(cancel: Cancel): void {
    this.record('cancelled', { ...cancel, balance: this.view.balance });
    this.close('cancelled');
    this.changed();
  }

  // ── Contact ───────────────────────────────────────────────────────────────────────────────────

  validateContact(update: ContactUpdate): void {
    this.requireOpen();
    if (update.email === undefined && update.phone === undefined) {
      throw invalid('email', 'give an email, a phone, or both');
    }
    if (update.email !== undefined && (typeof update.email !== 'string' || !EMAIL.test(update.email))) {
      throw invalid('email', `${JSON.stringify(update.email)} is not an e-mail address`);
    }
    if (update.phone !== undefined && (typeof update.phone !== 'string' || !PHONE.test(update.phone))) {
      throw invalid('phone', `${JSON.stringify(update.phone)} is not a phone number`);
    }
  }

  // ── Calls ─────────────────────────────────────────────────────────────────────────────────────

  validateCallOutcome(call: CallOutcome, timezone: string): void {
    if (typeof call?.taskId !== 'string' || call.taskId.trim() === '') throw invalid('taskId', 'taskId is required');
    if (!CALL_OUTCOMES.includes(call.outcome)) {
      throw invalid('outcome', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
    }
    // A retry of an outcome already counted is accepted and changes nothing, even if what it asked for has since
    // moved on (the dispute it raised is open, the date it promised has passed).
    if (this.view.calls.some((c) => c.taskId === call.taskId)) return;
    if (call.outcome === 'promise_to_pay') {
      this.validatePromise(
        { promisedDate: call.promisedDate as string, amount: call.promisedAmount },
        timezone,
        'promisedDate',
      );
    }
    if (call.outcome === 'dispute') {
      if (typeof call.disputeReason !== 'string' || call.disputeReason.trim() === '') {
        throw invalid('disputeReason', 'a dispute outcome needs the reason the customer gave');
      }
      this.validateDispute({ reason: call.disputeReason });
    }
  }

  /** Each task's outcome counts once: a collector's double click, or the API retrying, changes nothing. */
  applyCallOutcome(call: CallOutcome): boolean {
    if (this.view.calls.some((c) => c.taskId === call.taskId)) return false;
    this.view.calls.push({ taskId: call.taskId, outcome: call.outcome, at: this.now() });
    this.record('call_outcome', { ...call });
    this.changed();
    return true;
  }

  // ── Ladder ────────────────────────────────────────────────────────────────────────────────────

  recordStep(step: ScheduledStep, result: StepRecord['result'], detail?: string): void {
    this.view.history.push({
      index: step.index,
      action: step.action,
      template: step.template,
      scheduledAt: step.at,
      at: this.now(),
      result,
      ...(detail ? { detail } : {}),
      ...(step.deadline ? { deadline: step.deadline } : {}),
    });
    this.changed();
  }

  close(status: Exclude<InvoiceState['status'], 'open'>): void {
    this.view.status = status;
    this.view.closedAt = this.now();
    this.view.nextAction = null;
    this.changed();
  }
}

/** The instant a message's date means: a calendar date is due at the end of that day in the customer's zone. */
function moment(value: unknown, timezone: string, field: string): string {
  try {
    assertDueDate(value, field);
    return dueMoment(value, timezone);
  } catch (error) {
    if (isDomainError(error)) throw invalid(field, error.message.replace(`${field}: `, ''));
    throw error;
  }
}

export function invalid(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: INVALID_MESSAGE,
    message: `${field}: ${message}`,
    nonRetryable: true,
    details: [{ field }],
  });
}
