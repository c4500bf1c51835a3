-- A row the checks find an error in is never counted (docs/api.md, Sync), in every figure of the
-- totals (worker/src/sync/derive.ts sets these; DERIVE_VERSION 2 derives stored rows again):
--   `counted` on t_teachers and t_partnerships: 1 for a row kept (without an error).
--   `counted` on t_support now means the same for every kind (donations and funding count any kept
--   row); `counts_rotation`: 1 for a kept rotation the school sends, as core's rotationFigure counts
--   it (what `counted` meant for support rows before). Until a school's rows are derived again, its
--   rotations keep counting as they did.
ALTER TABLE t_teachers ADD COLUMN counted INTEGER;
ALTER TABLE t_partnerships ADD COLUMN counted INTEGER;
ALTER TABLE t_support ADD COLUMN counts_rotation INTEGER;
UPDATE t_support SET counts_rotation = counted;
