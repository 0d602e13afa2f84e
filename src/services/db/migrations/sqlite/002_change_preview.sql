-- SQLite twin of postgres/002_change_preview.sql.
ALTER TABLE change_requests ADD COLUMN preview JSONB;
