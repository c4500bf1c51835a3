/**
 * A county's bureau closes a term's reporting (POST /api/v1/terms/:term/lock, routes/locks.ts): its
 * row in term_locks. The one reading of that row, for the routes that refuse or tell a closed term
 * (the sync, whoami) and for the sync's write batch, which aborts on a lock committed after the
 * route read it.
 */

/** `head` over the county's lock of the term: a statement that finds a row only when the term is closed. */
const lockRow = (db: D1DatabaseSession, head: string, county: string, term: string): D1PreparedStatement =>
  db.prepare(`${head} FROM term_locks WHERE county = ? AND term = ?`).bind(county, term);

/** Whether the county's bureau closed the term. */
export async function isTermLocked(db: D1DatabaseSession, county: string, term: string): Promise<boolean> {
  return !!(await lockRow(db, 'SELECT 1 AS locked', county, term).first());
}

/** A statement for the sync's batch: aborts it (CHECK constraint of batch_guard) when the term is closed. */
export const termLockGuard = (db: D1DatabaseSession, county: string, term: string): D1PreparedStatement =>
  lockRow(db, 'INSERT INTO batch_guard (ok) SELECT 0', county, term);
