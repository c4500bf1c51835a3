/**
 * Row history: the old values of a synced row each time a sync changes or deletes it, kept in
 * `row_history` (migration 0007) by statements that join the sync's batch, each one just before
 * the upsert that overwrites the rows, so the old version and the new land together or not at all.
 * Bounded: the MAX_HISTORY_PER_ROW newest entries of a row, MAX_HISTORY_PER_TERM of a school's term.
 */
import { sqlTable, type SyncTable } from '../tables';
import { jsonChunks } from './chunks';
import type { StoredRow } from './stored';

/** Old versions kept of one row (newest first); older ones are dropped by the sync that adds one. */
export const MAX_HISTORY_PER_ROW = 10;
/** Entries kept of one school's term, all rows together; the oldest are dropped past it. */
export const MAX_HISTORY_PER_TERM = 100_000;

export interface HistoryWrite {
  school: string;
  term: string;
  /** When and by which token (its id) the rows are replaced. */
  at: string;
  tokenId: string;
}

/**
 * The rows of `writes` (one table) that replace a stored version, as [id, deleted] chunks: a
 * write of version 1 is a new row, with nothing to keep.
 */
export function historyChunks(writes: readonly StoredRow[]): string[] {
  return jsonChunks(writes.filter((r) => r.version > 1).map((r) => [r.id, r.deleted ? 1 : 0]));
}

/** Keeps the stored live versions of the chunk's rows: to run before the upsert overwrites them. */
export function keepOldStatement(db: D1DatabaseSession, t: SyncTable, h: HistoryWrite, chunk: string): D1PreparedStatement {
  // CROSS JOIN keeps json_each outside: each id is looked up by primary key, never a scan per entry.
  return db
    .prepare(
      `INSERT INTO row_history (school, term, tbl, id, version, raw, vals, updated_at, updated_by, changed_at, changed_by, deleted)
       SELECT s.school, s.term, '${t}', s.id, s.version, s.raw, s.vals, s.updated_at, s.updated_by, ?3, ?4, json_extract(j.value, '$[1]')
       FROM json_each(?5) AS j CROSS JOIN ${sqlTable(t)} AS s
       WHERE s.school = ?1 AND s.term = ?2 AND s.id = json_extract(j.value, '$[0]') AND s.deleted = 0`,
    )
    .bind(h.school, h.term, h.at, h.tokenId, chunk);
}

/** Drops the entries of the chunk's rows past the MAX_HISTORY_PER_ROW newest. */
export function trimRowsStatement(db: D1DatabaseSession, t: SyncTable, h: HistoryWrite, chunk: string): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM row_history WHERE seq IN (
         SELECT seq FROM (
           SELECT hr.seq, ROW_NUMBER() OVER (PARTITION BY hr.id ORDER BY hr.seq DESC) AS n
           FROM json_each(?4) AS j CROSS JOIN row_history AS hr
           WHERE hr.school = ?1 AND hr.term = ?2 AND hr.tbl = ?3 AND hr.id = json_extract(j.value, '$[0]'))
         WHERE n > ?5)`,
    )
    .bind(h.school, h.term, t, chunk, MAX_HISTORY_PER_ROW);
}

/** Drops a school's term's oldest entries past MAX_HISTORY_PER_TERM (an index walk of at most that many). */
export function trimTermStatement(db: D1DatabaseSession, h: HistoryWrite, max = MAX_HISTORY_PER_TERM): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM row_history WHERE school = ?1 AND term = ?2
         AND seq <= (SELECT seq FROM row_history WHERE school = ?1 AND term = ?2 ORDER BY seq DESC LIMIT 1 OFFSET ?3)`,
    )
    .bind(h.school, h.term, max);
}
