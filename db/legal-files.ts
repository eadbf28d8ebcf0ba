import { appendCommunication } from './communications';
import { jsonb } from './pg-text';
import type { Database, Queryable } from './database';

export interface LegalFileRow {
  id: string;
  invoiceId: string;
  status: string;
  recommendedRoute: string;
  routeReason: string;
  dossier: Record<string, unknown>;
  openedAt: string;
  /** How the file ended (paid, settled, written_off, abandoned); null while it is open. */
  outcome: string | null;
  closingNote: string | null;
  closedBy: string | null;
  closedAt: string | null;
}

export type NewLegalFile = Omit<
  LegalFileRow,
  'status' | 'openedAt' | 'outcome' | 'closingNote' | 'closedBy' | 'closedAt'
>;

export interface LegalFilePage {
  items: LegalFileRow[];
  /** Opaque; pass it back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

export interface LegalFileFilter {
  status?: string;
  cursor?: string;
  limit: number;
}

interface Row {
  id: string;
  invoice_id: string;
  status: string;
  recommended_route: string;
  route_reason: string;
  dossier: Record<string, unknown>;
  opened_at: Date;
  outcome: string | null;
  closing_note: string | null;
  closed_by: string | null;
  closed_at: Date | null;
}

const toLegalFile = (row: Row): LegalFileRow => ({
  id: row.id,
  invoiceId: row.invoice_id,
  status: row.status,
  recommendedRoute: row.recommended_route,
  routeReason: row.route_reason,
  dossier: row.dossier,
  openedAt: row.opened_at.toISOString(),
  outcome: row.outcome ?? null,
  closingNote: row.closing_note ?? null,
  closedBy: row.closed_by ?? null,
  closedAt: row.closed_at?.toISOString() ?? null,
});

/** Opens the invoice's legal file unless one exists; answers the file either way. */
export async function openLegalFile(
  db: Queryable,
  file: NewLegalFile,
): Promise<{ file: LegalFileRow; created: boolean }> {
  const rows = await db.query<Row>(
    `INSERT INTO legal_files (id, invoice_id, recommended_route, route_reason, dossier)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING RETURNING *`,
    [file.id, file.invoiceId, file.recommendedRoute, file.routeReason, jsonb(file.dossier)],
  );
  if (rows[0]) return { file: toLegalFile(rows[0]), created: true };
  const existing = await db.query<Row>('SELECT * FROM legal_files WHERE invoice_id = $1', [file.invoiceId]);
  return { file: toLegalFile(existing[0]!), created: false };
}

export class InvalidCursorError extends Error {
  readonly field = 'cursor';
  constructor() {
    super('cursor: not a cursor this list handed out');
    this.name = 'InvalidCursorError';
  }
}

const MAX_LIMIT = 200;

/**
 * Legal files oldest opened first, a page at a time, keyset-paginated by (opened_at to the millisecond, id): the
 * precision a cursor carries. With a status string (or
 * nothing) instead of a filter, answers every file of that status ('open' by default) as a plain array.
 */
export async function listLegalFiles(db: Queryable, filter: LegalFileFilter): Promise<LegalFilePage>;
export async function listLegalFiles(db: Queryable, status?: string): Promise<LegalFileRow[]>;
export async function listLegalFiles(
  db: Queryable,
  filter: LegalFileFilter | string = 'open',
): Promise<LegalFilePage | LegalFileRow[]> {
  if (typeof filter === 'string') {
    const rows = await db.query<Row>('SELECT * FROM legal_files WHERE status = $1 ORDER BY opened_at, id', [filter]);
    return rows.map(toLegalFile);
  }
  if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_LIMIT) {
    throw new RangeError(`limit: ${filter.limit} is not an integer between 1 and ${MAX_LIMIT}`);
  }
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  const rows = await db.query<Row>(
    `SELECT * FROM legal_files
     WHERE ($1::text IS NULL OR status = $1)
       AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', opened_at), id) > ($2::timestamptz, $3::text))
     ORDER BY date_trunc('milliseconds', opened_at), id LIMIT $4`,
    [filter.status ?? null, after?.openedAt ?? null, after?.id ?? null, filter.limit + 1],
  );
  const items = rows.slice(0, filter.limit).map(toLegalFile);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
}

export async function findLegalFile(db: Queryable, id: string): Promise<LegalFileRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM legal_files WHERE id = $1', [id]);
  return rows[0] ? toLegalFile(rows[0]) : undefined;
}

/** The file, locked until the transaction ends: two people closing it at once are serialised. */
export async function findLegalFileForUpdate(db: Queryable, id: string): Promise<LegalFileRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM legal_files WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ? toLegalFile(rows[0]) : undefined;
}

/**
 * Closes an open file with its outcome; answers the file as it now stands and whether this call closed it. A file
 * closed already keeps its first outcome, so the API and the workflow's activity may both close it.
 */
export async function closeLegalFile(
  db: Queryable,
  id: string,
  closing: { outcome: string; note: string | null; by: string | null },
): Promise<{ file: LegalFileRow; closed: boolean } | undefined> {
  const rows = await db.query<Row>(
    `UPDATE legal_files SET status = 'closed', outcome = $2, closing_note = $3, closed_by = $4, closed_at = clock_timestamp()
     WHERE id = $1 AND status = 'open' RETURNING *`,
    [id, closing.outcome, closing.note, closing.by],
  );
  if (rows[0]) return { file: toLegalFile(rows[0]), closed: true };
  const file = await findLegalFile(db, id);
  return file && { file, closed: false };
}

/**
 * The proof-trail row of a legal file's closing: one per closing, whoever closes it first (the API or the workflow). A
 * file reopened (a payment that closed it was reversed) closes again under the next number.
 */
export const legalFileClosedRecordId = (file: Pick<LegalFileRow, 'invoiceId' | 'id'>, reopenings = 0) =>
  `${file.invoiceId}:legal-file:${file.id}:closed${reopenings > 0 ? `:${reopenings + 1}` : ''}`;

async function reopeningsOf(db: Queryable, file: Pick<LegalFileRow, 'invoiceId' | 'id'>): Promise<number> {
  const [row] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM communications
     WHERE invoice_id = $1 AND kind = 'legal:reopened' AND detail->>'legalFileId' = $2`,
    [file.invoiceId, file.id],
  );
  return Number(row?.n ?? 0);
}

/**
 * Opens again a file that closed as paid when that payment is reversed, and writes it to the proof trail, once per
 * reversal. Answers whether this call reopened it; a file closed otherwise, or open already, is left alone.
 */
export async function reopenLegalFileOnce(
  db: Database,
  file: Pick<LegalFileRow, 'invoiceId' | 'id'>,
  reason: { paymentId: string },
  at: Date,
): Promise<boolean> {
  return db.withTransaction(async (tx) => {
    const rows = await tx.query<Row>(
      `UPDATE legal_files SET status = 'open', outcome = NULL, closing_note = NULL, closed_by = NULL, closed_at = NULL
       WHERE id = $1 AND invoice_id = $2 AND status = 'closed' AND outcome = 'paid' RETURNING *`,
      [file.id, file.invoiceId],
    );
    if (!rows[0]) return false;
    await appendCommunication(tx, {
      id: `${file.invoiceId}:legal-file:${file.id}:reopened:${reason.paymentId}`,
      invoiceId: file.invoiceId,
      channel: 'legal',
      kind: 'legal:reopened',
      recipient: null,
      template: null,
      messageId: null,
      result: 'reopened',
      detail: { legalFileId: file.id, paymentId: reason.paymentId },
      occurredAt: at.toISOString(),
    });
    return true;
  });
}

/**
 * Closes the file with its outcome and writes the closing to the proof trail, both once, in one transaction. A file
 * closed already keeps its first outcome, which the trail row then states. Undefined when there is no such file.
 */
export async function closeLegalFileOnce(
  db: Database,
  id: string,
  closing: { outcome: string; note: string | null; by: string | null },
  at: Date,
): Promise<LegalFileRow | undefined> {
  return db.withTransaction(async (tx) => {
    const result = await closeLegalFile(tx, id, closing);
    if (!result) return undefined;
    const { file } = result;
    await appendCommunication(tx, {
      id: legalFileClosedRecordId(file, await reopeningsOf(tx, file)),
      invoiceId: file.invoiceId,
      channel: 'legal',
      kind: 'legal:closed',
      recipient: null,
      template: null,
      messageId: null,
      result: file.outcome ?? closing.outcome,
      detail: {
        legalFileId: file.id,
        ...(file.closingNote ? { note: file.closingNote } : {}),
        ...(file.closedBy ? { by: file.closedBy } : {}),
      },
      occurredAt: file.closedAt ?? at.toISOString(),
    });
    return file;
  });
}

function encodeCursor(file: LegalFileRow): string {
  return Buffer.from(JSON.stringify([file.openedAt, file.id])).toString('base64url');
}

function decodeCursor(cursor: string): { openedAt: string; id: string } {
  try {
    const [openedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof openedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(openedAt))) {
      return { openedAt, id };
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError();
}
