-- Up Migration
-- The registry's PostgreSQL schema: catalog, reviews, adoption events, the aggregates kept on
-- write, the pattern network as a change log with snapshots, pseudonym owners.
CREATE TABLE patterns (
  id text PRIMARY KEY,
  publisher text NOT NULL
);
CREATE TABLE versions (
  pattern_id text NOT NULL REFERENCES patterns(id),
  version text NOT NULL,
  fingerprint text NOT NULL,
  published_at text NOT NULL,
  publisher text NOT NULL,
  package text NOT NULL,
  PRIMARY KEY (pattern_id, version)
);
CREATE TABLE dist_tags (
  pattern_id text NOT NULL REFERENCES patterns(id),
  tag text NOT NULL,
  version text NOT NULL,
  PRIMARY KEY (pattern_id, tag),
  FOREIGN KEY (pattern_id, version) REFERENCES versions(pattern_id, version)
);
CREATE TABLE reviews (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  pattern_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('accepted', 'flagged')),
  reasons text NOT NULL,
  review text NOT NULL
);
CREATE INDEX reviews_by_pattern ON reviews(pattern_id, seq);
CREATE TABLE adoption_events (
  seq bigserial PRIMARY KEY,
  pattern_id text NOT NULL,
  team text NOT NULL,
  type text NOT NULL,
  at_ms bigint NOT NULL,
  event text NOT NULL
);
CREATE INDEX adoption_events_by_pattern ON adoption_events(pattern_id, seq);
CREATE INDEX adoption_events_by_team ON adoption_events(team, seq);
CREATE INDEX adoption_events_by_time ON adoption_events(type, at_ms);
CREATE INDEX adoption_events_by_pattern_time ON adoption_events(pattern_id, type, at_ms);
CREATE TABLE pattern_stats (
  pattern_id text PRIMARY KEY,
  review_count bigint NOT NULL DEFAULT 0,
  rating_sum bigint NOT NULL DEFAULT 0,
  downloads bigint NOT NULL DEFAULT 0,
  installs bigint NOT NULL DEFAULT 0,
  uninstalls bigint NOT NULL DEFAULT 0,
  active_installs bigint NOT NULL DEFAULT 0,
  uninstalled_teams bigint NOT NULL DEFAULT 0,
  organizations bigint NOT NULL DEFAULT 0,
  trend_mass double precision NOT NULL DEFAULT 0
);
CREATE INDEX pattern_stats_by_trend ON pattern_stats(trend_mass DESC, pattern_id);
CREATE TABLE team_patterns (
  team text NOT NULL,
  pattern_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('none', 'installed', 'uninstalled')),
  at_ms bigint,
  PRIMARY KEY (team, pattern_id)
);
CREATE TABLE co_adoption (
  from_id text NOT NULL,
  to_id text NOT NULL,
  teams bigint NOT NULL,
  PRIMARY KEY (from_id, to_id)
);
CREATE TABLE reviewer_accounts (
  reviewer text PRIMARY KEY,
  review_count bigint NOT NULL,
  team text
);
CREATE TABLE totals (
  id int PRIMARY KEY CHECK (id = 1),
  patterns bigint NOT NULL,
  versions bigint NOT NULL,
  accepted_reviews bigint NOT NULL,
  adoption_events bigint NOT NULL
);
INSERT INTO totals VALUES (1, 0, 0, 0, 0);
CREATE TABLE network_changes (
  sequence bigserial PRIMARY KEY,
  shard text NOT NULL,
  bytes bytea NOT NULL
);
CREATE INDEX network_changes_by_shard ON network_changes(shard, sequence);
CREATE TABLE network_snapshots (
  shard text PRIMARY KEY,
  bytes bytea NOT NULL,
  through_sequence bigint NOT NULL
);
CREATE TABLE pseudonym_owners (
  pseudonym text PRIMARY KEY,
  publisher text NOT NULL
);

-- Down Migration
DROP TABLE pseudonym_owners, network_snapshots, network_changes, totals, reviewer_accounts,
  co_adoption, team_patterns, pattern_stats, adoption_events, reviews, dist_tags, versions, patterns;
