import { ApplicationFailure } from '@temporalio/common';
import { FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import { CollectionState } from '../../workflows/collection-state';
import type { InvoiceCollectionInput, PaymentReceived } from '../../workflows/messages';

const TZ = 'Europe/Paris';

function setup(amount = 120_000, clock = { now: '2026-03-10T10:00:00.000Z' }) {
  const input: InvoiceCollectionInput = {
    invoice: {
      id: 'F-2026-0042',
      customer: {
        id: 'C-1',
        name: 'Dupont SARL',
        email: 'ap@dupont.test',
        locale: 'fr-FR',
        timezone: TZ,
        country: 'FR',
      },
      amount,
      currency: 'EUR',
      issueDate: '2026-02-01',
      dueDate: '2026-03-03',
    },
    policy: FRENCH_B2B_POLICY,
  };
  const state = new CollectionState(input, '2026-03-03T23:00:00.000Z', () => clock.now);
  return { state, clock };
}

const pay = (paymentId: string, amount: number, currency = 'EUR'): PaymentReceived => ({
  paymentId,
  amount,
  currency,
  receivedAt: '2026-03-10T09:00:00Z',
});

function refusal(run: () => void): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe('InvalidMessage');
    expect(failure.nonRetryable).toBe(true);
    return { field: (failure.details?.[0] as { field: string }).field, message: failure.message };
  }
  throw new Error('expected the message to be refused');
}

describe('CollectionState: payments', () => {
  it('lowers the balance on a partial payment and ignores the same paymentId twice', () => {
    const { state } = setup();
    expect(state.applyPayment(pay('p1', 20_000))).toBe(true);
    expect(state.applyPayment(pay('p1', 20_000))).toBe(false);
    expect(state.view.balance).toBe(100_000);
    expect(state.view.status).toBe('open');
    expect(state.pendingEvents.map((e) => e.kind)).toEqual(['payment_received']);
  });

  it('closes as paid on an overpayment, keeps the credit and asks for a thank-you note', () => {
    const { state } = setup();
    state.applyPayment(pay('p1', 125_000));
    expect(state.view).toMatchObject({ status: 'paid', stage: 'paid', balance: 0, credit: 5_000 });
    expect(state.followups).toEqual([
      { kind: 'notice', key: 'payment:p1:thanks', template: 'payment-thanks', paymentId: 'p1' },
    ]);
  });

  it('refuses a payment in another currency, naming the field', () => {
    const { state } = setup();
    expect(refusal(() => state.validatePayment(pay('p1', 100, 'USD')))).toMatchObject({ field: 'currency' });
    expect(refusal(() => state.validatePayment(pay('p1', 10.5)))).toMatchObject({ field: 'amount' });
  });

  it('re-opens a paid invoice on a reversal, absorbing credit first, and asks escalation to resume', () => {
    const { state } = setup();
    state.applyPayment(pay('p1', 100_000));
    state.applyPayment(pay('p2', 30_000));
    expect(state.view.credit).toBe(10_000);
    state.followups.length = 0;
    state.applyReversal({ paymentId: 'p2', reason: 'chargeback' });
    expect(state.view).toMatchObject({ status: 'open', balance: 20_000, credit: 0 });
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
    expect(state.applyReversal({ paymentId: 'p2', reason: 'chargeback' })).toBe(false);
    expect(refusal(() => state.validateReversal({ paymentId: 'nope', reason: 'x' }))).toMatchObject({
      field: 'paymentId',
    });
  });
});

describe('CollectionState: a reversal that overtakes its payment', () => {
  it('is kept, then applied the moment the payment arrives, with no thank-you for a payment that bounced', () => {
    const { state } = setup();
    expect(refusal(() => state.validateReversal({ paymentId: 'chq', reason: 'bounced' })).field).toBe('paymentId');
    expect(() => state.validateReversal({ paymentId: 'chq', reason: 'bounced' }, true)).not.toThrow();
    state.applyReversal({ paymentId: 'chq', reason: 'bounced' });
    expect(state.applyReversal({ paymentId: 'chq', reason: 'bounced' })).toBe(false);
    expect(state.view.pendingReversals).toEqual([{ paymentId: 'chq', reason: 'bounced' }]);
    state.applyPayment(pay('chq', 120_000));
    expect(state.view).toMatchObject({ status: 'open', balance: 120_000, pendingReversals: [] });
    expect(state.view.payments[0]!.reversed?.reason).toBe('bounced');
    expect(state.followups.filter((f) => f.kind === 'notice')).toEqual([]);
    expect(state.pendingEvents.map((e) => e.kind)).toEqual([
      'reversal_before_payment',
      'payment_received',
      'payment_reversed',
    ]);
  });
});

describe('CollectionState: instalment plans', () => {
  const plan = {
    instalments: [
      { dueDate: '2026-04-10', amount: 40_000 },
      { dueDate: '2026-05-10', amount: 40_000 },
      { dueDate: '2026-06-10', amount: 40_000 },
    ],
  };

  it('refuses instalments that do not sum to the balance, past dates and dates out of order', () => {
    const { state } = setup();
    const short = { instalments: [{ dueDate: '2026-04-10', amount: 100 }] };
    expect(refusal(() => state.validatePlan(short, TZ))).toMatchObject({ field: 'instalments' });
    expect(refusal(() => state.validatePlan(short, TZ)).message).toContain('sum to 100 but the balance is 120000');
    const past = { instalments: [{ dueDate: '2026-03-01', amount: 120_000 }] };
    expect(refusal(() => state.validatePlan(past, TZ))).toMatchObject({ field: 'instalments[0].dueDate' });
    const unordered = {
      instalments: [
        { dueDate: '2026-05-10', amount: 60_000 },
        { dueDate: '2026-04-10', amount: 60_000 },
      ],
    };
    expect(refusal(() => state.validatePlan(unordered, TZ))).toMatchObject({ field: 'instalments[1].dueDate' });
    const badDate = { instalments: [{ dueDate: '10/04/2026', amount: 120_000 }] };
    expect(refusal(() => state.validatePlan(badDate, TZ))).toMatchObject({ field: 'instalments[0].dueDate' });
    expect(state.version).toBe(0);
  });

  it('applies payments to instalments in order and closes as paid when the plan is kept', () => {
    const { state } = setup();
    state.validatePlan(plan, TZ);
    state.applyPlan(plan, TZ, 'P5D');
    expect(state.view.stage).toBe('instalment_plan');
    expect(state.escalating).toBe(false);
    const [first] = state.view.plan!.instalments;
    expect(first).toMatchObject({ dueAt: '2026-04-10T22:00:00.000Z', graceEndsAt: '2026-04-15T22:00:00.000Z' });
    state.applyPayment(pay('p1', 50_000));
    expect(state.view.plan!.instalments.map((i) => [i.status, i.paid])).toEqual([
      ['paid', 40_000],
      ['pending', 10_000],
      ['pending', 0],
    ]);
    state.applyPayment(pay('p2', 70_000));
    expect(state.view.plan!.status).toBe('kept');
    expect(state.view.status).toBe('paid');
    expect(state.pendingEvents.map((e) => e.kind)).toEqual([
      'plan_agreed',
      'payment_received',
      'instalment_paid',
      'payment_received',
      'instalment_paid',
      'instalment_paid',
      'plan_kept',
    ]);
  });

  it('breaks the plan on a missed instalment and resumes escalation at the step the policy names', () => {
    const { state } = setup();
    state.applyPlan(plan, TZ, 'P5D');
    state.followups.length = 0;
    expect(state.checkInstalment(0, 4)).toBe(true);
    expect(state.view.plan).toMatchObject({ status: 'broken' });
    expect(state.view.plan!.instalments[0]!.status).toBe('missed');
    expect(state.view.stage).toBe('scheduled');
    expect(state.escalating).toBe(true);
    expect(state.followups).toEqual([
      { kind: 'notice', key: 'plan-1:broken', template: 'plan-broken', instalmentIndex: 0 },
      { kind: 'resume_escalation', fromIndex: 4, bringForward: true },
    ]);
  });

  it('keeps the plan when the instalment was paid by its check', () => {
    const { state } = setup();
    state.applyPlan(plan, TZ, 'P5D');
    state.applyPayment(pay('p1', 40_000));
    expect(state.checkInstalment(0, 4)).toBe(false);
    expect(state.view.plan!.status).toBe('active');
  });
});

describe('CollectionState: disputes, promises, holds', () => {
  it('holds escalation during a dispute, refuses a second one, and applies each outcome', () => {
    const { state } = setup();
    state.validateDispute({ reason: 'goods damaged' });
    state.applyDispute({ reason: 'goods damaged', raisedBy: 'ops' }, '2026-04-09T10:00:00.000Z');
    expect(state.view.stage).toBe('disputed');
    expect(state.escalating).toBe(false);
    expect(refusal(() => state.validateDispute({ reason: 'again' })).message).toContain('already open');
    expect(
      refusal(() => state.validateResolution({ outcome: 'partially_upheld', creditAmount: 120_000 })),
    ).toMatchObject({ field: 'creditAmount' });
    state.validateResolution({ outcome: 'partially_upheld', creditAmount: 20_000 });
    state.applyResolution({ outcome: 'partially_upheld', creditAmount: 20_000 });
    expect(state.view).toMatchObject({ balance: 100_000, dispute: null, status: 'open' });
    expect(state.view.disputes[0]).toMatchObject({ outcome: 'partially_upheld', creditAmount: 20_000 });
    state.applyDispute({ reason: 'wrong price' }, '2026-04-09T10:00:00.000Z');
    state.applyResolution({ outcome: 'upheld' });
    expect(state.view.status).toBe('cancelled');
    expect(refusal(() => state.validateDispute({ reason: 'late' })).field).toBe('status');
  });

  it('raises a support task once when the SLA passes', () => {
    const { state } = setup();
    state.applyDispute({ reason: 'goods damaged' }, '2026-04-09T10:00:00.000Z');
    state.disputeSlaPassed();
    state.disputeSlaPassed();
    expect(state.followups.filter((f) => f.kind === 'support_task')).toHaveLength(1);
    expect(state.view.dispute!.slaBreached).toBe(true);
  });

  it('counts a broken promise, and a kept one does not', () => {
    const { state } = setup();
    state.validatePromise({ promisedDate: '2026-03-20' }, TZ);
    state.applyPromise({ promisedDate: '2026-03-20', amount: 50_000 }, TZ, 'P3D');
    expect(state.view.promise!.watchUntil).toBe('2026-03-23T23:00:00.000Z');
    expect(state.view.stage).toBe('promise_to_pay');
    state.applyPayment(pay('p1', 20_000));
    state.checkPromise();
    expect(state.view.brokenPromises).toBe(1);
    state.applyPromise({ promisedDate: '2026-03-25', amount: 30_000 }, TZ, 'P3D');
    state.applyPayment(pay('p2', 30_000));
    state.checkPromise();
    expect(state.view.brokenPromises).toBe(1);
    expect(state.pendingEvents.map((e) => e.kind)).toContain('promise_kept');
    expect(refusal(() => state.validatePromise({ promisedDate: '2026-03-01' }, TZ)).field).toBe('promisedDate');
    expect(refusal(() => state.validatePromise({ promisedDate: '2026-04-01', amount: 1e9 }, TZ)).field).toBe('amount');
  });

  it('pauses and resumes, refusing a second pause and a resume without a hold', () => {
    const { state } = setup();
    expect(refusal(() => state.validateResume()).message).toContain('not paused');
    state.validatePause({ reason: 'customer in safeguard procedure' }, TZ);
    state.applyPause({ reason: 'customer in safeguard procedure', until: '2026-04-01' }, TZ);
    expect(state.view.hold).toMatchObject({ until: '2026-04-01T22:00:00.000Z' });
    expect(state.view.stage).toBe('paused');
    expect(refusal(() => state.validatePause({}, TZ)).message).toContain('already paused');
    state.applyResume({ reason: 'procedure lifted' });
    expect(state.view.hold).toBeNull();
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
  });

  it('counts each phone task outcome once', () => {
    const { state } = setup();
    expect(state.applyCallOutcome({ taskId: 't1', outcome: 'no_answer' })).toBe(true);
    expect(state.applyCallOutcome({ taskId: 't1', outcome: 'no_answer' })).toBe(false);
    const dispute = { taskId: 't3', outcome: 'dispute' as const, disputeReason: 'never ordered' };
    state.validateCallOutcome(dispute, TZ);
    state.applyCallOutcome(dispute);
    state.applyDispute({ reason: 'never ordered' }, '2026-04-09T10:00:00.000Z');
    // The collector's retry is accepted although the dispute it raised is now open.
    expect(() => state.validateCallOutcome(dispute, TZ)).not.toThrow();
    expect(state.applyCallOutcome(dispute)).toBe(false);
    expect(refusal(() => state.validateCallOutcome({ taskId: 't2', outcome: 'dispute' }, TZ)).field).toBe(
      'disputeReason',
    );
    expect(refusal(() => state.validateCallOutcome({ taskId: 't2', outcome: 'maybe' as never }, TZ)).field).toBe(
      'outcome',
    );
  });

  it('takes a corrected contact only when it is one', () => {
    const { state } = setup();
    expect(refusal(() => state.validateContact({})).field).toBe('email');
    expect(refusal(() => state.validateContact({ email: 'nobody' })).field).toBe('email');
    expect(refusal(() => state.validateContact({ phone: 'call me' })).field).toBe('phone');
    expect(() => state.validateContact({ email: 'ap@dupont.fr', phone: '+33 1 02 03 04 05' })).not.toThrow();
  });

  it('cancels with a reason and then refuses further messages', () => {
    const { state } = setup();
    expect(refusal(() => state.validateCancel({ reason: ' ' })).field).toBe('reason');
    state.applyCancel({ reason: 'credit note AV-12' });
    expect(state.view).toMatchObject({ status: 'cancelled', stage: 'cancelled' });
    expect(refusal(() => state.validatePause({}, TZ)).field).toBe('status');
  });
});
