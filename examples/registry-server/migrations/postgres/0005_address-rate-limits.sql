-- Up Migration
-- Per-client-address request counts shared by every registry instance on this database
-- (failed authentications and requests without a token), in the table layout of
-- rate-limiter-flexible's RateLimiterPostgres: one fixed window per key, kept by one upsert
-- per counted request. `key` is '<limit name>:<address>'; `expire` is when the window (or
-- the block) ends, epoch milliseconds; a key is over its limit while `points` exceeds it.
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
-- Finds the keys still blocked when an instance starts or its change feed reconnects, and
-- lets the library's hourly clean-up delete expired windows without a full scan.
CREATE INDEX rate_limits_by_expiry ON rate_limits(expire);

-- Down Migration
DROP TABLE rate_limits;
