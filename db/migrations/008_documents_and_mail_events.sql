-- The original invoice a client uploads is a document like the ones the product makes; a corrected original is a new
-- version beside the old one (mails already sent cite the old one's SHA-256), and later mails attach the latest.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS version integer;

CREATE UNIQUE INDEX IF NOT EXISTS documents_original_version_idx
  ON documents (invoice_id, version) WHERE kind = 'invoice';

-- A bounce or complaint names the mail by its Message-ID: found through the proof trail.
CREATE INDEX IF NOT EXISTS communications_message_id_idx ON communications (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mail_outbox_message_id_idx ON mail_outbox (message_id);

-- Events the mail relay reports after the fact (a hard bounce, a complaint): one row per event id, so an event delivered
-- twice counts once. `invoice_ids` are the invoices whose proof trail cites the Message-ID (a consolidated mail cites
-- several); an unknown Message-ID is kept as `unmatched`.
CREATE TABLE IF NOT EXISTS mail_events (
  event_id text PRIMARY KEY,
  message_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('hard_bounce', 'complaint')),
  recipient text NOT NULL,
  status text NOT NULL CHECK (status IN ('processing', 'delivered', 'unmatched')),
  invoice_ids text[] NOT NULL DEFAULT '{}',
  payload jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS mail_events_message_idx ON mail_events (message_id);
CREATE INDEX IF NOT EXISTS mail_events_status_idx ON mail_events (status, received_at);
