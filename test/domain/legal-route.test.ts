import { recommendLegalRoute } from '../../domain/legal-route';
import { domainError } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

describe('recommendLegalRoute', () => {
  it('sends a contested debt to a procedure on the merits', () => {
    const advice = recommendLegalRoute({ outstanding: eur(250_000), contested: true });
    expect(advice.route).toBe('assignation_au_fond');
    expect(advice.alternatives).toEqual([]);
    expect(advice.reason).toMatch(/contests the debt/);
    expect(advice.reason).toMatch(/assignation au fond/);
  });

  it('keeps the référé-provision open for a contested debt whose objection lacks substance', () => {
    const advice = recommendLegalRoute({ outstanding: eur(250_000), contested: true, seriouslyContestable: false });
    expect(advice.route).toBe('assignation_au_fond');
    expect(advice.alternatives).toEqual(['refere_provision']);
  });

  it('uses the small-claims procedure up to 5,000 EUR when the debtor agreed', () => {
    const advice = recommendLegalRoute({
      outstanding: eur(500_000),
      contested: false,
      debtorAgreedToSmallClaims: true,
    });
    expect(advice.route).toBe('small_claims');
    expect(advice.alternatives).toEqual(['injonction_de_payer']);
    expect(advice.reason).toMatch(/art\. L125-1 CPCE/);
    expect(advice.reason).toMatch(/commissaire de justice/);
  });

  it('does not use the small-claims procedure one cent above 5,000 EUR', () => {
    const advice = recommendLegalRoute({
      outstanding: eur(500_001),
      contested: false,
      debtorAgreedToSmallClaims: true,
    });
    expect(advice.route).toBe('injonction_de_payer');
  });

  it('does not use the small-claims procedure without the debtor agreement', () => {
    expect(recommendLegalRoute({ outstanding: eur(100_000), contested: false }).route).toBe('injonction_de_payer');
  });

  it('does not apply the euro ceiling to a claim in another currency', () => {
    const advice = recommendLegalRoute({
      outstanding: { amount: 100_000, currency: 'GBP' },
      contested: false,
      debtorAgreedToSmallClaims: true,
    });
    expect(advice.route).toBe('injonction_de_payer');
  });

  it('offers the référé-provision as an alternative to an agreed small claim when speed matters', () => {
    const advice = recommendLegalRoute({
      outstanding: eur(100_000),
      contested: false,
      debtorAgreedToSmallClaims: true,
      urgent: true,
      seriouslyContestable: false,
    });
    expect(advice.route).toBe('small_claims');
    expect(advice.alternatives).toEqual(['refere_provision', 'injonction_de_payer']);
  });

  it('recommends the référé-provision for an urgent debt that cannot seriously be contested', () => {
    const advice = recommendLegalRoute({
      outstanding: eur(2_000_000),
      contested: false,
      urgent: true,
      seriouslyContestable: false,
    });
    expect(advice.route).toBe('refere_provision');
    expect(advice.alternatives).toEqual(['injonction_de_payer']);
    expect(advice.reason).toMatch(/art\. 873 para\. 2 CPC/);
  });

  it('does not recommend the référé-provision when the debt may be seriously contested or that is unknown', () => {
    const base = { outstanding: eur(2_000_000), contested: false, urgent: true };
    expect(recommendLegalRoute({ ...base, seriouslyContestable: true }).route).toBe('injonction_de_payer');
    expect(recommendLegalRoute(base).route).toBe('injonction_de_payer');
  });

  it('recommends the injonction de payer for an uncontested debt by default', () => {
    const advice = recommendLegalRoute({ outstanding: eur(2_000_000), contested: false });
    expect(advice).toEqual({
      route: 'injonction_de_payer',
      reason:
        'The debt is uncontested: apply to the court for an order for payment (injonction de payer, art. 1405 CPC). The order becomes enforceable only if the debtor does not oppose it within one month of service.',
      alternatives: ['assignation_au_fond'],
    });
  });

  it('never suggests that a formal notice allows a seizure', () => {
    const inputs = [
      { outstanding: eur(100_000), contested: true },
      { outstanding: eur(100_000), contested: false, debtorAgreedToSmallClaims: true },
      { outstanding: eur(100_000), contested: false, urgent: true, seriouslyContestable: false },
      { outstanding: eur(100_000), contested: false },
    ];
    for (const input of inputs) {
      const { reason } = recommendLegalRoute(input);
      expect(reason).not.toMatch(/seiz|saisie|formal notice|mise en demeure/i);
      expect(reason.split(/(?<=\.)\s+(?=[A-Z])/).length).toBeLessThanOrEqual(2);
    }
  });

  it('refuses nothing to recover or a malformed amount', () => {
    expect(domainError(() => recommendLegalRoute({ outstanding: eur(0), contested: false })).rule).toBe('positive');
    expect(domainError(() => recommendLegalRoute({ outstanding: eur(1.5), contested: false })).field).toBe(
      'outstanding.amount',
    );
    expect(
      domainError(() => recommendLegalRoute({ outstanding: eur(100), contested: 'no' as unknown as boolean })).field,
    ).toBe('contested');
  });
});
