-- Up Migration
-- Data-subject rights: consent history per pseudonym, erasure requests awaiting their purge,
-- and the append-only audit log (who, what, when; never a contribution's content).
CREATE TABLE consent_events (
  sequence bigserial PRIMARY KEY,
  pseudonym text NOT NULL,
  publisher text NOT NULL,
  granted boolean NOT NULL,
  scope text NOT NULL,
  at text NOT NULL
);
CREATE INDEX consent_events_by_pseudonym ON consent_events(pseudonym, sequence);
CREATE TABLE erasures (
  pseudonym text PRIMARY KEY,
  publisher text NOT NULL,
  requested_at text NOT NULL,
  purge_after text NOT NULL,
  purge_after_ms bigint NOT NULL,
  purged_at text
);
CREATE INDEX erasures_pending ON erasures(purge_after_ms) WHERE purged_at IS NULL;
CREATE TABLE audit_events (
  sequence bigserial PRIMARY KEY,
  at text NOT NULL,
  at_ms bigint NOT NULL,
  type text NOT NULL,
  actor text NOT NULL,
  pseudonym text,
  details text NOT NULL
);
CREATE INDEX audit_events_by_type ON audit_events(type, sequence);
CREATE INDEX audit_events_by_pseudonym ON audit_events(pseudonym, sequence);
CREATE INDEX audit_events_by_time ON audit_events(at_ms);

-- Down Migration
DROP TABLE audit_events;
DROP TABLE erasures;
DROP TABLE consent_events;
