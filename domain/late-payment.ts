import { nextBusinessDay } from './business-calendar';
import { addDays, assertCalendarDate, calendarDate, daysInclusive } from './calendar-date';
import { DomainError, quote } from './domain-error';
import { Money, assertMinorAmount, assertMoney } from './money';
import { referenceRateHundredths } from './rates/reference-rate';
import type { InterestPeriod, LatePaymentInput, StatutoryAmounts } from './statutory-amounts';
import { StatutoryRule, statutoryRule } from './statutory-laws';

export type { InterestPeriod, LatePaymentInput, StatutoryAmounts, StatutoryLaw } from './statutory-amounts';
export { RatesOutdatedError } from './rates/rates-outdated-error';
export { EURO_AREA_COUNTRIES, statutoryLaw, supportsStatutoryAmounts } from './statutory-laws';

interface Payment {
  date: string;
  amount: number;
}

function halfYear(date: string): { start: string; end: string } {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) <= 6
    ? { start: calendarDate(year, 1, 1), end: calendarDate(year, 6, 30) }
    : { start: calendarDate(year, 7, 1), end: calendarDate(year, 12, 31) };
}

/** Exact integer division rounded half away from zero. */
function divideRounded(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  if ((magnitude % denominator) * 2n >= denominator) quotient += 1n;
  return Number(negative ? -quotient : quotient);
}

/** base × rate × days / 365 with the rate in hundredths of a percent: 365 × 100 × 100 = 3,650,000. */
function interestFor(base: number, hundredths: number, days: number): number {
  return divideRounded(BigInt(base) * BigInt(hundredths) * BigInt(days), 3_650_000n);
}

function validPayments(input: LatePaymentInput): Payment[] {
  if (input.payments === undefined) return [];
  if (!Array.isArray(input.payments)) throw new DomainError('payments', 'array', 'payments: expected an array');
  let total = 0;
  const payments = input.payments.map(({ date, amount }, i) => {
    assertCalendarDate(date, `payments[${i}].date`);
    if (date > input.asOf) {
      throw new DomainError(
        `payments[${i}].date`,
        'after_as_of',
        `payments[${i}].date: ${date} is after asOf ${input.asOf}`,
      );
    }
    assertMinorAmount(amount, `payments[${i}].amount`);
    if (amount === 0)
      throw new DomainError(`payments[${i}].amount`, 'positive', `payments[${i}].amount: must be positive`);
    total += amount;
    if (total > input.principal.amount) {
      throw new DomainError(
        `payments[${i}].amount`,
        'exceeds_principal',
        `payments[${i}].amount: the payments add up to more than the principal ${input.principal.amount}`,
      );
    }
    return { date, amount };
  });
  return payments.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function ruleFor(governingLaw: unknown): StatutoryRule {
  const rule = typeof governingLaw === 'string' ? statutoryRule(governingLaw) : null;
  if (!rule) {
    throw new DomainError(
      'governingLaw',
      'unsupported_law',
      `governingLaw: no statutory late-payment claim is computed under ${quote(governingLaw)}`,
    );
  }
  return rule;
}

/** The statutory rate in hundredths of a percent for a period starting on `start` (interest running from `interestFrom`). */
function statutoryHundredths(
  rule: StatutoryRule,
  input: LatePaymentInput,
  interestFrom: string,
  start: string,
): number {
  const referenceDate =
    rule.law.rateFixing === 'fixed_at_start' ? addDays(halfYear(interestFrom).start, -1) : halfYear(start).start;
  const hundredths = referenceRateHundredths(input.rates, rule.law.table, referenceDate) + rule.law.points * 100;
  const step = rule.roundUpToHundredths;
  return step ? Math.ceil(hundredths / step) * step : hundredths;
}

/**
 * Statutory late-payment interest (simple, /365, per period of constant rate and constant unpaid principal, from the
 * day after the — shifted — due date to `asOf` inclusive) and the fixed recovery sum. A part-payment on day P ends a
 * period on P; it pays accrued interest first where the law imputes so, then the principal.
 */
export function computeLatePaymentAmounts(input: LatePaymentInput): StatutoryAmounts {
  const { principal, dueDate, asOf } = input;
  assertMoney(principal, 'principal');
  assertCalendarDate(dueDate, 'dueDate');
  assertCalendarDate(asOf, 'asOf');
  const rule = ruleFor(input.governingLaw);
  const { law } = rule;
  if (principal.currency !== law.indemnityCurrency) {
    throw new DomainError(
      'currency',
      'currency_mismatch',
      `currency: the ${law.governingLaw} recovery sum is fixed in ${law.indemnityCurrency}, the invoice is in ${principal.currency}`,
    );
  }
  const payments = validPayments(input);
  const currency = principal.currency;
  const money = (amount: number): Money => ({ amount, currency });

  const lateAfter = rule.businessDayCountry ? nextBusinessDay(dueDate, rule.businessDayCountry) : dueDate;
  let base = principal.amount;
  let paidPrincipal = 0;
  let paidInterest = 0;
  let accrued = 0;
  let next = 0;
  for (; next < payments.length && (payments[next] as Payment).date <= lateAfter; next++) {
    base -= (payments[next] as Payment).amount;
    paidPrincipal += (payments[next] as Payment).amount;
  }
  const late = asOf > lateAfter && base > 0;
  const interestFrom = late ? addDays(lateAfter, 1) : null;
  const indemnity = late ? rule.indemnity(base).amount : 0;

  const periods: InterestPeriod[] = [];
  for (let start = interestFrom; start !== null && start <= asOf && base > 0;) {
    let to = asOf;
    if (law.rateFixing === 'half_year' && halfYear(start).end < to) to = halfYear(start).end;
    const payment = payments[next];
    if (payment && payment.date < to) to = payment.date;
    const ratePercent = statutoryHundredths(rule, input, interestFrom as string, start);
    const days = daysInclusive(start, to);
    const interest = interestFor(base, ratePercent, days);
    periods.push({ from: start, to, days, ratePercent: ratePercent / 100, base, interest });
    accrued += interest;
    // Payments made on `to` count from the next day: the day of payment still carries the old base.
    for (; next < payments.length && (payments[next] as Payment).date === to; next++) {
      let amount = (payments[next] as Payment).amount;
      if (law.imputation === 'interest_first') {
        const toInterest = Math.min(amount, accrued - paidInterest);
        paidInterest += toInterest;
        amount -= toInterest;
      }
      const toPrincipal = Math.min(amount, base);
      base -= toPrincipal;
      paidPrincipal += toPrincipal;
      paidInterest += amount - toPrincipal;
    }
    start = addDays(to, 1);
  }

  const last = periods[periods.length - 1];
  const interest = accrued - paidInterest;
  return {
    governingLaw: law.governingLaw,
    currency,
    computedOn: asOf,
    interestFrom,
    principal: money(base),
    interest: money(interest),
    indemnity: money(indemnity),
    total: money(base + interest + indemnity),
    interestAccrued: money(accrued),
    paid: { interest: money(paidInterest), principal: money(paidPrincipal) },
    dailyInterest: money(last ? interestFor(base, Math.round(last.ratePercent * 100), 1) : 0),
    ratePercent: last ? last.ratePercent : null,
    law: { ...law, citations: [...law.citations] },
    periods,
  };
}
