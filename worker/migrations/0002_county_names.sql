-- A county's display name ("示范县"), set by its bureau or the admin; totals and whoami show it
-- where they would otherwise show only the code.
CREATE TABLE counties (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
