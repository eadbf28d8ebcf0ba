import { assertPastDate, assertWithinLimit } from '../../domain/commitment-rules';
import { DEFAULT_PROMISE_LIMIT } from '../../domain/dunning-policy';
import { assertCleanText } from '../../domain/text';
import { DEBTOR_ANSWERS, DEBTOR_DISPUTE_REASONS, DebtorAnswer, Instalment } from '../messages';
import { openPaymentClaim, validatePaymentClaim } from './payment-claims';
import { openPlanRequest, validatePlanRequest } from './plan-requests';
import { applyDispute, validateDispute } from './disputes';
import { applyPromise, validatePromise } from './promises';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

/** How many answer ids an invoice remembers: a page resubmitting an answer does so within minutes, not hundreds later. */
export const REMEMBERED_ANSWERS = 100;

/** What the rules of an answer need from the invoice's policy and customer. */
export interface AnswerTerms {
  timezone: string;
  /** The policy's `promiseLimit` (default DEFAULT_PROMISE_LIMIT) and `promiseGrace`. */
  promiseLimit?: string;
  promiseGrace: string;
  /** When a dispute raised now passes its SLA. */
  disputeSlaEndsAt: () => string;
}

/** The same answerId again (a double click, a retried request) is answered with the state as it stands. */
export function isRepeatedAnswer(state: StateCore, answer: DebtorAnswer | undefined): boolean {
  return typeof answer?.answerId === 'string' && !!state.view.debtorAnswerIds?.includes(answer.answerId);
}

/** Each answer is judged by the rules of the message it acts as: a promise, a dispute, a plan, a payment claim. */
export function validateDebtorAnswer(state: StateCore, answer: DebtorAnswer, terms: AnswerTerms): void {
  if (isRepeatedAnswer(state, answer) && !state.ended) return;
  requireOpen(state);
  requireText(answer?.answerId, 'answerId');
  assertCleanText(answer.answerId, 'answerId', { maxLength: 200 });
  const { timezone } = terms;
  const context = { now: state.now(), timezone };
  switch (answer.answer) {
    case 'already_paid':
      validatePaymentClaim(state);
      assertPastDate(answer.paidOn, 'paidOn', context);
      requireText(answer.reference, 'reference');
      assertCleanText(answer.reference, 'reference', { maxLength: 200 });
      return;
    case 'promise_to_pay': {
      validatePromise(state, { promisedDate: answer.promisedDate }, timezone);
      const limit = terms.promiseLimit ?? DEFAULT_PROMISE_LIMIT;
      assertWithinLimit(answer.promisedDate, 'promisedDate', limit, context);
      return;
    }
    case 'dispute':
      if (!DEBTOR_DISPUTE_REASONS.includes(answer.reason)) {
        throw refusal('reason', 'dispute_reason', `reason must be one of ${DEBTOR_DISPUTE_REASONS.join(', ')}`);
      }
      if (answer.text !== undefined) assertCleanText(answer.text, 'text', { multiLine: true, maxLength: 2_000 });
      validateDispute(state, { reason: disputeReason(answer) });
      return;
    case 'request_plan':
      validatePlanRequest(state, answer.instalments, timezone);
      return;
    default:
      throw refusal('answer', 'debtor_answer', `answer must be one of ${DEBTOR_ANSWERS.join(', ')}`);
  }
}

/**
 * Records the answer on the proof trail as said by the debtor, then acts on it as the message it stands for. Once per
 * answerId; false for a repeat.
 */
export function applyDebtorAnswer(state: StateCore, answer: DebtorAnswer, terms: AnswerTerms): boolean {
  if (isRepeatedAnswer(state, answer)) return false;
  const { view } = state;
  view.debtorAnswerIds = [...(view.debtorAnswerIds ?? []), answer.answerId].slice(-REMEMBERED_ANSWERS);
  const { answerId } = answer;
  state.record('debtor_answer', { by: 'debtor', via: 'self_service', answerId, ...answerFields(answer) });
  switch (answer.answer) {
    case 'already_paid':
      openPaymentClaim(
        state,
        { paidOn: answer.paidOn, reference: answer.reference.trim(), answerId },
        view.balance,
        view.currency,
      );
      break;
    case 'promise_to_pay':
      applyPromise(
        state,
        { promisedDate: answer.promisedDate, promisedBy: 'debtor' },
        terms.timezone,
        terms.promiseGrace,
      );
      break;
    case 'dispute':
      applyDispute(state, { reason: disputeReason(answer), raisedBy: 'debtor' }, terms.disputeSlaEndsAt());
      break;
    case 'request_plan':
      openPlanRequest(state, instalmentsOf(answer), answerId);
      break;
  }
  state.changed();
  return true;
}

/** What the debtor said, field by field as the contract names them: nothing else a caller adds reaches the trail. */
function answerFields(answer: DebtorAnswer): Record<string, unknown> {
  switch (answer.answer) {
    case 'already_paid':
      return { answer: answer.answer, paidOn: answer.paidOn, reference: answer.reference };
    case 'promise_to_pay':
      return { answer: answer.answer, promisedDate: answer.promisedDate };
    case 'dispute':
      return {
        answer: answer.answer,
        reason: answer.reason,
        ...(answer.text !== undefined ? { text: answer.text } : {}),
      };
    case 'request_plan':
      return {
        answer: answer.answer,
        instalments: instalmentsOf(answer),
      };
  }
}

const instalmentsOf = (answer: Extract<DebtorAnswer, { answer: 'request_plan' }>): Instalment[] =>
  answer.instalments.map(({ dueDate, amount }) => ({ dueDate, amount }));

/** The dispute as the desk reads it: the debtor's reason code, then its own words. */
function disputeReason(answer: Extract<DebtorAnswer, { answer: 'dispute' }>): string {
  const text = answer.text?.trim();
  return text ? `${answer.reason}: ${text}` : answer.reason;
}
