-- Up Migration
-- Trust (issue 20): a moderator may reject (hide) a review; the moderation queue reads flagged
-- reviews by status; auditors' signed attestations; the append-only moderation audit trail;
-- one publisher reply per review.
ALTER TABLE reviews DROP CONSTRAINT reviews_status_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_status_check CHECK (status IN ('accepted', 'flagged', 'rejected'));
CREATE INDEX reviews_by_status ON reviews(status, seq);
CREATE TABLE attestations (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  pattern_id text NOT NULL,
  version text NOT NULL,
  recorded_at text NOT NULL,
  signed text NOT NULL
);
CREATE INDEX attestations_by_version ON attestations(pattern_id, version, seq);
CREATE TABLE moderation_decisions (
  sequence bigserial PRIMARY KEY,
  review_id text NOT NULL,
  pattern_id text NOT NULL,
  moderator text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('accept', 'reject', 'appeal')),
  reason text NOT NULL,
  from_status text NOT NULL,
  to_status text NOT NULL,
  decided_at text NOT NULL
);
CREATE INDEX moderation_decisions_by_review ON moderation_decisions(review_id, sequence);
CREATE INDEX moderation_decisions_by_pattern ON moderation_decisions(pattern_id, sequence);
CREATE TABLE review_replies (
  review_id text PRIMARY KEY,
  pattern_id text NOT NULL,
  publisher text NOT NULL,
  body text NOT NULL,
  created_at text NOT NULL
);

-- Down Migration
DROP TABLE review_replies, moderation_decisions, attestations;
DROP INDEX reviews_by_status;
ALTER TABLE reviews DROP CONSTRAINT reviews_status_check;
ALTER TABLE reviews ADD CONSTRAINT reviews_status_check CHECK (status IN ('accepted', 'flagged'));
