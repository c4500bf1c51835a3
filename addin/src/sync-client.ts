/**
 * The worker's HTTP API as the pane uses it, and the sync plan: which rows changed since the last
 * sync (by the hash kept in the workbook's sync state), with their base versions, split into
 * requests that stay well inside the worker's limits (8 MB and 50,000 rows a request).
 * Rows with an error are held back until fixed (DOMAIN.md: an error row is not synced), and so
 * are rows the server would refuse as a body (an id over 200 characters or not well-formed text):
 * one such row must not stop every other row from syncing.
 *
 * Deletes are what can lose data, so a delete is planned only where the workbook plainly no longer
 * has the row: for a table read with its header and every column its ids are made of, none of
 * whose rows has an id that cannot be made (a part empty or unreadable) or cannot be sent. Such a
 * row might be the very row whose id seems gone. See docs/addin.md, Sync.
 */
import type { WorkbookRead } from '../../core/read';
import { SHEET_BY_KEY, type SheetKey } from '../../core/template';
import type { CellValue, Issue } from '../../core/types';
import { HttpError, callJson, joinUrl, type FetchFn } from './http';
import { a1 } from './port';
import { hashValues, type SyncState } from './sync-state';
// The wire's shapes are the contract's (core/api): types only, so zod stays out of the pane.
import type { Cell } from '../../core/api/common';
import type { RulesAnswer } from '../../core/api/rules';
import type { RowsAnswer, ServerRow, SyncAnswer, SyncRequest, SyncRow, SyncStatus } from '../../core/api/sync';
import { SYNC_TABLES, type SyncTable } from '../../core/api/tables';
import type { ComplianceAnswer, GroupBy, TotalsAnswer, TotalsRow } from '../../core/api/totals';
import type { Health } from '../../core/api/service';

export { HttpError, SYNC_TABLES };
export type { HeldRow } from './sync-held';
export type { ComplianceAnswer, GroupBy, ServerRow, SyncAnswer, SyncStatus, SyncTable };
export type JsonCell = Cell;
import { firstError, refusalOf, shownId, syncIssue, type HeldRow, type ReadSheet } from './sync-held';

/** A row as the pane sends it: of a synced table, always with its base version. */
export type SyncRowOut = SyncRow & { table: SyncTable; base_version: number };

export type SyncRequestBody = Omit<SyncRequest, 'rows'> & { rows: SyncRowOut[] };

/** The columns a table's row ids are made of (`rowId`): without any of them no row has an id. */
export function idColumns(table: SyncTable): readonly string[] {
  const idCol = SHEET_BY_KEY[table].idColumn;
  if (idCol) return [idCol];
  if (table === 'teachers') return ['teacher_id'];
  if (table === 'assessment') return ['teacher_id', 'term'];
  if (table === 'summary') return ['indicator'];
  return [];
}

/** The row's identity on the server: its id column, or what makes it unique where there is none. */
export function rowId(table: SyncTable, values: Record<string, unknown>): string | null {
  const s = (v: unknown) => (v === null || v === undefined || v === '' ? null : String(v));
  const idCol = SHEET_BY_KEY[table].idColumn;
  if (idCol) return s(values[idCol]);
  if (table === 'teachers') return s(values.teacher_id);
  if (table === 'assessment') {
    const t = s(values.teacher_id);
    const term = s(values.term);
    return t && term ? `${t}|${term}` : null;
  }
  if (table === 'summary') return s(values.indicator);
  return null;
}

export function rawToJson(v: CellValue): JsonCell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** A workbook row that can be synced, where it stands, and the hash of what would be sent. */
export interface LocalRow {
  table: SyncTable;
  id: string;
  /** 1-based sheet row. */
  row: number;
  values: Record<string, JsonCell>;
  hash: string;
}

export interface SyncPlan {
  term: string;
  /** New and changed rows, then deletes, in table order. */
  rows: SyncRowOut[];
  /** Hash of each row to send (`table:id`); null for a delete. */
  hashes: Map<string, string | null>;
  /** Every syncable row of the workbook by `table:id` (to place answers on cells). */
  local: Map<string, LocalRow>;
  unchanged: number;
  /** Rows held back: an error, no id yet, an id used twice, or an id the server would refuse. */
  skipped: number;
  /** Why rows or deletes were held back (tables not read, ids the server would refuse, deletes held), on their cells. */
  issues: Issue[];
  /** Deletes not sent because their table could not be read whole (see `localRows`). */
  heldDeletes: number;
  /** Rows held back because the server would refuse them (in `issues`, as rejected rows). */
  refused: number;
  /** The rows held back, each with why (see HeldRow). */
  heldRows: HeldRow[];
}

export interface LocalRead {
  rows: Map<string, LocalRow>;
  skipped: number;
  /** Every id still in the workbook, error or not: a row held back is not deleted. */
  present: Set<string>;
  /**
   * Tables whose deletes must wait: not read with their header and id columns, or with a row whose
   * id cannot be made or sent (it might be the row whose id seems gone). With the issues that say
   * why, raised only where they hold something back (`planChanges`).
   */
  held: Map<SyncTable, Issue[]>;
  /** Rows the server would refuse as a body (an id too long or not well-formed), as rejected issues on their cells. */
  refused: Issue[];
  /** Every row held back (`skipped` of them but a table not read), with why: listed in the Sync panel. */
  heldRows: HeldRow[];
}

/** The workbook's syncable rows; rows with an error, without an id or with an id the server would refuse are counted and listed, not returned. */
export function localRows(read: WorkbookRead, issues: Issue[]): LocalRead {
  const errorRows = new Set(issues.filter((i) => i.severity === 'error' && i.row !== undefined).map((i) => `${i.sheet}:${i.row}`));
  const out: LocalRead = { rows: new Map(), skipped: 0, present: new Set(), held: new Map(), refused: [], heldRows: [] };
  for (const table of SYNC_TABLES) {
    const sheet = read.sheets[table as SheetKey];
    if (!sheet) continue;
    const parts = idColumns(table);
    if (!sheet.headerRow || issues.some((i) => i.code === 'header.not_found' && i.sheet === table)) {
      out.held.set(table, [syncIssue('sync.table_no_header', table, { sheetName: sheet.name })]);
      out.skipped += sheet.rows.length;
      continue;
    }
    const missing = parts.filter((c) => !sheet.columns[c]);
    if (missing.length) {
      out.held.set(
        table,
        missing.map((c) => syncIssue('sync.table_no_id_column', table, { sheetName: sheet.name, row: sheet.headerRow, column: c })),
      );
      out.skipped += sheet.rows.length;
      continue;
    }
    const unsure = tableRows(table, sheet, issues, errorRows, out);
    if (unsure.length) out.held.set(table, unsure);
  }
  return out;
}

/** One table's rows into `out`; returns why its deletes must wait (rows whose id cannot be made or sent). */
function tableRows(table: SyncTable, sheet: ReadSheet, issues: Issue[], errorRows: Set<string>, out: LocalRead): Issue[] {
  const parts = idColumns(table);
  const unsure: Issue[] = [];
  const hold = (r: ReadSheet['rows'][number], id: string | null, why: HeldRow['why'], cell?: string, issue?: Issue) => {
    out.skipped++;
    out.heldRows.push({
      table,
      sheetName: sheet.name,
      row: r.row,
      id: id === null ? null : shownId(id),
      why,
      ...(cell ? { cell } : {}),
      ...(issue ? { issue } : {}),
    });
  };
  for (const r of sheet.rows) {
    const id = rowId(table, r.values);
    if (!id) {
      // Which part is missing: the first one empty or unreadable.
      const part = parts.find((c) => r.values[c] === null || r.values[c] === undefined || r.values[c] === '') ?? parts[0];
      const col = sheet.columns[part];
      unsure.push(syncIssue('sync.deletes_held', table, { sheetName: sheet.name, row: r.row, col, column: part, cell: a1(r.row, col) }));
      hold(r, null, 'no_id', a1(r.row, col), firstError(issues, table, r.row));
      continue;
    }
    out.present.add(`${table}:${id}`);
    const refusal = refusalOf(table, parts, sheet, r, id);
    if (refusal) {
      out.refused.push(refusal);
      // It cannot be sent, and it might be the row whose old id seems gone.
      unsure.push(
        syncIssue('sync.deletes_held', table, {
          sheetName: sheet.name,
          row: r.row,
          col: refusal.col,
          column: refusal.column,
          cell: refusal.cell,
        }),
      );
      hold(r, id, 'refused', refusal.cell, refusal);
      continue;
    }
    if (r.hasErrors || errorRows.has(`${table}:${r.row}`)) {
      const e = firstError(issues, table, r.row);
      hold(r, id, 'errors', e?.cell ?? a1(r.row, sheet.columns[parts[0]]), e);
      continue;
    }
    if (out.rows.has(`${table}:${id}`)) {
      hold(r, id, 'duplicate', a1(r.row, sheet.columns[parts[0]]));
      continue;
    }
    const values: Record<string, JsonCell> = {};
    for (const [k, v] of Object.entries(r.raw)) values[k] = rawToJson(v);
    out.rows.set(`${table}:${id}`, { table, id, row: r.row, values, hash: hashValues(values) });
  }
  return unsure;
}

/**
 * The rows to send: each row whose hash differs from what the server confirmed (new rows with
 * base version 0), and a delete for each confirmed row that left the workbook. No delete is sent
 * for a table the workbook does not show whole: a sheet missing altogether (a person who removed
 * a sheet by mistake loses no rows), a sheet whose header row or id column is not found (every
 * row would seem gone), or one with a row whose id cannot be made or sent (that row may be the one
 * whose id seems gone: blanking or mistyping a part of an id must not delete the row).
 */
export function planChanges(read: WorkbookRead, issues: Issue[], state: SyncState): SyncPlan {
  const term = read.program.term;
  if (!term) throw new Error('program.term');
  const { rows: local, skipped, present, held, refused, heldRows } = localRows(read, issues);
  const rows: SyncRowOut[] = [];
  const hashes = new Map<string, string | null>();
  let unchanged = 0;
  for (const [k, r] of local) {
    const known = state.rows.get(k);
    if (known && known.hash === r.hash) {
      unchanged++;
      continue;
    }
    rows.push({ table: r.table, id: r.id, base_version: known?.version ?? 0, values: r.values });
    hashes.set(k, r.hash);
  }
  const heldBy = new Map<SyncTable, number>();
  for (const [k, s] of state.rows) {
    const i = k.indexOf(':');
    const table = k.slice(0, i) as SyncTable;
    if (!SYNC_TABLES.includes(table) || !read.sheets[table as SheetKey] || present.has(k)) continue;
    if (held.has(table)) {
      heldBy.set(table, (heldBy.get(table) ?? 0) + 1);
      continue;
    }
    rows.push({ table, id: k.slice(i + 1), base_version: s.version, deleted: true });
    hashes.set(k, null);
  }
  // Say why only where something was held back: a table not read (its rows are not sent either,
  // so it is said whenever it has rows or deletes), or a row that held back deletes.
  const out: Issue[] = [...refused];
  for (const [table, why] of held) {
    const notRead = why[0].code !== 'sync.deletes_held';
    const sheet = read.sheets[table as SheetKey]!;
    const hasRows = sheet.rows.length > 0 || issues.some((x) => x.code === 'header.not_found' && x.sheet === table);
    if (heldBy.has(table) || (notRead && hasRows)) out.push(...why);
  }
  let heldDeletes = 0;
  for (const n of heldBy.values()) heldDeletes += n;
  return { term, rows, hashes, local, unchanged, skipped, issues: out, heldDeletes, refused: refused.length, heldRows };
}

// ---- the API ----------------------------------------------------------------------------------

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function postSync(serverUrl: string, token: string, body: SyncRequestBody, fetchFn: FetchFn = fetch): Promise<SyncAnswer> {
  return callJson<SyncAnswer>(
    joinUrl(serverUrl, '/api/v1/sync'),
    { method: 'POST', headers: { 'content-type': 'application/json', ...auth(token) }, body: JSON.stringify(body) },
    fetchFn,
  );
}

/** The school's rows changed after `since`, every page of them (the server answers a page at a time). */
export async function getRows(
  serverUrl: string,
  token: string,
  term: string,
  since = 0,
  fetchFn: FetchFn = fetch,
): Promise<{ revision: number; rows: ServerRow[] }> {
  const rows: ServerRow[] = [];
  let revision = 0;
  let after: string | null = null;
  do {
    const p = new URLSearchParams({ term, since: String(since) });
    if (after !== null) p.set('after', after);
    const page: RowsAnswer = await callJson(joinUrl(serverUrl, `/api/v1/rows?${p}`), { headers: auth(token) }, fetchFn);
    rows.push(...page.rows);
    revision = page.revision;
    // A server that gave the same cursor again would keep this loop going for ever.
    if (page.next != null && page.next === after) throw new Error('GET /api/v1/rows gave the same page twice');
    after = page.next ?? null;
  } while (after !== null);
  return { revision, rows };
}

export async function getRules(serverUrl: string, token: string, term: string, fetchFn: FetchFn = fetch): Promise<RulesAnswer> {
  return callJson(joinUrl(serverUrl, `/api/v1/rules?${new URLSearchParams({ term })}`), { headers: auth(token) }, fetchFn);
}

/** A totals row as the totals sheet lays it out: field by field, a field an older worker lacks left empty. */
export type TotalsRowOut = Partial<TotalsRow> & Pick<TotalsRow, 'key' | 'name'> & Record<string, unknown>;

export async function getTotals(
  serverUrl: string,
  token: string,
  q: { term: string; county?: string; group_by?: GroupBy },
  fetchFn: FetchFn = fetch,
): Promise<TotalsAnswer> {
  const p = new URLSearchParams({ term: q.term, group_by: q.group_by ?? 'school' });
  if (q.county) p.set('county', q.county);
  return callJson(joinUrl(serverUrl, `/api/v1/totals?${p}`), { headers: auth(token) }, fetchFn);
}

export async function getCompliance(
  serverUrl: string,
  token: string,
  q: { term: string; county?: string },
  fetchFn: FetchFn = fetch,
): Promise<ComplianceAnswer> {
  const p = new URLSearchParams({ term: q.term });
  if (q.county) p.set('county', q.county);
  return callJson(joinUrl(serverUrl, `/api/v1/compliance?${p}`), { headers: auth(token) }, fetchFn);
}

export async function getSyncStatus(serverUrl: string, token: string, term: string, fetchFn: FetchFn = fetch): Promise<SyncStatus> {
  return callJson(joinUrl(serverUrl, `/api/v1/sync/status?${new URLSearchParams({ term })}`), { headers: auth(token) }, fetchFn);
}

export async function health(serverUrl: string, fetchFn: FetchFn = fetch): Promise<boolean> {
  // Partial: an address that is not a Jiedui worker may answer any JSON.
  const r = await callJson<Partial<Health>>(joinUrl(serverUrl, '/healthz'), {}, fetchFn);
  return r.ok === true;
}
