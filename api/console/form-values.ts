import { currencyMinorUnits, isKnownCurrency } from '../../domain/money';
import type { Problem } from './console-api';

/**
 * An amount typed in major units as people write it — "1 234,56", "1234.56", "1,234.56", "1.234,56", "-12" — as integer
 * minor units of the currency (its own number of digits). Undefined when the text is not such an amount (letters, more
 * decimals than the currency has, misplaced groups) or could be read two ways ("1,234" in euros: 1.234 or 1 234?): the
 * form then sends the text as typed and the API's own validation names the field, or says so with `amountProblem`.
 */
export function parseMoneyInput(text: string, currency: string): number | undefined {
  const digits = isKnownCurrency(currency) ? currencyMinorUnits(currency) : 2;
  const compact = text.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  const match = /^(-?)(\d[\d.,]*)$/.exec(compact);
  if (!match || /[.,]$/.test(match[2]!)) return undefined;
  const sign = match[1]!;
  const number = match[2]!;
  const separators = number.replace(/\d/g, '');
  let whole = number;
  let fraction = '';
  const last = Math.max(number.lastIndexOf(','), number.lastIndexOf('.'));
  if (last !== -1) {
    const tail = number.slice(last + 1);
    // A lone separator before exactly three digits groups thousands in English ("1,234") and would be three decimals
    // in French; in a currency with one or two decimals it is neither for sure, so it is refused rather than guessed.
    if (separators.length === 1 && tail.length === 3 && digits > 0 && digits < 3) return undefined;
    // One separator followed by up to the currency's digits is the decimal mark; any other separator groups thousands
    // ("1.234,56", "1,234.56", "1 234", "1.234.567").
    const decimalMark = separators.length === 1 ? tail.length <= digits : new Set(separators).size === 2;
    if (decimalMark) {
      whole = number.slice(0, last);
      fraction = tail;
    }
    const groups = whole.split(/[.,]/);
    if (groups.length > 1 && !groups.slice(1).every((group) => group.length === 3)) return undefined;
    if (new Set(whole.replace(/\d/g, '')).size > 1) return undefined;
    whole = groups.join('');
  }
  if (fraction.length > digits || /[.,]/.test(fraction)) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign ? -minor : minor;
}

/**
 * An amount field of a posted form for the API's body: minor units, or undefined when left blank. Text that is not an
 * amount is the `amountProblem` to show on the form, without calling the API.
 */
export function moneyField(
  body: unknown,
  name: string,
  currency: string,
  field = name,
): { amount: number | undefined; problem?: Problem } {
  const text = formText(body, name);
  if (text === undefined) return { amount: undefined };
  const amount = parseMoneyInput(text, currency);
  return amount === undefined ? { amount, problem: amountProblem(field, text, currency) } : { amount };
}

/** The refusal of an amount the console could not read, shown like the API's refusals (the field named). */
export function amountProblem(field: string, text: string, currency: string): Problem {
  const digits = isKnownCurrency(currency) ? currencyMinorUnits(currency) : 2;
  const example = digits === 0 ? '1 234' : `1 234,${'5'.repeat(digits)} / 1234.${'5'.repeat(digits)}`;
  const message = `${field}: "${text}" is not an amount in ${currency} (at most ${digits} decimals, e.g. ${example})`;
  return { title: 'Bad Request', status: 400, detail: message, errors: [{ field, rule: 'amount', message }] };
}

/** One text field of a posted form, trimmed; blank or absent is undefined, so optional fields stay out of the body. */
export function formText(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
