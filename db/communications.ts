import { jsonb } from './pg-text';
import { createHash } from 'node:crypto';
import type { Queryable } from './database';

export interface CommunicationRow {
  id: string;
  invoiceId: string;
  channel: string;
  kind: string;
  recipient: string | null;
  template: string | null;
  messageId: string | null;
  result: string;
  detail: Record<string, unknown>;
  occurredAt: string;
}

interface Row {
  id: string;
  invoice_id: string;
  channel: string;
  kind: string;
  recipient: string | null;
  template: string | null;
  message_id: string | null;
  result: string;
  detail: Record<string, unknown>;
  occurred_at: Date;
}

const toCommunication = (row: Row): CommunicationRow => ({
  id: row.id,
  invoiceId: row.invoice_id,
  channel: row.channel,
  kind: row.kind,
  recipient: row.recipient,
  template: row.template,
  messageId: row.message_id,
  result: row.result,
  detail: row.detail,
  occurredAt: row.occurred_at.toISOString(),
});

/** Appends to the proof trail; the id is derived from what happened, so a retried write is a no-op. */
export async function appendCommunication(db: Queryable, entry: CommunicationRow): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO communications (id, invoice_id, channel, kind, recipient, template, message_id, result, detail, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      entry.id,
      entry.invoiceId,
      entry.channel,
      entry.kind,
      entry.recipient,
      entry.template,
      entry.messageId,
      entry.result,
      jsonb(entry.detail),
      entry.occurredAt,
    ],
  );
  return rows.length > 0;
}

export async function findCommunication(db: Queryable, id: string): Promise<CommunicationRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM communications WHERE id = $1', [id]);
  return rows[0] ? toCommunication(rows[0]) : undefined;
}

export async function listCommunications(db: Queryable, invoiceId: string): Promise<CommunicationRow[]> {
  const rows = await db.query<Row>(
    'SELECT * FROM communications WHERE invoice_id = $1 ORDER BY occurred_at, recorded_at, id',
    [invoiceId],
  );
  return rows.map(toCommunication);
}

/** A proof-trail row as exported, with its place in the hash chain. */
export interface ExportedCommunication extends CommunicationRow {
  recordedAt: string;
  /** Hex SHA-256 of the previous entry's hash and this row's canonical JSON. */
  hash: string;
}

export interface ProofTrailExport {
  invoiceId: string;
  exportedAt: string;
  algorithm: 'sha256-chain';
  /** How to check it: hash_0 = 64 zeros; hash_n = sha256(hash_(n-1) + "\n" + canonicalJson(row_n without hash)). */
  method: string;
  rows: ExportedCommunication[];
  /** The last hash of the chain (64 zeros for an empty trail): changing, removing or reordering any row changes it. */
  digest: string;
}

const GENESIS = '0'.repeat(64);

/**
 * The invoice's whole proof trail, in order, chained by SHA-256 so that a copy kept by a lawyer or a court can be
 * checked: any row changed, removed, inserted or moved changes every hash after it and the digest.
 */
export async function exportProofTrail(db: Queryable, invoiceId: string, now = new Date()): Promise<ProofTrailExport> {
  const rows = await db.query<Row & { recorded_at: Date }>(
    'SELECT * FROM communications WHERE invoice_id = $1 ORDER BY occurred_at, recorded_at, id',
    [invoiceId],
  );
  let previous = GENESIS;
  const exported = rows.map((row) => {
    const entry = { ...toCommunication(row), recordedAt: row.recorded_at.toISOString() };
    previous = chainHash(previous, entry);
    return { ...entry, hash: previous };
  });
  return {
    invoiceId,
    exportedAt: now.toISOString(),
    algorithm: 'sha256-chain',
    method:
      'hash_0 = 64 zeros; hash_n = hex(sha256(hash_(n-1) + "\\n" + JSON of row_n without "hash", object keys sorted)); digest = hash of the last row',
    rows: exported,
    digest: previous,
  };
}

/** Recomputes an export's chain; answers the index of the first row that does not match, or -1 when all do. */
export function verifyProofTrail(trail: Pick<ProofTrailExport, 'rows' | 'digest'>): {
  valid: boolean;
  firstBadRow: number;
} {
  let previous = GENESIS;
  for (const [index, row] of trail.rows.entries()) {
    const { hash, ...entry } = row;
    previous = chainHash(previous, entry);
    if (previous !== hash) return { valid: false, firstBadRow: index };
  }
  return previous === trail.digest
    ? { valid: true, firstBadRow: -1 }
    : { valid: false, firstBadRow: trail.rows.length };
}

function chainHash(previous: string, entry: Omit<ExportedCommunication, 'hash'>): string {
  return createHash('sha256')
    .update(`${previous}\n${canonicalJson(entry)}`)
    .digest('hex');
}

/** JSON with object keys sorted at every depth: the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Whether the invoice's proof trail records this payment's event: `payment_received` (the workflow took it) or
 * `payment_reversed`. The workflow's projection writes them as it applies them.
 */
export async function paymentOnTrail(
  db: Queryable,
  invoiceId: string,
  paymentId: string,
  kind: 'payment_received' | 'payment_reversed' = 'payment_received',
): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM communications
     WHERE invoice_id = $1 AND channel = 'event' AND kind = $3 AND detail->>'paymentId' = $2 LIMIT 1`,
    [invoiceId, paymentId, kind],
  );
  return rows.length > 0;
}
