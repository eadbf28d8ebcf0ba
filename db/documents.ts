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

/** The documents of an invoice, without their bytes, oldest first. */
export async function listDocuments(db: Queryable, invoiceId: string): Promise<DocumentMeta[]> {
  const rows = await db.query<Row>(`SELECT ${META} FROM documents WHERE invoice_id = $1 ORDER BY created_at, id`, [
    invoiceId,
  ]);
  return rows.map(toMeta);
}
