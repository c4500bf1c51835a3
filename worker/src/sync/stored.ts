/**
 * A school's stored rows of one term: the sync plans against them and checks them. Only what the
 * plan and the checks need is loaded and decoded: `vals` (what core read) for every row, the raw
 * text as stored only of the rows a batch names (to tell an unchanged row re-sent from a change),
 * the few raw cells checks read, `raw` parsed only when something reads it, and for Assessment rows the server's last scores (so only changed ones are written again).
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

type Loaded = {
  id: string;
  version: number;
  deleted: number;
  vals: string;
  counted?: number | null;
  counts_rotation?: number | null;
} & Partial<Scores>;

/** Tables whose rows carry a derived `counted` flag (sync/derive.ts). */
export const COUNTED_TABLES: ReadonlySet<SyncTable> = new Set([
  'partnerships',
  'teachers',
  'pairings',
  'schedule',
  'assessment',
  'support',
]);

/**
 * The raw cells a check may read, by table: core/checks/pairings.ts asks of a teacher row whose
 * title, backbone level or volunteer reads null whether the cell was typed but unreadable. Only
 * these cells are loaded, and only where the value read is null: a sync on a full school does not
 * load every raw row. A check that starts reading other raw cells must be added here, and fails
 * loudly (the `raw` of a stored row throws for a cell not loaded) until it is.
 */
export const RAW_CELLS_READ_BY_CHECKS: Partial<Record<SyncTable, readonly string[]>> = {
  teachers: ['title', 'backbone_level', 'volunteer'],
};

const notLoaded = (table: string, key: string) =>
  new Error(`raw ${table}.${key} of stored rows is not loaded (see RAW_CELLS_READ_BY_CHECKS in sync/stored.ts)`);

/** A stored row's raw cells as far as loaded: reading another cell throws. */
function partialRaw(table: SyncTable, cells: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set(RAW_CELLS_READ_BY_CHECKS[table] ?? []);
  return new Proxy(cells, {
    get(target, key) {
      if (typeof key === 'symbol' || keys.has(key)) return target[key as string];
      throw notLoaded(table, key);
    },
  });
}

/** SQL selecting the raw cells checks may read (c0, c1, ...: JSON text, or NULL where not needed or absent). */
const cellColumns = (t: SyncTable) =>
  (RAW_CELLS_READ_BY_CHECKS[t] ?? [])
    .map((k, i) => `, CASE WHEN json_type(vals, '$.${k}') = 'null' THEN raw -> '$.${k}' END AS c${i}`)
    .join('');

/**
 * Loads the rows: `vals` and the flags for every row, the raw cells checks read
 * (RAW_CELLS_READ_BY_CHECKS), and the whole raw text only for the ids the batch names (`wanted`,
 * by table), which the plan compares with what was sent.
 */
export async function loadStored(
  db: D1DatabaseSession,
  school: string,
  term: string,
  wanted: Map<SyncTable, string[]> = new Map(),
): Promise<Map<string, StoredRow>> {
  // The ids in JSON arrays within D1's limit on a bound value (200-character ids, 50,000 of them,
  // are 10 MB): one query per array.
  const rawQueries = SYNC_TABLES.flatMap((t) => jsonChunks(wanted.get(t) ?? []).map((ids) => ({ t, ids })));
  // One batch: one consistent snapshot of the rows and of their raw values.
  const results = await db.batch([
    ...SYNC_TABLES.map((t) =>
      db
        .prepare(
          `SELECT id, version, deleted, vals${cellColumns(t)}${t === 'assessment' ? ', role, score, result' : ''}${COUNTED_TABLES.has(t) ? ', counted' : ''}${t === 'support' ? ', counts_rotation' : ''}
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
    const cellKeys = RAW_CELLS_READ_BY_CHECKS[table] ?? [];
    for (const row of results[i].results as (Loaded & Record<string, unknown>)[]) {
      const key = rowKey(table, row.id);
      const text = rawTexts.get(key);
      let raw: Record<string, unknown> | undefined;
      out.set(key, {
        table,
        id: row.id,
        version: row.version,
        deleted: !!row.deleted,
        // Parsed on first use only.
        get raw() {
          if (raw) return raw;
          if (text !== undefined) return (raw = JSON.parse(text) as Record<string, unknown>);
          const cells: Record<string, unknown> = {};
          cellKeys.forEach((k, j) => {
            const c = row[`c${j}`];
            if (typeof c === 'string') cells[k] = JSON.parse(c);
          });
          return (raw = partialRaw(table, cells));
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
