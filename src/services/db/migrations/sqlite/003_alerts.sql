-- SQLite twin of postgres/003_alerts.sql: the same tables and columns.
-- Alerts: one row per alert key (a rule and its series, or an Alertmanager group), holding its current incident.
-- Every write is conditional on `version` (optimistic concurrency), so two replicas evaluating at once never
-- both fire, resolve or post the same alert. `revision` counts changes of what the Slack message shows;
-- the message is in sync when synced_revision = revision.
CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_key        TEXT NOT NULL UNIQUE,
  source           TEXT NOT NULL CHECK (source IN ('rule', 'alertmanager')),
  rule_id          TEXT,
  subject          TEXT,
  phase            TEXT NOT NULL CHECK (phase IN ('inactive', 'pending', 'firing', 'resolved')),
  severity         TEXT NOT NULL,
  title            TEXT NOT NULL,
  channel_id       TEXT NOT NULL,
  details          JSONB NOT NULL,
  incident         INTEGER NOT NULL DEFAULT 0,
  pending_since    TIMESTAMPTZ,
  fired_at         TIMESTAMPTZ,
  clear_since      TIMESTAMPTZ,
  resolved_at      TIMESTAMPTZ,
  reopen_count     INTEGER NOT NULL DEFAULT 0,
  acked_by         TEXT,
  acked_at         TIMESTAMPTZ,
  snoozed_by       TEXT,
  snoozed_until    TIMESTAMPTZ,
  silence_ids      JSONB NOT NULL DEFAULT '[]',
  version          INTEGER NOT NULL DEFAULT 0,
  revision         INTEGER NOT NULL DEFAULT 0,
  message_channel  TEXT,
  message_ts       TEXT,
  synced_revision  INTEGER NOT NULL DEFAULT 0,
  synced_at        TIMESTAMPTZ,
  synced_hash      TEXT,
  synced_key_hash  TEXT,
  sync_owner       TEXT,
  sync_lease_until TIMESTAMPTZ,
  sync_failures    INTEGER NOT NULL DEFAULT 0,
  sync_retry_at    TIMESTAMPTZ,
  created_at       TIMESTAMPTZ NOT NULL,
  updated_at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX alerts_source_phase ON alerts (source, phase);
CREATE INDEX alerts_unsynced ON alerts (id) WHERE synced_revision < revision;

-- Thread replies still to post (resolved, reopened, remedy proposed): an outbox, written in the same
-- transaction as the transition that causes it, delivered once by whichever process holds the alert's lease.
CREATE TABLE alert_replies (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_id     INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  incident     INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('resolved', 'reopened', 'remedy')),
  actor        TEXT,
  payload      JSONB NOT NULL DEFAULT '{}',
  created_at   TIMESTAMPTZ NOT NULL,
  delivered_at TIMESTAMPTZ
);

CREATE INDEX alert_replies_undelivered ON alert_replies (alert_id, id) WHERE delivered_at IS NULL;
