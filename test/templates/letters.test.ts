import type { LetterContext, LetterKind } from '../../templates/letter';
import { renderLetterPdf } from '../../templates/letter-pdf';
import { findLetterTemplate, letterFilename } from '../../templates/letters';
import { pdfText } from './pdf-text';

const context: LetterContext = {
  creditor: {
    name: 'Atelier Martin SAS',
    address: ['12 rue des Tanneurs', '69002 Lyon'],
    contact: 'compta@atelier-martin.test',
    registration: 'SIREN 812 345 678',
  },
  debtor: {
    name: 'Boulangerie Dupont',
    customerId: 'C-77',
    email: 'ap@dupont.test',
    phone: '+33 1 23 45 67 89',
    country: 'FR',
    address: { lines: ['3 place du Marché'], postcode: '75002', city: 'Paris', country: 'FR', countryName: 'France' },
  },
  invoiceNumber: 'F-2026-0042',
  issueDate: '5 janvier 2026',
  amount: '1\u202f234,50\u00a0€',
  balance: '1\u202f234,50\u00a0€',
  dueDate: '4 février 2026',
  daysLate: 45,
  dated: 'Lyon, le 21 mars 2026',
  paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
  firstContact: false,
  governingLaw: 'FR',
  notice: {
    deadline: '29 mars 2026',
    total: '1\u202f292,99\u00a0€',
    claim: {
      governingLaw: 'FR',
      countryName: 'France',
      table: 'ECB_MRO',
      points: '10',
      rateFixing: 'half_year',
      imputation: 'interest_first',
      citations: ['art. L441-10 C. com.'],
      principalBefore: '1\u202f234,50\u00a0€',
      principal: '1\u202f234,50\u00a0€',
      interest: '18,49\u00a0€',
      interestAccrued: '18,49\u00a0€',
      indemnity: '40,00\u00a0€',
      hasIndemnity: true,
      total: '1\u202f292,99\u00a0€',
      ratePercent: '12,15\u202f%',
      dailyInterest: '0,41\u00a0€',
      interestFrom: '5 février 2026',
      periods: [
        {
          from: '5 février 2026',
          to: '21 mars 2026',
          days: 45,
          ratePercent: '12,15\u202f%',
          base: '1\u202f234,50\u00a0€',
          interest: '18,49\u00a0€',
        },
      ],
    },
  },
  history: [{ date: '5 février 2026', what: 'Facture n° F-2026-0042 en retard' }],
};

const KINDS: LetterKind[] = ['statement', 'registered-reminder', 'formal-notice'];

describe.each(['fr-FR', 'en-GB'])('the %s letters', (locale) => {
  it.each(KINDS)('%s renders as a one-page A4 PDF naming creditor, debtor, invoice and balance', async (kind) => {
    const pdf = await renderLetterPdf(findLetterTemplate(locale, kind)(context), new Date('2026-03-21T09:00:00Z'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(pdf.toString('latin1')).toContain('/Count 1');
    const text = pdfText(pdf);
    for (const expected of [
      'Atelier Martin SAS',
      '12 rue des Tanneurs',
      'SIREN 812 345 678',
      'Boulangerie Dupont',
      'C-77',
      'F-2026-0042',
      'Lyon, le 21 mars 2026',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/1\s234,50\s€/u);
  });

  it('states the formal notice amounts and its deadline, and says it is not enforceable by itself', async () => {
    const pdf = await renderLetterPdf(
      findLetterTemplate(locale, 'formal-notice')(context),
      new Date('2026-03-21T09:00:00Z'),
    );
    const text = pdfText(pdf).replace(/\s+/gu, ' ');
    expect(text).toMatch(/18,49\s€/u);
    expect(text).toMatch(/40,00\s€/u);
    expect(text).toMatch(/1\s292,99\s€/u);
    expect(text).toContain('29 mars 2026');
    expect(text).toMatch(locale.startsWith('fr') ? /n'est pas un titre exécutoire/ : /not a court order/);
    expect(text).not.toMatch(/huissier|commissaire de justice|saisie|bailiff|seiz|enforcement officer/i);
  });
});

describe('letterFilename', () => {
  it('names the file in the customer language, safe for any file system', () => {
    expect(letterFilename('fr-FR', 'formal-notice', 'F/2026 42')).toBe('mise-en-demeure-F_2026_42.pdf');
    expect(letterFilename('en-GB', 'statement', 'INV-1')).toBe('statement-INV-1.pdf');
  });
});
