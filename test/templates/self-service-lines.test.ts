import type { MailSettings } from '../../activities/contracts';
import { letterContext, mailContext } from '../../activities/mail-facts';
import { renderCustomerReminder } from '../../templates/customer-reminder';
import { findLetterTemplate } from '../../templates/letters';
import { findMailTemplate } from '../../templates/mail-templates';
import { selfServiceShortCode, verifySelfServiceToken } from '../../templates/self-service-link';
import { invoiceFor, mailSettings } from './letter-fixtures';

const SECRET = 'self-service-secret-of-at-least-32-chars';
const AT = new Date('2026-03-21T09:00:00Z');
const TTL = 60 * 24 * 3_600_000;
const linked: MailSettings = {
  ...mailSettings,
  selfService: { publicUrl: 'https://pay.atelier-martin.test', secrets: [SECRET, 'older-secret'], linkTtlMs: TTL },
};

const tokenOf = (url: string | undefined) => url?.replace('https://pay.atelier-martin.test/s/', '') ?? '';

describe('the self-service link in what the customer receives', () => {
  it('is signed with the first secret for the invoice’s customer and expires the TTL after the message is dated', () => {
    const { selfServiceUrl } = mailContext(invoiceFor('FR'), 1_000, AT, linked);
    expect(selfServiceUrl).toMatch(/^https:\/\/pay\.atelier-martin\.test\/s\/[A-Za-z0-9_.-]+$/);
    expect(verifySelfServiceToken(tokenOf(selfServiceUrl), [SECRET], AT)).toEqual({
      customerId: 'C-77',
      expiresAt: new Date(AT.getTime() + TTL),
    });
  });

  it('is the same when the same step is rendered again', () => {
    expect(mailContext(invoiceFor('FR'), 1, AT, linked).selfServiceUrl).toBe(
      mailContext(invoiceFor('FR'), 1, AT, linked).selfServiceUrl,
    );
  });

  it('is left out, without error, when no secret is configured', () => {
    const none = { ...linked, selfService: { ...linked.selfService!, secrets: [] } };
    expect(mailContext(invoiceFor('FR'), 1, AT, none).selfServiceUrl).toBeUndefined();
    expect(mailContext(invoiceFor('FR'), 1, AT, mailSettings).selfServiceUrl).toBeUndefined();
    const { text, html } = findMailTemplate('fr-FR', 'reminder-1')!(mailContext(invoiceFor('FR'), 1, AT, mailSettings));
    expect(text).not.toContain('Répondre en ligne');
    expect(html).not.toContain('Répondre en ligne');
  });

  it.each([
    ['fr-FR', 'Répondre en ligne\u00a0:'],
    ['en-GB', 'Answer online:'],
  ])('ends every %s e-mail with the line %s, clickable in the HTML part', (locale, label) => {
    const context = mailContext(invoiceFor('FR', { locale }), 1_000, AT, linked);
    const url = context.selfServiceUrl!;
    for (const name of ['courtesy', 'reminder-1', 'reminder-2', 'formal-notice', 'payment-thanks']) {
      const { text, html } = findMailTemplate(locale, name)!(context);
      expect([name, text]).toEqual([name, expect.stringContaining(`${label} ${url}\n\n`)]);
      expect([name, html]).toEqual([name, expect.stringContaining(`<a href="${url}">${url}</a>`)]);
    }
  });

  it('ends the customer’s consolidated e-mail with it too', () => {
    const url = 'https://pay.atelier-martin.test/s/abc.def.ghi';
    const { text, html } = renderCustomerReminder('fr-FR', {
      customerName: 'Dupont',
      invoices: [{ invoiceNumber: 'F-1', dueDate: '2 février 2026', balance: '1 000,00 €', daysLate: 47 }],
      totals: ['1 000,00 €'],
      firm: false,
      attachments: [],
      paymentInstructions: 'bank transfer, quoting the invoice number',
      contact: 'compta@atelier-martin.test',
      creditorName: 'Atelier Martin SAS',
      selfServiceUrl: url,
    });
    expect(text).toContain(`Répondre en ligne\u00a0: ${url}`);
    expect(html).toContain(`<a href="${url}">${url}</a>`);
  });

  it.each([
    ['fr-FR', 'Répondre en ligne\u00a0:'],
    ['en-GB', 'Answer online:'],
  ])('prints it as the last paragraph of every %s letter', (locale, label) => {
    const invoice = invoiceFor('FR', { locale });
    const context = letterContext(invoice, 1_000, AT, linked, { deadline: '2026-04-01T22:00:00Z', amounts: null });
    for (const kind of ['statement', 'registered-reminder', 'formal-notice'] as const) {
      const letter = findLetterTemplate(locale, kind)(context);
      expect([kind, letter.paragraphs.at(-1)]).toEqual([kind, `${label} ${context.selfServiceUrl}`]);
    }
    const without = letterContext(invoice, 1_000, AT, mailSettings);
    expect(findLetterTemplate(locale, 'statement')(without).paragraphs.join(' ')).not.toContain(label);
  });

  it.each([
    ['fr-FR', 'Répondre en ligne\u00a0:'],
    ['en-GB', 'Answer online:'],
  ])(
    'prints the short link instead when the letter has one (%s), typed by hand: PUBLIC_URL/s/<10 characters>',
    (locale, label) => {
      const invoice = invoiceFor('FR', { locale });
      const expiresAt = new Date(AT.getTime() + TTL);
      const shortLink = { code: selfServiceShortCode('C-77', expiresAt, SECRET), customerId: 'C-77', expiresAt };
      const context = letterContext(invoice, 1_000, AT, linked, { deadline: '2026-04-01T22:00:00Z', shortLink });
      expect(context.selfServiceUrl).toMatch(/^https:\/\/pay\.atelier-martin\.test\/s\/[0-9a-hjkmnp-tv-z]{10}$/);
      expect(context.selfServiceUrl).toBe(`https://pay.atelier-martin.test/s/${shortLink.code}`);
      for (const kind of ['statement', 'registered-reminder', 'formal-notice'] as const) {
        const letter = findLetterTemplate(locale, kind)(context);
        expect([kind, letter.paragraphs.at(-1)]).toEqual([kind, `${label} ${context.selfServiceUrl}`]);
      }
      // The e-mail keeps the signed link: clickable, and it needs no database.
      expect(
        verifySelfServiceToken(tokenOf(mailContext(invoice, 1_000, AT, linked).selfServiceUrl), [SECRET], AT),
      ).toEqual({
        customerId: 'C-77',
        expiresAt,
      });
    },
  );
});
