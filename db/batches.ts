import type { Queryable } from './database';

export type BatchItemStatus = 'created' | 'existing' | 'conflict' | 'invalid' | 'failed';
export type BatchCounts = Record<BatchItemStatus, number>;

export interface BatchRow {
  id: string;
  status: 'running' | 'completed';
  total: number;
  processed: number;
  counts: BatchCounts;
  createdBy: string;
  startedAt: string;
  finishedAt: string | null;
}

interface Row {
  id: string;
  status: 'running' | 'completed';
  total: number;
  processed: number;
  created: number;
  existing: number;
  conflict: number;
  invalid: number;
  failed: number;
  created_by: string;
  started_at: Date;
  finished_at: Date | null;
}

const toBatch = (row: Row): BatchRow => ({
  id: row.id,
  status: row.status,
  total: row.total,
  processed: row.processed,
  counts: {
    created: row.created,
    existing: row.existing,
    conflict: row.conflict,
    invalid: row.invalid,
    failed: row.failed,
  },
  createdBy: row.created_by,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

/**
 * Starts a batch, or restarts one under the same id (every item is idempotent, so a rerun is safe); answers undefined
 * while another run of that id is in progress. A run silent for ten minutes is taken as crashed.
 */
export async function startBatch(
  db: Queryable,
  batch: { id: string; total: number; createdBy: string },
): Promise<BatchRow | undefined> {
  const rows = await db.query<Row>(
    `INSERT INTO invoice_batches (id, status, total, created_by) VALUES ($1, 'running', $2, $3)
     ON CONFLICT (id) DO UPDATE SET status = 'running', total = $2, created_by = $3, processed = 0, created = 0,
       existing = 0, conflict = 0, invalid = 0, failed = 0, started_at = now(), finished_at = NULL
     WHERE invoice_batches.status <> 'running' OR invoice_batches.started_at < now() - interval '10 minutes'
     RETURNING *`,
    [batch.id, batch.total, batch.createdBy],
  );
  return rows[0] ? toBatch(rows[0]) : undefined;
}

export async function recordBatchProgress(
  db: Queryable,
  id: string,
  counts: BatchCounts,
  finished: boolean,
): Promise<BatchRow> {
  const processed = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const rows = await db.query<Row>(
    `UPDATE invoice_batches SET processed = $2, created = $3, existing = $4, conflict = $5, invalid = $6, failed = $7,
       status = CASE WHEN $8 THEN 'completed' ELSE status END,
       finished_at = CASE WHEN $8 THEN now() ELSE finished_at END
     WHERE id = $1 RETURNING *`,
    [id, processed, counts.created, counts.existing, counts.conflict, counts.invalid, counts.failed, finished],
  );
  return toBatch(rows[0]!);
}

export async function findBatch(db: Queryable, id: string): Promise<BatchRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM invoice_batches WHERE id = $1', [id]);
  return rows[0] ? toBatch(rows[0]) : undefined;
}
