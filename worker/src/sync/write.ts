/**
 * The statements of one sync, run as one D1 batch (one transaction): all of it lands or none, the
 * old versions of the rows it changes (sync/history.ts) with it.
 * Rows go in as one JSON parameter per table chunk read with json_each, far under D1's 100 bound
 * parameters, and each chunk stays well under D1's 2 MB value limit: measured in UTF-8 bytes, since
 * a character of Chinese text is three of them.
 */
import { nowIso } from '../env';
import { termLockGuard } from '../term-lock';
import { SYNC_TABLES, TYPED_COLUMNS, sqlTable, type SyncTable } from '../tables';
import type { StoredRow } from './stored';
import type { DerivedAssessment } from './assessment';
import type { StoredIndicator } from './derive';
import { storedSchoolRow } from '../totals-row';
import { figureStatements, type FigureSet } from './figures';
import { COUNTED_TABLES } from './stored';
import { jsonChunks as chunks } from './chunks';
import { historyChunks, keepOldStatement, trimRowsStatement, trimTermStatement } from './history';
import type { WarningCount } from './warnings';

export interface SyncWrite {
  school: string;
  /** The school's county: the batch aborts if its bureau locked the term meanwhile. */
  county: string;
  term: string;
  tokenId: string;
  batchId: string;
  bodyHash: string;
  /** SHA-256 of the request's exact text: the replay's first look-up (sync/replay.ts). */
  textHash?: string;
  /** The revision the plan was made against; the batch aborts if another sync moved it. */
  expectedRevision: number;
  revision: number;
  writes: StoredRow[];
  warnings: WarningCount[];
  /** Server-scored Assessment results to store: rows written now and rows whose result changed. */
  assessments?: DerivedAssessment[];
  /** Derived `counted` flags to store (COUNTED_TABLES but assessment): rows written now and changed ones. */
  counted?: CountedWrite[];
  /** The school's derived figures for the term (sync/derive.ts). */
  figures?: FiguresWrite;
  /** The answer, gzipped (sync/answer.ts), kept for replays. */
  answer: Uint8Array;
}

export interface CountedWrite {
  table: SyncTable;
  id: string;
  counted: 0 | 1;
  /** Support rows: whether the rotation figures count the row. */
  countsRotation?: 0 | 1;
}

export interface FiguresWrite {
  indicators: StoredIndicator[];
  /** derivedStamp(): what they were derived with. */
  derived: string;
  validUntil: string | null;
  /** The school's own figures and keys (sync/figures.ts). */
  set?: FigureSet;
}

/** What a derivation writes besides the rows: each sync, and each refresh of stale figures. */
export interface DerivedWrite {
  warnings: WarningCount[];
  assessments?: DerivedAssessment[];
  counted?: CountedWrite[];
  figures?: FiguresWrite;
}

function upsertSql(t: SyncTable): string {
  const typed = Object.keys(TYPED_COLUMNS[t]);
  const cols = ['school', 'term', 'id', 'version', 'revision', 'deleted', 'raw', 'vals', 'updated_at', 'updated_by', ...typed];
  const j = (path: string) => `json_extract(j.value, '$.${path}')`;
  const select = ['?1', '?2', j('id'), j('version'), '?3', j('deleted'), j('raw'), j('vals'), '?4', '?5', ...typed.map((c) => j(`t.${c}`))];
  const update = cols.slice(3).map((c) => `${c} = excluded.${c}`);
  // `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
  return `INSERT INTO ${sqlTable(t)} (${cols.join(', ')}) SELECT ${select.join(', ')} FROM json_each(?6) AS j WHERE true
    ON CONFLICT (school, term, id) DO UPDATE SET ${update.join(', ')}`;
}

export function syncStatements(db: D1DatabaseSession, w: SyncWrite): D1PreparedStatement[] {
  const at = nowIso();
  const stmts: D1PreparedStatement[] = [
    // The route refuses a locked term before planning; a lock committed since then aborts the
    // batch here, inside its transaction, as a moved revision does (the route answers 423).
    termLockGuard(db, w.county, w.term),
    db
      .prepare('INSERT INTO batch_guard (ok) SELECT 0 FROM school_state WHERE school = ? AND revision != ?')
      .bind(w.school, w.expectedRevision),
    db.prepare('UPDATE school_state SET revision = ? WHERE school = ?').bind(w.revision, w.school),
  ];
  stmts.push(...rowStatements(db, w, at));
  stmts.push(
    db
      .prepare(
        `INSERT INTO term_syncs (school, term, first_sync_at, last_sync_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (school, term) DO UPDATE SET last_sync_at = excluded.last_sync_at`,
      )
      .bind(w.school, w.term, at),
    ...derivedStatements(db, w.school, w.term, w),
  );
  stmts.push(...logStatements(db, w, at));
  return stmts;
}

/** The rows of each table, each table's old versions first (row history), then the rows, then the history kept bounded. */
function rowStatements(db: D1DatabaseSession, w: SyncWrite, at: string): D1PreparedStatement[] {
  const stmts: D1PreparedStatement[] = [];
  const history = { school: w.school, term: w.term, at, tokenId: w.tokenId };
  let anyReplaced = false;
  for (const t of SYNC_TABLES) {
    const rows = w.writes
      .filter((r) => r.table === t)
      .map((r) => ({
        id: r.id,
        version: r.version,
        deleted: r.deleted,
        raw: r.raw,
        vals: r.vals,
        t: Object.fromEntries(Object.entries(TYPED_COLUMNS[t]).map(([c, f]) => [c, r.deleted ? null : f(r.vals)])),
      }));
    const sql = upsertSql(t);
    const replaced = historyChunks(w.writes.filter((r) => r.table === t));
    for (const chunk of replaced) stmts.push(keepOldStatement(db, t, history, chunk));
    for (const chunk of chunks(rows)) {
      stmts.push(db.prepare(sql).bind(w.school, w.term, w.revision, at, w.tokenId, chunk));
    }
    for (const chunk of replaced) stmts.push(trimRowsStatement(db, t, history, chunk));
    anyReplaced ||= replaced.length > 0;
  }
  if (anyReplaced) stmts.push(trimTermStatement(db, history));
  return stmts;
}

/** The sync's log line (its answer, for replays) and its audit line. */
function logStatements(db: D1DatabaseSession, w: SyncWrite, at: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        'INSERT INTO sync_log (school, batch_id, body_hash, text_hash, term, answer, answer_gz, token_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .bind(w.school, w.batchId, w.bodyHash, w.textHash ?? null, w.term, '', w.answer, w.tokenId, at),
    db.prepare('INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)').bind(
      at,
      w.tokenId,
      'sync',
      `${w.school}/${w.term}`,
      JSON.stringify({
        batch_id: w.batchId,
        revision: w.revision,
        // A row list for ordinary batches; counts only for huge ones, to stay under D1's row size.
        changed:
          w.writes.length <= 2000
            ? w.writes.map((r) => ({ table: r.table, id: r.id, version: r.version, deleted: r.deleted || undefined }))
            : { rows: w.writes.length },
      }),
    ),
  ];
}

/** The `counted` flags of the COUNTED_TABLES but assessment (whose flag goes with its result). */
function countedStatements(db: D1DatabaseSession, school: string, term: string, counted: CountedWrite[]): D1PreparedStatement[] {
  const stmts: D1PreparedStatement[] = [];
  for (const t of SYNC_TABLES) {
    if (t === 'assessment' || !COUNTED_TABLES.has(t)) continue;
    // Support rows carry a second flag: whether the rotation figures count them.
    const rotation = t === 'support';
    const rows = counted.filter((c) => c.table === t).map((c) => (rotation ? [c.id, c.counted, c.countsRotation ?? 0] : [c.id, c.counted]));
    for (const chunk of chunks(rows)) {
      stmts.push(
        db
          .prepare(
            `WITH j AS MATERIALIZED (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS counted${rotation ? ", json_extract(value, '$[2]') AS counts_rotation" : ''} FROM json_each(?3))
             UPDATE ${sqlTable(t)} SET counted = j.counted${rotation ? ', counts_rotation = j.counts_rotation' : ''} FROM j
             WHERE ${sqlTable(t)}.school = ?1 AND ${sqlTable(t)}.term = ?2 AND ${sqlTable(t)}.id = j.id`,
          )
          .bind(school, term, chunk),
      );
    }
  }
  return stmts;
}

/**
 * The statements storing a derivation of a school's term (sync/derive.ts): changed Assessment
 * results and `counted` flags, the open issues, and the figures. Its term_syncs row must exist.
 */
export function derivedStatements(db: D1DatabaseSession, school: string, term: string, d: DerivedWrite): D1PreparedStatement[] {
  const stmts: D1PreparedStatement[] = [];
  for (const chunk of chunks(d.assessments ?? [])) {
    stmts.push(
      db
        .prepare(
          // MATERIALIZED makes SQLite read the JSON once and look each id up by primary key; a
          // plain join with json_each scanned the whole array again for every row of the school
          // (4,000 rows x 4,000 entries took seconds).
          `WITH j AS MATERIALIZED (
             SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.role') AS role,
                    json_extract(value, '$.score') AS score, json_extract(value, '$.result') AS result,
                    json_extract(value, '$.counted') AS counted
             FROM json_each(?3))
           UPDATE t_assessment SET role = j.role, score = j.score, result = j.result, counted = j.counted
           FROM j
           WHERE t_assessment.school = ?1 AND t_assessment.term = ?2 AND t_assessment.id = j.id`,
        )
        .bind(school, term, chunk),
    );
  }
  stmts.push(...countedStatements(db, school, term, d.counted ?? []));
  stmts.push(
    db.prepare('DELETE FROM warnings WHERE school = ? AND term = ?').bind(school, term),
    db
      .prepare(
        `INSERT INTO warnings (school, term, code, severity, count)
         SELECT ?1, ?2, json_extract(value, '$.code'), json_extract(value, '$.severity'), json_extract(value, '$.count') FROM json_each(?3)`,
      )
      .bind(school, term, JSON.stringify(d.warnings)),
  );
  if (d.figures) {
    stmts.push(
      db
        // totals_row: the school's by-school totals row, as far as its derivation alone decides it (totals-row.ts).
        .prepare('UPDATE term_syncs SET indicators = ?3, derived = ?4, valid_until = ?5, totals_row = ?6 WHERE school = ?1 AND term = ?2')
        .bind(
          school,
          term,
          JSON.stringify(d.figures.indicators),
          d.figures.derived,
          d.figures.validUntil,
          d.figures.set ? storedSchoolRow(d.figures.set.school, d.figures.indicators) : null,
        ),
    );
    if (d.figures.set) stmts.push(...figureStatements(db, school, term, d.figures.set));
  }
  return stmts;
}

/**
 * The `counted` flags to store: those of rows written now, and those that changed. `rotation`: the
 * support rows' `counts_rotation` flags (derive's `countsRotation`), written with their `counted`.
 */
export function changedCounted(
  counted: Map<string, 0 | 1>,
  after: Map<string, StoredRow>,
  written: Set<string>,
  rotation: Map<string, 0 | 1> = new Map(),
): CountedWrite[] {
  const out: CountedWrite[] = [];
  for (const [key, c] of counted) {
    const row = after.get(key);
    if (!row) continue;
    if (row.table === 'support') {
      const r = rotation.get(key) ?? 0;
      if (written.has(key) || row.counted !== c || row.countsRotation !== r)
        out.push({ table: row.table, id: row.id, counted: c, countsRotation: r });
    } else if (written.has(key) || row.counted !== c) out.push({ table: row.table, id: row.id, counted: c });
  }
  return out;
}
