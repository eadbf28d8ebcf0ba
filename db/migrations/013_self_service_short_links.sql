-- The short self-service links letters print (`PUBLIC_URL/s/<code>`, typed by hand): the 10-character code names
-- nothing by itself, so each is kept with the customer it opens and the expiry of the signed link it stands for.
CREATE TABLE IF NOT EXISTS self_service_short_links (
  code text PRIMARY KEY,
  customer_id text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
