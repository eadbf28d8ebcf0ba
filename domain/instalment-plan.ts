import { assertFutureDate, assertPositiveAmount, CommitmentContext } from './commitment-rules';
import { DomainError, isDomainError, quote } from './domain-error';

/** A plan longer than five years of monthly instalments is no plan a collector would agree. */
export const MAX_INSTALMENTS = 60;

export interface InstalmentTerms {
  dueDate: string;
  amount: number;
}

export interface PlanContext extends CommitmentContext {
  /** The balance the plan must settle, in minor units of `currency`. */
  balance: number;
  currency: string;
}

/**
 * Everything wrong with a proposed plan, in the order a reader meets it: the list itself, then each instalment (its
 * amount, then its date: in the future and after the previous one), then the sum, which must be the balance exactly.
 * Empty when the plan can be agreed.
 */
export function instalmentPlanProblems(instalments: unknown, context: PlanContext): DomainError[] {
  if (!Array.isArray(instalments) || instalments.length === 0) {
    return [new DomainError('instalments', 'non_empty', 'instalments: must be a non-empty array')];
  }
  if (instalments.length > MAX_INSTALMENTS) {
    return [
      new DomainError(
        'instalments',
        'max_instalments',
        `instalments: a plan has at most ${MAX_INSTALMENTS} instalments`,
      ),
    ];
  }
  const problems: DomainError[] = [];
  let previous: string | undefined;
  let total = 0;
  let amountsValid = true;
  (instalments as Partial<InstalmentTerms>[]).forEach((instalment, i) => {
    const field = `instalments[${i}]`;
    if (attempt(problems, () => assertPositiveAmount(instalment?.amount, `${field}.amount`)) === FAILED) {
      amountsValid = false;
    } else {
      total += instalment.amount as number;
    }
    const at = attempt(problems, () => assertFutureDate(instalment?.dueDate, `${field}.dueDate`, context));
    if (at === FAILED) return;
    if (previous !== undefined && at <= previous) {
      const message = `${field}.dueDate: ${quote(instalment.dueDate)} must come after instalments[${i - 1}].dueDate`;
      problems.push(new DomainError(`${field}.dueDate`, 'ascending', message));
    }
    previous = at;
  });
  // A sum over amounts that are not amounts says nothing; the amounts' own problems are reported instead.
  if (amountsValid && total !== context.balance) {
    problems.push(
      new DomainError(
        'instalments',
        'sum_to_balance',
        `instalments: the instalments sum to ${total} but the balance is ${context.balance} (minor units of ${context.currency})`,
      ),
    );
  }
  return problems;
}

/** Refuses a plan with its first problem. */
export function assertInstalmentPlan(
  instalments: unknown,
  context: PlanContext,
): asserts instalments is InstalmentTerms[] {
  const [first] = instalmentPlanProblems(instalments, context);
  if (first) throw first;
}

const FAILED = Symbol('failed');

/** Runs a rule, keeping its DomainError in `problems`; returns what the rule returned, or FAILED when it refused. */
function attempt<T>(problems: DomainError[], rule: () => T): T | typeof FAILED {
  try {
    return rule();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    problems.push(error);
    return FAILED;
  }
}
