-- Up Migration
-- Secrets claimed once per name: the network signing secret every instance and restart
-- shares (the first instance stores its random candidate, the others read it).
CREATE TABLE secrets (
  name text PRIMARY KEY,
  secret bytea NOT NULL
);

-- Down Migration
DROP TABLE secrets;
