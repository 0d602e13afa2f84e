-- Drift detection: for every resource pipeops manages, the last state it applied, read or accepted ("known"), and,
-- while the pipeline shows something else that no pipeops request explains, that state ("drifted") and its Slack
-- message. States are snapshots with credentials masked plus keyed hashes (HMAC) of the masked values, never the
-- values. Every write is conditional on `version`, so two replicas never both record, accept or post a drift.
CREATE TABLE drift_resources (
  id               INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_type    TEXT NOT NULL,
  resource_id      TEXT NOT NULL,
  resource_label   TEXT NOT NULL,
  known            JSONB NOT NULL,
  known_at         TIMESTAMPTZ NOT NULL,
  known_by         TEXT NOT NULL,
  drifted          JSONB,
  diff             TEXT,
  incident         INTEGER NOT NULL DEFAULT 0,
  first_seen_at    TIMESTAMPTZ,
  last_seen_at     TIMESTAMPTZ,
  closed_by        TEXT,
  closed_how       TEXT CHECK (closed_how IN ('accepted', 'restored')),
  revision         INTEGER NOT NULL DEFAULT 0,
  synced_revision  INTEGER NOT NULL DEFAULT 0,
  message_channel  TEXT,
  message_ts       TEXT,
  sync_owner       TEXT,
  sync_lease_until TIMESTAMPTZ,
  version          INTEGER NOT NULL DEFAULT 0,
  updated_at       TIMESTAMPTZ NOT NULL,
  UNIQUE (resource_type, resource_id)
);

CREATE INDEX drift_resources_unsynced ON drift_resources (id) WHERE synced_revision < revision;

-- The fingerprint key when neither PIPEOPS_DRIFT_KEY nor PIPEOPS_SECRETS_KEY is set: random, made once by whichever
-- process gets there first (INSERT … ON CONFLICT DO NOTHING), shared by every replica.
CREATE TABLE drift_keys (
  name       TEXT PRIMARY KEY,
  key_hex    TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL
);
