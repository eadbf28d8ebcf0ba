import { DomainError } from './domain-error';
import { Money, assertMoney } from './money';

export type LegalRoute = 'small_claims' | 'injonction_de_payer' | 'refere_provision' | 'assignation_au_fond';

export interface LegalRouteInput {
  /** What the creditor claims, principal and interest: the small-claims ceiling counts both. */
  outstanding: Money;
  /** The debtor disputes the debt. */
  contested: boolean;
  /** The debtor's objection has substance; only an obligation not seriously contestable qualifies for a référé. */
  seriouslyContestable?: boolean;
  debtorAgreedToSmallClaims?: boolean;
  urgent?: boolean;
}

export interface LegalRouteRecommendation {
  route: LegalRoute;
  reason: string;
  alternatives: LegalRoute[];
}

// Art. R125-1 CPCE: up to 5,000 EUR in principal and interest.
const SMALL_CLAIMS_CEILING: Money = { amount: 500_000, currency: 'EUR' };

/**
 * The French court route for a B2B debt. None of them rests on the formal notice: a creditor needs
 * an enforceable title (a court order or decision, or the small-claims agreement made enforceable)
 * before a commissaire de justice can enforce anything.
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
  const notSeriouslyContestable = input.seriouslyContestable === false;

  if (contested) {
    return {
      route: 'assignation_au_fond',
      reason:
        'The debtor contests the debt, so it must be decided on the merits: summon the debtor before the commercial court (assignation au fond).',
      alternatives: notSeriouslyContestable ? ['refere_provision'] : [],
    };
  }

  const referePossible = notSeriouslyContestable && input.urgent === true;
  const smallClaimsPossible =
    input.debtorAgreedToSmallClaims === true &&
    outstanding.currency === SMALL_CLAIMS_CEILING.currency &&
    outstanding.amount <= SMALL_CLAIMS_CEILING.amount;

  if (smallClaimsPossible) {
    return {
      route: 'small_claims',
      reason:
        'The debt is uncontested, at most 5,000 EUR, and the debtor agreed to the simplified small-claims recovery procedure (art. L125-1 CPCE), run by a commissaire de justice without going to court.',
      alternatives: referePossible ? ['refere_provision', 'injonction_de_payer'] : ['injonction_de_payer'],
    };
  }

  if (referePossible) {
    return {
      route: 'refere_provision',
      reason:
        'The debt cannot seriously be contested and speed matters: ask the president of the commercial court in summary proceedings for an interim payment (référé-provision, art. 873 para. 2 CPC).',
      alternatives: ['injonction_de_payer'],
    };
  }

  return {
    route: 'injonction_de_payer',
    reason:
      'The debt is uncontested: apply to the court for an order for payment (injonction de payer, art. 1405 CPC). The order becomes enforceable only if the debtor does not oppose it within one month of service.',
    alternatives: ['assignation_au_fond'],
  };
}
