-- Issue 13 (auth and schools):
--   School codes are unique whatever their case: `b1` cannot be registered beside `B1` (tokens,
--   totals and the workbook's Program sheet name a school by its code, and people type codes in
--   either case). This index fails to build when two stored codes differ only in case; find them with
--   SELECT lower(code), group_concat(code) FROM schools GROUP BY lower(code) HAVING COUNT(*) > 1
--   and rename one before migrating.
CREATE UNIQUE INDEX schools_code_nocase ON schools (code COLLATE NOCASE);

--   `retired_from`: the first term (id, e.g. 2027-2028-1) a school no longer takes part in. From
--   that term on it is not counted in the totals' `schools` and reporting rate, and its syncs of
--   those terms are refused (409 school_retired); its rows and the totals of earlier terms stay.
--   Term ids of four-digit years order as text, so `term >= retired_from` is "at or after".
ALTER TABLE schools ADD COLUMN retired_from TEXT;

--   Failed authentications are counted per hashed client address (never the address itself).
CREATE INDEX auth_failures_minute ON auth_failures (minute);

--   Refusals: failed authentications (401, and the first 429 of a client's minute) and 403s, for
--   the operator to see who probes what. No token material, not even a prefix: `client` is a hash
--   of the address, `actor` the token's id for a 403 (NULL when no token was valid), `path` the
--   path without its query. Bounded: the newest REFUSALS_KEPT rows are kept (worker/src/audit.ts),
--   and a client's failures past the limit of its minute add no row.
CREATE TABLE refusals (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  client TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL,
  actor TEXT
);
