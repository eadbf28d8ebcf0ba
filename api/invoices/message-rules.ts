import { assertFutureDate, assertWithinBalance } from '../../domain/commitment-rules';
import { instalmentPlanProblems } from '../../domain/instalment-plan';
import { ValidationError } from '../http/http-errors';
import type { InstalmentPlanBody } from './invoice-schemas';
import { domainCheck } from '../http/validate';

/**
 * Rules the API checks before a message reaches the workflow, so that a refusal names the field at once: the domain's
 * rules (domain/instalment-plan, domain/commitment-rules), which the workflow's validators apply to its live state too.
 */
export interface RuleContext {
  now: Date;
  /** The customer's time zone: a calendar date falls due at the end of that day there. */
  timezone: string;
}

export function checkInstalmentPlan(
  plan: InstalmentPlanBody,
  balance: { amount: number; currency: string },
  context: RuleContext,
): void {
  const problems = instalmentPlanProblems(plan.instalments, {
    balance: balance.amount,
    currency: balance.currency,
    ...domainContext(context),
  });
  const issues = problems.map(({ field, rule, message }) => ({ field, rule, message }));
  if (issues.length) throw new ValidationError(issues, 422);
}

/** A date the debtor or a person commits to (a promise, the end of a hold) must lie ahead. */
export function checkFutureDate(value: string, field: string, context: RuleContext): void {
  domainCheck(() => assertFutureDate(value, field, domainContext(context)), '', 422);
}

/** An amount that must not exceed the balance (a promise), or stay below it (a credit on a partly upheld dispute). */
export function checkWithinBalance(amount: number, field: string, balance: number, strict = false): void {
  domainCheck(() => assertWithinBalance(amount, field, balance, { strict }), '', 422);
}

function domainContext(context: RuleContext): { now: string; timezone: string } {
  return { now: context.now.toISOString(), timezone: context.timezone };
}
