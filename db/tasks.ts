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
  customerId: string | null;
  /**
   * The invoices the task is about (`task_invoices`): one phone call covers every overdue invoice of a customer, one
   * claim every invoice to declare. A task without rows there is about its own invoice alone.
   */
  invoices: CoveredInvoice[];
}

export interface CoveredInvoice {
  invoiceId: string;
  /** The step of that invoice the task stands for (its proof-trail id), when it was a ladder step. */
  recordId: string | null;
  addedAt: string;
}

export type NewTask = Omit<
  TaskRow,
  | 'status'
  | 'outcome'
  | 'note'
  | 'createdAt'
  | 'closedAt'
  | 'owner'
  | 'completedBy'
  | 'outcomeDetail'
  | 'progress'
  | 'customerId'
  | 'invoices'
> & {
  /** The team or person who picks it up first; `POST /v1/tasks/{id}/assign` changes it. */
  owner?: string | null;
  /** The customer's id unless given. */
  customerId?: string | null;
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
  customer_id: string | null;
  invoices: { invoiceId: string; recordId: string | null; addedAt: string }[] | null;
}

/** The task's columns and the invoices it covers, oldest first; `t` is the tasks table's alias. */
const COLUMNS = `t.*, (SELECT jsonb_agg(jsonb_build_object('invoiceId', ti.invoice_id, 'recordId', ti.record_id,
    'addedAt', to_char(ti.added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY ti.added_at, ti.invoice_id)
  FROM task_invoices ti WHERE ti.task_id = t.id) AS invoices`;

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
  customerId: row.customer_id ?? null,
  invoices: row.invoices?.length
    ? row.invoices
    : [{ invoiceId: row.invoice_id, recordId: null, addedAt: row.created_at.toISOString() }],
});

/** Creates the task once: its id is derived from (invoice, step), so a retried activity finds the first one. */
export async function insertTask(db: Queryable, task: NewTask): Promise<{ task: TaskRow; created: boolean }> {
  const rows = await db.query<Row>(
    `INSERT INTO tasks AS t (id, invoice_id, kind, customer, phone, amount, balance, currency, days_late, context, due_at,
       owner, customer_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
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
      task.customerId ?? (typeof task.customer.id === 'string' ? task.customer.id : null),
    ],
  );
  if (rows[0]) return { task: toTask(rows[0]), created: true };
  return { task: (await findTask(db, task.id))!, created: false };
}

export async function listTasks(
  db: Queryable,
  filter: { status?: string; kind?: string; invoiceId?: string },
): Promise<TaskRow[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM tasks t
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR ${covers('$3')})
     ORDER BY due_at, id LIMIT 500`,
    [filter.status ?? null, filter.kind ?? null, filter.invoiceId ?? null],
  );
  return rows.map(toTask);
}

/** Whether task `t` is about the invoice `param` names: its own, or one it covers. */
const covers = (param: string) =>
  `(t.invoice_id = ${param} OR EXISTS (SELECT 1 FROM task_invoices c WHERE c.task_id = t.id AND c.invoice_id = ${param}))`;

/** The invoice's open tasks (all, or those of the kinds given), its own and those covering it, locked. */
export async function findOpenInvoiceTasks(
  db: Queryable,
  invoiceId: string,
  kinds?: readonly string[],
): Promise<TaskRow[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM tasks t
     WHERE status = 'open' AND ${covers('$1')} AND ($2::text[] IS NULL OR kind = ANY($2::text[]))
     ORDER BY id FOR UPDATE OF t`,
    [invoiceId, kinds ? [...kinds] : null],
  );
  return rows.map(toTask);
}

/** Closes an open task that no longer applies (nobody should call about a settled invoice). */
export async function closeTask(db: Queryable, id: string, outcome: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE tasks SET status = 'closed', outcome = $2, closed_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
    [id, outcome],
  );
  return rows.length > 0;
}

/**
 * Serialises the tasks of one kind opened for one customer until the transaction ends: two invoices' steps at once
 * find the same open task instead of opening two.
 */
export async function lockCustomerTasks(db: Queryable, customerId: string, kind: string): Promise<void> {
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended('customer-task:' || $1 || ':' || $2, 0))", [
    customerId,
    kind,
  ]);
}

/** The customer's open task of this kind, oldest first, locked; undefined when none is open. */
export async function findOpenCustomerTask(
  db: Queryable,
  customerId: string,
  kind: string,
): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM tasks t WHERE customer_id = $1 AND kind = $2 AND status = 'open'
     ORDER BY created_at, id LIMIT 1 FOR UPDATE OF t`,
    [customerId, kind],
  );
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Adds an invoice to what a task covers, once; answers whether it was added now. */
export async function coverInvoice(
  db: Queryable,
  taskId: string,
  invoice: { invoiceId: string; recordId: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO task_invoices (task_id, invoice_id, record_id) VALUES ($1, $2, $3)
     ON CONFLICT (task_id, invoice_id) DO NOTHING RETURNING task_id`,
    [taskId, invoice.invoiceId, invoice.recordId],
  );
  return rows.length > 0;
}

/** Removes an invoice from what a task covers; answers the invoices it still covers, oldest first. */
export async function uncoverInvoice(db: Queryable, taskId: string, invoiceId: string): Promise<string[]> {
  await db.query('DELETE FROM task_invoices WHERE task_id = $1 AND invoice_id = $2', [taskId, invoiceId]);
  const rows = await db.query<{ invoice_id: string }>(
    'SELECT invoice_id FROM task_invoices WHERE task_id = $1 ORDER BY added_at, invoice_id',
    [taskId],
  );
  return rows.map((row) => row.invoice_id);
}

/**
 * Rewrites what a shared task shows once its coverage changed: its context (every covered invoice and the combined
 * balance) and, when its own invoice left it, the invoice it now stands for.
 */
export async function updateTaskCoverage(
  db: Queryable,
  id: string,
  change: { context: Record<string, unknown>; invoiceId?: string },
): Promise<void> {
  await db.query('UPDATE tasks SET context = $2, invoice_id = COALESCE($3, invoice_id) WHERE id = $1', [
    id,
    jsonb(change.context),
    change.invoiceId ?? null,
  ]);
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
    `SELECT ${COLUMNS} FROM tasks t
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR owner = $3)
       AND ($4::text IS NULL OR ${covers('$4')}) AND ($5::timestamptz IS NULL OR due_at <= $5)
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
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM tasks t WHERE id = $1 FOR UPDATE OF t`, [id]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

export async function findTask(db: Queryable, id: string): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM tasks t WHERE id = $1`, [id]);
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Records the outcome of an open task; answers undefined when it was no longer open. */
export async function completeTask(
  db: Queryable,
  id: string,
  completion: { outcome: string; note: string | null; by: string; detail: Record<string, unknown> },
): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>(
    `UPDATE tasks t SET status = 'done', outcome = $2, note = $3, completed_by = $4, outcome_detail = $5, closed_at = now()
     WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
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
  const rows = await db.query<Row>(
    `UPDATE tasks t SET progress = $2 WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`,
    [id, jsonb(progress)],
  );
  return rows[0] ? toTask(rows[0]) : undefined;
}

/** Gives the task to a person or team; answers undefined when there is no such task. */
export async function assignTask(db: Queryable, id: string, owner: string): Promise<TaskRow | undefined> {
  const rows = await db.query<Row>(`UPDATE tasks t SET owner = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, owner]);
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
