-- Up Migration
-- Catalog (issue 21): forks (backfilled from stored versions), improvement proposals,
-- per-publisher notifications, webhook subscriptions and their deliveries (an outbox with
-- retries), revenue events and the monthly revenue lines kept on write.
CREATE TABLE forks (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  version text NOT NULL,
  parent_id text NOT NULL,
  parent_version text NOT NULL,
  publisher text NOT NULL,
  created_at text NOT NULL
);
CREATE INDEX forks_by_parent ON forks(parent_id, seq);
INSERT INTO forks (id, version, parent_id, parent_version, publisher, created_at)
  SELECT DISTINCT ON (pattern_id) pattern_id, version, package::jsonb #>> '{listing,forkOf,id}',
    package::jsonb #>> '{listing,forkOf,version}', publisher, published_at
  FROM versions WHERE package::jsonb #>> '{listing,forkOf,id}' IS NOT NULL
  ORDER BY pattern_id, published_at, version;
CREATE TABLE proposals (
  seq bigserial PRIMARY KEY,
  target_id text NOT NULL,
  id text NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'accepted', 'rejected', 'withdrawn')),
  record text NOT NULL,
  UNIQUE (target_id, id)
);
CREATE INDEX proposals_by_status ON proposals(target_id, status, seq);
CREATE TABLE notifications (
  sequence bigserial PRIMARY KEY,
  publisher text NOT NULL,
  kind text NOT NULL,
  pattern_id text NOT NULL,
  actor text NOT NULL,
  created_at text NOT NULL,
  data text NOT NULL
);
CREATE INDEX notifications_by_publisher ON notifications(publisher, sequence);
CREATE TABLE webhooks (
  publisher text PRIMARY KEY,
  url text NOT NULL,
  secret text NOT NULL,
  events text NOT NULL,
  created_at text NOT NULL
);
CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  publisher text NOT NULL,
  notification_sequence bigint NOT NULL REFERENCES notifications(sequence),
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at_ms bigint,
  last_error text
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at_ms, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_publisher ON webhook_deliveries(publisher, id);
CREATE TABLE revenue_events (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  pattern_id text NOT NULL,
  publisher text NOT NULL,
  event text NOT NULL
);
CREATE TABLE revenue_lines (
  publisher text NOT NULL,
  month text NOT NULL,
  pattern_id text NOT NULL,
  currency text NOT NULL,
  amount_millis bigint NOT NULL,
  events integer NOT NULL,
  PRIMARY KEY (publisher, month, pattern_id, currency)
);

-- Down Migration
DROP TABLE revenue_lines;
DROP TABLE revenue_events;
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE notifications;
DROP TABLE proposals;
DROP TABLE forks;
