-- SQLite twin of postgres/004_workflow_hardening.sql (SQLite's 001 has no status CHECK to widen).
ALTER TABLE change_requests ADD COLUMN params_hash TEXT;
ALTER TABLE change_requests ADD COLUMN owner TEXT;
ALTER TABLE change_requests ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE change_requests ADD COLUMN write_started_at TIMESTAMPTZ;
ALTER TABLE change_requests ADD COLUMN approvals_required INTEGER NOT NULL DEFAULT 1;
ALTER TABLE change_requests ADD COLUMN sealed_value TEXT;
ALTER TABLE change_requests ADD COLUMN superseded_by INTEGER REFERENCES change_requests (id);
ALTER TABLE change_requests ADD COLUMN changed_by INTEGER REFERENCES change_requests (id);
ALTER TABLE change_requests ADD COLUMN changes_summary JSONB;
ALTER TABLE change_requests ADD COLUMN destructive BOOLEAN NOT NULL DEFAULT false;

CREATE UNIQUE INDEX change_requests_one_pending_plan
  ON change_requests (kind, resource_type, resource_id, params_hash) WHERE status = 'pending';
CREATE INDEX change_requests_in_flight ON change_requests (status) WHERE status IN ('approved', 'applying', 'unknown');

CREATE TABLE change_approvals (
  change_id   INTEGER NOT NULL REFERENCES change_requests (id),
  approver    TEXT NOT NULL,
  approved_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (change_id, approver)
);

CREATE TABLE resource_locks (
  resource_key TEXT PRIMARY KEY,
  holder       TEXT NOT NULL,
  change_id    INTEGER,
  expires_at   TIMESTAMPTZ NOT NULL
);
