/**
 * Posting the workbook's rows to the worker (`POST /api/v1/sync`) and reading its totals
 * (`GET /api/v1/totals`). Rows with an error are held back until fixed (DOMAIN.md: an error row
 * is not synced); warnings travel with the row and the server keeps its own copy of them.
 */
import type { WorkbookRead } from '../../core/read';
import { SHEET_BY_KEY, TEMPLATE_VERSION, type SheetKey } from '../../core/template';
import type { CellValue, Issue } from '../../core/types';

export const SYNC_TABLES = ['partnerships', 'teachers', 'pairings', 'schedule', 'assessment', 'support', 'summary'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

export interface SyncRowOut {
  table: SyncTable;
  id: string;
  base_version: number;
  deleted?: boolean;
  values?: Record<string, string | number | boolean | null>;
}

export interface SyncRequestBody {
  batch_id: string;
  term: string;
  template_version: number;
  rows: SyncRowOut[];
}

export interface SyncAnswer {
  batch_id: string;
  revision: number;
  applied: { table: string; id: string; version: number }[];
  rejected: { table: string; id: string; issues: Issue[] }[];
  conflicts: { table: string; id: string; server_version: number }[];
}

export interface PlannedSync {
  body: SyncRequestBody;
  /** Rows held back because they have an error, or no id yet. */
  skipped: number;
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

function rawToJson(v: CellValue): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/**
 * Builds the sync body: every row without an error, plus a delete for each row the server had
 * (per `known` versions) that is no longer in the workbook.
 */
export function planSync(
  read: WorkbookRead,
  issues: Issue[],
  known: Record<string, number>,
  opts: { batchId: string; tables?: readonly SyncTable[] },
): PlannedSync {
  const term = read.program.term;
  if (!term) throw new Error('program.term');
  const errorRows = new Set(
    issues.filter((i) => i.severity === 'error' && i.row !== undefined).map((i) => `${i.sheet}:${i.row}`),
  );
  const rows: SyncRowOut[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const table of opts.tables ?? SYNC_TABLES) {
    const sheet = read.sheets[table as SheetKey];
    if (!sheet) continue;
    for (const r of sheet.rows) {
      const id = rowId(table, r.values);
      if (!id || r.hasErrors || errorRows.has(`${table}:${r.row}`) || seen.has(`${table}:${id}`)) {
        skipped++;
        continue;
      }
      seen.add(`${table}:${id}`);
      const values: Record<string, string | number | boolean | null> = {};
      for (const [k, v] of Object.entries(r.raw)) values[k] = rawToJson(v);
      rows.push({ table, id, base_version: known[`${table}:${id}`] ?? 0, values });
    }
  }
  for (const [key, version] of Object.entries(known)) {
    const [table, ...rest] = key.split(':');
    const id = rest.join(':');
    if ((opts.tables ?? SYNC_TABLES).includes(table as SyncTable) && read.sheets[table as SheetKey] && !seen.has(key)) {
      // Only a row truly gone is deleted; one held back for an error stays on the server as it was.
      const stillThere = read.sheets[table as SheetKey]!.rows.some((r) => rowId(table as SyncTable, r.values) === id);
      if (!stillThere) rows.push({ table: table as SyncTable, id, base_version: version, deleted: true });
    }
  }
  return { body: { batch_id: opts.batchId, term, template_version: TEMPLATE_VERSION, rows }, skipped };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(url: string, init: RequestInit, fetchFn: typeof fetch): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(url, init);
  } catch (e) {
    throw new HttpError(0, `cannot reach ${url}: ${(e as Error).message}`);
  }
  const text = await res.text();
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    try {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (body.error) msg = `${res.status} ${body.error.code ?? ''}: ${body.error.message ?? ''}`;
    } catch {
      /* not JSON: keep the status line */
    }
    throw new HttpError(res.status, msg);
  }
  return JSON.parse(text) as T;
}

export async function postSync(
  serverUrl: string,
  token: string,
  body: SyncRequestBody,
  fetchFn: typeof fetch = fetch,
): Promise<SyncAnswer> {
  return call<SyncAnswer>(
    `${serverUrl.replace(/\/+$/, '')}/api/v1/sync`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    },
    fetchFn,
  );
}

export interface TotalsRowOut {
  key: string;
  name: string;
  teachers: number;
  [k: string]: unknown;
}

export async function getTotals(
  serverUrl: string,
  token: string,
  q: { term: string; county?: string; group_by?: 'school' | 'town' | 'county' },
  fetchFn: typeof fetch = fetch,
): Promise<{ rows: TotalsRowOut[] }> {
  const p = new URLSearchParams({ term: q.term, group_by: q.group_by ?? 'school' });
  if (q.county) p.set('county', q.county);
  return call(`${serverUrl.replace(/\/+$/, '')}/api/v1/totals?${p}`, { headers: { authorization: `Bearer ${token}` } }, fetchFn);
}

/** Merges the versions the server applied into what the client knows; deletes drop out. */
export function mergeVersions(
  known: Record<string, number>,
  sent: SyncRowOut[],
  answer: SyncAnswer,
): Record<string, number> {
  const next = { ...known };
  const deleted = new Set(sent.filter((r) => r.deleted).map((r) => `${r.table}:${r.id}`));
  for (const a of answer.applied) {
    const k = `${a.table}:${a.id}`;
    if (deleted.has(k)) delete next[k];
    else next[k] = a.version;
  }
  // A row changed on the server since we last saw it: adopt its version so that the person's
  // next Sync, made knowingly, sends the workbook's values over it.
  for (const c of answer.conflicts) next[`${c.table}:${c.id}`] = c.server_version;
  return next;
}
