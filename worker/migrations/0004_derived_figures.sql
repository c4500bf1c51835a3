-- What the server derives with core from a school's stored rows of a term, besides its warnings and
-- Assessment scores (worker/src/sync/derive.ts), so that the bureau's totals count what the
-- school's Summary and checks count:
--   `counted` on a row: 1 when the totals count it. A row the checks find an error in is never
--   counted (the add-in does not send such rows; one stored before the error arose stays, but does
--   not count). Pairings: also active in the term; Assessment: the term's one row of its teacher,
--   scored; Support: a rotation the school sends, as the rotation check counts it; Schedule: only
--   the error (the term's dates and today are applied when totalling).
--   `term_syncs.indicators`: the school's Summary indicators (core's `indicators`), JSON.
--   `term_syncs.derived`: what they were derived with (derivation version and the county's rules);
--   when it differs from now (the bureau changed the rules) they are derived again on a read.
--   `term_syncs.valid_until`: the first day on which today's date may change them (an activity's
--   day comes), or NULL.
ALTER TABLE t_pairings ADD COLUMN counted INTEGER;
ALTER TABLE t_schedule ADD COLUMN counted INTEGER;
ALTER TABLE t_assessment ADD COLUMN counted INTEGER;
ALTER TABLE t_support ADD COLUMN counted INTEGER;
ALTER TABLE term_syncs ADD COLUMN indicators TEXT;
ALTER TABLE term_syncs ADD COLUMN derived TEXT;
ALTER TABLE term_syncs ADD COLUMN valid_until TEXT;
