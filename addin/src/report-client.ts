/**
 * The term report's routes as the pane calls them (worker routes/reports.ts), and the bureau's
 * returned items as issues on their cells, shown and marked like a sync's conflicts.
 */
import type { WorkbookRead } from '../../core/read';
import type { SheetKey } from '../../core/template';
import type { Issue } from '../../core/types';
import { callJson, joinUrl, type FetchFn } from './http';
import { a1 } from './port';
import type { LocalRow } from './sync-client';

export type ReportState = 'not_submitted' | 'submitted' | 'returned' | 'approved';
export interface ReportItem {
  table: string;
  id: string;
  column?: string;
  text: string;
}
export interface ReportStatus {
  term: string;
  school: string;
  state: ReportState;
  version: number | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  comment: string | null;
  items: ReportItem[];
}
export interface ReportListRow {
  code: string;
  name: string;
  town: string | null;
  state: ReportState;
  version: number | null;
  submitted_at: string | null;
  reviewed_at: string | null;
  comment: string | null;
  open_warnings: number;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const json = (token: string, body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json', ...auth(token) }, body: JSON.stringify(body) });

export const getReport = (url: string, token: string, term: string, f: FetchFn) =>
  callJson<ReportStatus>(joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}`), { headers: auth(token) }, f);

export const submitReport = (url: string, token: string, term: string, lang: 'zh' | 'en', f: FetchFn) =>
  callJson<{ version: number; revision: number }>(joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}/submit`), json(token, { lang }), f);

export function listReports(url: string, token: string, q: { term: string; county?: string }, f: FetchFn) {
  const p = new URLSearchParams({ term: q.term });
  if (q.county) p.set('county', q.county);
  return callJson<{ term: string; county: string; schools: ReportListRow[] }>(joinUrl(url, `/api/v1/reports?${p}`), { headers: auth(token) }, f);
}

export const reviewReport = (url: string, token: string, term: string, school: string, step: 'return' | 'approve', body: { comment?: string; items?: ReportItem[] }, f: FetchFn) =>
  callJson<{ state: ReportState }>(joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}/${encodeURIComponent(school)}/${step}`), json(token, body), f);

/**
 * Items typed by the bureau, one a line: `table, id, column, text` or `table, id, text` (the
 * column left out: the row). Lines that name no table and id are left out.
 */
export function parseItems(text: string): ReportItem[] {
  const out: ReportItem[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.split(/[,，]/).map((x) => x.trim());
    if (parts.length < 3 || !parts[0] || !parts[1]) continue;
    const [table, id, ...rest] = parts;
    const column = rest.length >= 2 ? rest[0] : undefined;
    const t = (rest.length >= 2 ? rest.slice(1) : rest).join(', ');
    if (t) out.push({ table, id, ...(column ? { column } : {}), text: t });
  }
  return out;
}

/** Each returned item as an issue on its cell (its row's first column when it names none). */
export function returnedIssues(read: WorkbookRead, local: Map<string, LocalRow>, items: readonly ReportItem[]): Issue[] {
  return items.map((it) => {
    const sheet = read.sheets[it.table as SheetKey];
    const row = local.get(`${it.table}:${it.id}`);
    const col = sheet && ((it.column && sheet.columns[it.column]) || Object.values(sheet.columns)[0]);
    const where = sheet && row ? { sheetName: sheet.name, row: row.row, ...(col ? { col, cell: a1(row.row, col) } : {}) } : {};
    return { code: 'sync.report_returned' as const, severity: 'warning' as const, sheet: it.table as SheetKey, ...(it.column ? { column: it.column } : {}), params: { text: it.text, id: it.id }, ...where };
  });
}
