/**
 * Settling a conflict (the server's row changed since this workbook last synced it):
 *  - keep mine: the row goes again on the server's version, so the workbook's values win;
 *  - take the server's: the server's values (GET /api/v1/rows) are written into the row, and the
 *    state takes the server's version, so the next sync sends nothing for it.
 */
import type { WorkbookRead } from '../../core/read';
import type { SheetKey } from '../../core/template';
import type { CellWrite } from '../../core/types';
import type { LocalRow, ServerRow } from './sync-client';
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
