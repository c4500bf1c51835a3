-- The workbook each sync came from (the sync body's optional `workbook`: an id the add-in keeps in
-- the workbook's sync state), so GET /api/v1/sync/status can tell a workbook that never synced how
-- many workbooks already sent the school's rows for the term. NULL for syncs of other clients and
-- for syncs logged before.
ALTER TABLE sync_log ADD COLUMN workbook TEXT;
CREATE INDEX sync_log_term ON sync_log (school, term, workbook);
