import { jsonb } from './pg-text';
import type { Queryable } from './database';

export interface TaskRow {
  id: string;
  invoiceId: string;
  kind: string;
  status: string;
  customer: Record<string, unknown>;
  phone: string | null;
  amount: number;
  balance: number;
  currency: string;
  daysLate: number;
  context: Record<string, unknown>;
  owner: string | null;
  dueAt: string;
  outcome: string | null;
  note: string | null;
  createdAt: string;
  closedAt: string | null;
  /** Who reported the outcome (an API key's role and short id), and what they reported besides the outcome. */
  completedBy: string | null;
  outcomeDetail: Record<string, unknown> | null;
  /** A step recorded while the task stays open (a letter `posted`, with its tracking number), else null. */
  progress: Record<string, unknown> | null;
}

export type NewTask = Omit<
  TaskRow,
  'status' | 'outcome' | 'note' | 'createdAt' | 'closedAt' | 'owner' | 'completedBy' | 'outcomeDetail' | 'progress'
> & {
  /** The team or person who picks it up first; `POST /v1/tasks/{id}/assign` changes it. */
  owner?: string | null;
};

interface Row {
  id: string;
  invoice_id: string;
  kind: string;
  status: string;
  customer: Record<string, unknown>;
  phone: string | null;
  amount: string;
  balance: string;
  currency: string;
  days_late: number;
  context: Record<string, unknown>;
  owner: string | null;
  due_at: Date;
  outcome: string | null;
  note: string | null;
  created_at: Date;
  closed_at: Date | null;
  completed_by: string | null;
  outcome_detail: Record<string, unknown> | null;
  progress: Record<string, unknown> | null;
}

const toTask = (row: Row): TaskRow => ({
  id: row.id,
  invoiceId: row.invoice_id,
  kind: row.kind,
  status: row.status,
  customer: row.customer,
  phone: row.phone,
  amount: Number(row.amount),
  balance: Number(row.balance),
  currency: row.currency,
  daysLate: row.days_late,
  context: row.context,
  owner: row.owner,
  dueAt: row.due_at.toISOString(),
  outcome: row.outcome,
  note: row.note,
  createdAt: row.created_at.toISOString(),
  closedAt: row.closed_at?.toISOString() ?? null,
  completedBy: row.completed_by ?? null,
  outcomeDetail: row.outcome_detail ?? null,
  progress: row.progress ?? null,
});

/** Creates the task once: its id is derived from (invoice, step), so a retried activity finds the first one. */
export async function insertTask(db: Queryable, task: NewTask): Promise<{ task: TaskRow; created: boolean }> {
  const rows = await db.query<Row>(
    `INSERT INTO tasks (id, invoice_id, kind, customer, phone, amount, balance, currency, days_late, context, due_at, owner)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (id) DO NOTHING RETURNING *`,
    [
      task.id,
      task.invoiceId,
      task.kind,
      jsonb(task.customer),
      task.phone,
      task.amount,
      task.balance,
      task.currency,
      task.daysLate,
      jsonb(task.context),
      task.dueAt,
      task.owner ?? null,
    ],
  );
  if (rows[0]) return { task: toTask(rows[0]), created: true };
  const existing = await db.query<Row>('SELECT * FROM tasks WHERE id = $1', [task.id]);
  return { task: toTask(existing[0]!), created: false };
}

export async function listTasks(
  db: Queryable,
  filter: { status?: string; kind?: string; invoiceId?: string },
): Promise<TaskRow[]> {
  const rows = await db.query<Row>(
    `SELECT * FROM tasks
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR invoice_id = $3)
     ORDER BY due_at, id LIMIT 500`,
    [filter.status ?? null, filter.kind ?? null, filter.invoiceId ?? null],
  );
  return rows.map(toTask);
}

/**
 * Closes an invoice's open tasks once they no longer apply (nobody should call about a settled invoice): all of them,
 * or only those of the kinds given.
 */
export async function closeOpenTasks(
  db: Queryable,
  invoiceId: string,
  outcome: string,
  kinds?: readonly string[],
): Promise<number> {
  const rows = await db.query(
    `UPDATE tasks SET status = 'closed', outcome = $2, closed_at = now()
     WHERE invoice_id = $1 AND status = 'open' AND ($3::text[] IS NULL OR kind = ANY($3::text[])) RETURNING id`,
    [invoiceId, outcome, kinds ? [...kinds] : null],
  );
  return rows.length;
}

export interface TaskFilter {
  status?: string;
  kind?: string;
  owner?: string;
  invoiceId?: string;
  /** Due at or before this instant. */
  dueBefore?: string;
  /** Keyset: the (due_at, id) of the last task of the previous page. */
  after?: { dueAt: string; id: string };
  limit: number;
}

/** A page of tasks, soonest due first. */
export async function listTaskPage(db: Queryable, filter: TaskFilter): Promise<TaskRow[]> {
  const rows = await db.query<Row>(
    `SELECT * FROM tasks
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR owner = $3)
       AND ($4::text IS NULL OR invoice_id = $4) AND ($5::timestamptz IS NULL OR due_at <= $5)
       AND ($6::timestamptz IS NULL OR (date_trunc('milliseconds', due_at), id) > ($6::timestamptz, $7::text))
     ORDER BY date_trunc('milliseconds', due_at), id LIMIT $8`,
    [
      filter.status ?? null,
      filter.kind ?? null,
      filter.owner ?? null,
      filter.invoiceId ?? null,
      filter.dueBefore ?? null,
      filter.after?.dueAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  );
  return rows.map(toTask);
}

/** The task, locked until the transaction ends: two people completing it at once are serialised. */
export async function findTaskForUpdate(db: Queryable, id: string): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM tasks WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

export async function findTask(db: Queryable, id: string): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>('SELECT * FROM tasks WHERE id = $1', [id]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Records the outcome of an open task; answers undefined when it was no longer open. */
export async function completeTask(
  db: Queryable,
  id: string,
  completion: { outcome: string; note: string | null; by: string; detail: Record<string, unknown> },
): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>(
    `UPDATE tasks SET status = 'done', outcome = $2, note = $3, completed_by = $4, outcome_detail = $5, closed_at = now()
     WHERE id = $1 AND status = 'open' RETURNING *`,
    [id, completion.outcome, completion.note, completion.by, jsonb(completion.detail)],
  );
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Records a step on an open task that stays open (a letter posted); answers undefined when it was no longer open. */
export async function recordTaskProgress(
  db: Queryable,
  id: string,
  progress: Record<string, unknown>,
): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>(`UPDATE tasks SET progress = $2 WHERE id = $1 AND status = 'open' RETURNING *`, [
    id,
    jsonb(progress),
  ]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Gives the task to a person or team; answers undefined when there is no such task. */
export async function assignTask(db: Queryable, id: string, owner: string): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>('UPDATE tasks SET owner = $2 WHERE id = $1 RETURNING *', [id, owner]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

/**
 * Closes the `rates_outdated` tasks a rate table now answers (the rate they waited for is known) and names their
 * invoices, so each waiting workflow can be told at once.
 */
export async function closeAnsweredRateTasks(
  db: Queryable,
  table: string,
  knownUntil: string,
  by: string,
): Promise<{ id: string; invoiceId: string }[]> {
  const rows = await db.query<{ id: string; invoice_id: string }>(
    `UPDATE tasks SET status = 'done', outcome = 'rates_updated', completed_by = $3, closed_at = now()
     WHERE kind = 'rates_outdated' AND status = 'open' AND context->>'table' = $1
       AND (context->>'neededOn' IS NULL OR context->>'neededOn' <= $2)
     RETURNING id, invoice_id`,
    [table, knownUntil, by],
  );
  return rows.map((row) => ({ id: row.id, invoiceId: row.invoice_id }));
}
