import { addDays, assertCalendarDate, calendarDate, daysInclusive } from './calendar-date';
import { DomainError, quote } from './domain-error';
import { Money, addMoney, assertMoney } from './money';
import { BOE_BANK_RATE } from './rates/boe-bank-rate';
import { DE_BASE_RATE } from './rates/de-base-rate';
import { ECB_MAIN_REFINANCING_RATE } from './rates/ecb-main-refinancing-rate';
import { RateChange, rateInForceOn } from './rates/rate-change';

export interface InterestPeriod {
  from: string;
  to: string;
  days: number;
  ratePercent: number;
  /** Minor units of the principal's currency, rounded once for the period. */
  interest: number;
}

export interface StatutoryAmounts {
  principal: Money;
  interest: Money;
  indemnity: Money;
  total: Money;
  currency: string;
  computedOn: string;
  jurisdiction: string;
  periods: InterestPeriod[];
}

export interface LatePaymentInput {
  principal: Money;
  /** Calendar date; interest runs from the day after. */
  dueDate: string;
  /** Calendar date, counted. */
  asOf: string;
  /** ISO 3166-1 alpha-2 country whose law governs the claim. */
  jurisdiction: string;
  /** Accepted for callers; no supported jurisdiction distinguishes it (the UK Act covers all businesses since 2002). */
  creditorIsSmallBusiness?: boolean;
}

interface StatutoryRule {
  table: readonly RateChange[];
  points: number;
  /** The date whose reference rate governs the half-year starting on `halfYearStart`. */
  referenceDate: (halfYearStart: string) => string;
  indemnity: (principal: Money) => Money;
}

const HALF_YEAR_START = (start: string): string => start;
const FORTY_EUROS = (): Money => ({ amount: 4000, currency: 'EUR' });

// Directive 2011/7/EU art. 2(6): for euro-area states the reference rate is the ECB main
// refinancing rate in force on 1 January / 1 July. Non-euro states use their own central bank's
// rate, which is not tabulated here, so they are refused rather than mis-stated.
export const EURO_AREA_COUNTRIES: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
];

// Late Payment of Commercial Debts (Interest) Act 1998 s.5A: 40, 70 or 100 GBP by the size of the debt.
function ukFixedSum(principal: Money): Money {
  const pounds = principal.amount < 100_000 ? 40 : principal.amount < 1_000_000 ? 70 : 100;
  return { amount: pounds * 100, currency: 'GBP' };
}

const RULES: Readonly<Record<string, StatutoryRule>> = {
  // Code de commerce art. L441-10 (ECB rate + 10 points) and art. D441-5 (40 EUR per invoice).
  FR: { table: ECB_MAIN_REFINANCING_RATE, points: 10, referenceDate: HALF_YEAR_START, indemnity: FORTY_EUROS },
  // §288(2) BGB: base rate of the half-year (§247 BGB) + 9 points; §288(5) BGB: 40 EUR.
  DE: { table: DE_BASE_RATE, points: 9, referenceDate: HALF_YEAR_START, indemnity: FORTY_EUROS },
  // Rate of Interest (No. 3) Order 2002: Bank Rate on 31 December / 30 June + 8 points.
  GB: { table: BOE_BANK_RATE, points: 8, referenceDate: (start) => addDays(start, -1), indemnity: ukFixedSum },
};

// Directive 2011/7/EU art. 2(6) and 6: at least ECB + 8 points and 40 EUR. Some states grant more
// (Austria's +9.2 over its base rate, Belgium's rounding up to the half point); the floor never
// over-states a claim.
const EURO_AREA_RULE: StatutoryRule = {
  table: ECB_MAIN_REFINANCING_RATE,
  points: 8,
  referenceDate: HALF_YEAR_START,
  indemnity: FORTY_EUROS,
};

function ruleFor(jurisdiction: string): StatutoryRule | null {
  const code = jurisdiction.toUpperCase();
  return RULES[code] ?? (EURO_AREA_COUNTRIES.includes(code) ? EURO_AREA_RULE : null);
}

export function supportsStatutoryAmounts(jurisdiction: string): boolean {
  return ruleFor(jurisdiction) !== null;
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

function interestPeriods(principal: number, from: string, asOf: string, rule: StatutoryRule): InterestPeriod[] {
  const periods: InterestPeriod[] = [];
  for (let start = from; start <= asOf;) {
    const half = halfYear(start);
    const to = half.end < asOf ? half.end : asOf;
    const referenceDate = rule.referenceDate(half.start);
    const reference = rateInForceOn(rule.table, referenceDate);
    if (reference === null) {
      throw new DomainError('dueDate', 'rate_unknown', `dueDate: no reference rate is tabulated for ${referenceDate}`);
    }
    // Rates carry two decimals: work in hundredths of a percent so the arithmetic stays exact.
    const hundredths = Math.round((reference + rule.points) * 100);
    const days = daysInclusive(start, to);
    // principal × rate × days / 365, rate = hundredths / 10,000.
    const interest = divideRounded(BigInt(principal) * BigInt(hundredths) * BigInt(days), 3_650_000n);
    periods.push({ from: start, to, days, ratePercent: hundredths / 100, interest });
    start = addDays(to, 1);
  }
  return periods;
}

/**
 * Statutory late-payment interest (simple, per half-year period of constant rate, from the day
 * after the due date to `asOf` inclusive) and the fixed recovery indemnity. Nothing is owed
 * before the debt is late. Throws 'currency_mismatch' when the indemnity's currency (EUR, or GBP
 * in the UK) differs from the invoice's: the law fixes it in that currency and converting it
 * would need an exchange rate the domain does not hold.
 */
export function computeLatePaymentAmounts(input: LatePaymentInput): StatutoryAmounts {
  const { principal, dueDate, asOf } = input;
  assertMoney(principal, 'principal');
  assertCalendarDate(dueDate, 'dueDate');
  assertCalendarDate(asOf, 'asOf');
  const jurisdiction = typeof input.jurisdiction === 'string' ? input.jurisdiction.toUpperCase() : '';
  const rule = ruleFor(jurisdiction);
  if (!rule) {
    throw new DomainError(
      'jurisdiction',
      'unsupported_jurisdiction',
      `jurisdiction: no statutory late-payment rule is known for ${quote(input.jurisdiction)}`,
    );
  }
  const indemnityDue = rule.indemnity(principal);
  if (indemnityDue.currency !== principal.currency) {
    throw new DomainError(
      'currency',
      'currency_mismatch',
      `currency: the ${jurisdiction} recovery indemnity is fixed in ${indemnityDue.currency}, the invoice is in ${principal.currency}`,
    );
  }
  const late = asOf > dueDate && principal.amount > 0;
  const periods = late ? interestPeriods(principal.amount, addDays(dueDate, 1), asOf, rule) : [];
  const currency = principal.currency;
  const interest: Money = { amount: periods.reduce((sum, p) => sum + p.interest, 0), currency };
  const indemnity: Money = late ? indemnityDue : { amount: 0, currency };
  return {
    principal: { ...principal },
    interest,
    indemnity,
    total: addMoney(addMoney(principal, interest), indemnity),
    currency,
    computedOn: asOf,
    jurisdiction,
    periods,
  };
}
