import type { Money } from './money';
import type { RateTableName, RateTables } from './rates/rate-table';

/**
 * The shapes of the statutory late-payment engine (`late-payment.ts`): what the formal notice, the legal file and
 * `POST /v1/late-payment/quote` state. Amounts are integer minor units of the invoice currency; dates `YYYY-MM-DD`.
 */

export interface LatePaymentInput {
  /** ISO 3166-1 alpha-2 of the law that governs the claim (the invoice's `governingLaw`). */
  governingLaw: string;
  /** The invoice amount before any payment. */
  principal: Money;
  /** The contractual due date; interest runs from the day after it (German law first moves it off a weekend or holiday). */
  dueDate: string;
  /** Counted: interest runs through this day. */
  asOf: string;
  /** Part-payments in minor units of the principal's currency, on their value date; imputed as the law says. */
  payments?: readonly { date: string; amount: number }[];
  rates: RateTables;
}

/** A stretch of constant rate and constant unpaid principal (`base`); a half-year boundary or a payment starts a new one. */
export interface InterestPeriod {
  from: string;
  to: string;
  days: number;
  ratePercent: number;
  /** The unpaid principal over the period. */
  base: number;
  /** base × rate × days / 365, rounded half away from zero once for the period. */
  interest: number;
}

/** What a law says about late payment, for the letters' wording and the quote. */
export interface StatutoryLaw {
  /** ISO 3166-1 alpha-2, upper case. */
  governingLaw: string;
  table: RateTableName;
  /** Points added to the reference rate. */
  points: number;
  /** 'half_year': the rate is re-fixed every half-year; 'fixed_at_start': one rate for the whole delay (UK). */
  rateFixing: 'half_year' | 'fixed_at_start';
  /** Part-payments go to accrued interest first (civil-law imputation), or straight to the principal. */
  imputation: 'interest_first' | 'principal_first';
  /** The currency the fixed indemnity is stated in by the law. */
  indemnityCurrency: string;
  /** Short citations, e.g. ['art. L441-10 C. com.', 'art. D441-5 C. com.']. */
  citations: string[];
}

export interface StatutoryAmounts {
  governingLaw: string;
  currency: string;
  /** The `asOf` date. */
  computedOn: string;
  /** The first day interest runs (after any § 193 BGB shift of the due date); null when nothing is late. */
  interestFrom: string | null;
  /** Principal still unpaid at `computedOn`, after imputation. */
  principal: Money;
  /** Interest still unpaid at `computedOn`: accrued minus what part-payments paid of it. */
  interest: Money;
  indemnity: Money;
  /** principal + interest + indemnity: what the debtor owes at `computedOn`. */
  total: Money;
  /** All interest accrued over the periods (the sum of `periods[].interest`). */
  interestAccrued: Money;
  /** What the part-payments paid, by imputation. */
  paid: { interest: Money; principal: Money };
  /** One day's interest on the unpaid principal at the last period's rate (the UK letter before claim states it). */
  dailyInterest: Money;
  /** The rate of the last period (the rate running on `computedOn`); null when nothing is late. */
  ratePercent: number | null;
  law: StatutoryLaw;
  periods: InterestPeriod[];
}
