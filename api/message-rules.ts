import { dueMoment } from '../domain/due-moment';
import { FieldIssue, ValidationError } from './http-errors';
import type { InstalmentPlanBody } from './invoice-schemas';

/**
 * Rules the API checks before a message reaches the workflow, so that a refusal names the field at once; the
 * workflow's own validators check the same against its live state.
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
  const issues: FieldIssue[] = [];
  let previous: string | undefined;
  plan.instalments.forEach((instalment, i) => {
    const field = `instalments[${i}].dueDate`;
    const at = dueMoment(instalment.dueDate, context.timezone);
    if (Date.parse(at) <= context.now.getTime()) {
      issues.push({ field, rule: 'future', message: `${field}: '${instalment.dueDate}' is not in the future` });
    } else if (previous !== undefined && at <= previous) {
      issues.push({
        field,
        rule: 'ascending',
        message: `${field}: '${instalment.dueDate}' must come after instalments[${i - 1}].dueDate`,
      });
    }
    previous = at;
  });
  const total = plan.instalments.reduce((sum, instalment) => sum + instalment.amount, 0);
  if (total !== balance.amount) {
    issues.push({
      field: 'instalments',
      rule: 'sum_to_balance',
      message: `instalments: they sum to ${total} but the balance is ${balance.amount} ${balance.currency} (minor units)`,
    });
  }
  if (issues.length) throw new ValidationError(issues, 422);
}

/** A date the debtor or a person commits to (a promise, the end of a hold) must lie ahead. */
export function checkFutureDate(value: string, field: string, context: RuleContext): void {
  if (Date.parse(dueMoment(value, context.timezone)) <= context.now.getTime()) {
    throw new ValidationError([{ field, rule: 'future', message: `${field}: '${value}' is not in the future` }], 422);
  }
}

/** An amount that must not exceed the balance (a promise, a credit on a partly upheld dispute). */
export function checkWithinBalance(amount: number, field: string, balance: number, strict = false): void {
  if (amount > balance || (strict && amount === balance)) {
    throw new ValidationError(
      [
        {
          field,
          rule: 'within_balance',
          message: `${field}: ${amount} ${strict ? 'must be below' : 'exceeds'} the balance of ${balance}`,
        },
      ],
      422,
    );
  }
}
