-- A mail whose step was stopped (a payment, a dispute, a hold) before the relay accepted it is withdrawn rather than
-- left pending for ever; a later run of the same step takes it up again.
ALTER TABLE mail_outbox DROP CONSTRAINT IF EXISTS mail_outbox_status_check;
ALTER TABLE mail_outbox
  ADD CONSTRAINT mail_outbox_status_check CHECK (status IN ('pending', 'sent', 'rejected', 'withdrawn'));

-- Since when every attempt of a mail has failed (relay down, or answering 4xx): past a configured period a person is
-- told, while the attempts go on.
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS failing_since timestamptz;
ALTER TABLE mail_outbox ADD COLUMN IF NOT EXISTS stall_reported_at timestamptz;
