import { ApplicationFailure } from '@temporalio/common';
import type { ScheduledStep } from '../domain/dunning-schedule';
import type {
  DunningStage,
  InvoiceCollectionInput,
  InvoiceState,
  PaymentReceived,
  PaymentReversed,
  StepRecord,
} from './messages';

/** The stage an open invoice is in once the ladder has reached a given action. */
const STAGE_OF_ACTION: Record<ScheduledStep['action'], DunningStage> = {
  email: 'reminding',
  phone_task: 'calling',
  letter: 'letter',
  formal_notice: 'formal_notice',
  legal_file: 'legal',
};

/** Mutable state of one invoice's collection, plus the pure rules that change it. No I/O, no clock. */
export class CollectionState {
  readonly view: InvoiceState;
  /** Bumped on every change, so that a waiting loop wakes up and re-plans. */
  version = 0;

  constructor(input: InvoiceCollectionInput, dueAt: string) {
    const { invoice } = input;
    this.view = {
      invoiceId: invoice.id,
      status: 'open',
      stage: 'scheduled',
      amount: invoice.amount,
      balance: invoice.amount,
      credit: 0,
      currency: invoice.currency,
      dueAt,
      payments: [],
      plan: null,
      dispute: null,
      hold: null,
      nextAction: null,
      timeline: [],
      history: [],
    };
  }

  get closed(): boolean {
    return this.view.status !== 'open';
  }

  /** Throws a non-retryable failure naming the field: the update rejects it before anything changes. */
  validatePayment(payment: PaymentReceived): void {
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
  applyPayment(payment: PaymentReceived, now: string): boolean {
    if (this.view.payments.some((p) => p.paymentId === payment.paymentId)) return false;
    this.view.payments.push({ ...payment });
    this.view.balance -= payment.amount;
    if (this.view.balance <= 0) {
      this.view.credit = -this.view.balance;
      this.view.balance = 0;
      this.close('paid', now);
    }
    this.version++;
    return true;
  }

  validateReversal(reversal: PaymentReversed): void {
    if (typeof reversal?.paymentId !== 'string' || reversal.paymentId.trim() === '') {
      throw invalid('paymentId', 'paymentId is required');
    }
    if (typeof reversal.reason !== 'string' || reversal.reason.trim() === '') {
      throw invalid('reason', 'reason is required');
    }
    if (!this.view.payments.some((p) => p.paymentId === reversal.paymentId)) {
      throw invalid('paymentId', `no payment ${reversal.paymentId} was received on this invoice`);
    }
  }

  /** Re-opens the reversed amount; an invoice closed as paid goes back to the stage it stood at. */
  applyReversal(reversal: PaymentReversed, now: string): boolean {
    const payment = this.view.payments.find((p) => p.paymentId === reversal.paymentId);
    if (!payment || payment.reversed) return false;
    payment.reversed = { reason: reversal.reason, at: now };
    const absorbed = Math.min(payment.amount, this.view.credit);
    this.view.credit -= absorbed;
    this.view.balance += payment.amount - absorbed;
    if (this.view.status === 'paid' && this.view.balance > 0) {
      this.view.status = 'open';
      this.view.stage = this.escalationStage();
      delete this.view.closedAt;
    }
    this.version++;
    return true;
  }

  recordStep(step: ScheduledStep, at: string, result: StepRecord['result'], detail?: string): void {
    this.view.history.push({
      index: step.index,
      action: step.action,
      template: step.template,
      scheduledAt: step.at,
      at,
      result,
      ...(detail ? { detail } : {}),
    });
    if (result === 'sent') this.view.stage = STAGE_OF_ACTION[step.action];
    this.version++;
  }

  close(status: Exclude<InvoiceState['status'], 'open'>, now: string): void {
    this.view.status = status;
    this.view.stage = status;
    this.view.closedAt = now;
    this.view.nextAction = null;
    this.version++;
  }

  /** The stage given by the last step actually taken: where escalation stood. */
  escalationStage(): DunningStage {
    const taken = [...this.view.history].reverse().find((record) => record.result === 'sent');
    return taken ? STAGE_OF_ACTION[taken.action] : 'scheduled';
  }
}

function invalid(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'InvalidMessage',
    message: `${field}: ${message}`,
    nonRetryable: true,
    details: [{ field }],
  });
}
