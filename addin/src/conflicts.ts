/**
 * Settling a conflict (the server's row changed since this workbook last synced it):
 *  - keep mine: the row goes again on the server's version, so the workbook's values win;
 *  - take the server's: the server's values (GET /api/v1/rows) are written into the row, and the
 *    state takes the server's version, so the next sync sends nothing for it. Where the workbook
 *    no longer has the row as a syncable one (deleted, or now with an error) the server's row is
 *    written back all the same: into the row that has its id, else as a new row after the table.
 */
import type { WorkbookRead } from '../../core/read';
import type { SheetKey } from '../../core/template';
import type { CellWrite, Issue } from '../../core/types';
import { idColumns, localRows, rawToJson, rowId, type JsonCell, type LocalRow, type ServerRow, type SyncTable } from './sync-client';
import { hashValues, type SyncState } from './sync-state';

export interface Conflict {
  table: string;
  id: string;
  server_version: number;
}

/** The next sync sends the row with base_version = the server's version (hash null forces it). */
export function keepMine(state: SyncState, c: Conflict): void {
  state.set(c.table, c.id, { version: c.server_version, hash: null });
}

/**
 * The cell writes that put the server's values into the workbook's row, and the state update.
 * A row the server deleted has its cells emptied and leaves the state. Columns the workbook does
 * not have are skipped; the row's other columns (a person's extra ones) are not touched.
 */
export function takeServers(read: WorkbookRead, state: SyncState, local: LocalRow, server: ServerRow): CellWrite[] {
  const sheet = read.sheets[local.table as SheetKey];
  if (!sheet) return [];
  const writes: CellWrite[] = [];
  for (const [key, col] of Object.entries(sheet.columns)) {
    const v = server.deleted ? null : (server.values[key] ?? null);
    const mine = local.values[key] ?? null;
    if (v === mine) continue;
    writes.push({ sheetName: sheet.name, row: local.row, col, value: v });
  }
  if (server.deleted) state.delete(local.table, local.id);
  else state.set(local.table, local.id, { version: server.version, hash: hashValues(server.values) });
  return writes;
}

/**
 * After the server's values are written and the workbook read again, the row's hash is what the
 * host made of them (Excel turns an ISO date into a serial number): record that, so the row is
 * not sent back as an edit.
 */
export function adoptRow(state: SyncState, row: LocalRow, version: number): void {
  state.set(row.table, row.id, { version, hash: row.hash });
}

/** Where `placeServersRow` put the server's row. */
export type Placed = 'row' | 'error_row' | 'appended' | 'gone' | 'unreadable';

/**
 * "Take the server's" for a row wherever the workbook stands with it:
 *  - a syncable row with that id: its cells take the server's values (`takeServers`);
 *  - a row with that id that has an error (held back, so not syncable): replaced the same way;
 *  - no row with that id (deleted here, or its id changed): the server's row is appended right
 *    after the table's last row, as a fill appends, so it joins the table;
 *  - the server deleted it too: nothing to write, the state forgets it (`gone`).
 * Nothing is written, and the state is left as it was, where the sheet cannot be read (no sheet,
 * no header row or no id column: `unreadable`).
 */
export function placeServersRow(
  read: WorkbookRead,
  issues: Issue[],
  state: SyncState,
  table: SyncTable,
  id: string,
  server: ServerRow,
): { writes: CellWrite[]; placed: Placed; row?: number } {
  const sheet = read.sheets[table as SheetKey];
  if (!sheet || !sheet.headerRow || idColumns(table).some((c) => !sheet.columns[c])) return { writes: [], placed: 'unreadable' };
  const local = localRows(read, issues).rows.get(`${table}:${id}`);
  if (local) return { writes: takeServers(read, state, local, server), placed: 'row', row: local.row };
  const mine = sheet.rows.find((r) => rowId(table, r.values) === id);
  if (mine) {
    const values: Record<string, JsonCell> = {};
    for (const [k, v] of Object.entries(mine.raw)) values[k] = rawToJson(v);
    return { writes: takeServers(read, state, { table, id, row: mine.row, values, hash: '' }, server), placed: 'error_row', row: mine.row };
  }
  if (server.deleted) {
    state.delete(table, id);
    return { writes: [], placed: 'gone' };
  }
  const row = sheet.rows.reduce((m, r) => Math.max(m, r.row), sheet.headerRow) + 1;
  return { writes: takeServers(read, state, { table, id, row, values: {}, hash: '' }, server), placed: 'appended', row };
}
