-- Who opened the App Home tab lately, so that whichever replica changes what a Home tab shows (a request proposed,
-- decided, expired or settled; an alert firing or resolving) re-publishes the tabs of the people who looked, not only
-- the replica that served their app_home_opened. One row per person, upserted at each opening; tabs opened within
-- the last hour (at most the 100 newest) are refreshed, and older rows are deleted in small batches.
CREATE TABLE home_viewers (
  user_id   TEXT PRIMARY KEY,
  opened_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX home_viewers_opened_at ON home_viewers (opened_at);
