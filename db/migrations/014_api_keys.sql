-- Named API keys managed without a restart (`npm run keys -- create|revoke|list`). Only the SHA-256 of a key's secret is
-- kept; the key is shown once, when it is created. A person may hold several keys at once (rotation: create the new
-- one, move the client, revoke the old one); a revoked key is refused by every replica within a second.
CREATE TABLE IF NOT EXISTS api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('ops', 'payments', 'support')),
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  revoked_at timestamptz,
  revoked_by text
);
CREATE INDEX IF NOT EXISTS api_keys_name_idx ON api_keys (name);

-- Who wrote each policy version: the name of the key that posted it (versions stored before this know no author).
ALTER TABLE policies ADD COLUMN IF NOT EXISTS created_by text;
