import { letterDocument } from '../../activities/letter-documents';
import { formatDate, letterContext, LetterExtra, printedDeadline } from '../../activities/mail-facts';
import type { LetterKind } from '../../templates/letter';
import { findLetterTemplate } from '../../templates/letters';
import type { InvoiceSnapshot } from '../../workflows/messages';
import {
  beAmounts,
  DEADLINE,
  deAmounts,
  frAmounts,
  gbAmounts,
  invoiceFor,
  mailSettings,
  NOTICE_AT,
} from './letter-fixtures';
import { pdfPages } from './pdf-text';

/** The letter as printed: its text with every run of white space (no-break ones too) made one space. */
async function printed(invoice: InvoiceSnapshot, kind: LetterKind, extra: LetterExtra = {}, mail = mailSettings) {
  const balance = extra.amounts?.principal.amount ?? invoice.amount;
  const context = letterContext(invoice, balance, NOTICE_AT, mail, extra);
  const document = await letterDocument('rec-1', kind, invoice, context, NOTICE_AT);
  const pages = pdfPages(document.content);
  return {
    pages,
    text: pages
      .map((p) => p.text)
      .join('\n')
      .replace(/\s+/gu, ' '),
  };
}

const notice = (amounts: LetterExtra['amounts'], more: LetterExtra = {}): LetterExtra => ({
  amounts,
  deadline: DEADLINE,
  ...more,
});

describe('the envelope window', () => {
  it('holds the name, the street lines, the postcode and city in order, and neither e-mail nor phone', () => {
    const invoice = invoiceFor('FR');
    const letter = findLetterTemplate(
      'fr-FR',
      'registered-reminder',
    )(letterContext(invoice, invoice.amount, NOTICE_AT, mailSettings));
    expect(letter.recipient).toEqual([
      'Boulangerie Dupont SARL',
      'Service comptabilité',
      '3 place du Marché',
      'Bâtiment B',
      '75002 PARIS',
    ]);
  });

  it('prints the address lines in that order in the PDF, and no e-mail or phone anywhere', async () => {
    const { text } = await printed(invoiceFor('FR'), 'registered-reminder');
    expect(text).toContain('Boulangerie Dupont SARL Service comptabilité 3 place du Marché Bâtiment B 75002 PARIS');
    expect(text).not.toContain('ap@debtor.test');
    expect(text).not.toContain('+33 1 23 45 67 89');
  });

  it('names the country of a foreign address in a French letter, and always in an English one', () => {
    const be = invoiceFor('BE');
    expect(findLetterTemplate('fr-BE', 'statement')(letterContext(be, 1, NOTICE_AT, mailSettings)).recipient).toEqual([
      'Brasserie Lambic SPRL',
      'Rue Haute 14',
      '1000 Bruxelles',
      'BELGIQUE',
    ]);
    const gb = invoiceFor('GB');
    expect(findLetterTemplate('en-GB', 'statement')(letterContext(gb, 1, NOTICE_AT, mailSettings)).recipient).toEqual([
      'Northern Widgets Ltd',
      'Unit 4, Riverside Works',
      '22 Mill Lane',
      'MANCHESTER',
      'M4 6BF',
      'UNITED KINGDOM',
    ]);
  });
});

describe('dates', () => {
  it('writes the first of the month « 1er » in French, everywhere a date is formatted', async () => {
    expect(formatDate('fr-FR', 'Europe/Paris', '2026-05-01')).toBe('1er mai 2026');
    expect(formatDate('fr-BE', 'Europe/Brussels', new Date('2026-05-01T08:00:00Z'))).toBe('1er mai 2026');
    expect(formatDate('fr-FR', 'Europe/Paris', '2026-05-11')).toBe('11 mai 2026');
    expect(formatDate('en-GB', 'Europe/London', '2026-05-01')).toBe('1 May 2026');
    const { text } = await printed(
      invoiceFor('FR', { dueDate: '2026-02-01', issueDate: '2025-12-01' }),
      'registered-reminder',
    );
    expect(text).toContain('émise le 1er décembre 2025 et échue le 1er février 2026');
    expect(text).not.toMatch(/\b1 (février|décembre)/);
  });

  it('prints the deadline as the last full day before the legal file may open', async () => {
    const invoice = invoiceFor('FR');
    // 00:00 on 30 March in Paris: the debtor has all of 29 March.
    expect(printedDeadline(invoice, '2026-03-29T22:00:00.000Z')).toBe('29 mars 2026');
    // Calendar off: any instant; the day printed is the one it falls in, ending before it.
    expect(printedDeadline(invoice, '2026-03-29T13:05:00.000Z')).toBe('29 mars 2026');
    const { text } = await printed(invoice, 'formal-notice', notice(frAmounts()));
    expect(text).toContain('au plus tard le 29 mars 2026');
    expect(text).toContain('Total à régler au plus tard le 29 mars 2026');
    expect(text).not.toContain('30 mars 2026');
  });

  it('gives a letter before claim at least 14 days, whatever the policy gave', async () => {
    const { text } = await printed(invoiceFor('GB'), 'formal-notice', notice(gbAmounts()));
    expect(text).toContain('no later than 4 April 2026');
    expect(text).not.toContain('29 March 2026');
  });
});

describe('a first contact', () => {
  it.each([
    ['fr-FR', 'formal-notice'],
    ['fr-FR', 'registered-reminder'],
    ['en-GB', 'formal-notice'],
    ['en-GB', 'registered-reminder'],
  ] as const)('%s %s never claims earlier reminders', async (locale, kind) => {
    const extra = kind === 'formal-notice' ? notice(frAmounts(), { firstContact: true }) : { firstContact: true };
    const { text } = await printed(invoiceFor('FR', { locale }), kind, extra);
    expect(text).not.toMatch(/Malgré|relances|rappels|Despite|reminders/);
    const later = await printed(invoiceFor('FR', { locale }), kind, { ...extra, firstContact: false });
    expect(later.text).toMatch(/Malgré nos|Despite our/);
  });
});

describe('a notice without a statutory claim', () => {
  it.each(['fr-FR', 'en-GB'])('%s states the principal only, with no rate, interest or indemnity', async (locale) => {
    const invoice = invoiceFor('FR', { locale, currency: 'USD', governingLaw: 'US' });
    const { text } = await printed(invoice, 'formal-notice', notice(null));
    expect(text).toMatch(/1,234\.50|1 234,50/);
    expect(text).not.toMatch(/taux|pénalit|intérêt|indemnit|%|\brate\b|interest|compensation|fixed sum|0[.,]00/i);
  });
});

describe('the law each notice cites', () => {
  it('French law: L441-10 and D441-5 of the Commercial Code, article 1344 of the Civil Code, ECB + 10', async () => {
    const { text } = await printed(invoiceFor('FR'), 'formal-notice', notice(frAmounts()));
    expect(text).toContain('article 1344 du Code civil');
    expect(text).toContain('article L441-10 du Code de commerce');
    expect(text).toContain('article D441-5 du Code de commerce');
    expect(text).toContain('majoré de 10 points');
    expect(text).toMatch(/soit 12,15 % l'an à ce jour et 0,41 € par jour/u);
    expect(text).toContain("n'est pas un titre exécutoire");
    expect(text).not.toMatch(/huissier|commissaire de justice|saisie/i);
  });

  it('Belgian law in French: the Act of 2 August 2002, articles 5 and 6, ECB + 8 rounded up, never L441-10', async () => {
    const { text } = await printed(invoiceFor('BE'), 'formal-notice', notice(beAmounts()));
    expect(text).toContain("l'article 5 de la loi du 2 août 2002");
    expect(text).toContain("L'article 6 de la même loi");
    expect(text).toContain('majoré de 8 points et arrondi au demi-point supérieur');
    expect(text).not.toMatch(/L441-10|D441-5|10 points|Intérêts de retard du .* Pénalités/);
    expect(text).toContain('Intérêts de retard du 5 février 2026 au 21 mars 2026');
  });

  it('German law in English: §§ 286 and 288 BGB, base rate + 9, the EUR 40 lump sum', async () => {
    const { text } = await printed(invoiceFor('DE'), 'formal-notice', notice(deAmounts()));
    expect(text).toContain('§ 286 of the German Civil Code (BGB)');
    expect(text).toContain('§§ 286 and 288 (2)');
    expect(text).toContain('9 percentage points above the base rate of § 247 BGB');
    expect(text).toContain('€40.00 is due under § 288 (5) BGB');
    expect(text).toContain('not a court order');
    expect(text).not.toMatch(/L441-10|Commercial Code|bailiff|seiz/i);
  });

  it('German law in French for a French-speaking customer', async () => {
    const { text } = await printed(invoiceFor('DE', { locale: 'fr-FR' }), 'formal-notice', notice(deAmounts()));
    expect(text).toContain('§§ 286 et 288, alinéa 2, du Code civil allemand (BGB)');
    expect(text).toContain('§ 288, alinéa 5, BGB');
    expect(text).not.toMatch(/L441-10|the |interest/);
  });

  it('English law: a letter before claim under the Pre-Action Conduct practice direction, with the 1998 Act', async () => {
    const { text } = await printed(invoiceFor('GB'), 'formal-notice', notice(gbAmounts()));
    expect(text).toContain('Letter before claim'.toLowerCase());
    expect(text).toContain('Practice Direction – Pre-Action Conduct');
    expect(text).toContain('Late Payment of Commercial Debts (Interest) Act 1998');
    expect(text).toContain('fixed for the whole period of delay at 11.75% a year');
    expect(text).toContain('continuing to accrue at £0.40 a day');
    expect(text).toContain('the fixed sum of £70.00 under section 5A');
    expect(text).toContain('not a court order');
    expect(text).not.toMatch(/L441-10|directive|bailiff/i);
  });

  it('the registered reminder cites the governing law, and nothing where none applies', async () => {
    expect((await printed(invoiceFor('FR'), 'registered-reminder')).text).toContain("l'article L441-10");
    expect((await printed(invoiceFor('BE'), 'registered-reminder')).text).toContain('loi du 2 août 2002');
    const us = await printed(invoiceFor('FR', { governingLaw: 'US', currency: 'USD' }), 'registered-reminder');
    expect(us.text).not.toMatch(/L441-10|pénalités|indemnité/);
  });
});

describe('payment instructions', () => {
  it('words the built-in default in French, never quoting it in English', async () => {
    const { text } = await printed(invoiceFor('FR'), 'registered-reminder');
    expect(text).toContain('Modalités de paiement : virement bancaire, en rappelant la référence F-2026-0042.');
    expect(text).not.toMatch(/bank transfer|quoting/);
  });

  it('prints instructions an operator configured as given', async () => {
    const mail = { ...mailSettings, paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189' };
    const { text } = await printed(invoiceFor('FR'), 'registered-reminder', {}, mail);
    expect(text).toContain('virement IBAN FR76 3000 6000 0112 3456 7890 189, en rappelant la référence');
  });
});
