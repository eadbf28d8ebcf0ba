import type { Queryable } from './database';

export type LegalFileEventType = 'filed' | 'hearing' | 'judgment' | 'enforcement' | 'cost' | 'note';

export interface LegalFileEventRow {
  id: string;
  legalFileId: string;
  type: LegalFileEventType;
  /** The day it happened (YYYY-MM-DD). */
  date: string;
  note: string | null;
  /** Minor units of `currency`: a cost paid, the sum a judgment awards. */
  amount: number | null;
  currency: string | null;
  recordedBy: string;
  recordedAt: string;
}

interface EventRow {
  id: string;
  legal_file_id: string;
  type: LegalFileEventType;
  occurred_on: string;
  note: string | null;
  amount: string | null;
  currency: string | null;
  recorded_by: string;
  recorded_at: Date;
}

const toEvent = (row: EventRow): LegalFileEventRow => ({
  id: row.id,
  legalFileId: row.legal_file_id,
  type: row.type,
  date: row.occurred_on,
  note: row.note,
  amount: row.amount === null ? null : Number(row.amount),
  currency: row.currency,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at.toISOString(),
});

const EVENT_COLUMNS = `id, legal_file_id, type, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, note, amount, currency,
  recorded_by, recorded_at`;

/** Records an event once: its id is derived from what happened, so a retried request finds the first one. */
export async function appendLegalFileEvent(
  db: Queryable,
  event: Omit<LegalFileEventRow, 'recordedAt'>,
): Promise<{ event: LegalFileEventRow; created: boolean }> {
  const rows = await db.query<EventRow>(
    `INSERT INTO legal_file_events (id, legal_file_id, type, occurred_on, note, amount, currency, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING ${EVENT_COLUMNS}`,
    [event.id, event.legalFileId, event.type, event.date, event.note, event.amount, event.currency, event.recordedBy],
  );
  if (rows[0]) return { event: toEvent(rows[0]), created: true };
  const existing = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM legal_file_events WHERE id = $1`, [event.id]);
  return { event: toEvent(existing[0]!), created: false };
}

/** A file's events in the order they happened. */
export async function listLegalFileEvents(db: Queryable, legalFileId: string): Promise<LegalFileEventRow[]> {
  const rows = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM legal_file_events WHERE legal_file_id = $1 ORDER BY occurred_on, recorded_at, id`,
    [legalFileId],
  );
  return rows.map(toEvent);
}
