import { jsonb } from './pg-text';
import type { Queryable } from './database';

// One customer's rows across its invoices: holds, insolvency procedures, payments and their shares, the credit left.
// Amounts are integer minor units; dates of a procedure are calendar dates (YYYY-MM-DD).

export interface CustomerHoldRow {
  holdId: string;
  customerId: string;
  kind: 'do_not_contact' | 'pause';
  reason: string;
  since: string;
  until: string | null;
  by: string | null;
  liftedAt: string | null;
  liftedBy: string | null;
}

export interface CustomerOpenInvoice {
  id: string;
  stage: string;
  amount: number;
  balance: number;
  currency: string;
  /** As the invoice was created: a calendar date or an RFC 3339 instant. */
  dueDate: string;
  dueAt: string;
  governingLaw: string | null;
  /** The customer snapshot stored with the invoice (name, timezone, phone…). */
  customer: Record<string, unknown>;
  issueDate: string;
}

/** What one invoice's claim in an insolvency procedure is: `interest` null when no statutory claim could be stated. */
export interface DeclaredClaim {
  invoiceId: string;
  currency: string;
  principal: number;
  interest: number | null;
  indemnity: number | null;
  total: number;
  /** Why the claim is the principal only (rates not known that far, no statutory claim under the law). */
  note?: string;
}

export interface CustomerInsolvencyRow {
  id: string;
  customerId: string;
  procedure: 'sauvegarde' | 'redressement' | 'liquidation';
  openedOn: string;
  publishedOn: string;
  declareBy: string;
  taskId: string | null;
  claims: DeclaredClaim[];
  outcome: 'dismissed' | 'plan_adopted' | 'insufficient_assets' | null;
  openedBy: string | null;
  closedBy: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface CustomerPaymentRow {
  paymentId: string;
  customerId: string;
  amount: number;
  currency: string;
  receivedAt: string;
  reference: string | null;
  method: string | null;
  recordedBy: string | null;
  recordedAt: string;
  reversedAt: string | null;
  reversalReason: string | null;
}

export interface PaymentAllocationRow {
  paymentId: string;
  invoiceId: string;
  amount: number;
  /** `payment`: allocated when the payment arrived; `credit`: its credit applied later to a new invoice. */
  source: 'payment' | 'credit';
  allocatedAt: string;
  reversedAt: string | null;
  /** When the invoice's workflow took it. */
  deliveredAt: string | null;
  /** The invoice's workflow had ended: the share was not delivered and the amount is credit again. */
  undeliverableAt: string | null;
}

export interface CustomerPaymentWithAllocations extends CustomerPaymentRow {
  allocations: PaymentAllocationRow[];
  /** What is left of it for the customer's next invoices (0 once reversed). */
  credit: number;
}

export interface CurrencyAmount {
  currency: string;
  amount: number;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * Serialises everything that moves a customer's money (payments, reversals, credit) until the transaction ends: two
 * deliveries of one payment, or a payment and a credit application, never allocate the same balance twice.
 */
export async function lockCustomer(tx: Queryable, customerId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('customer:' || $1, 0))`, [customerId]);
}

// Holds.

/**
 * Whether the customer ever had this hold (standing, lifted or ended by its `until`): lifting a hold twice must tell
 * "lifted already" (200) from "never placed" (404).
 */
export async function findCustomerHold(
  db: Queryable,
  customerId: string,
  holdId: string,
): Promise<{ holdId: string; liftedAt: string | null } | undefined> {
  const rows = await db.query<{ id: string; lifted_at: Date | null }>(
    'SELECT id, lifted_at FROM customer_holds WHERE id = $1 AND customer_id = $2',
    [holdId, customerId],
  );
  const row = rows[0];
  return row && { holdId: row.id, liftedAt: row.lifted_at?.toISOString() ?? null };
}

interface HoldRow {
  id: string;
  customer_id: string;
  kind: CustomerHoldRow['kind'];
  reason: string;
  until: Date | null;
  placed_by: string | null;
  placed_at: Date;
  lifted_at: Date | null;
  lifted_by: string | null;
}

const toHold = (row: HoldRow): CustomerHoldRow => ({
  holdId: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  reason: row.reason,
  since: row.placed_at.toISOString(),
  until: iso(row.until),
  by: row.placed_by,
  liftedAt: iso(row.lifted_at),
  liftedBy: row.lifted_by,
});

/** Writes the hold unless its id exists; answers the stored hold (which may belong to another customer: check it). */
export async function insertCustomerHold(
  db: Queryable,
  hold: { holdId: string; customerId: string; kind: string; reason: string; until?: string; by?: string },
): Promise<CustomerHoldRow> {
  await db.query(
    `INSERT INTO customer_holds (id, customer_id, kind, reason, until, placed_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO NOTHING`,
    [hold.holdId, hold.customerId, hold.kind, hold.reason, hold.until ?? null, hold.by ?? null],
  );
  const rows = await db.query<HoldRow>('SELECT * FROM customer_holds WHERE id = $1', [hold.holdId]);
  return toHold(rows[0]!);
}

/** Marks the customer's hold lifted, once; answers it, or undefined when the customer has no hold of that id. */
export async function liftCustomerHold(
  db: Queryable,
  customerId: string,
  holdId: string,
  by: string | null,
): Promise<CustomerHoldRow | undefined> {
  const rows = await db.query<HoldRow>(
    `UPDATE customer_holds SET lifted_at = COALESCE(lifted_at, now()), lifted_by = CASE WHEN lifted_at IS NULL THEN $3 ELSE lifted_by END
     WHERE id = $1 AND customer_id = $2 RETURNING *`,
    [holdId, customerId, by],
  );
  return rows[0] ? toHold(rows[0]) : undefined;
}

/** The holds in force: not lifted, and not past their `until`. */
export async function standingCustomerHolds(db: Queryable, customerId: string): Promise<CustomerHoldRow[]> {
  const rows = await db.query<HoldRow>(
    `SELECT * FROM customer_holds
     WHERE customer_id = $1 AND lifted_at IS NULL AND (until IS NULL OR until > now()) ORDER BY placed_at, id`,
    [customerId],
  );
  return rows.map(toHold);
}

// Invoices.

interface OpenInvoiceRow {
  id: string;
  stage: string;
  amount: string;
  balance: string;
  currency: string;
  due_date: string;
  due_at: Date;
  governing_law: string | null;
  customer: Record<string, unknown>;
  issue_date: string;
}

const toOpenInvoice = (row: OpenInvoiceRow): CustomerOpenInvoice => ({
  id: row.id,
  stage: row.stage,
  amount: Number(row.amount),
  balance: Number(row.balance),
  currency: row.currency,
  dueDate: row.due_date,
  dueAt: row.due_at.toISOString(),
  governingLaw: row.governing_law,
  customer: row.customer,
  issueDate: row.issue_date,
});

/** The customer's open invoices (as last projected), oldest due first; `currency` narrows them. */
export async function customerOpenInvoices(
  db: Queryable,
  customerId: string,
  currency?: string,
): Promise<CustomerOpenInvoice[]> {
  const rows = await db.query<OpenInvoiceRow>(
    `SELECT id, stage, amount, balance, currency, due_date, due_at, governing_law, customer, issue_date::text FROM invoices
     WHERE customer_id = $1 AND status = 'open' AND ($2::text IS NULL OR currency = $2) ORDER BY due_at, id`,
    [customerId, currency ?? null],
  );
  return rows.map(toOpenInvoice);
}

/** Whether the customer has an open invoice besides this one. */
export async function hasOtherOpenInvoice(db: Queryable, customerId: string, invoiceId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM invoices WHERE customer_id = $1 AND status = 'open' AND id <> $2 LIMIT 1`,
    [customerId, invoiceId],
  );
  return rows.length > 0;
}

/** An open invoice a payment can go to, and what it still owes once the shares it has not yet taken are counted. */
export interface PayableInvoice {
  id: string;
  currency: string;
  dueAt: string;
  owed: number;
}

/**
 * The customer's open invoices in that currency (or the one invoice named), oldest due first, each with what it owes:
 * its projected balance less the shares in force its workflow has not projected yet. A share is in the projected
 * balance once the proof trail shows its payment, both written in one transaction (projectInvoiceState); until then
 * the balance lags, and a second payment would otherwise pay an invoice the first one already settled.
 */
export async function payableInvoices(
  tx: Queryable,
  customerId: string,
  filter: { currency: string; invoiceId?: string },
): Promise<PayableInvoice[]> {
  const rows = await tx.query<{ id: string; currency: string; due_at: Date; owed: string }>(
    `SELECT i.id, i.currency, i.due_at, i.balance - COALESCE((
       SELECT sum(a.amount) FROM payment_allocations a
       WHERE a.invoice_id = i.id AND a.reversed_at IS NULL AND a.undeliverable_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM communications c
           WHERE c.invoice_id = i.id AND c.channel = 'event' AND c.kind = 'payment_received'
             AND c.detail->>'paymentId' = a.payment_id || '/' || i.id)), 0) AS owed
     FROM invoices i
     WHERE i.customer_id = $1 AND i.status = 'open' AND i.currency = $2 AND ($3::text IS NULL OR i.id = $3)
     ORDER BY i.due_at, i.id`,
    [customerId, filter.currency, filter.invoiceId ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    currency: row.currency,
    dueAt: row.due_at.toISOString(),
    owed: Number(row.owed),
  }));
}

// Insolvency.

interface InsolvencyRow {
  id: string;
  customer_id: string;
  procedure: CustomerInsolvencyRow['procedure'];
  opened_on: string;
  published_on: string;
  declare_by: string;
  task_id: string | null;
  claims: DeclaredClaim[];
  outcome: CustomerInsolvencyRow['outcome'];
  opened_by: string | null;
  closed_by: string | null;
  created_at: Date;
  closed_at: Date | null;
}

const INSOLVENCY_COLUMNS = `id, customer_id, procedure, to_char(opened_on, 'YYYY-MM-DD') AS opened_on,
  to_char(published_on, 'YYYY-MM-DD') AS published_on, to_char(declare_by, 'YYYY-MM-DD') AS declare_by, task_id, claims,
  outcome, opened_by, closed_by, created_at, closed_at`;

const toInsolvency = (row: InsolvencyRow): CustomerInsolvencyRow => ({
  id: row.id,
  customerId: row.customer_id,
  procedure: row.procedure,
  openedOn: row.opened_on,
  publishedOn: row.published_on,
  declareBy: row.declare_by,
  taskId: row.task_id,
  claims: row.claims,
  outcome: row.outcome,
  openedBy: row.opened_by,
  closedBy: row.closed_by,
  createdAt: row.created_at.toISOString(),
  closedAt: iso(row.closed_at),
});

/** The procedure in progress for the customer (opened, not closed), or null. */
export async function currentInsolvency(db: Queryable, customerId: string): Promise<CustomerInsolvencyRow | null> {
  const rows = await db.query<InsolvencyRow>(
    `SELECT ${INSOLVENCY_COLUMNS} FROM customer_insolvencies WHERE customer_id = $1 AND closed_at IS NULL`,
    [customerId],
  );
  return rows[0] ? toInsolvency(rows[0]) : null;
}

export async function findInsolvency(db: Queryable, id: string): Promise<CustomerInsolvencyRow | undefined> {
  const rows = await db.query<InsolvencyRow>(`SELECT ${INSOLVENCY_COLUMNS} FROM customer_insolvencies WHERE id = $1`, [
    id,
  ]);
  return rows[0] ? toInsolvency(rows[0]) : undefined;
}

/** The customer's most recently closed procedure, or undefined. */
export async function lastClosedInsolvency(
  db: Queryable,
  customerId: string,
): Promise<CustomerInsolvencyRow | undefined> {
  const rows = await db.query<InsolvencyRow>(
    `SELECT ${INSOLVENCY_COLUMNS} FROM customer_insolvencies WHERE customer_id = $1 AND closed_at IS NOT NULL
     ORDER BY closed_at DESC LIMIT 1`,
    [customerId],
  );
  return rows[0] ? toInsolvency(rows[0]) : undefined;
}

export async function insertInsolvency(
  tx: Queryable,
  row: Pick<
    CustomerInsolvencyRow,
    'id' | 'customerId' | 'procedure' | 'openedOn' | 'publishedOn' | 'declareBy' | 'taskId' | 'claims' | 'openedBy'
  >,
): Promise<CustomerInsolvencyRow> {
  const rows = await tx.query<InsolvencyRow>(
    `INSERT INTO customer_insolvencies (id, customer_id, procedure, opened_on, published_on, declare_by, task_id, claims, opened_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${INSOLVENCY_COLUMNS}`,
    [
      row.id,
      row.customerId,
      row.procedure,
      row.openedOn,
      row.publishedOn,
      row.declareBy,
      row.taskId,
      jsonb(row.claims),
      row.openedBy,
    ],
  );
  return toInsolvency(rows[0]!);
}

/** Closes the customer's procedure in progress; undefined when none was in progress. */
export async function closeInsolvency(
  tx: Queryable,
  customerId: string,
  close: { outcome: string; by: string | null },
): Promise<CustomerInsolvencyRow | undefined> {
  const rows = await tx.query<InsolvencyRow>(
    `UPDATE customer_insolvencies SET outcome = $2, closed_by = $3, closed_at = now()
     WHERE customer_id = $1 AND closed_at IS NULL RETURNING ${INSOLVENCY_COLUMNS}`,
    [customerId, close.outcome, close.by],
  );
  return rows[0] ? toInsolvency(rows[0]) : undefined;
}

/**
 * The customer's open invoices a procedure froze: those its task covered, those opened while it stood (they started
 * frozen), and any whose projection shows the stage.
 */
export async function invoicesUnderInsolvency(db: Queryable, insolvency: CustomerInsolvencyRow): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT i.id FROM invoices i
     WHERE i.customer_id = $1 AND i.status = 'open'
       AND (i.stage = 'insolvency' OR i.created_at >= $2
            OR EXISTS (SELECT 1 FROM task_invoices t WHERE t.task_id = $3 AND t.invoice_id = i.id))
     ORDER BY i.due_at, i.id`,
    [insolvency.customerId, insolvency.createdAt, insolvency.taskId],
  );
  return rows.map((row) => row.id);
}

/** Ties a task to the customer and to every invoice it covers (`tasks.invoice_id` names one of them). */
export async function coverInvoicesWithTask(
  tx: Queryable,
  taskId: string,
  customerId: string,
  invoiceIds: readonly string[],
): Promise<void> {
  await tx.query('UPDATE tasks SET customer_id = $2 WHERE id = $1', [taskId, customerId]);
  await tx.query(
    `INSERT INTO task_invoices (task_id, invoice_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [taskId, [...invoiceIds]],
  );
}

/** Closes the procedure's task if it is still open (a dismissed judgment leaves nothing to declare). */
export async function closeInsolvencyTask(tx: Queryable, taskId: string, outcome: string): Promise<void> {
  await tx.query(
    `UPDATE tasks SET status = 'closed', outcome = $2, closed_at = now() WHERE id = $1 AND status = 'open'`,
    [taskId, outcome],
  );
}

// Payments.

interface PaymentRow {
  id: string;
  customer_id: string;
  amount: string;
  currency: string;
  received_at: Date;
  reference: string | null;
  method: string | null;
  recorded_by: string | null;
  recorded_at: Date;
  reversed_at: Date | null;
  reversal_reason: string | null;
}

const toPayment = (row: PaymentRow): CustomerPaymentRow => ({
  paymentId: row.id,
  customerId: row.customer_id,
  amount: Number(row.amount),
  currency: row.currency,
  receivedAt: row.received_at.toISOString(),
  reference: row.reference,
  method: row.method,
  recordedBy: row.recorded_by,
  recordedAt: row.recorded_at.toISOString(),
  reversedAt: iso(row.reversed_at),
  reversalReason: row.reversal_reason,
});

interface AllocationRow {
  payment_id: string;
  position?: number;
  invoice_id: string;
  amount: string;
  source: PaymentAllocationRow['source'];
  allocated_at: Date;
  reversed_at: Date | null;
  delivered_at: Date | null;
  undeliverable_at: Date | null;
}

const toAllocation = (row: AllocationRow): PaymentAllocationRow => ({
  paymentId: row.payment_id,
  invoiceId: row.invoice_id,
  amount: Number(row.amount),
  source: row.source,
  allocatedAt: row.allocated_at.toISOString(),
  reversedAt: iso(row.reversed_at),
  deliveredAt: iso(row.delivered_at),
  undeliverableAt: iso(row.undeliverable_at),
});

/** Records the payment unless its id exists; answers the stored payment (compare it) and whether this call wrote it. */
export async function insertCustomerPayment(
  tx: Queryable,
  payment: Pick<CustomerPaymentRow, 'paymentId' | 'customerId' | 'amount' | 'currency' | 'receivedAt'> &
    Partial<Pick<CustomerPaymentRow, 'reference' | 'method' | 'recordedBy'>>,
): Promise<{ payment: CustomerPaymentRow; created: boolean }> {
  const inserted = await tx.query<PaymentRow>(
    `INSERT INTO customer_payments (id, customer_id, amount, currency, received_at, reference, method, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING *`,
    [
      payment.paymentId,
      payment.customerId,
      payment.amount,
      payment.currency,
      payment.receivedAt,
      payment.reference ?? null,
      payment.method ?? null,
      payment.recordedBy ?? null,
    ],
  );
  if (inserted[0]) return { payment: toPayment(inserted[0]), created: true };
  return { payment: (await findCustomerPayment(tx, payment.paymentId))!, created: false };
}

export async function findCustomerPayment(tx: Queryable, paymentId: string): Promise<CustomerPaymentRow | undefined> {
  const rows = await tx.query<PaymentRow>('SELECT * FROM customer_payments WHERE id = $1', [paymentId]);
  return rows[0] ? toPayment(rows[0]) : undefined;
}

/** The payment's shares, oldest first. */
export async function paymentAllocations(tx: Queryable, paymentId: string): Promise<PaymentAllocationRow[]> {
  const rows = await tx.query<AllocationRow>(
    'SELECT * FROM payment_allocations WHERE payment_id = $1 ORDER BY position, allocated_at, invoice_id',
    [paymentId],
  );
  return rows.map(toAllocation);
}

/** Shares applied to the invoice from credit, oldest payment first (a retried credit application finds them). */
export async function creditAllocationsTo(tx: Queryable, invoiceId: string): Promise<PaymentAllocationRow[]> {
  const rows = await tx.query<AllocationRow>(
    `SELECT a.* FROM payment_allocations a JOIN customer_payments p ON p.id = a.payment_id
     WHERE a.invoice_id = $1 AND a.source = 'credit' ORDER BY p.received_at, p.id`,
    [invoiceId],
  );
  return rows.map(toAllocation);
}

/** Writes shares of a payment in the order given; a share already written for that invoice is kept as it is. */
export async function insertAllocations(
  tx: Queryable,
  paymentId: string,
  shares: readonly { invoiceId: string; amount: number }[],
  source: PaymentAllocationRow['source'],
): Promise<void> {
  if (shares.length === 0) return;
  await tx.query(
    `INSERT INTO payment_allocations (payment_id, invoice_id, amount, source, position)
     SELECT $1, s.invoice_id, s.amount, $4, s.position
     FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS s (invoice_id, amount, position)
     ON CONFLICT DO NOTHING`,
    [paymentId, shares.map((s) => s.invoiceId), shares.map((s) => s.amount), source],
  );
}

/** Records how delivering shares went: taken by their invoices' workflows, or not (the workflow had ended). */
export async function markAllocationsDelivered(
  db: Queryable,
  paymentId: string,
  outcome: 'delivered' | 'undeliverable',
  invoiceIds: readonly string[],
): Promise<void> {
  if (invoiceIds.length === 0) return;
  const column = outcome === 'delivered' ? 'delivered_at' : 'undeliverable_at';
  await db.query(
    `UPDATE payment_allocations SET ${column} = now()
     WHERE payment_id = $1 AND invoice_id = ANY($2::text[]) AND delivered_at IS NULL AND undeliverable_at IS NULL`,
    [paymentId, [...invoiceIds]],
  );
}

/** Marks the payment and every share of it reversed, once (a retry keeps the first time and reason). */
export async function reversePaymentRows(tx: Queryable, paymentId: string, reason: string): Promise<void> {
  await tx.query(
    `UPDATE customer_payments SET reversed_at = now(), reversal_reason = $2 WHERE id = $1 AND reversed_at IS NULL`,
    [paymentId, reason],
  );
  await tx.query('UPDATE payment_allocations SET reversed_at = now() WHERE payment_id = $1 AND reversed_at IS NULL', [
    paymentId,
  ]);
}

/** What a payment has left for the customer's next invoices: its amount less its shares in force. */
const AVAILABLE = `p.amount - COALESCE((SELECT sum(a.amount) FROM payment_allocations a
  WHERE a.payment_id = p.id AND a.reversed_at IS NULL AND a.undeliverable_at IS NULL), 0)`;

/** The customer's payments with credit left in that currency, oldest first, and what each has left. */
export async function availableCredits(
  tx: Queryable,
  customerId: string,
  currency: string,
): Promise<{ payment: CustomerPaymentRow; available: number }[]> {
  const rows = await tx.query<PaymentRow & { available: string }>(
    `SELECT * FROM (SELECT p.*, ${AVAILABLE} AS available FROM customer_payments p
       WHERE p.customer_id = $1 AND p.currency = $2 AND p.reversed_at IS NULL) c
     WHERE available > 0 ORDER BY received_at, id`,
    [customerId, currency],
  );
  return rows.map((row) => ({ payment: toPayment(row), available: Number(row.available) }));
}

/** The customer's credit per currency: payments not reversed, less their shares in force. */
export async function customerCredit(db: Queryable, customerId: string): Promise<CurrencyAmount[]> {
  const rows = await db.query<{ currency: string; amount: string }>(
    `SELECT p.currency, sum(${AVAILABLE}) AS amount FROM customer_payments p
     WHERE p.customer_id = $1 AND p.reversed_at IS NULL
     GROUP BY p.currency HAVING sum(${AVAILABLE}) > 0 ORDER BY p.currency`,
    [customerId],
  );
  return rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) }));
}

/** The customer's payments, newest first (at most `limit`), each with its shares and the credit it has left. */
export async function customerPayments(
  db: Queryable,
  customerId: string,
  limit = 100,
): Promise<CustomerPaymentWithAllocations[]> {
  const rows = await db.query<PaymentRow & { available: string; allocations: AllocationJson[] | null }>(
    `SELECT p.*, ${AVAILABLE} AS available,
       (SELECT json_agg(a ORDER BY a.allocated_at, a.position, a.invoice_id) FROM payment_allocations a WHERE a.payment_id = p.id)
         AS allocations
     FROM customer_payments p WHERE p.customer_id = $1 ORDER BY p.received_at DESC, p.id DESC LIMIT $2`,
    [customerId, limit],
  );
  return rows.map((row) => ({
    ...toPayment(row),
    allocations: (row.allocations ?? []).map((a) =>
      toAllocation({
        ...a,
        allocated_at: new Date(a.allocated_at),
        reversed_at: a.reversed_at ? new Date(a.reversed_at) : null,
        delivered_at: a.delivered_at ? new Date(a.delivered_at) : null,
        undeliverable_at: a.undeliverable_at ? new Date(a.undeliverable_at) : null,
      }),
    ),
    credit: row.reversed_at ? 0 : Number(row.available),
  }));
}

type AllocationJson = Omit<AllocationRow, 'allocated_at' | 'reversed_at' | 'delivered_at' | 'undeliverable_at'> & {
  allocated_at: string;
  reversed_at: string | null;
  delivered_at: string | null;
  undeliverable_at: string | null;
};

/** One customer as the list shows it: the name and contact its latest invoice gives, and what its invoices owe. */
export interface CustomerSummary {
  customerId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  invoices: number;
  openInvoices: number;
  outstanding: { currency: string; amount: number }[];
}

export interface CustomerSearch {
  /** Part of the customer's id or of a name an invoice gives it, case-insensitive. */
  q?: string | undefined;
  /** The last customer id of the previous page. */
  after?: string | undefined;
  limit: number;
}

/**
 * Customers are known by their invoices: grouped from the invoices table, ordered by id (keyset), matched on the id or
 * on the name any of their invoices gives (a customer renamed is found under both names).
 */
export async function searchCustomers(db: Queryable, search: CustomerSearch): Promise<CustomerSummary[]> {
  const pattern = search.q === undefined ? null : `%${search.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.query<{
    customer_id: string;
    customer: Record<string, unknown>;
    invoices: string;
    open_invoices: string;
    outstanding: { currency: string; amount: string }[] | null;
  }>(
    `WITH found AS (
       SELECT customer_id FROM invoices
        WHERE ($1::text IS NULL OR customer_id ILIKE $1 OR customer->>'name' ILIKE $1)
          AND ($2::text IS NULL OR customer_id > $2)
        GROUP BY customer_id ORDER BY customer_id LIMIT $3
     )
     SELECT f.customer_id,
            (SELECT i.customer FROM invoices i WHERE i.customer_id = f.customer_id
              ORDER BY i.created_at DESC, i.id DESC LIMIT 1) AS customer,
            (SELECT count(*) FROM invoices i WHERE i.customer_id = f.customer_id)::text AS invoices,
            (SELECT count(*) FROM invoices i WHERE i.customer_id = f.customer_id AND i.status = 'open')::text
              AS open_invoices,
            (SELECT json_agg(json_build_object('currency', o.currency, 'amount', o.amount::text) ORDER BY o.currency)
               FROM (SELECT currency, sum(balance) AS amount FROM invoices i
                      WHERE i.customer_id = f.customer_id AND i.status = 'open' AND i.balance > 0
                      GROUP BY currency) o) AS outstanding
       FROM found f ORDER BY f.customer_id`,
    [pattern, search.after ?? null, search.limit],
  );
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return rows.map((row) => ({
    customerId: row.customer_id,
    name: text(row.customer.name),
    email: text(row.customer.email),
    phone: text(row.customer.phone),
    invoices: Number(row.invoices),
    openInvoices: Number(row.open_invoices),
    outstanding: (row.outstanding ?? []).map((o) => ({ currency: o.currency, amount: Number(o.amount) })),
  }));
}
