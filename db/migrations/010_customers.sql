-- Customers: holds on every invoice of a customer, insolvency procedures, payments across invoices and the customer's
-- credit, and tasks that cover several invoices of one customer (one phone call, one claim to declare).

CREATE TABLE IF NOT EXISTS customer_holds (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('do_not_contact', 'pause')),
  reason text NOT NULL,
  until timestamptz,
  placed_by text,
  placed_at timestamptz NOT NULL DEFAULT now(),
  lifted_at timestamptz,
  lifted_by text
);
CREATE INDEX IF NOT EXISTS customer_holds_standing_idx ON customer_holds (customer_id) WHERE lifted_at IS NULL;

CREATE TABLE IF NOT EXISTS customer_insolvencies (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  procedure text NOT NULL CHECK (procedure IN ('sauvegarde', 'redressement', 'liquidation')),
  opened_on date NOT NULL,
  published_on date NOT NULL,
  declare_by date NOT NULL,
  task_id text,
  -- What was declared: per invoice principal, interest to the opening judgment, indemnity.
  claims jsonb NOT NULL DEFAULT '[]'::jsonb,
  outcome text CHECK (outcome IN ('dismissed', 'plan_adopted', 'insufficient_assets')),
  opened_by text,
  closed_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
-- One procedure in progress per customer.
CREATE UNIQUE INDEX IF NOT EXISTS customer_insolvencies_current_idx ON customer_insolvencies (customer_id)
  WHERE closed_at IS NULL;

CREATE TABLE IF NOT EXISTS customer_payments (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  received_at timestamptz NOT NULL,
  reference text,
  method text,
  recorded_by text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  reversed_at timestamptz,
  reversal_reason text
);
CREATE INDEX IF NOT EXISTS customer_payments_customer_idx ON customer_payments (customer_id, received_at);

-- Each share of a customer payment, delivered to its invoice as payment `<payment_id>/<invoice_id>`.
CREATE TABLE IF NOT EXISTS payment_allocations (
  payment_id text NOT NULL REFERENCES customer_payments (id),
  invoice_id text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  allocated_at timestamptz NOT NULL DEFAULT now(),
  reversed_at timestamptz,
  -- 'payment': a share of the payment when it arrived; 'credit': its credit applied later to a new invoice.
  source text NOT NULL DEFAULT 'payment' CHECK (source IN ('payment', 'credit')),
  -- The order the payment took its invoices in (named by the reference first, then oldest due).
  position integer NOT NULL DEFAULT 0,
  -- When its invoice's workflow took the share.
  delivered_at timestamptz,
  -- The invoice's workflow had ended before it took the share: the amount is the customer's credit again.
  undeliverable_at timestamptz,
  PRIMARY KEY (payment_id, invoice_id)
);
CREATE INDEX IF NOT EXISTS payment_allocations_invoice_idx ON payment_allocations (invoice_id);
-- The open invoices of a customer, oldest due first: what a payment is allocated over.
CREATE INDEX IF NOT EXISTS invoices_customer_open_idx ON invoices (customer_id, due_at, id) WHERE status = 'open';

-- A task about several invoices of one customer (a phone call covering every overdue invoice, a claim to declare).
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS customer_id text;
UPDATE tasks SET customer_id = customer->>'id' WHERE customer_id IS NULL;
CREATE INDEX IF NOT EXISTS tasks_customer_open_idx ON tasks (customer_id, kind) WHERE status = 'open';
CREATE TABLE IF NOT EXISTS task_invoices (
  task_id text NOT NULL REFERENCES tasks (id),
  invoice_id text NOT NULL,
  -- The step of that invoice the task stands for (its proof-trail id), when it was a ladder step.
  record_id text,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, invoice_id)
);
CREATE INDEX IF NOT EXISTS task_invoices_invoice_idx ON task_invoices (invoice_id);
