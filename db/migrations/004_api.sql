-- Payment events received by webhook: one row per event id, so an event delivered twice is applied once. Events for
-- an unknown invoice, or refused by its workflow, wait here for a person to match them.
CREATE TABLE IF NOT EXISTS payment_events (
  event_id text PRIMARY KEY,
  type text NOT NULL,
  invoice_id text NOT NULL,
  payment_id text NOT NULL,
  status text NOT NULL,
  payload jsonb NOT NULL,
  detail text,
  received_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  settled_by text
);

CREATE INDEX IF NOT EXISTS payment_events_status_idx ON payment_events (status, received_at);

-- Webhook signatures already used: a replayed request is refused even inside the five-minute window.
CREATE TABLE IF NOT EXISTS webhook_signatures (
  signature text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS webhook_signatures_received_idx ON webhook_signatures (received_at);

-- Who completed a task, and the details of the outcome they reported.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS completed_by text;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS outcome_detail jsonb;

-- Bulk imports: counts kept current while a batch runs, so a long import shows its progress.
CREATE TABLE IF NOT EXISTS invoice_batches (
  id text PRIMARY KEY,
  status text NOT NULL,
  total integer NOT NULL,
  processed integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  existing integer NOT NULL DEFAULT 0,
  conflict integer NOT NULL DEFAULT 0,
  invalid integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  created_by text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE INDEX IF NOT EXISTS invoices_open_due_idx ON invoices (due_at) WHERE status = 'open';
