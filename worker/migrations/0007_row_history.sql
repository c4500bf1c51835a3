-- Row history (docs/api.md, "Row history"): the old values of every changed or deleted synced row,
-- written in the sync's own batch (one transaction) just before the row is overwritten. One entry
-- per version replaced: `version`, `raw` and `vals` are the old version's; `changed_at` and
-- `changed_by` (a token id, never token material) say when and by whom it was replaced, `deleted`
-- whether by a delete. A tombstone replaced (a deleted row made again) leaves no entry.
-- Bounded (worker/src/sync/history.ts): the 10 newest entries of each row, and 100,000 entries per
-- school and term; older ones are dropped in the same batch.
CREATE TABLE row_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  school TEXT NOT NULL,
  term TEXT NOT NULL,
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  raw TEXT NOT NULL,
  vals TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  deleted INTEGER NOT NULL
);
CREATE INDEX row_history_row ON row_history (school, term, tbl, id, seq);
CREATE INDEX row_history_school ON row_history (school, term, seq);
