-- Up Migration
-- Idempotency keys of adoption events, unique per team: a retried POST /adoptions (on any
-- instance) records nothing new.
ALTER TABLE adoption_events ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX adoption_events_by_idempotency_key ON adoption_events(team, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- Down Migration
DROP INDEX adoption_events_by_idempotency_key;
ALTER TABLE adoption_events DROP COLUMN idempotency_key;
