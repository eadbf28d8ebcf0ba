-- Dunning policies are versioned data: a version in use is never changed in place.
CREATE TABLE IF NOT EXISTS policies (
  id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  name text NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);
