/**
 * The statutory claim of a formal notice, formatted for the customer's locale: what the letter and the e-mail state
 * and which law's wording they use. A notice without a claim (no statutory late-payment law applies, or the currency
 * or law is not one the engine computes) carries `claim: null` and states the principal only.
 */
export interface NoticeClaim {
  /** ISO 3166-1 alpha-2 of the law that governs the claim. */
  governingLaw: string;
  /** The law's name of the country, in the letter's language ("Italie", "Italy"). */
  countryName: string;
  table: 'ECB_MRO' | 'DE_BASE' | 'BOE_BANK';
  /** Points over the reference rate, formatted ("10", "8"). */
  points: string;
  rateFixing: 'half_year' | 'fixed_at_start';
  imputation: 'interest_first' | 'principal_first';
  citations: string[];
  /** Principal before part-payments: `principal` + `paidPrincipal`. */
  principalBefore: string;
  principal: string;
  /** Interest still unpaid. */
  interest: string;
  interestAccrued: string;
  /** Present when part-payments paid some of the principal or of the interest. */
  paidPrincipal?: string;
  paidInterest?: string;
  indemnity: string;
  /** False when the law gives no fixed indemnity (or it is zero): the texts then never mention one. */
  hasIndemnity: boolean;
  total: string;
  /** The rate running on the day of the notice ("12,15 %"). */
  ratePercent: string;
  dailyInterest: string;
  /** The first day interest runs, formatted; undefined when nothing is late. */
  interestFrom?: string;
  periods: { from: string; to: string; days: number; ratePercent: string; base: string; interest: string }[];
}

export type LawFamily = 'FR' | 'BE' | 'LU' | 'CH' | 'DE' | 'GB' | 'EU' | 'OTHER';

/** Member states whose transposition of Directive 2011/7/EU is cited through the directive. */
const EU = new Set('AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '));

/** The wording a law gets: its own for the laws written out here, the directive's for the rest of the EU. */
export function lawFamily(governingLaw: string | undefined): LawFamily {
  const code = (governingLaw ?? '').toUpperCase();
  if (code === 'UK') return 'GB';
  if (['FR', 'BE', 'LU', 'CH', 'DE', 'GB'].includes(code)) return code as LawFamily;
  return EU.has(code) ? 'EU' : 'OTHER';
}

/** Whether a part-payment changed the base over the delay: each interest row then names its own base. */
export const basesVary = (claim: NoticeClaim): boolean => claim.periods.some((p) => p.base !== claim.principalBefore);
