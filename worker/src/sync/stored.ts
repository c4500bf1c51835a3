/**
 * A school's stored rows of one term: the sync plans against them and checks them. Only what the
 * plan and the checks need is decoded: `vals` (what core read) for every row, the raw text as
 * stored (to tell an unchanged row re-sent from a change), `raw` parsed only when something reads
 * it, and for Assessment rows the server's last scores (so only changed ones are written again).
 */
import { SYNC_TABLES, sqlTable, type SyncTable } from '../tables';
import { jsonChunks } from './chunks';

export interface Scores {
  role: string | null;
  score: number | null;
  result: string | null;
}

export interface StoredRow {
  table: SyncTable;
  id: string;
  version: number;
  deleted: boolean;
  raw: Record<string, unknown>;
  vals: Record<string, unknown>;
  /** `raw` as stored (JSON text); absent for a row this batch writes. */
  rawText?: string;
  /** Assessment rows: the role, score and result stored now. */
  scores?: Scores;
  /** Rows of COUNTED_TABLES: whether the totals count the row, as last derived (null: never). */
  counted?: number | null;
  /** Support rows: whether the rotation figures count the row, as last derived (null: never). */
  countsRotation?: number | null;
}

export const rowKey = (table: string, id: string) => `${table}\u0000${id}`;

type Loaded = { id: string; version: number; deleted: number; raw?: string; vals: string; counted?: number | null; counts_rotation?: number | null } & Partial<Scores>;

/** Tables whose rows carry a derived `counted` flag (sync/derive.ts). */
export const COUNTED_TABLES: ReadonlySet<SyncTable> = new Set(['partnerships', 'teachers', 'pairings', 'schedule', 'assessment', 'support']);

/**
 * Tables whose raw values a check may read: core/checks/pairings.ts asks of pairings and of the
 * mentors' teacher rows whether a null value was typed but unreadable.
 */
const RAW_READ_BY_CHECKS: ReadonlySet<SyncTable> = new Set(['pairings', 'teachers']);

/**
 * Loads the rows; `raw` only for the tables checks read it in and for the ids the batch names
 * (`wanted`, by table), which the plan compares with what was sent.
 */
export async function loadStored(
  db: D1DatabaseSession,
  school: string,
  term: string,
  wanted: Map<SyncTable, string[]> = new Map(),
): Promise<Map<string, StoredRow>> {
  const withRaw = (t: SyncTable) => RAW_READ_BY_CHECKS.has(t);
  // The ids in JSON arrays within D1's limit on a bound value (200-character ids, 50,000 of them,
  // are 10 MB): one query per array.
  const rawQueries = SYNC_TABLES.filter((t) => !withRaw(t)).flatMap((t) => jsonChunks(wanted.get(t) ?? []).map((ids) => ({ t, ids })));
  // One batch: one consistent snapshot of the rows and of their raw values.
  const results = await db.batch([
    ...SYNC_TABLES.map((t) =>
      db
        .prepare(
          `SELECT id, version, deleted, vals${withRaw(t) ? ', raw' : ''}${t === 'assessment' ? ', role, score, result' : ''}${COUNTED_TABLES.has(t) ? ', counted' : ''}${t === 'support' ? ', counts_rotation' : ''}
           FROM ${sqlTable(t)} WHERE school = ? AND term = ?`,
        )
        .bind(school, term),
    ),
    ...rawQueries.map(({ t, ids }) =>
      db
        .prepare(`SELECT id, raw FROM ${sqlTable(t)} WHERE school = ?1 AND term = ?2 AND id IN (SELECT value FROM json_each(?3))`)
        .bind(school, term, ids),
    ),
  ]);
  const rawTexts = new Map<string, string>();
  rawQueries.forEach(({ t }, i) => {
    for (const row of results[SYNC_TABLES.length + i].results as { id: string; raw: string }[]) rawTexts.set(rowKey(t, row.id), row.raw);
  });
  const out = new Map<string, StoredRow>();
  SYNC_TABLES.forEach((table, i) => {
    for (const row of results[i].results as Loaded[]) {
      const key = rowKey(table, row.id);
      const text = row.raw ?? rawTexts.get(key);
      let raw: Record<string, unknown> | undefined;
      out.set(key, {
        table,
        id: row.id,
        version: row.version,
        deleted: !!row.deleted,
        // Parsed on first use only; a check that starts reading raw values of another table must
        // be added to RAW_READ_BY_CHECKS, and fails loudly here until it is.
        get raw() {
          if (text === undefined) throw new Error(`raw values of ${table} rows are not loaded (see RAW_READ_BY_CHECKS)`);
          return (raw ??= JSON.parse(text) as Record<string, unknown>);
        },
        vals: JSON.parse(row.vals),
        rawText: text,
        ...(table === 'assessment' ? { scores: { role: row.role ?? null, score: row.score ?? null, result: row.result ?? null } } : {}),
        ...(COUNTED_TABLES.has(table) ? { counted: row.counted ?? null } : {}),
        ...(table === 'support' ? { countsRotation: row.counts_rotation ?? null } : {}),
      });
    }
  });
  return out;
}
