import type { Money } from './money';
import type { StatutoryLaw } from './statutory-amounts';

// Directive 2011/7/EU art. 2(6): for euro-area states the reference rate is the ECB main refinancing rate in force on
// 1 January / 1 July. Non-euro states use their own central bank's rate, which is not tabulated, so they have no claim.
/** The creditor's country, and so the law of late payment, when none is configured (`CREDITOR_COUNTRY`). */
export const DEFAULT_CREDITOR_COUNTRY = 'FR';

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

/** What the engine needs beyond the published `StatutoryLaw`: the fixed sum, the rate rounding, the due-date shift. */
export interface StatutoryRule {
  law: StatutoryLaw;
  /** The fixed recovery sum for a debt of `debt` minor units, in `law.indemnityCurrency`. */
  indemnity: (debt: number) => Money;
  /** The statutory rate is rounded up to a multiple of this many hundredths of a point (BE: 50). */
  roundUpToHundredths?: number;
  /** § 193 BGB: a due date on a weekend or a public holiday of this country moves to the next business day. */
  businessDayCountry?: string;
}

const fortyEuros = (): Money => ({ amount: 4000, currency: 'EUR' });

// Late Payment of Commercial Debts (Interest) Act 1998 s.5A: 40, 70 or 100 GBP by the size of the debt.
function ukFixedSum(debt: number): Money {
  const pounds = debt < 100_000 ? 40 : debt < 1_000_000 ? 70 : 100;
  return { amount: pounds * 100, currency: 'GBP' };
}

const RULES: Readonly<Record<string, StatutoryRule>> = {
  // Code de commerce art. L441-10 (ECB rate + 10 points), art. D441-5 (40 EUR); Code civil art. 1343-1 (imputation).
  FR: {
    law: {
      governingLaw: 'FR',
      table: 'ECB_MRO',
      points: 10,
      rateFixing: 'half_year',
      imputation: 'interest_first',
      indemnityCurrency: 'EUR',
      citations: ['art. L441-10 C. com.', 'art. D441-5 C. com.', 'art. 1343-1 C. civ.'],
    },
    indemnity: fortyEuros,
  },
  // § 288(2) BGB: base rate of the half-year (§ 247) + 9 points; § 288(5): 40 EUR; § 193 due-date shift; § 367 imputation.
  DE: {
    law: {
      governingLaw: 'DE',
      table: 'DE_BASE',
      points: 9,
      rateFixing: 'half_year',
      imputation: 'interest_first',
      indemnityCurrency: 'EUR',
      citations: ['§ 288 Abs. 2 BGB', '§ 288 Abs. 5 BGB', '§ 193 BGB', '§ 367 BGB'],
    },
    indemnity: fortyEuros,
    businessDayCountry: 'DE',
  },
  // SI 2002/1675 art. 4: Bank Rate on the 31 December / 30 June before the half-year in which interest starts + 8
  // points, fixed for the whole delay; s.5A fixed sum. Part-payments reduce the principal (no civil-law imputation).
  GB: {
    law: {
      governingLaw: 'GB',
      table: 'BOE_BANK',
      points: 8,
      rateFixing: 'fixed_at_start',
      imputation: 'principal_first',
      indemnityCurrency: 'GBP',
      citations: ['Late Payment of Commercial Debts (Interest) Act 1998, s.5A', 'SI 2002/1675, art. 4'],
    },
    indemnity: ukFixedSum,
  },
  // Loi du 2 août 2002 art. 5: ECB rate + 8 points rounded up to the next half point; art. 6: 40 EUR.
  BE: {
    law: {
      governingLaw: 'BE',
      table: 'ECB_MRO',
      points: 8,
      rateFixing: 'half_year',
      imputation: 'interest_first',
      indemnityCurrency: 'EUR',
      citations: ['loi du 2 août 2002, art. 5', 'loi du 2 août 2002, art. 6'],
    },
    indemnity: fortyEuros,
    roundUpToHundredths: 50,
  },
};

// NL is left out: art. 6:119a BW compounds the interest yearly, which this simple-interest engine does not do.
const NOT_SUPPORTED: readonly string[] = ['NL'];

// Directive 2011/7/EU art. 2(6) and 6: at least ECB + 8 points and 40 EUR. Some transpositions grant more (Austria's
// 9.2 points over its base rate); the floor never over-states a claim.
function euroAreaRule(code: string): StatutoryRule {
  return {
    law: {
      governingLaw: code,
      table: 'ECB_MRO',
      points: 8,
      rateFixing: 'half_year',
      imputation: 'interest_first',
      indemnityCurrency: 'EUR',
      citations: ['Directive 2011/7/EU, art. 2(6)', 'Directive 2011/7/EU, art. 6'],
    },
    indemnity: fortyEuros,
  };
}

export function statutoryRule(governingLaw: string): StatutoryRule | null {
  const code = typeof governingLaw === 'string' ? governingLaw.toUpperCase() : '';
  if (NOT_SUPPORTED.includes(code)) return null;
  return RULES[code] ?? (EURO_AREA_COUNTRIES.includes(code) ? euroAreaRule(code) : null);
}

/** The statutory late-payment law of `governingLaw`; null when no claim is computed (the letters state the principal only). */
export function statutoryLaw(governingLaw: string): StatutoryLaw | null {
  const rule = statutoryRule(governingLaw);
  return rule ? { ...rule.law, citations: [...rule.law.citations] } : null;
}

export function supportsStatutoryAmounts(governingLaw: string): boolean {
  return statutoryRule(governingLaw) !== null;
}
