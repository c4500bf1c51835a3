-- The bureau's figures kept up to date at sync (worker/src/sync/figures.ts), so that a totals read
-- costs O(schools), not O(rows) (docs/scale.md):
--   `term_syncs.figures`: the school's own figures of the term (JSON: counts, sums, activities by
--   type, the months with a held activity); a sum that overflowed or could not be read is null.
--   `fig_keys`: per school the keys that "count once" across schools needs (core/identity.ts):
--   people (teachers by their own school and name, mentors, mentees, rotation teachers, assessed
--   and passed teachers), pairings by both people, partnerships by both codes, joint activities and
--   support events; `a`/`b` what the school records for the key (1 for a person, a count or yuan).
--   `fig_key_count`: how many schools record each key; the totals read only the keys two or more
--   schools record (the partial index), and subtract their repeats from the schools' sums.
--   `fig_owner`: per teacher's own school (`owner`, as idKey) the distinct people any school lists
--   as its teachers: teachers count for their own school only.
ALTER TABLE term_syncs ADD COLUMN figures TEXT;

CREATE TABLE fig_keys (
  term TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  school TEXT NOT NULL,
  a NUMERIC NOT NULL,
  b NUMERIC NOT NULL,
  PRIMARY KEY (term, kind, key, school)
) WITHOUT ROWID;
CREATE INDEX fig_keys_school ON fig_keys (school, term);

CREATE TABLE fig_key_count (
  term TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  n INTEGER NOT NULL,
  owner TEXT,
  PRIMARY KEY (term, kind, key)
) WITHOUT ROWID;
CREATE INDEX fig_key_count_shared ON fig_key_count (term, kind, key) WHERE n > 1;
CREATE INDEX fig_key_count_owner ON fig_key_count (term, owner) WHERE owner IS NOT NULL AND n > 0;

CREATE TABLE fig_owner (
  term TEXT NOT NULL,
  owner TEXT NOT NULL,
  teachers INTEGER NOT NULL,
  PRIMARY KEY (term, owner)
) WITHOUT ROWID;

-- Teachers' own schools are stored as idKey (lower case); a registered code is letters, digits, _ and -.
CREATE INDEX schools_lower_code ON schools (LOWER(code));
