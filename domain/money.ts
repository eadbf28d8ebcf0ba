import { DomainError, quote } from './domain-error';

export interface Money {
  /** Integer amount in the currency's minor unit (cents for EUR, yen for JPY, fils for KWD). */
  amount: number;
  /** ISO 4217 alphabetic code, upper case. */
  currency: string;
}

// ISO 4217 minor-unit exponents (SIX list). Currencies absent here are refused rather than
// guessed, because a wrong exponent turns 100.00 into 10,000.
const MINOR_UNITS: Readonly<Record<string, number>> = {
  // Euro area and EU/EEA currencies outside it.
  EUR: 2,
  BGN: 2,
  CZK: 2,
  DKK: 2,
  HUF: 2,
  PLN: 2,
  RON: 2,
  SEK: 2,
  ISK: 0,
  NOK: 2,
  CHF: 2,
  GBP: 2,
  // Other European and major currencies.
  ALL: 2,
  BAM: 2,
  MKD: 2,
  RSD: 2,
  MDL: 2,
  UAH: 2,
  GEL: 2,
  TRY: 2,
  USD: 2,
  CAD: 2,
  MXN: 2,
  BRL: 2,
  ARS: 2,
  CLP: 0,
  COP: 2,
  AUD: 2,
  NZD: 2,
  JPY: 0,
  KRW: 0,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  TWD: 2,
  INR: 2,
  IDR: 2,
  MYR: 2,
  PHP: 2,
  THB: 2,
  VND: 0,
  ZAR: 2,
  ILS: 2,
  AED: 2,
  SAR: 2,
  QAR: 2,
  EGP: 2,
  MAD: 2,
  DZD: 2,
  XOF: 0,
  XAF: 0,
  XPF: 0,
  // Three-decimal currencies.
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  IQD: 3,
  LYD: 3,
  TND: 3,
};

/**
 * The largest amount an invoice, payment or credit may carry, in minor units: 10^13 (a hundred billion euros) is far
 * beyond any invoice, and keeps every sum of them exact in a double and in a bigint column.
 */
export const MAX_MINOR_UNITS = 10 ** 13;

export function isKnownCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MINOR_UNITS, code);
}

export function currencyMinorUnits(currency: string): number {
  if (!isKnownCurrency(currency)) {
    throw new DomainError('currency', 'currency', `currency: ${quote(currency)} is not a supported ISO 4217 code`);
  }
  return MINOR_UNITS[currency] as number;
}

export function assertCurrency(currency: unknown, field = 'currency'): asserts currency is string {
  if (typeof currency !== 'string' || !isKnownCurrency(currency)) {
    throw new DomainError(field, 'currency', `${field}: ${quote(currency)} is not a supported ISO 4217 code`);
  }
}

export function assertMinorAmount(
  amount: unknown,
  field: string,
  options: { allowNegative?: boolean } = {},
): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new DomainError(field, 'minor_units', `${field}: ${quote(amount)} is not an integer amount in minor units`);
  }
  if (Math.abs(amount) > MAX_MINOR_UNITS) {
    throw new DomainError(field, 'max_amount', `${field}: ${amount} is beyond ±${MAX_MINOR_UNITS} minor units`);
  }
  if (amount < 0 && !options.allowNegative) {
    throw new DomainError(field, 'non_negative', `${field}: ${amount} must not be negative`);
  }
}

export function assertMoney(
  money: unknown,
  field = 'amount',
  options: { allowNegative?: boolean } = {},
): asserts money is Money {
  if (typeof money !== 'object' || money === null) {
    throw new DomainError(field, 'money', `${field}: expected { amount, currency }`);
  }
  const { amount, currency } = money as Record<string, unknown>;
  assertMinorAmount(amount, `${field}.amount`, options);
  assertCurrency(currency, `${field}.currency`);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError('currency', 'currency_mismatch', `currency: cannot combine ${a.currency} with ${b.currency}`);
  }
}

function checkedResult(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError('amount', 'minor_units', `amount: ${amount} ${currency} exceeds the safe integer range`);
  }
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return checkedResult(a.amount + b.amount, a.currency);
}

/** May go negative (an overpayment); callers that need a balance check the sign. */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return checkedResult(a.amount - b.amount, a.currency);
}

/** For display and for Double search attributes only; never compute with the result. */
export function toMajorUnits(money: Money): number {
  const digits = currencyMinorUnits(money.currency);
  return money.amount / 10 ** digits;
}

export function formatMoney(money: Money, locale: string): string {
  const digits = currencyMinorUnits(money.currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(toMajorUnits(money));
}
