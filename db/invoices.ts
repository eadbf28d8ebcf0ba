import { jsonb } from './pg-text';
import type { Queryable } from './database';

export interface InvoiceRow {
  id: string;
  customerId: string;
  customer: Record<string, unknown>;
  amount: number;
  currency: string;
  issueDate: string;
  dueDate: string;
  dueAt: string;
  policyId: string;
  policyVersion: number;
  /** ISO 3166-1 alpha-2; null for invoices created before the law was recorded. */
  governingLaw: string | null;
  requestHash: string;
  status: string;
  stage: string;
  balance: number;
  nextAction: string | null;
  nextActionAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NewInvoice = Omit<
  InvoiceRow,
  'status' | 'stage' | 'balance' | 'nextAction' | 'nextActionAt' | 'createdAt' | 'updatedAt' | 'governingLaw'
> & {
  governingLaw?: string | null;
  /** What the workflow will do first, until its own projection says (state_version 0 stays below any projection). */
  nextAction?: string | null;
  nextActionAt?: string | null;
};

interface Row {
  id: string;
  customer_id: string;
  customer: Record<string, unknown>;
  amount: string;
  currency: string;
  issue_date: string;
  due_date: string;
  due_at: Date;
  policy_id: string;
  policy_version: number;
  governing_law: string | null;
  request_hash: string;
  status: string;
  stage: string;
  balance: string;
  next_action: string | null;
  next_action_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, customer_id, customer, amount, currency, to_char(issue_date, 'YYYY-MM-DD') AS issue_date, due_date,
  due_at, policy_id, policy_version, governing_law, request_hash, status, stage, balance, next_action, next_action_at, created_at, updated_at`;

function toInvoice(row: Row): InvoiceRow {
  return {
    id: row.id,
    customerId: row.customer_id,
    customer: row.customer,
    amount: Number(row.amount),
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    dueAt: row.due_at.toISOString(),
    policyId: row.policy_id,
    policyVersion: row.policy_version,
    governingLaw: row.governing_law,
    requestHash: row.request_hash,
    status: row.status,
    stage: row.stage,
    balance: Number(row.balance),
    nextAction: row.next_action,
    nextActionAt: row.next_action_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Inserts the invoice unless its id exists; answers the stored row and whether this call created it. */
export async function insertInvoice(
  db: Queryable,
  invoice: NewInvoice,
): Promise<{ row: InvoiceRow; created: boolean }> {
  const inserted = await db.query<Row>(
    `INSERT INTO invoices (id, customer_id, customer, amount, currency, issue_date, due_date, due_at, policy_id,
       policy_version, request_hash, balance, governing_law, next_action, next_action_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $4, $12, $13, $14)
     ON CONFLICT (id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      invoice.id,
      invoice.customerId,
      jsonb(invoice.customer),
      invoice.amount,
      invoice.currency,
      invoice.issueDate,
      invoice.dueDate,
      invoice.dueAt,
      invoice.policyId,
      invoice.policyVersion,
      invoice.requestHash,
      invoice.governingLaw ?? null,
      invoice.nextAction ?? null,
      invoice.nextActionAt ?? null,
    ],
  );
  if (inserted[0]) return { row: toInvoice(inserted[0]), created: true };
  const existing = await findInvoice(db, invoice.id);
  if (!existing) throw new Error(`invoice ${invoice.id} vanished during insert`);
  return { row: existing, created: false };
}

export async function findInvoice(db: Queryable, id: string): Promise<InvoiceRow | undefined> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM invoices WHERE id = $1`, [id]);
  return rows[0] ? toInvoice(rows[0]) : undefined;
}

export interface InvoiceFilter {
  status?: string;
  stage?: string;
  customerId?: string;
  /** Part of the invoice's id or of its customer's name, ignoring case and accents. */
  search?: string;
  /** Part of the customer's name, ignoring case and accents. */
  customerName?: string;
  /** Due at or before this instant (ISO 8601). */
  dueBefore?: string;
  minBalance?: number;
  maxBalance?: number;
  after?: string;
  limit: number;
}

// Case and accents folded in SQL with lower() and translate(), and the same way in JavaScript: the unaccent extension is
// not assumed installed, and upper-case accented letters are listed too since lower() folds only ASCII in a C locale.
const ACCENTED =
  'àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿźżžÀÁÂÃÄÅĀĂĄÇĆČĎÈÉÊËĒĖĘĚÌÍÎÏĪĮŁÑŃŇÒÓÔÕÖØŌŐŔŘŚŠŞŤŢÙÚÛÜŪŮŰŲÝŸŹŻŽ';
const UNACCENTED =
  'aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzzaaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz';
const folded = (column: string) => `translate(lower(${column}), '${ACCENTED}', '${UNACCENTED}')`;

/** A LIKE pattern for `text` anywhere in a folded column: folded the same way, its `%`, `_` and `\` taken literally. */
function containing(text: string): string {
  const plain = [...text.toLowerCase()].map((char) => UNACCENTED[ACCENTED.indexOf(char)] ?? char).join('');
  return `%${plain.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Keyset pagination by id: stable under concurrent inserts, unlike offsets. */
export async function listInvoices(db: Queryable, filter: InvoiceFilter): Promise<InvoiceRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace(/\?1?/g, `$${params.length}`));
  };
  if (filter.status) add('status = ?', filter.status);
  if (filter.stage) add('stage = ?', filter.stage);
  if (filter.customerId) add('customer_id = ?', filter.customerId);
  // The number or the name: one parameter, read twice.
  if (filter.search)
    add(`(${folded('id')} LIKE ?1 OR ${folded("customer->>'name'")} LIKE ?1)`, containing(filter.search));
  if (filter.customerName) add(`${folded("customer->>'name'")} LIKE ?`, containing(filter.customerName));
  if (filter.dueBefore) add('due_at <= ?', filter.dueBefore);
  if (filter.minBalance !== undefined) add('balance >= ?', filter.minBalance);
  if (filter.maxBalance !== undefined) add('balance <= ?', filter.maxBalance);
  if (filter.after) add('id > ?', filter.after);
  params.push(filter.limit);
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toInvoice);
}

/** One customer's invoices, oldest due first (then by id), at most `limit`: the first page a customer's view shows. */
export async function listCustomerInvoices(db: Queryable, customerId: string, limit: number): Promise<InvoiceRow[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM invoices WHERE customer_id = $1 ORDER BY due_at, id LIMIT $2`,
    [customerId, limit],
  );
  return rows.map(toInvoice);
}

/** What a customer's open invoices owe, per currency, however many there are. */
export async function customerOutstanding(
  db: Queryable,
  customerId: string,
): Promise<{ currency: string; amount: number }[]> {
  const rows = await db.query<{ currency: string; amount: string }>(
    `SELECT currency, sum(balance)::text AS amount FROM invoices
      WHERE customer_id = $1 AND status = 'open' AND balance > 0 GROUP BY currency ORDER BY currency`,
    [customerId],
  );
  return rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) }));
}

export interface InvoiceProjection {
  status: string;
  stage: string;
  balance: number;
  nextAction: string | null;
  nextActionAt: string | null;
}

/** Applies a workflow's state only if it is newer than what is stored: retried or late projections never go back. */
export async function projectInvoice(db: Queryable, id: string, version: number, p: InvoiceProjection): Promise<void> {
  await db.query(
    `UPDATE invoices SET status = $3, stage = $4, balance = $5, next_action = $6, next_action_at = $7,
       state_version = $2, updated_at = now()
     WHERE id = $1 AND state_version < $2`,
    [id, version, p.status, p.stage, p.balance, p.nextAction, p.nextActionAt],
  );
}

/** Records the policy an invoice now follows, once its workflow has accepted the move. */
/** Merges a corrected e-mail or phone into the stored customer, once the workflow has taken it. */
export async function updateInvoiceContact(
  db: Queryable,
  id: string,
  contact: { email?: string; phone?: string; address?: unknown },
): Promise<void> {
  await db.query(`UPDATE invoices SET customer = customer || $2::jsonb, updated_at = now() WHERE id = $1`, [
    id,
    jsonb(contact),
  ]);
}

export async function setInvoicePolicy(db: Queryable, id: string, policyId: string, version: number): Promise<void> {
  await db.query('UPDATE invoices SET policy_id = $2, policy_version = $3, updated_at = now() WHERE id = $1', [
    id,
    policyId,
    version,
  ]);
}
