-- A request's documents (its before/after snapshots, diff and preview: megabytes for a large mapping) move out of
-- change_requests into a table written once at the proposal. The request row is rewritten at every transition,
-- and SQLite reaches a row's later columns (status, owner, lease) only by walking the earlier ones' overflow
-- pages: with the documents inline, every status check of a large request read megabytes.
CREATE TABLE change_documents (
  change_id    INTEGER PRIMARY KEY REFERENCES change_requests (id),
  before_state JSONB NOT NULL,
  after_state  JSONB NOT NULL,
  diff         TEXT NOT NULL,
  preview      JSONB
);

INSERT INTO change_documents (change_id, before_state, after_state, diff, preview)
  SELECT id, before_state, after_state, diff, preview FROM change_requests;

ALTER TABLE change_requests DROP COLUMN before_state;
ALTER TABLE change_requests DROP COLUMN after_state;
ALTER TABLE change_requests DROP COLUMN diff;
ALTER TABLE change_requests DROP COLUMN preview;
