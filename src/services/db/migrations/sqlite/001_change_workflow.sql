-- SQLite twin of postgres/001_change_workflow.sql: the same tables and columns. Types are declared as on
-- PostgreSQL (TIMESTAMPTZ, JSONB) because the SQLite adapter reads values back by declared type (epoch ms → Date,
-- JSON text → value).
CREATE TABLE change_requests (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind           TEXT NOT NULL,
  params         JSONB NOT NULL,
  resource_type  TEXT NOT NULL,
  resource_id    TEXT NOT NULL,
  resource_label TEXT NOT NULL,
  title          TEXT NOT NULL,
  before_state   JSONB NOT NULL,
  after_state    JSONB NOT NULL,
  diff           TEXT NOT NULL,
  status         TEXT NOT NULL,
  requested_by   TEXT NOT NULL,
  requested_at   TIMESTAMPTZ NOT NULL,
  expires_at     TIMESTAMPTZ NOT NULL,
  decided_by     TEXT,
  decided_at     TIMESTAMPTZ,
  finished_at    TIMESTAMPTZ,
  error          TEXT,
  channel_id     TEXT,
  message_ts     TEXT,
  replanned_from INTEGER REFERENCES change_requests (id),
  updated_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX change_requests_pending_expiry ON change_requests (expires_at) WHERE status = 'pending';
CREATE INDEX change_requests_resource ON change_requests (resource_type, resource_id);

CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  at             TIMESTAMPTZ NOT NULL,
  actor          TEXT NOT NULL,
  action         TEXT NOT NULL,
  change_id      INTEGER REFERENCES change_requests (id),
  resource_type  TEXT,
  resource_id    TEXT,
  resource_label TEXT,
  summary        TEXT NOT NULL,
  diff           TEXT,
  outcome        TEXT NOT NULL,
  detail         TEXT
);

CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_resource ON audit_log (resource_label, at DESC);
