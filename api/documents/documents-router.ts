import { Router } from 'express';
import type { Database } from '../../db/database';
import { DocumentMeta, findDocument, listDocuments, storeOriginalInvoice } from '../../db/documents';
import { requirePermission } from '../http/auth';
import { HttpError, NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { parseBody } from '../http/validate';
import { requireInvoice } from '../invoices/invoices-router';
import { MAX_DOCUMENT_BYTES, uploadDocumentSchema } from './document-schemas';

const PDF_MAGIC = Buffer.from('%PDF-');

/** A document as the API lists it: what it is and the SHA-256 the proof trail cites, never its bytes. */
export const toDocumentResource = (d: DocumentMeta) => ({
  id: d.id,
  kind: d.kind,
  filename: d.filename,
  contentType: d.contentType,
  sha256: d.sha256,
  size: d.size,
  createdAt: d.createdAt,
});

/**
 * The documents of an invoice: those the product made (statements, letters, formal notices) and the original invoice
 * operations upload, which every later mail about the invoice attaches.
 */
export function createDocumentsRouter(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/invoices/:id/documents', requirePermission('read'), async (req, res) => {
    const invoice = await requireInvoice(db, pathParam(req, 'id'));
    res.json((await listDocuments(db, invoice.id)).map(toDocumentResource));
  });

  // The same bytes as the latest original again: 200, nothing stored. Other bytes: a new version (201), the earlier
  // ones kept, since mails already sent cite them by SHA-256; later mails attach the new one.
  router.post('/invoices/:id/documents', requirePermission('write'), async (req, res) => {
    const body = parseBody(uploadDocumentSchema, req.body);
    const content = Buffer.from(body.contentBase64, 'base64');
    if (content.length > MAX_DOCUMENT_BYTES) {
      const message = `contentBase64: decodes to ${content.length} bytes; at most ${MAX_DOCUMENT_BYTES} (5 MiB)`;
      throw new HttpError(413, 'Payload too large', message, {
        errors: [{ field: 'contentBase64', rule: 'max_size', message }],
      });
    }
    if (!content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
      const message = 'contentBase64: is not a PDF (a PDF starts with %PDF-)';
      throw new ValidationError([{ field: 'contentBase64', rule: 'pdf', message }], 422);
    }
    const invoice = await requireInvoice(db, pathParam(req, 'id'));
    const { document, created } = await db.withTransaction((tx) =>
      storeOriginalInvoice(tx, {
        invoiceId: invoice.id,
        filename: body.filename,
        contentType: body.contentType,
        content,
      }),
    );
    res
      .status(created ? 201 : 200)
      .location(`/v1/documents/${encodeURIComponent(document.id)}`)
      .json(toDocumentResource(document));
  });

  router.get('/documents/:id', requirePermission('read'), async (req, res) => {
    const id = pathParam(req, 'id');
    const document = await findDocument(db, id);
    if (!document) throw new NotFoundError(`document ${id}`);
    const etag = `"${document.sha256}"`;
    res.setHeader('ETag', etag);
    if (req.get('If-None-Match') === etag) {
      res.status(304).end();
      return;
    }
    res.attachment(document.filename).type(document.contentType).send(document.content);
  });

  return router;
}
