-- Who a task is assigned to is the owner column, also for tasks written before it was filled (their context named it).
UPDATE tasks SET owner = context->>'owner' WHERE owner IS NULL AND context ? 'owner';
CREATE INDEX IF NOT EXISTS tasks_owner_due_idx ON tasks (owner, due_at);

-- A step recorded on a task that stays open: a letter posted (tracking number, day posted) waits for its receipt.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS progress jsonb;

-- How a legal file ended, once: the invoice closes with the same outcome.
ALTER TABLE legal_files ADD COLUMN IF NOT EXISTS outcome text;
ALTER TABLE legal_files ADD COLUMN IF NOT EXISTS closing_note text;
ALTER TABLE legal_files ADD COLUMN IF NOT EXISTS closed_by text;
ALTER TABLE legal_files ADD COLUMN IF NOT EXISTS closed_at timestamptz;

-- What happened to a legal file after it opened: filed with the court, hearings, judgment, enforcement, costs, notes.
-- Append-only like the proof trail each event is also written to.
CREATE TABLE IF NOT EXISTS legal_file_events (
  id text PRIMARY KEY,
  legal_file_id text NOT NULL REFERENCES legal_files (id),
  type text NOT NULL,
  occurred_on date NOT NULL,
  note text,
  amount bigint,
  currency text,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS legal_file_events_file_idx ON legal_file_events (legal_file_id, occurred_on, recorded_at);
