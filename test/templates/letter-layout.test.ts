import { letterContext } from '../../activities/mail-facts';
import type { Letter } from '../../templates/letter';
import { renderLetterPdf } from '../../templates/letter-pdf';
import { findLetterTemplate } from '../../templates/letters';
import { DEADLINE, invoiceFor, longFrAmounts, mailSettings, NOTICE_AT } from './letter-fixtures';
import { pdfPages, PdfPage } from './pdf-text';

const FOOTER = 'Atelier Martin SAS · SIREN 812 345 678 · compta@atelier-martin.test';
const flat = (value: string) => value.replace(/\s+/gu, ' ');
const pageOf = (pages: PdfPage[], text: string) => pages.findIndex((p) => flat(p.text).includes(text));

async function longNotice(): Promise<PdfPage[]> {
  const invoice = invoiceFor('FR', { issueDate: '2019-03-01', dueDate: '2019-03-31', amount: 987_654 });
  const amounts = longFrAmounts();
  const context = letterContext(invoice, amounts.principal.amount, NOTICE_AT, mailSettings, {
    amounts,
    deadline: DEADLINE,
  });
  return pdfPages(await renderLetterPdf(findLetterTemplate('fr-FR', 'formal-notice')(context), NOTICE_AT));
}

/** A letter whose table and closing land anywhere on the page, as `padding` paragraphs push them down. */
function padded(padding: number): Letter {
  return {
    title: 'Test',
    sender: ['Atelier Martin SAS'],
    recipient: ['Boulangerie Dupont SARL', '3 place du Marché', '75002 PARIS'],
    dated: 'Lyon, le 21 mars 2026',
    mentions: ['Réf. : test'],
    subject: 'Objet : test',
    salutation: 'Madame, Monsieur,',
    paragraphs: [
      ...Array.from({ length: padding }, (_, i) => `Paragraphe ${i} : ${'texte de remplissage '.repeat(12)}`),
      'Le détail :',
      `Après le tableau. ${'suite du texte '.repeat(10)}`,
    ],
    table: {
      rows: Array.from({ length: 12 }, (_, i): [string, string] => [
        `Ligne ${i} ${'libellé long '.repeat(i % 3 ? 1 : 7)}`,
        `${i},${i}0 €`,
      ]),
      total: ['Total à régler', '999,99 €'],
      after: padding,
    },
    closing: "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.",
    signature: ['Atelier Martin SAS', 'Service recouvrement'],
    footer: FOOTER,
  };
}

describe('a long formal notice (a 2019 invoice, fifteen half-year periods)', () => {
  let pages: PdfPage[];
  beforeAll(async () => {
    pages = await longNotice();
  });

  it('runs to two pages, each with the footer and its page number', () => {
    expect(pages).toHaveLength(2);
    pages.forEach((page, index) => {
      expect(flat(page.text)).toContain(FOOTER);
      expect(page.runs.map((r) => r.text)).toContain(`${index + 1} / 2`);
    });
  });

  it('keeps every row label on the page of its amount', () => {
    const labels = longFrAmounts().periods.length;
    let seen = 0;
    for (const page of pages) {
      page.runs.forEach((run, index) => {
        if (!run.text.startsWith('Pénalités de retard du ')) return;
        seen += 1;
        // The label may wrap over two lines; its amount is drawn right after it, on the same page.
        expect(page.runs.slice(index + 1, index + 3).some((next) => /^[\d\s\u00a0]+,\d\d\s€$/u.test(next.text))).toBe(
          true,
        );
      });
    }
    expect(seen).toBe(labels);
  });

  it('sets the text after the table in the regular face, the total alone in bold', () => {
    const runs = pages.flatMap((p) => p.runs);
    const fontOf = (start: string) => runs.find((r) => r.text.startsWith(start))?.font;
    expect(fontOf('Total à régler au plus tard le')).toBe('Helvetica-Bold');
    expect(fontOf('Les pénalités de retard sont exigibles')).toBe('Helvetica');
    expect(fontOf('Modalités de paiement')).toBe('Helvetica');
    expect(fontOf('Si vous contestez')).toBe('Helvetica');
    expect(fontOf("Nous vous prions d'agréer")).toBe('Helvetica');
  });

  it('keeps the signatory with the closing paragraph', () => {
    expect(pageOf(pages, 'Service recouvrement')).toBe(pageOf(pages, "Nous vous prions d'agréer"));
  });
});

describe('wherever the table and the closing fall', () => {
  it.each(Array.from({ length: 16 }, (_, i) => i))(
    'with %i paragraphs before them, no row or signatory is split',
    async (padding) => {
      const pages = pdfPages(await renderLetterPdf(padded(padding), NOTICE_AT));
      for (let i = 0; i < 12; i += 1) {
        expect(pageOf(pages, `Ligne ${i} `)).toBe(pageOf(pages, `${i},${i}0 €`));
      }
      expect(pageOf(pages, 'Total à régler')).toBe(pageOf(pages, '999,99 €'));
      expect(pageOf(pages, 'Le détail :')).toBe(pageOf(pages, 'Ligne 0 '));
      expect(pageOf(pages, 'Service recouvrement')).toBe(pageOf(pages, "Nous vous prions d'agréer"));
      pages.forEach((page, index) => {
        expect(flat(page.text)).toContain(FOOTER);
        expect(page.runs.map((r) => r.text)).toContain(`${index + 1} / ${pages.length}`);
        expect(page.runs.find((r) => r.text.startsWith('Après le tableau'))?.font ?? 'Helvetica').toBe('Helvetica');
      });
    },
  );
});
