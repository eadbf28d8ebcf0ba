import PDFDocument from 'pdfkit';

/** A small real PDF, as an invoicing system would hand over: one page naming the invoice. */
export function anInvoicePdf(invoiceId: string, note = ''): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: new Date('2026-01-05T00:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(`Facture ${invoiceId}`);
    doc.fontSize(11).text(`Atelier Martin SAS — 1 234,50 € TTC ${note}`);
    doc.end();
  });
}
