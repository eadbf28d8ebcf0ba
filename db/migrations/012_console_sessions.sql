-- Sessions of the operations console (`/app`): a person signs in with an API key once; the browser then holds only an
-- HttpOnly cookie whose SHA-256 is the key here. The key itself is never stored. Any API replica reads the same rows.
CREATE TABLE IF NOT EXISTS console_sessions (
  id_hash text PRIMARY KEY,
  role text NOT NULL,
  key_id text NOT NULL,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS console_sessions_expires_idx ON console_sessions (expires_at);
