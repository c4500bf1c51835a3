/** A school's stored rows of one term, loaded whole: the sync plans against them and checks them. */
import { SYNC_TABLES, sqlTable, type SyncTable } from '../tables';

export interface StoredRow {
  table: SyncTable;
  id: string;
  version: number;
  deleted: boolean;
  raw: Record<string, unknown>;
  vals: Record<string, unknown>;
}

export const rowKey = (table: string, id: string) => `${table}\u0000${id}`;

export async function loadStored(db: D1DatabaseSession, school: string, term: string): Promise<Map<string, StoredRow>> {
  const results = await db.batch(
    SYNC_TABLES.map((t) =>
      db.prepare(`SELECT id, version, deleted, raw, vals FROM ${sqlTable(t)} WHERE school = ? AND term = ?`).bind(school, term),
    ),
  );
  const out = new Map<string, StoredRow>();
  results.forEach((r, i) => {
    const table = SYNC_TABLES[i];
    for (const row of r.results as { id: string; version: number; deleted: number; raw: string; vals: string }[]) {
      out.set(rowKey(table, row.id), {
        table,
        id: row.id,
        version: row.version,
        deleted: !!row.deleted,
        raw: JSON.parse(row.raw),
        vals: JSON.parse(row.vals),
      });
    }
  });
  return out;
}
