-- SQLite twin of postgres/005_slack_deliveries.sql: the same table and columns.
-- Requests from Slack already taken (HTTP mode), so that a Slack retry (x-slack-retry-num) or a replay of the
-- same signed request within the signature window is processed once, whichever replica it reaches.
-- delivery_key is `event:<event_id>` for the Events API, else `body:<sha256 of the raw body>`.
-- The first INSERT … ON CONFLICT DO NOTHING wins; rows older than the retention are deleted in small batches.
CREATE TABLE slack_deliveries (
  delivery_key TEXT PRIMARY KEY,
  received_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX slack_deliveries_received_at ON slack_deliveries (received_at);
