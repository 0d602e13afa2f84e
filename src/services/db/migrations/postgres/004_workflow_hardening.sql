-- Change workflow hardening:
-- * 'unknown': the pipeline's answer to a write was lost (timeout, reset, 5xx, failed read-back); reconciled by reading.
-- * owner / lease_until: the process applying a request and until when it holds it; a restarted process settles its
--   own requests at once, other replicas take over expired leases.
-- * params_hash: with the partial unique index, at most one pending request per (kind, resource, params).
-- * approvals_required + change_approvals: destructive kinds need several distinct approvers.
-- * changes_summary: what the card lists under "What changes", computed once at proposal; destructive: from the kind.
-- * sealed_value: a sealed proposal's secret, encrypted (AES-256-GCM), erased when the request closes.
-- * resource_locks: applies are serialized per resource across processes (a lease row taken by a conditional write).
ALTER TABLE change_requests DROP CONSTRAINT change_requests_status_check;
ALTER TABLE change_requests ADD CONSTRAINT change_requests_status_check CHECK (status IN
  ('pending', 'approved', 'applying', 'unknown', 'applied', 'failed', 'stale', 'rejected', 'cancelled', 'expired'));
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
