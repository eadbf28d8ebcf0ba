import PDFDocument from 'pdfkit';
import type { Letter } from './letter';

const MARGIN = 56;
const INK = '#1f2933';
const MUTED = '#52606d';

/**
 * Lays a letter out on A4 as a PDF a person can print and post: sender top left, recipient in the window of a DL
 * envelope, then date, mentions, subject, body, amounts and signature. The creation date is the letter's own, so the
 * file describes when it was issued rather than when it was rendered.
 */
export function renderLetterPdf(letter: Letter, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    info: { Title: pdfText(letter.title), Author: pdfText(letter.sender[0] ?? ''), CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const text = (value: string, options: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(pdfText(value), { width, ...options });

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11);
  text(letter.sender[0] ?? '');
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  for (const line of letter.sender.slice(1)) text(line);

  doc.fillColor(INK).fontSize(11);
  const recipientTop = Math.max(doc.y + 16, 150);
  letter.recipient.forEach((line, index) => {
    doc.font(index === 0 ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(pdfText(line), 310, recipientTop + index * 14, { width: width - 254 });
  });
  doc.x = MARGIN;
  doc.y = Math.max(doc.y, recipientTop + 14 * letter.recipient.length) + 28;

  doc.font('Helvetica').fontSize(10);
  text(letter.dated, { align: 'right' });
  doc.moveDown(1);
  doc.font('Helvetica-Bold').fontSize(10);
  for (const mention of letter.mentions) text(mention);
  doc.moveDown(0.6);
  text(letter.subject);
  doc.moveDown(1);

  doc.font('Helvetica').fontSize(10.5);
  text(letter.salutation);
  doc.moveDown(0.6);
  letter.paragraphs.forEach((paragraph, index) => {
    text(paragraph, { align: 'justify', lineGap: 1.5 });
    doc.moveDown(0.6);
    if (letter.table && letter.table.after === index) drawTable(doc, letter.table, width);
  });
  text(letter.closing, { align: 'justify' });
  doc.moveDown(1.2);
  doc.font('Helvetica-Bold');
  for (const line of letter.signature) text(line, { align: 'right' });

  // The footer sits in the bottom margin; without lifting the margin, pdfkit would start a page for it.
  doc.page.margins.bottom = 0;
  const footerY = doc.page.height - MARGIN + 12;
  doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
  doc.text(pdfText(letter.footer), MARGIN, footerY, { width, align: 'center', lineBreak: false });
  doc.end();
  return done;
}

function drawTable(doc: PDFKit.PDFDocument, table: NonNullable<Letter['table']>, width: number): void {
  const left = doc.x;
  const valueWidth = 150;
  const row = ([label, value]: [string, string], bold: boolean) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(pdfText(label), left + 8, y, { width: width - valueWidth - 16 });
    const after = doc.y;
    doc.text(pdfText(value), left + width - valueWidth, y, { width: valueWidth - 8, align: 'right' });
    doc.x = left;
    doc.y = Math.max(after, doc.y) + 3;
  };
  doc.moveDown(0.2);
  doc
    .strokeColor('#cbd2d9')
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke();
  doc.y += 5;
  for (const entry of table.rows) row(entry, false);
  if (table.total) {
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .stroke();
    doc.y += 5;
    row(table.total, true);
  }
  doc
    .moveTo(left, doc.y)
    .lineTo(left + width, doc.y)
    .stroke();
  doc.x = left;
  doc.y += 10;
}

/** The standard PDF fonts speak WinAnsi: the narrow no-break space of French number formatting becomes a plain one. */
export function pdfText(value: string): string {
  return value.replace(/[\u202f\u2009]/g, '\u00a0');
}
