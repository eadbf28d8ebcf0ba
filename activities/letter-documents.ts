import type { NewDocument } from '../db/documents';
import type { LetterContext, LetterKind } from '../templates/letter';
import { renderLetterPdf } from '../templates/letter-pdf';
import { findLetterTemplate, letterFilename } from '../templates/letters';
import type { InvoiceSnapshot } from '../workflows/messages';

/** The id a step's letter is stored under: one per (step, kind), so a retry finds the same document. */
export const letterDocumentId = (recordId: string, kind: LetterKind) => `${recordId}:${kind}.pdf`;

/** Renders a letter of the invoice's locale as a PDF document, ready to store and attach. */
export async function letterDocument(
  recordId: string,
  kind: LetterKind,
  invoice: InvoiceSnapshot,
  context: LetterContext,
  at: Date,
): Promise<NewDocument> {
  const letter = findLetterTemplate(invoice.customer.locale, kind)(context);
  return {
    id: letterDocumentId(recordId, kind),
    invoiceId: invoice.id,
    kind,
    filename: letterFilename(invoice.customer.locale, kind, invoice.id),
    contentType: 'application/pdf',
    content: await renderLetterPdf(letter, at),
  };
}
