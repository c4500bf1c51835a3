-- The term report and the bureau's review (DOMAIN: "The term report and its review").
--   report_versions: every version a school submitted for a term, all kept: the revision of the
--   school's rows it was made from, and a gzipped JSON snapshot (the report's model, core's
--   reportModel, and the Summary figures), from which its .docx is rendered.
--   report_state: a school's report of a term now: submitted, returned (with the bureau's comment
--   and items, JSON [{table, id, column?, text}]) or approved; no row is `not_submitted`. An
--   approved term locks the school's syncs (423 report_approved) until the bureau reopens it.
CREATE TABLE report_versions (
  school TEXT NOT NULL,
  term TEXT NOT NULL,
  version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  lang TEXT NOT NULL,
  figures TEXT NOT NULL,
  open_warnings INTEGER NOT NULL,
  snapshot_gz BLOB NOT NULL,
  PRIMARY KEY (school, term, version)
);

CREATE TABLE report_state (
  school TEXT NOT NULL,
  term TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('submitted', 'returned', 'approved')),
  version INTEGER NOT NULL,
  submitted_at TEXT NOT NULL,
  reviewed_at TEXT,
  reviewed_by TEXT,
  comment TEXT,
  items TEXT,
  PRIMARY KEY (school, term)
);
CREATE INDEX report_state_term ON report_state (term, school);

-- Every review step (return, approve, reopen), kept for the school and the audit.
CREATE TABLE report_reviews (
  school TEXT NOT NULL,
  term TEXT NOT NULL,
  seq INTEGER NOT NULL,
  version INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('return', 'approve', 'reopen')),
  at TEXT NOT NULL,
  by TEXT NOT NULL,
  comment TEXT,
  items TEXT,
  PRIMARY KEY (school, term, seq)
);
