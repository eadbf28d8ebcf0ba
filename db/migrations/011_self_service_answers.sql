-- The debtor's answers on the self-service page (`PUBLIC_URL/s/<token>`): one row per answer and invoice, keyed by the
-- answer id the workflow is told, so a form submitted twice is recorded and told once. The link is kept as a hash of
-- its token, never the token itself: enough to limit the answers one link may give per hour.
CREATE TABLE IF NOT EXISTS self_service_answers (
  id text PRIMARY KEY,
  token_hash text NOT NULL,
  -- The submitted form (its hidden nonce): "all open invoices" is one submission, several rows.
  submission text NOT NULL,
  customer_id text NOT NULL,
  invoice_id text NOT NULL,
  answer text NOT NULL CHECK (answer IN ('already_paid', 'promise_to_pay', 'dispute', 'request_plan')),
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
  -- The field the workflow refused, when it did.
  refused_field text,
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz
);
CREATE INDEX IF NOT EXISTS self_service_answers_token_idx ON self_service_answers (token_hash, created_at);
CREATE INDEX IF NOT EXISTS self_service_answers_invoice_idx ON self_service_answers (invoice_id, created_at);
