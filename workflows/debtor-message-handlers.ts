import type { Collection } from './collection';
import { DebtorAnswer, debtorAnswerUpdate, PaymentClaimChecked, paymentClaimCheckedUpdate } from './messages';
import type { Serve } from './message-handlers';
import { AnswerTerms, applyDebtorAnswer, validateDebtorAnswer } from './state/debtor-answers';
import { applyPaymentClaimChecked, validatePaymentClaimChecked } from './state/payment-claims';
import { refuseOnDomainError } from './state/refusal';

/**
 * What the debtor answers on the self-service page, and what operations find when they check a payment it says it
 * made. Updates only: the page shows a refusal to the debtor, who can correct the answer.
 */
export function serveDebtorMessages(c: Collection, serve: Serve): void {
  const { state, timezone } = c;
  serve<DebtorAnswer>(
    null,
    debtorAnswerUpdate,
    (answer) => refuseOnDomainError(() => validateDebtorAnswer(state, answer, answerTerms(c))),
    (answer) => applyDebtorAnswer(state, answer, answerTerms(c)),
  );
  serve<PaymentClaimChecked>(
    null,
    paymentClaimCheckedUpdate,
    (checked) => refuseOnDomainError(() => validatePaymentClaimChecked(state, checked)),
    (checked) => {
      // A confirmed claim is a payment: like any, it acknowledges the debt and lets a time-barred step go on.
      if (applyPaymentClaimChecked(state, checked, timezone) && !state.closed) {
        c.unblock(['time_barred'], `payment claim:${checked.taskId}`);
      }
    },
  );
}

/** The policy in force now (a policy move changes it) and the customer's zone. */
function answerTerms(c: Collection): AnswerTerms {
  return {
    timezone: c.timezone,
    promiseGrace: c.policy.promiseGrace,
    ...(c.policy.promiseLimit ? { promiseLimit: c.policy.promiseLimit } : {}),
    disputeSlaEndsAt: () => c.after(c.policy.disputeSla),
  };
}
