import type { Transporter } from 'nodemailer';
import type { MailSettings } from '../../activities/contracts';
import type { InterestPeriod, StatutoryAmounts, StatutoryLaw } from '../../domain/statutory-amounts';
import type { InvoiceSnapshot, PostalAddress } from '../../workflows/messages';

/**
 * Hand-made invoices, settings and statutory amounts for the letter tests and the sample renderer. The amounts are
 * built here, not by the engine, so the letters are tested on figures chosen for the case: each period's interest is
 * base × rate × days / 365, rounded once (the engine's rule), and the totals are their sums.
 */

export const mailSettings: MailSettings = {
  transport: {} as Transporter,
  from: 'Atelier Martin <recouvrement@atelier-martin.test>',
  creditorName: 'Atelier Martin SAS',
  paymentInstructions: 'bank transfer, quoting the invoice number',
  contact: 'compta@atelier-martin.test',
  creditorAddress: ['12 rue des Tanneurs', '69002 Lyon'],
  creditorRegistration: 'SIREN 812 345 678',
  creditorCity: 'Lyon',
};

export const addresses: Record<'FR' | 'BE' | 'DE' | 'GB', PostalAddress> = {
  FR: {
    lines: ['Service comptabilité', '3 place du Marché', 'Bâtiment B'],
    postcode: '75002',
    city: 'Paris',
    country: 'FR',
  },
  BE: { lines: ['Rue Haute 14'], postcode: '1000', city: 'Bruxelles', country: 'BE' },
  DE: { lines: ['Friedrichstraße 123'], postcode: '10117', city: 'Berlin', country: 'DE' },
  GB: { lines: ['Unit 4, Riverside Works', '22 Mill Lane'], postcode: 'M4 6BF', city: 'Manchester', country: 'GB' },
};

const customers = {
  FR: { name: 'Boulangerie Dupont SARL', locale: 'fr-FR', timezone: 'Europe/Paris' },
  BE: { name: 'Brasserie Lambic SPRL', locale: 'fr-BE', timezone: 'Europe/Brussels' },
  DE: { name: 'Müller Maschinenbau GmbH', locale: 'en-GB', timezone: 'Europe/Berlin' },
  GB: { name: 'Northern Widgets Ltd', locale: 'en-GB', timezone: 'Europe/London' },
} as const;

export function invoiceFor(
  country: keyof typeof customers,
  overrides: Partial<InvoiceSnapshot> & { locale?: string } = {},
): InvoiceSnapshot {
  const { locale, ...rest } = overrides;
  const currency = country === 'GB' ? 'GBP' : 'EUR';
  return {
    id: 'F-2026-0042',
    amount: 123_450,
    currency,
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    governingLaw: country,
    ...rest,
    customer: {
      id: 'C-77',
      email: 'ap@debtor.test',
      phone: '+33 1 23 45 67 89',
      country,
      address: addresses[country],
      ...customers[country],
      ...(locale ? { locale } : {}),
    },
  };
}

const LAWS: Record<'FR' | 'BE' | 'DE' | 'GB', StatutoryLaw> = {
  FR: {
    governingLaw: 'FR',
    table: 'ECB_MRO',
    points: 10,
    rateFixing: 'half_year',
    imputation: 'interest_first',
    indemnityCurrency: 'EUR',
    citations: ['art. L441-10 C. com.', 'art. D441-5 C. com.'],
  },
  BE: {
    governingLaw: 'BE',
    table: 'ECB_MRO',
    points: 8,
    rateFixing: 'half_year',
    imputation: 'interest_first',
    indemnityCurrency: 'EUR',
    citations: ['loi du 2 août 2002, art. 5', 'art. 6'],
  },
  DE: {
    governingLaw: 'DE',
    table: 'DE_BASE',
    points: 9,
    rateFixing: 'half_year',
    imputation: 'interest_first',
    indemnityCurrency: 'EUR',
    citations: ['§ 288 Abs. 2 BGB', '§ 288 Abs. 5 BGB'],
  },
  GB: {
    governingLaw: 'GB',
    table: 'BOE_BANK',
    points: 8,
    rateFixing: 'fixed_at_start',
    imputation: 'principal_first',
    indemnityCurrency: 'GBP',
    citations: ['Late Payment of Commercial Debts (Interest) Act 1998'],
  },
};

const money = (amount: number, currency: string) => ({ amount, currency });
const dayCount = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

export function period(from: string, to: string, ratePercent: number, base: number): InterestPeriod {
  const days = dayCount(from, to);
  return { from, to, days, ratePercent, base, interest: Math.round((base * ratePercent * days) / 36_500) };
}

/** Amounts whose totals are the sums of the periods given, with no part-payment. */
export function amountsOf(
  law: keyof typeof LAWS,
  principal: number,
  periods: InterestPeriod[],
  indemnity: number,
  computedOn: string,
): StatutoryAmounts {
  const currency = law === 'GB' ? 'GBP' : 'EUR';
  const interest = periods.reduce((sum, p) => sum + p.interest, 0);
  const last = periods[periods.length - 1]!;
  return {
    governingLaw: law,
    currency,
    computedOn,
    interestFrom: periods[0]?.from ?? null,
    principal: money(principal, currency),
    interest: money(interest, currency),
    indemnity: money(indemnity, currency),
    total: money(principal + interest + indemnity, currency),
    interestAccrued: money(interest, currency),
    paid: { interest: money(0, currency), principal: money(0, currency) },
    dailyInterest: money(Math.round((principal * last.ratePercent) / 36_500), currency),
    ratePercent: last.ratePercent,
    law: LAWS[law],
    periods,
  };
}

/** 4 February 2026 due, 21 March 2026 notice: 45 days at ECB 2.15 % + 10. */
export const frAmounts = () =>
  amountsOf('FR', 123_450, [period('2026-02-05', '2026-03-21', 12.15, 123_450)], 4_000, '2026-03-21');
export const beAmounts = () =>
  amountsOf('BE', 123_450, [period('2026-02-05', '2026-03-21', 10.5, 123_450)], 4_000, '2026-03-21');
export const deAmounts = () =>
  amountsOf('DE', 123_450, [period('2026-02-05', '2026-03-21', 10.27, 123_450)], 4_000, '2026-03-21');
export const gbAmounts = () =>
  amountsOf('GB', 123_450, [period('2026-02-05', '2026-03-21', 11.75, 123_450)], 7_000, '2026-03-21');

/** ECB main refinancing rate by half-year from 2019 H1 (the rate of 1 January / 1 July), for the long notice. */
const ECB_BY_HALF_YEAR = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1.25, 2.5, 4.25, 4.5, 4.25, 2.15, 2.15];

/** A 2019 invoice noticed on 21 March 2026: fifteen half-year periods, the longest table a letter prints. */
export function longFrAmounts(): StatutoryAmounts {
  const periods: InterestPeriod[] = [];
  let from = '2019-04-01';
  for (let half = 0; Date.parse(from) <= Date.parse('2026-03-21'); half += 1) {
    const year = 2019 + Math.floor(half / 2);
    const to = half % 2 === 0 ? `${year}-06-30` : `${year}-12-31`;
    const end = Date.parse(to) > Date.parse('2026-03-21') ? '2026-03-21' : to;
    if (Date.parse(end) >= Date.parse(from)) periods.push(period(from, end, ECB_BY_HALF_YEAR[half]! + 10, 987_654));
    from = half % 2 === 0 ? `${year}-07-01` : `${year + 1}-01-01`;
  }
  return amountsOf('FR', 987_654, periods, 4_000, '2026-03-21');
}

/** The workflow's deadline: 00:00 on 30 March 2026 in Paris, when the legal file may open. 29 March is the last day. */
export const DEADLINE = '2026-03-29T22:00:00.000Z';
export const NOTICE_AT = new Date('2026-03-21T08:00:00Z');
