import { LegalRouteInput, recommendLegalRoute } from '../../domain/legal-route';
import { domainError } from './support';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const gbp = (amount: number) => ({ amount, currency: 'GBP' });
const parties = (governingLaw: string, creditorCountry: string, debtorCountry = creditorCountry) => ({
  governingLaw,
  creditorCountry,
  debtorCountry,
});
const advise = (input: LegalRouteInput) => {
  const { route, alternatives, crossBorder } = recommendLegalRoute(input);
  return { route, alternatives, crossBorder };
};

describe('recommendLegalRoute in France', () => {
  const fr = parties('FR', 'FR');

  it.each([
    // Art. R125-1 CPCE: up to 5,000 EUR in principal and interest.
    [eur(500_000), 'small_claims', ['injonction_de_payer', 'refere_provision']],
    [eur(500_001), 'injonction_de_payer', ['refere_provision']],
    // The euro ceiling does not apply to a claim in dollars.
    [{ amount: 100_000, currency: 'USD' }, 'injonction_de_payer', ['refere_provision']],
  ])('sends an uncontested debt of %j to %s', (outstanding, route, alternatives) => {
    expect(advise({ ...fr, outstanding, contested: false })).toEqual({ route, alternatives, crossBorder: false });
  });

  it('describes the small-claims procedure without a prior agreement of the debtor', () => {
    const { reason } = recommendLegalRoute({ ...fr, outstanding: eur(100_000), contested: false });
    expect(reason).toMatch(/art\. L125-1 and R125-1 CPCE/);
    expect(reason).toMatch(/commissaire de justice/);
    expect(reason).toMatch(/agree within the procedure/);
  });

  it('offers the référé-provision without urgency when the objection is not serious', () => {
    const advice = recommendLegalRoute({
      ...fr,
      outstanding: eur(2_000_000),
      contested: true,
      seriouslyContestable: false,
    });
    expect(advice.route).toBe('refere_provision');
    expect(advice.alternatives).toEqual(['assignation_au_fond']);
    expect(advice.reason).toMatch(/art\. 873 para\. 2 CPC/);
    expect(advice.reason).toMatch(/needs no urgency/);
  });

  it('sends a contested debt to the merits when the objection may be serious or that is unknown', () => {
    for (const seriouslyContestable of [true, undefined]) {
      const advice = recommendLegalRoute({ ...fr, outstanding: eur(250_000), contested: true, seriouslyContestable });
      expect([advice.route, advice.alternatives]).toEqual(['assignation_au_fond', []]);
    }
  });
});

describe('recommendLegalRoute in Germany and England', () => {
  it('uses the Mahnverfahren for an uncontested euro debt and the Klage otherwise', () => {
    const de = parties('DE', 'DE');
    const uncontested = recommendLegalRoute({ ...de, outstanding: eur(5_000_000), contested: false });
    expect([uncontested.route, uncontested.alternatives]).toEqual(['mahnverfahren', ['klage']]);
    expect(uncontested.reason).toMatch(/§§ 688 ff\. ZPO/);
    expect(advise({ ...de, outstanding: eur(100), contested: true }).route).toBe('klage');
    expect(advise({ ...de, outstanding: { amount: 100, currency: 'USD' }, contested: false }).route).toBe('klage');
  });

  it.each([
    [gbp(10_000_000), false, 'money_claim_online'],
    [gbp(10_000_001), false, 'county_court_claim'],
    [eur(100_000), false, 'county_court_claim'],
    [gbp(1_000_000), true, 'small_claims_track'],
    [gbp(1_000_001), true, 'county_court_claim'],
    [eur(100_000), true, 'county_court_claim'],
  ])('sends %j (contested: %s) to %s, after a letter before claim', (outstanding, contested, route) => {
    const advice = recommendLegalRoute({ ...parties('GB', 'GB'), outstanding, contested });
    expect(advice.route).toBe(route);
    expect(advice.preAction).toMatch(/letter before claim \(Practice Direction – Pre-Action Conduct/);
    expect(advice.preAction).toMatch(/at least 14 days/);
    expect(advice.preAction).toMatch(/Late Payment of Commercial Debts \(Interest\) Act 1998/);
  });
});

describe('recommendLegalRoute across borders and elsewhere', () => {
  it('uses the European order for payment between two Member States, with small claims up to 5,000 EUR', () => {
    const frDe = parties('FR', 'FR', 'DE');
    expect(advise({ ...frDe, outstanding: eur(500_000), contested: false })).toEqual({
      route: 'european_order_for_payment',
      alternatives: ['european_small_claims', 'mahnverfahren'],
      crossBorder: true,
    });
    expect(recommendLegalRoute({ ...frDe, outstanding: eur(500_000), contested: false }).reason).toMatch(
      /Reg\. \(EC\) 1896\/2006, no ceiling/,
    );
    expect(advise({ ...frDe, outstanding: eur(900_000), contested: false }).alternatives).toEqual(['mahnverfahren']);
    expect(
      advise({ ...parties('DE', 'DE', 'IT'), outstanding: eur(9_000_000), contested: false }).alternatives,
    ).toEqual(['national_order_for_payment']);
  });

  it('uses European small claims for a contested cross-border debt up to 5,000 EUR, the debtor’s courts above', () => {
    const deFr = parties('DE', 'DE', 'FR');
    const small = recommendLegalRoute({ ...deFr, outstanding: eur(500_000), contested: true });
    expect([small.route, small.alternatives]).toEqual(['european_small_claims', ['assignation_au_fond']]);
    expect(small.reason).toMatch(/Reg\. \(EC\) 861\/2007 as amended by Reg\. \(EU\) 2015\/2421/);
    const large = recommendLegalRoute({ ...deFr, outstanding: eur(500_001), contested: true });
    expect(large.route).toBe('assignation_au_fond');
    expect(large.reason).toMatch(/Reg\. \(EU\) 1215\/2012 art\. 4/);
  });

  it('does not use the European instruments with Denmark or outside the EU', () => {
    for (const debtorCountry of ['DK', 'GB', 'US', 'CH']) {
      expect(advise({ ...parties('FR', 'FR', debtorCountry), outstanding: eur(100_000), contested: false })).toEqual({
        route: 'local_counsel',
        alternatives: [],
        crossBorder: true,
      });
    }
  });

  it('uses the national routes of other supported EU laws and local counsel for the rest', () => {
    expect(advise({ ...parties('IT', 'IT'), outstanding: eur(100_000), contested: false }).route).toBe(
      'national_order_for_payment',
    );
    expect(advise({ ...parties('ES', 'ES'), outstanding: eur(100_000), contested: true }).route).toBe(
      'national_court_claim',
    );
    for (const law of ['US', 'NL', 'PL']) {
      const advice = recommendLegalRoute({ ...parties(law, law), outstanding: eur(100_000), contested: false });
      expect([advice.route, advice.crossBorder]).toEqual(['local_counsel', false]);
    }
  });

  it('never suggests that a letter from the creditor allows enforcement', () => {
    const cases: LegalRouteInput[] = [];
    for (const [law, creditor, debtor] of [
      ['FR', 'FR', 'FR'],
      ['DE', 'DE', 'DE'],
      ['GB', 'GB', 'GB'],
      ['FR', 'FR', 'DE'],
    ]) {
      for (const contested of [true, false]) {
        for (const amount of [100_000, 50_000_000]) {
          const currency = law === 'GB' ? 'GBP' : 'EUR';
          cases.push({
            ...parties(law as string, creditor as string, debtor),
            outstanding: { amount, currency },
            contested,
          });
        }
      }
    }
    for (const input of cases) {
      const { reason, preAction } = recommendLegalRoute(input);
      expect(`${reason} ${preAction ?? ''}`).not.toMatch(/seiz|saisie|formal notice|mise en demeure|bailiff/i);
    }
  });
});

describe('recommendLegalRoute refusals', () => {
  const fr = parties('FR', 'FR');

  it('refuses nothing to recover, a malformed amount or a malformed country', () => {
    expect(domainError(() => recommendLegalRoute({ ...fr, outstanding: eur(0), contested: false })).rule).toBe(
      'positive',
    );
    expect(domainError(() => recommendLegalRoute({ ...fr, outstanding: eur(1.5), contested: false })).field).toBe(
      'outstanding.amount',
    );
    expect(
      domainError(() => recommendLegalRoute({ ...fr, outstanding: eur(100), contested: 'no' as unknown as boolean }))
        .field,
    ).toBe('contested');
    expect(
      domainError(() =>
        recommendLegalRoute({ ...fr, debtorCountry: 'France', outstanding: eur(100), contested: false }),
      ).field,
    ).toBe('debtorCountry');
  });
});
