import { createHash } from 'node:crypto';
import type { Queryable } from './database';

export interface DocumentMeta {
  id: string;
  invoiceId: string;
  kind: string;
  filename: string;
  contentType: string;
  /** Hex SHA-256 of the content: what the proof trail cites, so a copy can be checked against it. */
  sha256: string;
  size: number;
  createdAt: string;
}

export interface StoredDocument extends DocumentMeta {
  content: Buffer;
}

export type NewDocument = Pick<StoredDocument, 'id' | 'invoiceId' | 'kind' | 'filename' | 'contentType' | 'content'>;

interface Row {
  id: string;
  invoice_id: string;
  kind: string;
  filename: string;
  content_type: string;
  content?: Buffer;
  size: number;
  sha256: string;
  created_at: Date;
}

const toMeta = (row: Row): DocumentMeta => ({
  id: row.id,
  invoiceId: row.invoice_id,
  kind: row.kind,
  filename: row.filename,
  contentType: row.content_type,
  sha256: row.sha256,
  size: Number(row.size),
  createdAt: row.created_at.toISOString(),
});

const META = 'id, invoice_id, kind, filename, content_type, sha256, octet_length(content) AS size, created_at';

/**
 * Stores a document once under its id; a second store of the same id keeps the first bytes and answers them, so a
 * retried step attaches exactly what an earlier attempt produced.
 */
export async function storeDocument(db: Queryable, document: NewDocument): Promise<StoredDocument> {
  const sha256 = createHash('sha256').update(document.content).digest('hex');
  await db.query(
    `INSERT INTO documents (id, invoice_id, kind, filename, content_type, content, sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
    [document.id, document.invoiceId, document.kind, document.filename, document.contentType, document.content, sha256],
  );
  const stored = await findDocument(db, document.id);
  return stored!;
}

/** A document with its bytes, for download; undefined when unknown. */
export async function findDocument(db: Queryable, id: string): Promise<StoredDocument | undefined> {
  const rows = await db.query<Row>(`SELECT ${META}, content FROM documents WHERE id = $1`, [id]);
  return rows[0] ? { ...toMeta(rows[0]), content: rows[0].content! } : undefined;
}

/** The kind of the original invoice a client uploads; every later mail about the invoice attaches its latest version. */
export const ORIGINAL_INVOICE_KIND = 'invoice';

/** The id of version `version` of an invoice's original: letters, digits and `. _ : -`, as every document id. */
export const originalInvoiceId = (invoiceId: string, version: number) =>
  `${invoiceId}:original-invoice:v${version}.pdf`;

/** The original invoice mails attach now: its latest version, without the bytes; undefined when none was uploaded. */
export async function findOriginalInvoice(db: Queryable, invoiceId: string): Promise<DocumentMeta | undefined> {
  const rows = await db.query<Row>(
    `SELECT ${META} FROM documents WHERE invoice_id = $1 AND kind = $2 ORDER BY version DESC NULLS LAST LIMIT 1`,
    [invoiceId, ORIGINAL_INVOICE_KIND],
  );
  return rows[0] ? toMeta(rows[0]) : undefined;
}

/**
 * Stores an uploaded original invoice. The same bytes as the latest version are a no-op answering it; other bytes
 * become the next version, the earlier ones kept (mails already sent cite them by SHA-256). Versions of one invoice
 * are numbered under a lock on that invoice, so two uploads at once never take the same number.
 */
export async function storeOriginalInvoice(
  tx: Queryable,
  upload: Pick<NewDocument, 'invoiceId' | 'filename' | 'contentType' | 'content'>,
): Promise<{ document: DocumentMeta; created: boolean }> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('original-invoice:' || $1, 0))", [upload.invoiceId]);
  const sha256 = createHash('sha256').update(upload.content).digest('hex');
  const latest = await findOriginalInvoice(tx, upload.invoiceId);
  if (latest && latest.sha256 === sha256) return { document: latest, created: false };
  const [next] = await tx.query<{ version: number }>(
    'SELECT COALESCE(max(version), 0) + 1 AS version FROM documents WHERE invoice_id = $1 AND kind = $2',
    [upload.invoiceId, ORIGINAL_INVOICE_KIND],
  );
  const version = Number(next!.version);
  const rows = await tx.query<Row>(
    `INSERT INTO documents (id, invoice_id, kind, filename, content_type, content, sha256, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${META}`,
    [
      originalInvoiceId(upload.invoiceId, version),
      upload.invoiceId,
      ORIGINAL_INVOICE_KIND,
      upload.filename,
      upload.contentType,
      upload.content,
      sha256,
      version,
    ],
  );
  return { document: toMeta(rows[0]!), created: true };
}

/** The documents of an invoice, without their bytes, oldest first. */
export async function listDocuments(db: Queryable, invoiceId: string): Promise<DocumentMeta[]> {
  const rows = await db.query<Row>(`SELECT ${META} FROM documents WHERE invoice_id = $1 ORDER BY created_at, id`, [
    invoiceId,
  ]);
  return rows.map(toMeta);
}
