-- A change kind's dry-run evidence beyond the diff (ChangeKind.preview), e.g. what new transform steps do to the
-- event type's sample events: {"title", "summary", "items": [{"label", "lines": [...]}]}. NULL for kinds without one.
ALTER TABLE change_requests ADD COLUMN preview JSONB;
