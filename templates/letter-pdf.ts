import PDFDocument from 'pdfkit';
import type { Letter } from './letter';

const MM = 72 / 25.4;
export const LEFT = 20 * MM;
export const RIGHT = 20 * MM;
const TOP = 15 * MM;
/** Room under the body for the footer and the page number. */
const BOTTOM = 22 * MM;
/**
 * The address block of a right-window DL envelope (NF Z 10-011, DIN 5008 form B): 110 mm from the left edge, 50 mm
 * from the top, 85 mm wide, at most 40 mm high so it stays inside a 100 × 45 mm window when the A4 sheet is folded.
 */
const WINDOW = { x: 110 * MM, y: 50 * MM, width: 85 * MM, height: 40 * MM };
/** The body starts below the window, whatever the sender block's length. */
export const BODY_TOP = WINDOW.y + 45 * MM + 3 * MM;
export const INK = '#1f2933';
export const MUTED = '#52606d';
export const RULE = '#cbd2d9';
export const BODY_SIZE = 10;
const TABLE_SIZE = 9.5;
export const REGULAR = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

export type Doc = PDFKit.PDFDocument;

/**
 * Lays a letter out on A4 as a PDF a person can print, fold in three and post in a right-window envelope: sender top
 * left, recipient in the window, then date, mentions, subject, body, amounts and signature; the footer and "page X / Y"
 * on every page. Every block sets its own font, so no state leaks from one to the next. The creation date is the
 * letter's own, so the file describes when it was issued rather than when it was rendered.
 */
export function renderLetterPdf(letter: Letter, createdAt: Date): Promise<Buffer> {
  const { doc, done } = openLetterDocument(letter.title, letter.sender[0] ?? '', createdAt);
  const width = doc.page.width - LEFT - RIGHT;
  const body = (value: string, options: PDFKit.Mixins.TextOptions = {}) => {
    doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(INK);
    doc.text(pdfText(value), LEFT, doc.y, { width, align: 'justify', lineGap: 1.5, ...options });
  };

  drawSender(doc, letter.sender);
  drawRecipient(doc, letter.recipient);
  doc.x = LEFT;
  doc.y = Math.max(doc.y, BODY_TOP);

  // The date on the right, level with the mentions on the left.
  const top = doc.y;
  doc.font(REGULAR).fontSize(10).fillColor(INK);
  const datedWidth = doc.widthOfString(pdfText(letter.dated)) + 4;
  doc.text(pdfText(letter.dated), LEFT + width - datedWidth, top, { width: datedWidth, align: 'right' });
  doc.font(BOLD).fontSize(10);
  doc.y = top;
  for (const mention of letter.mentions) doc.text(pdfText(mention), LEFT, doc.y, { width: width - datedWidth - 12 });
  doc.moveDown(0.6);
  doc.text(pdfText(letter.subject), LEFT, doc.y, { width });
  doc.moveDown(1);

  body(letter.salutation);
  doc.moveDown(0.6);
  letter.paragraphs.forEach((paragraph, index) => {
    const table = letter.table && letter.table.after === index ? letter.table : undefined;
    // The paragraph announcing the table stays with its first row.
    if (table) keepTogether(doc, paragraphHeight(doc, paragraph, width) + rowHeight(doc, firstRow(table), width) + 20);
    body(paragraph);
    doc.moveDown(0.6);
    if (table) drawTable(doc, table, width);
  });

  // The signatory never stands alone on a page: it goes with the closing paragraph.
  doc.font(BOLD).fontSize(BODY_SIZE);
  const signatureHeight = letter.signature.length * doc.currentLineHeight(true);
  keepTogether(doc, paragraphHeight(doc, letter.closing, width) + BODY_SIZE * 1.2 + signatureHeight);
  body(letter.closing);
  doc.moveDown(1.2);
  doc.font(BOLD).fontSize(BODY_SIZE).fillColor(INK);
  for (const line of letter.signature) doc.text(pdfText(line), LEFT, doc.y, { width, align: 'right' });

  drawFooters(doc, letter.footer, width);
  doc.end();
  return done;
}

/** An A4 document with the letter's margins, its pages buffered for the footers; `done` resolves with its bytes. */
export function openLetterDocument(
  title: string,
  author: string,
  createdAt: Date,
): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    bufferPages: true,
    margins: { top: TOP, bottom: BOTTOM, left: LEFT, right: RIGHT },
    info: { Title: pdfText(title), Author: pdfText(author), CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

export function drawSender(doc: Doc, sender: string[]): void {
  // Narrower than the gap to the window, so a long line never runs into the address.
  const senderWidth = WINDOW.x - LEFT - 10 * MM;
  doc.fillColor(INK).font(BOLD).fontSize(11);
  doc.text(pdfText(sender[0] ?? ''), LEFT, TOP, { width: senderWidth });
  doc.font(REGULAR).fontSize(9).fillColor(MUTED);
  for (const line of sender.slice(1)) doc.text(pdfText(line), LEFT, doc.y, { width: senderWidth });
}

export function drawRecipient(doc: Doc, recipient: string[]): void {
  const senderBottom = doc.y;
  // A long address shrinks rather than leaving the window; a long line wraps inside it.
  const heightAt = (size: number) =>
    recipient.reduce((sum, line) => sum + doc.fontSize(size).heightOfString(pdfText(line), { width: WINDOW.width }), 0);
  const size = [10.5, 9.5, 8.5].find((candidate) => heightAt(candidate) <= WINDOW.height) ?? 8;
  doc.fillColor(INK).fontSize(size);
  doc.y = WINDOW.y;
  recipient.forEach((line, index) => {
    doc.font(index === 0 ? BOLD : REGULAR);
    doc.text(pdfText(line), WINDOW.x, doc.y, { width: WINDOW.width });
  });
  doc.y = Math.max(senderBottom, doc.y);
}

export const bottomOf = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a page when a block of `height` would not fit on this one. */
export function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > bottomOf(doc)) {
    doc.addPage();
    doc.x = LEFT;
  }
}

function paragraphHeight(doc: Doc, text: string, width: number): number {
  doc.font(REGULAR).fontSize(BODY_SIZE);
  return doc.heightOfString(pdfText(text), { width, align: 'justify', lineGap: 1.5 });
}

type Table = NonNullable<Letter['table']>;
const VALUE_WIDTH = 85;
const firstRow = (table: Table): [string, string] => table.rows[0] ?? table.total ?? ['', ''];

function rowHeight(doc: Doc, [label, value]: [string, string], width: number, bold = false): number {
  doc.font(bold ? BOLD : REGULAR).fontSize(TABLE_SIZE);
  return Math.max(
    doc.heightOfString(pdfText(label), { width: width - VALUE_WIDTH - 24 }),
    doc.heightOfString(pdfText(value), { width: VALUE_WIDTH - 8 }),
  );
}

/** Two columns, a rule above and below; a row that would not fit starts the next page whole, label with amount. */
function drawTable(doc: Doc, table: Table, width: number): void {
  const rule = () => {
    doc
      .strokeColor(RULE)
      .lineWidth(0.75)
      .moveTo(LEFT, doc.y)
      .lineTo(LEFT + width, doc.y)
      .stroke();
    doc.y += 5;
  };
  const row = (entry: [string, string], bold: boolean) => {
    const height = rowHeight(doc, entry, width, bold);
    if (doc.y + height > bottomOf(doc)) {
      doc.addPage();
      rule();
    }
    const y = doc.y;
    doc
      .font(bold ? BOLD : REGULAR)
      .fontSize(TABLE_SIZE)
      .fillColor(INK);
    doc.text(pdfText(entry[0]), LEFT + 8, y, { width: width - VALUE_WIDTH - 24 });
    doc.text(pdfText(entry[1]), LEFT + width - VALUE_WIDTH, y, { width: VALUE_WIDTH - 8, align: 'right' });
    doc.y = y + height + 3;
  };
  doc.moveDown(0.2);
  rule();
  for (const entry of table.rows) row(entry, false);
  if (table.total) {
    keepTogether(doc, rowHeight(doc, table.total, width, true) + 10);
    rule();
    row(table.total, true);
  }
  rule();
  doc.x = LEFT;
  doc.y += 6;
}

/** The footer and "page X / Y" on every page, drawn once all pages exist; the bottom margin is lifted while drawing. */
export function drawFooters(doc: Doc, footer: string, width: number): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - BOTTOM + 10 * MM;
    doc
      .strokeColor(RULE)
      .lineWidth(0.5)
      .moveTo(LEFT, y - 6)
      .lineTo(LEFT + width, y - 6)
      .stroke();
    doc.font(REGULAR).fontSize(7.5).fillColor(MUTED);
    doc.text(pdfText(footer), LEFT, y, { width: width - 60, align: 'left', lineBreak: false, ellipsis: true });
    doc.text(`${index - start + 1} / ${count}`, LEFT + width - 60, y, { width: 60, align: 'right', lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}

/** The standard PDF fonts speak WinAnsi: the narrow no-break space of French number formatting becomes a plain one. */
export function pdfText(value: string): string {
  return value.replace(/[\u202f\u2009]/g, '\u00a0');
}
