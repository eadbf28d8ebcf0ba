-- The proof trail is evidence: once written, a row is never changed or removed, whoever asks.
CREATE OR REPLACE FUNCTION refuse_proof_trail_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the proof trail is append-only: % on communications is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER IF EXISTS communications_append_only ON communications;
CREATE TRIGGER communications_append_only
  BEFORE UPDATE OR DELETE ON communications
  FOR EACH ROW EXECUTE FUNCTION refuse_proof_trail_change();

DROP TRIGGER IF EXISTS communications_no_truncate ON communications;
CREATE TRIGGER communications_no_truncate
  BEFORE TRUNCATE ON communications
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_proof_trail_change();

-- Documents the product produced (reminder statements, letters, formal notices), kept byte for byte: the PDF a
-- customer received is the PDF a court sees, and a retried send attaches the very same bytes.
CREATE TABLE IF NOT EXISTS documents (
  id text PRIMARY KEY,
  invoice_id text NOT NULL,
  kind text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  content bytea NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS documents_invoice_idx ON documents (invoice_id, created_at);

-- The intent to send a mail, written before the SMTP conversation. It holds the rendered message, so every attempt
-- sends the same bytes under the same Message-ID, and its status tells a retry whether the relay already accepted it.
CREATE TABLE IF NOT EXISTS mail_outbox (
  id text PRIMARY KEY,
  invoice_id text NOT NULL,
  message_id text NOT NULL,
  recipient text NOT NULL,
  template text NOT NULL,
  message jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'rejected')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  relay_response text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  sent_at timestamptz
);

CREATE INDEX IF NOT EXISTS mail_outbox_pending_idx ON mail_outbox (status, created_at) WHERE status = 'pending';
