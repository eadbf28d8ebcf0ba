import { DomainError, quote } from './domain-error';
import { Money, assertMoney } from './money';
import { supportsStatutoryAmounts } from './statutory-laws';

export type LegalRoute =
  | 'small_claims'
  | 'injonction_de_payer'
  | 'refere_provision'
  | 'assignation_au_fond'
  | 'european_order_for_payment'
  | 'european_small_claims'
  | 'mahnverfahren'
  | 'klage'
  | 'money_claim_online'
  | 'small_claims_track'
  | 'county_court_claim'
  | 'national_order_for_payment'
  | 'national_court_claim'
  | 'local_counsel';

export interface LegalRouteInput {
  /** ISO 3166-1 alpha-2 of the law governing the claim. */
  governingLaw: string;
  creditorCountry: string;
  /** Where the debtor is established: its courts always have jurisdiction (Reg. (EU) 1215/2012 art. 4). */
  debtorCountry: string;
  /** What the creditor claims, principal and interest. */
  outstanding: Money;
  /** The debtor disputes the debt. */
  contested: boolean;
  /** false when the debtor's objection has no substance: the référé-provision is then open. */
  seriouslyContestable?: boolean;
}

export interface LegalRouteRecommendation {
  route: LegalRoute;
  reason: string;
  alternatives: LegalRoute[];
  /** Creditor and debtor are established in different states. */
  crossBorder: boolean;
  /** What must happen before any claim is issued (England and Wales: the letter before claim). */
  preAction?: string;
}

export const EU_MEMBER_STATES: readonly string[] = [
  ...['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU'],
  ...['IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
];

// Denmark is not bound by the European order for payment or small claims regulations (Protocol No 22).
const inEuInstruments = (country: string): boolean => country !== 'DK' && EU_MEMBER_STATES.includes(country);

const within = (money: Money, amount: number, currency: string): boolean =>
  money.currency === currency && money.amount <= amount;

// Art. R125-1 CPCE and Reg. (EC) 861/2007 art. 2(1) as amended by Reg. (EU) 2015/2421: 5,000 EUR.
const FIVE_THOUSAND_EUROS = 500_000;
const TEN_THOUSAND_POUNDS = 1_000_000;
const HUNDRED_THOUSAND_POUNDS = 10_000_000;

const LETTER_BEFORE_CLAIM =
  'Send a letter before claim (Practice Direction – Pre-Action Conduct and Protocols) giving the debtor at least 14 days to answer, stating the sum due and the statutory interest under the Late Payment of Commercial Debts (Interest) Act 1998 with its rate and daily amount.';

type Advice = Omit<LegalRouteRecommendation, 'crossBorder'>;

function french(outstanding: Money, contested: boolean, seriouslyContestable?: boolean): Advice {
  if (contested && seriouslyContestable === false) {
    return {
      route: 'refere_provision',
      reason:
        'The objection raised does not seriously contest the obligation: ask the president of the commercial court for an interim payment (référé-provision, art. 873 para. 2 CPC), which needs no urgency.',
      alternatives: ['assignation_au_fond'],
    };
  }
  if (contested) {
    return {
      route: 'assignation_au_fond',
      reason:
        'The debtor contests the debt, so it must be decided on the merits: summon the debtor before the commercial court (assignation au fond).',
      alternatives: [],
    };
  }
  if (within(outstanding, FIVE_THOUSAND_EUROS, 'EUR')) {
    return {
      route: 'small_claims',
      reason:
        'The debt is uncontested and at most 5,000 EUR in principal and interest: a commissaire de justice runs the simplified small-claims recovery procedure (art. L125-1 and R125-1 CPCE), inviting the debtor to agree within the procedure; if the debtor refuses or does not answer within one month, apply for an injonction de payer.',
      alternatives: ['injonction_de_payer', 'refere_provision'],
    };
  }
  return {
    route: 'injonction_de_payer',
    reason:
      'The debt is uncontested: apply to the commercial court for an order for payment (injonction de payer, art. 1405 CPC), enforceable only if the debtor does not oppose it within one month of service.',
    alternatives: ['refere_provision'],
  };
}

function german(outstanding: Money, contested: boolean): Advice {
  if (!contested && outstanding.currency === 'EUR') {
    return {
      route: 'mahnverfahren',
      reason:
        'The debt is uncontested: apply online to the central Mahngericht for a payment order (gerichtliches Mahnverfahren, §§ 688 ff. ZPO); without objection it leads to an enforceable Vollstreckungsbescheid.',
      alternatives: ['klage'],
    };
  }
  return {
    route: 'klage',
    reason: contested
      ? 'The debtor contests the debt: bring an action for payment (Klage) before the Amtsgericht or Landgericht competent by value (§§ 23, 71 GVG).'
      : 'The Mahnverfahren only takes sums in euro (§ 688(1) ZPO): bring an action for payment (Klage) before the court competent by value (§§ 23, 71 GVG).',
    alternatives: [],
  };
}

function english(outstanding: Money, contested: boolean): Advice {
  const preAction = LETTER_BEFORE_CLAIM;
  if (!contested && within(outstanding, HUNDRED_THOUSAND_POUNDS, 'GBP')) {
    return {
      route: 'money_claim_online',
      reason:
        'The debt is uncontested, in sterling and at most £100,000: issue the claim through Money Claim Online; if the debtor does not respond, request judgment in default (CPR Part 12).',
      alternatives: ['county_court_claim'],
      preAction,
    };
  }
  if (contested && within(outstanding, TEN_THOUSAND_POUNDS, 'GBP')) {
    return {
      route: 'small_claims_track',
      reason:
        'The debt is contested and at most £10,000: the defended claim is allocated to the small claims track of the County Court (CPR Part 27).',
      alternatives: [],
      preAction,
    };
  }
  return {
    route: 'county_court_claim',
    reason: `The debt is ${contested ? 'contested' : 'uncontested'} and ${outstanding.currency === 'GBP' ? 'above the online or small-claims ceiling' : 'not in sterling'}: issue a Part 7 claim (form N1) in the County Court.`,
    alternatives: [],
    preAction,
  };
}

function national(country: string, contested: boolean): Advice {
  return contested
    ? {
        route: 'national_court_claim',
        reason: `The debtor contests the debt: bring an action for payment before the competent court in ${country}.`,
        alternatives: [],
      }
    : {
        route: 'national_order_for_payment',
        reason: `The debt is uncontested: apply for the national order for payment in ${country}.`,
        alternatives: ['national_court_claim'],
      };
}

/** The route in the courts of `forum` for a claim that does not use the European instruments. */
function domestic(forum: string, input: LegalRouteInput): Advice | null {
  if (forum === 'FR') return french(input.outstanding, input.contested, input.seriouslyContestable);
  if (forum === 'DE') return german(input.outstanding, input.contested);
  if (forum === 'GB') return english(input.outstanding, input.contested);
  if (EU_MEMBER_STATES.includes(forum) && supportsStatutoryAmounts(forum)) return national(forum, input.contested);
  return null;
}

function european(debtor: string, input: LegalRouteInput): Advice {
  const nationalRoute = domestic(debtor, input) ?? national(debtor, input.contested);
  const smallClaims = within(input.outstanding, FIVE_THOUSAND_EUROS, 'EUR');
  if (!input.contested) {
    return {
      route: 'european_order_for_payment',
      reason:
        'Creditor and debtor are established in different Member States and the debt is uncontested: apply for a European order for payment (Reg. (EC) 1896/2006, no ceiling), enforceable throughout the EU without exequatur unless the debtor lodges a statement of opposition within 30 days of service.',
      alternatives: smallClaims ? ['european_small_claims', nationalRoute.route] : [nationalRoute.route],
    };
  }
  if (smallClaims) {
    return {
      route: 'european_small_claims',
      reason:
        'Creditor and debtor are established in different Member States and the contested claim is at most 5,000 EUR: use the European small claims procedure (Reg. (EC) 861/2007 as amended by Reg. (EU) 2015/2421), a written procedure with a judgment enforceable throughout the EU.',
      alternatives: [nationalRoute.route],
    };
  }
  return {
    ...nationalRoute,
    reason: `${nationalRoute.reason} The courts of ${debtor}, where the debtor is established, have jurisdiction (Reg. (EU) 1215/2012 art. 4).`,
  };
}

function countryCode(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) {
    throw new DomainError(field, 'country_code', `${field}: ${quote(value)} is not an ISO 3166-1 alpha-2 code`);
  }
  return value.toUpperCase();
}

/**
 * The court route for a B2B debt and why. None of them rests on a letter from the creditor: enforcement needs an
 * enforceable title (a court order or judgment, or the small-claims agreement made enforceable) first.
 */
export function recommendLegalRoute(input: LegalRouteInput): LegalRouteRecommendation {
  const { outstanding, contested } = input;
  assertMoney(outstanding, 'outstanding');
  if (outstanding.amount === 0) {
    throw new DomainError('outstanding.amount', 'positive', 'outstanding.amount: nothing is left to recover');
  }
  if (typeof contested !== 'boolean') {
    throw new DomainError('contested', 'boolean', 'contested: must be true or false');
  }
  const law = countryCode(input.governingLaw, 'governingLaw');
  const creditor = countryCode(input.creditorCountry, 'creditorCountry');
  const debtor = countryCode(input.debtorCountry, 'debtorCountry');
  const crossBorder = creditor !== debtor;
  const lawKnown = law === 'GB' || (EU_MEMBER_STATES.includes(law) && supportsStatutoryAmounts(law));
  const advice = !lawKnown
    ? null
    : crossBorder
      ? inEuInstruments(creditor) && inEuInstruments(debtor)
        ? european(debtor, input)
        : null
      : domestic(debtor, input);
  if (advice) return { ...advice, crossBorder };
  return {
    route: 'local_counsel',
    reason: !lawKnown
      ? `Relance does not assess claims governed by ${law} law: instruct counsel qualified in it.`
      : `The debtor is established in ${debtor}${crossBorder ? ', outside the reach of the European payment procedures for this claim' : ''}: instruct counsel there on jurisdiction and on having a judgment recognised and enforced.`,
    alternatives: [],
    crossBorder,
  };
}
