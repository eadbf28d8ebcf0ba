-- Work for people: phone calls for collectors, letters to post, contacts to fix. One task per (invoice, step).
CREATE TABLE IF NOT EXISTS tasks (
  id text PRIMARY KEY,
  invoice_id text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  customer jsonb NOT NULL,
  phone text,
  amount bigint NOT NULL,
  balance bigint NOT NULL,
  currency text NOT NULL,
  days_late integer NOT NULL,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  owner text,
  due_at timestamptz NOT NULL,
  outcome text,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);

CREATE INDEX IF NOT EXISTS tasks_status_due_idx ON tasks (status, due_at);
CREATE INDEX IF NOT EXISTS tasks_invoice_idx ON tasks (invoice_id);

-- A legal file is opened once per invoice, with the whole dossier a lawyer or a court needs.
CREATE TABLE IF NOT EXISTS legal_files (
  id text PRIMARY KEY,
  invoice_id text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'open',
  recommended_route text NOT NULL,
  route_reason text NOT NULL,
  dossier jsonb NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now()
);
