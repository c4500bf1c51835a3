-- A replay looked up before the body is validated (routes/sync.ts, sync/replay.ts): the SHA-256 of
-- the request's exact text. The same text from the same school is answered from its stored answer;
-- other text under a logged batch id (other white space, or another body) goes the whole way, where
-- body_hash (of the validated body) decides as before.
ALTER TABLE sync_log ADD COLUMN text_hash TEXT;
CREATE INDEX sync_log_text_hash ON sync_log (school, text_hash) WHERE text_hash IS NOT NULL;

-- Each synced school's by-school totals row as far as only its own derivation changes it (JSON:
-- its figures, activities by type, Summary indicators and rates; totals-sql.ts storedSchoolRow),
-- written with its figures at each sync and refresh, so the by-school totals join text instead of
-- building each row. NULL (derived before this column): the row is built from `figures` as before.
ALTER TABLE term_syncs ADD COLUMN totals_row TEXT;

-- The synced sheets' (term, school) indexes served the totals when they scanned rows; every read
-- of a sheet's rows now names its school and term (the primary key's prefix) or its revision
-- (t_*_rev), so they only cost bytes (about 33 a row) and time at each write.
DROP INDEX IF EXISTS t_partnerships_term;
DROP INDEX IF EXISTS t_teachers_term;
DROP INDEX IF EXISTS t_pairings_term;
DROP INDEX IF EXISTS t_schedule_term;
DROP INDEX IF EXISTS t_assessment_term;
DROP INDEX IF EXISTS t_support_term;
DROP INDEX IF EXISTS t_summary_term;
