import { mailContext, noticeMailFacts } from '../../activities/mail-facts';
import type { MailContext } from '../../templates/mail-context';
import { findMailTemplate } from '../../templates/mail-templates';
import { DEADLINE, frAmounts, gbAmounts, invoiceFor, mailSettings, NOTICE_AT } from './letter-fixtures';

const context: MailContext = {
  invoiceNumber: 'F-2026-0042',
  customerName: 'Boulangerie <Dupont> & Fils',
  amount: '1 234,50 €',
  balance: '1 234,50 €',
  dueDate: '4 février 2026',
  daysLate: 45,
  paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
  contact: 'compta@atelier-martin.test',
  creditorName: 'Atelier Martin SAS',
  notice: {
    interest: '18,49 €',
    indemnity: '40,00 €',
    total: '1 292,99 €',
    deadline: '29 mars 2026',
    ratePercent: '12,15 %',
  },
  plan: {
    number: 1,
    total: '1 234,50 €',
    instalments: [
      { number: 1, dueDate: '10 avril 2026', amount: '617,25 €' },
      { number: 2, dueDate: '10 mai 2026', amount: '617,25 €' },
    ],
  },
  instalment: { number: 2, dueDate: '10 mai 2026', amount: '617,25 €' },
  payment: { amount: '617,25 €', receivedOn: '20 mars 2026', settled: false },
  attachments: ['releve-F-2026-0042.pdf'],
};

const TEMPLATES = [
  'courtesy',
  'reminder-1',
  'reminder-2',
  'formal-notice',
  'payment-thanks',
  'plan-confirmation',
  'instalment-reminder',
  'plan-broken',
];

describe.each(['fr-FR', 'en-GB'])('the %s mail templates', (locale) => {
  it.each(TEMPLATES)('%s names the invoice in its subject and says how to pay and whom to ask', (name) => {
    const mail = findMailTemplate(locale, name)!(context);
    expect(mail.subject).toContain('F-2026-0042');
    expect(mail.text).toContain('virement IBAN FR76');
    expect(mail.text).toContain('compta@atelier-martin.test');
    expect(mail.html).toContain('virement IBAN FR76');
  });

  it.each(TEMPLATES)('%s escapes customer data in HTML and keeps it verbatim in text', (name) => {
    const mail = findMailTemplate(locale, name)!(context);
    expect(mail.html).not.toContain('<Dupont>');
    if (mail.text.includes('Boulangerie')) {
      expect(mail.text).toContain('Boulangerie <Dupont> & Fils');
      expect(mail.html).toContain('Boulangerie &lt;Dupont&gt; &amp; Fils');
    }
  });

  it('never suggests the formal notice can be enforced by itself', () => {
    const { text } = findMailTemplate(locale, 'formal-notice')!(context);
    expect(text).toContain('1 292,99 €');
    expect(text).toContain('29 mars 2026');
    expect(text).not.toMatch(/huissier|commissaire de justice|saisie|bailiff|seiz|enforcement officer/i);
  });
});

describe('French subjects a person reacts to', () => {
  it.each([
    ['reminder-1', 'Facture n° F-2026-0042 en retard'],
    ['reminder-2', 'Deuxième relance : facture n° F-2026-0042 en retard de 45 jours'],
    ['formal-notice', 'Mise en demeure de payer : facture n° F-2026-0042'],
    ['payment-thanks', 'Merci : paiement reçu pour la facture n° F-2026-0042'],
    ['plan-broken', 'Échéancier non respecté : facture n° F-2026-0042'],
  ])('%s: « %s »', (name, subject) => {
    expect(findMailTemplate('fr-FR', name)!(context).subject).toBe(subject);
  });

  it('never claims an earlier reminder on a first contact (a backlog invoice caught up at reminder-2)', () => {
    for (const locale of ['fr-FR', 'en-GB']) {
      const first = findMailTemplate(locale, 'reminder-2')!({ ...context, firstContact: true });
      expect(first.subject).not.toMatch(/Deuxième|Second/);
      expect(first.text).not.toMatch(/Malgré|Despite|précédent|previous/);
      const later = findMailTemplate(locale, 'reminder-2')!(context);
      expect(later.text).toMatch(/Malgré notre précédent rappel|Despite our previous reminder/);
    }
  });

  it('lists every instalment of a confirmed plan', () => {
    const { text } = findMailTemplate('fr', 'plan-confirmation')!(context);
    expect(text).toContain('Échéance 1 : 617,25 € au plus tard le 10 avril 2026');
    expect(text).toContain('Échéance 2 : 617,25 € au plus tard le 10 mai 2026');
  });

  it('thanks for a payment that settles the invoice without asking for more', () => {
    const { text } = findMailTemplate('fr', 'payment-thanks')!({
      ...context,
      payment: { ...context.payment!, settled: true },
    });
    expect(text).toContain('intégralement réglée');
    expect(text).not.toContain('Modalités de paiement');
  });

  it('mentions the attached statement on a reminder', () => {
    expect(findMailTemplate('fr', 'reminder-1')!(context).text).toContain('pièce jointe : releve-F-2026-0042.pdf');
  });
});

describe('findMailTemplate', () => {
  it('falls back to English for an unknown language and answers undefined for an unknown template', () => {
    expect(findMailTemplate('de-DE', 'reminder-1')!(context).subject).toBe('Invoice F-2026-0042 is overdue');
    expect(findMailTemplate('fr-FR', 'no-such-template')).toBeUndefined();
  });
});

describe('the formal-notice e-mail', () => {
  const noticeMail = (
    invoice: ReturnType<typeof invoiceFor>,
    amounts: Parameters<typeof noticeMailFacts>[2],
    firstContact = false,
  ) => {
    const balance = amounts?.principal.amount ?? invoice.amount;
    const notice = noticeMailFacts(invoice, balance, amounts, DEADLINE, { at: NOTICE_AT, firstContact });
    return findMailTemplate(invoice.customer.locale, 'formal-notice')!({
      ...mailContext(invoice, balance, NOTICE_AT, mailSettings),
      notice,
    }).text.replace(/\s+/gu, ' ');
  };

  it('cites French law and states the last full day as the deadline', () => {
    const text = noticeMail(invoiceFor('FR'), frAmounts());
    expect(text).toContain('article 1344 du Code civil');
    expect(text).toContain('article L441-10 du Code de commerce');
    expect(text).toContain('au plus tard le 29 mars 2026');
    expect(text).toMatch(/somme de 1 292,99 €/u);
    expect(text).toContain("l'indemnité forfaitaire pour frais de recouvrement (40,00 €)");
    expect(text).toContain('virement bancaire');
    expect(text).not.toMatch(/bank transfer/);
  });

  it('is a letter before claim under English law, with the rate, the daily amount and the fixed sum', () => {
    const invoice = invoiceFor('GB');
    const text = noticeMail(invoice, gbAmounts());
    expect(text).toContain('This is a letter before claim');
    expect(text).toContain('Late Payment of Commercial Debts (Interest) Act 1998');
    expect(text).toContain('£0.40 a day');
    expect(text).toContain('£70.00');
    expect(text).toContain('no later than 4 April 2026');
  });

  it.each(['fr-FR', 'en-GB'])('%s says nothing of rate or indemnity when there is no statutory claim', (locale) => {
    const text = noticeMail(invoiceFor('FR', { locale, currency: 'USD', governingLaw: 'US' }), null);
    expect(text).toMatch(/1 234,50 \$US|US\$1,234.50/u);
    expect(text).not.toMatch(/taux|pénalit|intérêt|indemnit|%|\brate\b|interest|compensation|0[.,]00/i);
  });

  it.each(['fr-FR', 'en-GB'])('%s never claims earlier reminders on a first contact', (locale) => {
    expect(noticeMail(invoiceFor('FR', { locale }), frAmounts(), true)).not.toMatch(
      /Malgré|relances|Despite|reminders/,
    );
    expect(noticeMail(invoiceFor('FR', { locale }), frAmounts(), false)).toMatch(
      /Malgré nos relances|Despite our reminders/,
    );
  });

  it.each(['fr-FR', 'en-GB'])('%s keeps a caller without `claim` free of empty rate text', (locale) => {
    const legacy = {
      interest: '0,00 €',
      indemnity: '0,00 €',
      total: '1 234,50 €',
      deadline: '29 mars 2026',
      ratePercent: '—',
    };
    const { text } = findMailTemplate(locale, 'formal-notice')!({ ...context, notice: legacy });
    expect(text).not.toMatch(/taux|indemnit|\brate\b|compensation|0,00/i);
    const { text: rated } = findMailTemplate(locale, 'formal-notice')!(context);
    expect(rated).toContain('12,15 %');
  });
});
