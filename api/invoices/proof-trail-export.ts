import { exportProofTrail } from '../../db/communications';
import type { Queryable } from '../../db/database';
import type { InvoiceRow } from '../../db/invoices';
import { toInvoiceResource } from './invoice-resource';

/**
 * The proof trail of one invoice as a self-contained document for a lawyer, a court or a bailiff: the invoice and
 * every recorded communication in order, chained by SHA-256 so that a kept copy can be checked later.
 */
export async function buildProofTrailExport(db: Queryable, invoice: InvoiceRow, exportedAt: Date) {
  const trail = await exportProofTrail(db, invoice.id, exportedAt);
  return { format: 'relance.proof-trail/1', invoice: toInvoiceResource(invoice), ...trail };
}
