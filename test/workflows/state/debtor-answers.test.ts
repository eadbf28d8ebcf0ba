import { ApplicationFailure } from '@temporalio/common';
import { FRENCH_B2B_POLICY } from '../../../domain/dunning-policy';
import { CollectionState } from '../../../workflows/collection-state';
import type { DebtorAnswer, InvoiceCollectionInput } from '../../../workflows/messages';
import {
  AnswerTerms,
  applyDebtorAnswer,
  REMEMBERED_ANSWERS,
  validateDebtorAnswer,
} from '../../../workflows/state/debtor-answers';
import {
  applyPaymentClaimChecked,
  attachClaimTask,
  validatePaymentClaimChecked,
} from '../../../workflows/state/payment-claims';
import {
  applyPlanDecision,
  attachPlanRequestTask,
  isPlanRequestTask,
  validatePlanDecision,
} from '../../../workflows/state/plan-requests';
import { refuseOnDomainError } from '../../../workflows/state/refusal';
import { isEscalating } from '../../../workflows/state/stage';

const TZ = 'Europe/Paris';
const NOW = '2026-03-10T10:00:00.000Z';

function setup(amount = 120_000) {
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
  const state = new CollectionState(input, '2026-03-03T23:00:00.000Z', () => NOW);
  const terms: AnswerTerms = { timezone: TZ, promiseGrace: 'P3D', disputeSlaEndsAt: () => '2026-04-09T10:00:00.000Z' };
  /** The answer as the update takes it: refused like the workflow refuses, else applied. */
  const answer = (message: DebtorAnswer, overrides: Partial<AnswerTerms> = {}) => {
    refuseOnDomainError(() => validateDebtorAnswer(state, message, { ...terms, ...overrides }));
    return applyDebtorAnswer(state, message, { ...terms, ...overrides });
  };
  return { state, answer };
}

function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure.type).toBe('InvalidMessage');
    return { field: (failure.details?.[0] as { field: string }).field, message: failure.message };
  }
  throw new Error('expected the answer to be refused');
}

const events = (state: CollectionState, kind: string) => state.pendingEvents.filter((e) => e.kind === kind);

describe('debtor answers: promise to pay', () => {
  it('acts as a promise made by the debtor, recorded on the trail as said by the debtor', () => {
    const { state, answer } = setup();
    expect(answer({ answerId: 'a-1', answer: 'promise_to_pay', promisedDate: '2026-03-20' })).toBe(true);
    expect(state.view.stage).toBe('promise_to_pay');
    expect(state.view.promise).toMatchObject({ promisedDate: '2026-03-20', amount: 120_000, promisedBy: 'debtor' });
    expect(events(state, 'debtor_answer')).toEqual([
      expect.objectContaining({
        detail: {
          by: 'debtor',
          via: 'self_service',
          answerId: 'a-1',
          answer: 'promise_to_pay',
          promisedDate: '2026-03-20',
        },
      }),
    ]);
    expect(events(state, 'promise_made')[0]!.detail).toMatchObject({ promisedBy: 'debtor' });
  });

  it('counts the same answerId once, answering the state as it stands', () => {
    const { state, answer } = setup();
    answer({ answerId: 'a-1', answer: 'promise_to_pay', promisedDate: '2026-03-20' });
    const version = state.version;
    // Even a different payload under the same id is the same submission, resent.
    expect(answer({ answerId: 'a-1', answer: 'promise_to_pay', promisedDate: '2026-03-25' })).toBe(false);
    expect(state.version).toBe(version);
    expect(state.view.promise?.promisedDate).toBe('2026-03-20');
    expect(events(state, 'debtor_answer')).toHaveLength(1);
  });

  it('refuses a date further than the policy allows (P30D by default), or a date past', () => {
    const { answer } = setup();
    expect(refusal(() => answer({ answerId: 'a-1', answer: 'promise_to_pay', promisedDate: '2026-04-10' }))).toEqual({
      field: 'promisedDate',
      message: "promisedDate: '2026-04-10' is further ahead than P30D from today (at the latest 2026-04-09)",
    });
    const shorter = { promiseLimit: 'P7D' };
    expect(
      refusal(() => answer({ answerId: 'a-2', answer: 'promise_to_pay', promisedDate: '2026-03-18' }, shorter)).field,
    ).toBe('promisedDate');
    expect(answer({ answerId: 'a-3', answer: 'promise_to_pay', promisedDate: '2026-03-17' }, shorter)).toBe(true);
    expect(refusal(() => answer({ answerId: 'a-4', answer: 'promise_to_pay', promisedDate: '2026-03-09' })).field).toBe(
      'promisedDate',
    );
  });

  it('refuses an answer without an answerId, or of a kind the page does not offer', () => {
    const { answer } = setup();
    expect(refusal(() => answer({ answer: 'promise_to_pay', promisedDate: '2026-03-20' } as DebtorAnswer)).field).toBe(
      'answerId',
    );
    expect(refusal(() => answer({ answerId: 'a-1', answer: 'call_me' } as unknown as DebtorAnswer)).field).toBe(
      'answer',
    );
  });

  it('remembers a bounded number of answer ids', () => {
    const { state } = setup();
    state.view.debtorAnswerIds = Array.from({ length: REMEMBERED_ANSWERS }, (_, i) => `old-${i}`);
    applyDebtorAnswer(
      state,
      { answerId: 'new', answer: 'promise_to_pay', promisedDate: '2026-03-20' },
      { timezone: TZ, promiseGrace: 'P3D', disputeSlaEndsAt: () => NOW },
    );
    expect(state.view.debtorAnswerIds).toHaveLength(REMEMBERED_ANSWERS);
    expect(state.view.debtorAnswerIds!.at(-1)).toBe('new');
    expect(state.view.debtorAnswerIds).not.toContain('old-0');
  });
});

describe('debtor answers: dispute', () => {
  it('acts as a dispute raised by the debtor, its reason code and its words', () => {
    const { state, answer } = setup();
    answer({ answerId: 'd-1', answer: 'dispute', reason: 'wrong_amount', text: 'we ordered 10, not 12' });
    expect(state.view.stage).toBe('disputed');
    expect(state.view.dispute).toMatchObject({ reason: 'wrong_amount: we ordered 10, not 12', raisedBy: 'debtor' });
    expect(events(state, 'debtor_answer')[0]!.detail).toMatchObject({
      by: 'debtor',
      via: 'self_service',
      reason: 'wrong_amount',
      text: 'we ordered 10, not 12',
    });
  });

  it('keeps the code alone without words, and refuses a reason the page does not offer or a second dispute', () => {
    const { state, answer } = setup();
    expect(refusal(() => answer({ answerId: 'd-1', answer: 'dispute', reason: 'bored' } as never)).field).toBe(
      'reason',
    );
    answer({ answerId: 'd-2', answer: 'dispute', reason: 'not_received' });
    expect(state.view.dispute?.reason).toBe('not_received');
    expect(refusal(() => answer({ answerId: 'd-3', answer: 'dispute', reason: 'defective' })).field).toBe('reason');
  });
});

describe('debtor answers: already paid', () => {
  const claim = (answerId = 'p-1'): DebtorAnswer => ({
    answerId,
    answer: 'already_paid',
    paidOn: '2026-03-08',
    reference: 'VIR-889',
  });

  it('holds escalation and asks for a verify_payment task; a second claim meanwhile is refused', () => {
    const { state, answer } = setup();
    answer(claim());
    expect(state.view.paymentClaim).toMatchObject({ paidOn: '2026-03-08', reference: 'VIR-889', taskId: null });
    expect(isEscalating(state.view)).toBe(false);
    expect(state.followups).toEqual([
      expect.objectContaining({ kind: 'answer_task', taskKind: 'verify_payment', key: 'payment-claim-1' }),
    ]);
    expect(refusal(() => answer(claim('p-2')))).toMatchObject({ field: 'answer' });
  });

  it('refuses a payment said to be made on a day to come, or without a reference', () => {
    const { answer } = setup();
    expect(refusal(() => answer({ ...claim(), paidOn: '2026-03-11' } as DebtorAnswer)).field).toBe('paidOn');
    expect(refusal(() => answer({ ...claim(), reference: '  ' } as DebtorAnswer)).field).toBe('reference');
  });

  it('resumes escalation when the money is not found', () => {
    const { state, answer } = setup();
    answer(claim());
    attachClaimTask(state, 'payment-claim-1', 'task-9');
    state.followups = [];
    const checked = { taskId: 'task-9', outcome: 'not_found' as const, by: 'ops:marie' };
    refuseOnDomainError(() => validatePaymentClaimChecked(state, checked));
    expect(applyPaymentClaimChecked(state, checked, TZ)).toBe(false);
    expect(state.view.paymentClaim).toBeNull();
    expect(isEscalating(state.view)).toBe(true);
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
    expect(state.view.paymentClaims).toEqual([expect.objectContaining({ taskId: 'task-9', outcome: 'not_found' })]);
    // The same check again is answered with the state; another outcome for it is refused.
    expect(() => refuseOnDomainError(() => validatePaymentClaimChecked(state, checked))).not.toThrow();
    expect(
      refusal(() => refuseOnDomainError(() => validatePaymentClaimChecked(state, { ...checked, outcome: 'confirmed' })))
        .field,
    ).toBe('outcome');
  });

  it('records the payment on the day the debtor gave and closes as paid when confirmed', () => {
    const { state, answer } = setup();
    answer(claim());
    attachClaimTask(state, 'payment-claim-1', 'task-9');
    expect(applyPaymentClaimChecked(state, { taskId: 'task-9', outcome: 'confirmed' }, TZ)).toBe(true);
    expect(state.view.payments).toEqual([
      {
        paymentId: 'claim:task-9',
        amount: 120_000,
        currency: 'EUR',
        receivedAt: '2026-03-07T23:00:00.000Z',
        reference: 'VIR-889',
      },
    ]);
    expect(state.view).toMatchObject({ status: 'paid', balance: 0, paymentClaim: null });
    expect(events(state, 'payment_claim_checked')[0]!.detail).toMatchObject({ outcome: 'confirmed', amount: 120_000 });
  });

  it('takes a part confirmed and resumes escalation for the rest', () => {
    const { state, answer } = setup();
    answer(claim());
    attachClaimTask(state, 'payment-claim-1', 'task-9');
    state.followups = [];
    applyPaymentClaimChecked(state, { taskId: 'task-9', outcome: 'confirmed', amount: 20_000 }, TZ);
    expect(state.view).toMatchObject({ status: 'open', balance: 100_000 });
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
  });

  it('refuses a check under a task it does not know', () => {
    const { state, answer } = setup();
    answer(claim());
    attachClaimTask(state, 'payment-claim-1', 'task-9');
    expect(
      refusal(() =>
        refuseOnDomainError(() => validatePaymentClaimChecked(state, { taskId: 'task-1', outcome: 'not_found' })),
      ),
    ).toMatchObject({ field: 'taskId' });
  });

  it('ends the claim when a real payment settles the invoice first', () => {
    const { state, answer } = setup();
    answer(claim());
    attachClaimTask(state, 'payment-claim-1', 'task-9');
    state.applyPayment({ paymentId: 'sepa-1', amount: 120_000, currency: 'EUR', receivedAt: NOW });
    expect(state.view).toMatchObject({ status: 'paid', paymentClaim: null });
    expect(state.view.paymentClaims).toEqual([expect.objectContaining({ taskId: 'task-9', outcome: 'closed' })]);
    // The task's completion that comes after is answered with the state.
    expect(() =>
      refuseOnDomainError(() => validatePaymentClaimChecked(state, { taskId: 'task-9', outcome: 'confirmed' })),
    ).not.toThrow();
  });
});

describe('debtor answers: request a plan', () => {
  const instalments = [
    { dueDate: '2026-03-31', amount: 60_000 },
    { dueDate: '2026-04-30', amount: 60_000 },
  ];

  it('refuses a plan operations could not agree, naming the field', () => {
    const { answer } = setup();
    const short = [{ dueDate: '2026-03-31', amount: 60_000 }];
    expect(refusal(() => answer({ answerId: 'r-1', answer: 'request_plan', instalments: short })).field).toBe(
      'instalments',
    );
  });

  it('asks a manager with an approval task carrying the plan, holds escalation, and refuses a second request', () => {
    const { state, answer } = setup();
    answer({ answerId: 'r-1', answer: 'request_plan', instalments });
    expect(state.view.planRequest).toMatchObject({ instalments, taskId: null });
    expect(isEscalating(state.view)).toBe(false);
    expect(state.followups).toEqual([
      expect.objectContaining({
        kind: 'answer_task',
        taskKind: 'approval',
        key: 'plan-request-1',
        detail: expect.objectContaining({ kind: 'instalment_plan', instalments, total: 120_000 }),
      }),
    ]);
    expect(refusal(() => answer({ answerId: 'r-2', answer: 'request_plan', instalments })).field).toBe('instalments');
  });

  it('agrees the plan when approved, by the approver', () => {
    const { state, answer } = setup();
    answer({ answerId: 'r-1', answer: 'request_plan', instalments });
    attachPlanRequestTask(state, 'plan-request-1', 'task-a');
    expect(isPlanRequestTask(state, 'task-a')).toBe(true);
    const decided = { taskId: 'task-a', decision: 'approved' as const, by: 'ops:marc' };
    refuseOnDomainError(() => validatePlanDecision(state, decided, TZ));
    applyPlanDecision(state, decided, TZ, 'P5D');
    expect(state.view.stage).toBe('instalment_plan');
    expect(state.view.plan).toMatchObject({ status: 'active', agreedBy: 'ops:marc', total: 120_000 });
    expect(state.view.planRequest).toBeNull();
    expect(() => refuseOnDomainError(() => validatePlanDecision(state, decided, TZ))).not.toThrow();
  });

  it('resumes escalation when rejected', () => {
    const { state, answer } = setup();
    answer({ answerId: 'r-1', answer: 'request_plan', instalments });
    attachPlanRequestTask(state, 'plan-request-1', 'task-a');
    state.followups = [];
    applyPlanDecision(state, { taskId: 'task-a', decision: 'rejected', note: 'too long' }, TZ, 'P5D');
    expect(state.view.plan).toBeNull();
    expect(isEscalating(state.view)).toBe(true);
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
  });

  it('refuses to approve a plan a payment has since made wrong', () => {
    const { state, answer } = setup();
    answer({ answerId: 'r-1', answer: 'request_plan', instalments });
    attachPlanRequestTask(state, 'plan-request-1', 'task-a');
    state.applyPayment({ paymentId: 'p1', amount: 10_000, currency: 'EUR', receivedAt: NOW });
    expect(
      refusal(() =>
        refuseOnDomainError(() => validatePlanDecision(state, { taskId: 'task-a', decision: 'approved' }, TZ)),
      ).field,
    ).toBe('decision');
  });
});
