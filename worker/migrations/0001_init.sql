-- Jiedui D1 schema v1. Rows synced from a school's workbook live in one typed table per sheet:
-- `raw` keeps the cell values as sent, `vals` the values read by core, and the typed columns are
-- what the bureau's totals aggregate in SQL. A row's identity is (school, term, id) in its table.

CREATE TABLE schools (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  county TEXT NOT NULL,
  town TEXT,
  level TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX schools_county ON schools (county, town);

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('school', 'bureau')),
  school TEXT REFERENCES schools (code),
  county TEXT,
  label TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);

-- Failed authentications per client and minute, for the 429 after too many.
CREATE TABLE auth_failures (
  client TEXT NOT NULL,
  minute INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (client, minute)
);

-- Per-school revision counter; a sync's batch checks it has not moved (optimistic concurrency).
CREATE TABLE school_state (
  school TEXT PRIMARY KEY REFERENCES schools (code),
  revision INTEGER NOT NULL DEFAULT 0
);

-- A row that must never be inserted: a batch adds one to abort itself when its guard is false.
CREATE TABLE batch_guard (ok INTEGER NOT NULL CHECK (ok = 1));

-- Which schools synced which term (the bureau's reporting rate).
CREATE TABLE term_syncs (
  school TEXT NOT NULL,
  term TEXT NOT NULL,
  first_sync_at TEXT NOT NULL,
  last_sync_at TEXT NOT NULL,
  PRIMARY KEY (school, term)
);
CREATE INDEX term_syncs_term ON term_syncs (term, school);

CREATE TABLE sync_log (
  school TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  term TEXT NOT NULL,
  answer TEXT NOT NULL,
  token_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (school, batch_id)
);

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT
);

CREATE TABLE warnings (
  school TEXT NOT NULL,
  term TEXT NOT NULL,
  code TEXT NOT NULL,
  severity TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (school, term, code)
);
CREATE INDEX warnings_term ON warnings (term, school);

CREATE TABLE rules (
  county TEXT NOT NULL,
  term TEXT NOT NULL,
  rules_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (county, term)
);

CREATE TABLE term_locks (
  county TEXT NOT NULL,
  term TEXT NOT NULL,
  locked_at TEXT NOT NULL,
  locked_by TEXT NOT NULL,
  PRIMARY KEY (county, term)
);

-- The synced sheets. Common columns first; typed columns after.
CREATE TABLE t_partnerships (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  supporting_code TEXT, aided_code TEXT, start_date TEXT, end_date TEXT,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_partnerships_term ON t_partnerships (term, school);
CREATE INDEX t_partnerships_rev ON t_partnerships (school, revision);

CREATE TABLE t_teachers (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  teacher_id TEXT, name TEXT, school_code TEXT, role TEXT, title TEXT, backbone_level TEXT,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_teachers_term ON t_teachers (term, school);
CREATE INDEX t_teachers_rev ON t_teachers (school, revision);

CREATE TABLE t_pairings (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  mentor_id TEXT, mentee_id TEXT, subject TEXT, start_date TEXT, end_date TEXT,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_pairings_term ON t_pairings (term, school);
CREATE INDEX t_pairings_rev ON t_pairings (school, revision);

CREATE TABLE t_schedule (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  date TEXT, month TEXT, type TEXT, status TEXT, host_school TEXT, guest_school TEXT,
  lead_teacher TEXT, teachers INTEGER, students INTEGER,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_schedule_term ON t_schedule (term, school, month);
CREATE INDEX t_schedule_rev ON t_schedule (school, revision);

CREATE TABLE t_assessment (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  teacher_id TEXT, role TEXT, score REAL, result TEXT,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_assessment_term ON t_assessment (term, school);
CREATE INDEX t_assessment_rev ON t_assessment (school, revision);

CREATE TABLE t_support (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  kind TEXT, from_school TEXT, to_school TEXT, teacher_id TEXT, start_date TEXT, end_date TEXT,
  amount REAL, beneficiaries INTEGER,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_support_term ON t_support (term, school);
CREATE INDEX t_support_rev ON t_support (school, revision);

CREATE TABLE t_summary (
  school TEXT NOT NULL, term TEXT NOT NULL, id TEXT NOT NULL,
  version INTEGER NOT NULL, revision INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  raw TEXT NOT NULL, vals TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  indicator TEXT, target REAL, completed REAL, rate REAL,
  PRIMARY KEY (school, term, id)
);
CREATE INDEX t_summary_term ON t_summary (term, school);
CREATE INDEX t_summary_rev ON t_summary (school, revision);
