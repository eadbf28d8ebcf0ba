-- Invoices as the API stored them, with the projection of their workflow's state for lists and reports.
CREATE TABLE IF NOT EXISTS invoices (
  id text PRIMARY KEY,
  customer_id text NOT NULL,
  customer jsonb NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  issue_date date NOT NULL,
  due_date text NOT NULL,
  due_at timestamptz NOT NULL,
  policy_id text NOT NULL,
  policy_version integer NOT NULL,
  request_hash text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  stage text NOT NULL DEFAULT 'scheduled',
  balance bigint NOT NULL,
  next_action text,
  next_action_at timestamptz,
  state_version bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS invoices_customer_id_idx ON invoices (customer_id);
CREATE INDEX IF NOT EXISTS invoices_status_stage_idx ON invoices (status, stage);
CREATE INDEX IF NOT EXISTS invoices_due_at_idx ON invoices (due_at);

-- The proof trail: append-only, one row per thing that happened, never updated in place.
CREATE TABLE IF NOT EXISTS communications (
  id text PRIMARY KEY,
  invoice_id text NOT NULL,
  channel text NOT NULL,
  kind text NOT NULL,
  recipient text,
  template text,
  message_id text,
  result text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS communications_invoice_idx ON communications (invoice_id, occurred_at);
