/**
 * Before a school's first sync from a workbook (issue 13, points 1 and 2; docs/addin.md, Sync):
 *  - the right school: the token's school (from whoami) must be the one Program names, compared
 *    as codes are compared (core idKey). Another school's workbook is never sent;
 *  - one copy of each row: a workbook that never synced (no sync state for this school, term and
 *    server) to a school and term that already has rows on the server must not send them all
 *    again as new rows under other ids. The person chooses: take the server's rows into this
 *    workbook (`takeServerRows`), replace the server's rows with this workbook's
 *    (`replacePlan`: the server's rows this workbook lacks are deleted), or cancel.
 * Pure: the pane (ui/sync-panel.ts) does the calls and the writes.
 */
import { idKey } from '../../core/keys';
import type { WorkbookRead } from '../../core/read';
import type { SheetKey } from '../../core/template';
import type { CellWrite, Issue } from '../../core/types';
import { adoptRow, takeServers } from './conflicts';
import type { WhoAmI } from './connection';
import {
  idColumns,
  localRows,
  planChanges,
  rawToJson,
  rowId,
  SYNC_TABLES,
  type JsonCell,
  type ServerRow,
  type SyncPlan,
  type SyncTable,
} from './sync-client';
import { hashValues, type SyncState } from './sync-state';

export interface SchoolNamed {
  code: string;
  name: string | null;
}

/** Whether two school codes name the same school (as the server compares them). */
export function sameSchool(a: string, b: string): boolean {
  return a === b || (idKey(a) !== null && idKey(a) === idKey(b));
}

/**
 * The two schools when the workbook is another school's than the token's; null when they agree,
 * or when the token is not a school's (a bureau never syncs; the server says so).
 */
export function wrongSchool(
  program: { school_code?: unknown; school_name?: unknown },
  me: WhoAmI,
): { book: SchoolNamed; token: SchoolNamed } | null {
  if (me.role !== 'school' || !me.school) return null;
  const code = program.school_code === null || program.school_code === undefined ? '' : String(program.school_code);
  if (sameSchool(code, me.school)) return null;
  const name = typeof program.school_name === 'string' && program.school_name.trim() ? program.school_name.trim() : null;
  return { book: { code, name }, token: { code: me.school, name: me.school_name ?? null } };
}

/** "国河中心小学（GH01）" / "国河中心小学 (GH01)", or the code alone. */
export function schoolText(s: SchoolNamed, lang: 'zh' | 'en'): string {
  if (!s.name) return s.code;
  return lang === 'zh' ? `${s.name}（${s.code}）` : `${s.name} (${s.code})`;
}

const live = (rows: ServerRow[]) => rows.filter((r) => !r.deleted && (SYNC_TABLES as readonly string[]).includes(r.table));

/**
 * "Replace the server's rows with this workbook's": the plan made against a state that holds each
 * of the server's live rows at its version (hash unknown). Every row of the workbook goes on the
 * server's version (an unchanged one is kept as it is, never a conflict), and each of the
 * server's rows the workbook lacks is deleted, under the same care as any delete (no delete for a
 * table the workbook does not show whole). `state` must be this scope's, empty.
 */
export function replacePlan(
  read: WorkbookRead,
  issues: Issue[],
  state: SyncState,
  server: { revision: number; rows: ServerRow[] },
): { plan: SyncPlan; deletes: number } {
  for (const r of live(server.rows)) state.set(r.table, r.id, { version: r.version, hash: null });
  state.revision = server.revision;
  const plan = planChanges(read, issues, state);
  return { plan, deletes: plan.rows.filter((r) => r.deleted).length };
}

export interface TakeResult {
  writes: CellWrite[];
  /** Server rows the workbook already had with the same values: recorded, nothing written. */
  same: number;
  /** Rows whose cells take the server's values (a row with that id, with an error or not). */
  replaced: number;
  /** Server rows the workbook lacked, appended after their table. */
  appended: number;
  /** Server rows of a table the workbook cannot show (no sheet, header row or id column). */
  unreadable: number;
  /** Rows of the workbook the server does not have: they stay, and go with the next sync. */
  localOnly: number;
}

/**
 * "Take the server's rows into this workbook", for every live row at once, as "take the server's"
 * does for one conflict (`placeServersRow`): a row with the same values is only recorded in the
 * state; a row with that id takes the server's values; a row the workbook lacks is appended after
 * its table (one after another). The state takes each server row's version; after the writes are
 * made and the workbook read again, `adoptTaken` records what the host made of them.
 */
export function takeServerRows(
  read: WorkbookRead,
  issues: Issue[],
  state: SyncState,
  server: { revision: number; rows: ServerRow[] },
): TakeResult {
  const out: TakeResult = { writes: [], same: 0, replaced: 0, appended: 0, unreadable: 0, localOnly: 0 };
  const mine = localRows(read, issues).rows;
  const nextRow = new Map<SyncTable, number>();
  const serverKeys = new Set<string>();
  for (const r of live(server.rows)) {
    const table = r.table as SyncTable;
    const key = `${table}:${r.id}`;
    serverKeys.add(key);
    const sheet = read.sheets[table as SheetKey];
    if (!sheet || !sheet.headerRow || idColumns(table).some((c) => !sheet.columns[c])) {
      out.unreadable++;
      continue;
    }
    const local = mine.get(key);
    if (local && local.hash === hashValues(r.values)) {
      state.set(table, r.id, { version: r.version, hash: local.hash });
      out.same++;
      continue;
    }
    if (local) {
      out.writes.push(...takeServers(read, state, local, r));
      out.replaced++;
      continue;
    }
    const held = sheet.rows.find((x) => rowId(table, x.values) === r.id);
    if (held) {
      // A row with that id held back (an error, perhaps only for a row it refers to).
      const values: Record<string, JsonCell> = {};
      for (const [k, v] of Object.entries(held.raw)) values[k] = rawToJson(v);
      const writes = takeServers(read, state, { table, id: r.id, row: held.row, values, hash: '' }, r);
      out.writes.push(...writes);
      if (writes.length) out.replaced++;
      else out.same++;
      continue;
    }
    const row = nextRow.get(table) ?? sheet.rows.reduce((m, x) => Math.max(m, x.row), sheet.headerRow) + 1;
    nextRow.set(table, row + 1);
    out.writes.push(...takeServers(read, state, { table, id: r.id, row, values: {}, hash: '' }, r));
    out.appended++;
  }
  for (const k of mine.keys()) if (!serverKeys.has(k)) out.localOnly++;
  state.revision = Math.max(state.revision, server.revision);
  return out;
}

/**
 * After the taken rows are written and the workbook read again: each server row the workbook now
 * holds as a syncable row is recorded with the hash of what the host made of it (Excel turns an
 * ISO date into a serial number), so the next sync does not send it back. A server row that did
 * not land (its table unreadable) is left out of the state, so nothing is deleted for it; one that
 * landed on a row with an error keeps the server's version and is sent once fixed.
 */
export function adoptTaken(read: WorkbookRead, issues: Issue[], state: SyncState, server: { rows: ServerRow[] }): void {
  const { rows: after, present } = localRows(read, issues);
  for (const r of live(server.rows)) {
    const key = `${r.table}:${r.id}`;
    const row = after.get(key);
    if (row) adoptRow(state, row, r.version);
    // In the workbook but held back (an error): on the server's version, sent once it is fixed.
    else if (present.has(key)) state.set(r.table, r.id, { version: r.version, hash: null });
    else state.delete(r.table, r.id);
  }
}
