-- Reference-rate tables as dated data. A table is complete through known_until: no amount is computed from a rate
-- on a later day. Entries are only ever appended (a rate already relied on never changes).
CREATE TABLE IF NOT EXISTS rate_tables (
  name text PRIMARY KEY CHECK (name IN ('ECB_MRO', 'DE_BASE', 'BOE_BANK')),
  known_until date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

CREATE TABLE IF NOT EXISTS rate_entries (
  table_name text NOT NULL REFERENCES rate_tables (name),
  effective_from date NOT NULL,
  rate_percent numeric(6, 2) NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by text,
  PRIMARY KEY (table_name, effective_from)
);

CREATE OR REPLACE FUNCTION rate_entries_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'rate entries are append-only' USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS rate_entries_append_only ON rate_entries;
CREATE TRIGGER rate_entries_append_only BEFORE UPDATE OR DELETE ON rate_entries
  FOR EACH ROW EXECUTE FUNCTION rate_entries_append_only();

-- The law that governs late payment, fixed when the invoice was created (absent for invoices created before).
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS governing_law text;
