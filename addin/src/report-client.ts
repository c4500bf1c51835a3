/**
 * The term report's routes as the pane calls them (worker routes/reports.ts), and the bureau's
 * returned items as issues on their cells, shown and marked like a sync's conflicts.
 */
import type { WorkbookRead } from '../../core/read';
import { SHEET_BY_KEY, type SheetKey } from '../../core/template';
import type { Issue } from '../../core/types';
import { callJson, joinUrl, type FetchFn } from './http';
import { a1 } from './port';
import type { LocalRow } from './sync-client';
import type {
  ReportIssues,
  ReportItem,
  ReportList,
  ReportListRow,
  ReportReviewed,
  ReportState,
  ReportStatus,
  ReportSubmitted,
} from '../../core/api/reports';

export type { ReportItem, ReportListRow, ReportState, ReportStatus };

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const json = (token: string, body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...auth(token) },
  body: JSON.stringify(body),
});

export const getReport = (url: string, token: string, term: string, f: FetchFn) =>
  callJson<ReportStatus>(joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}`), { headers: auth(token) }, f);

export const submitReport = (url: string, token: string, term: string, lang: 'zh' | 'en', f: FetchFn) =>
  callJson<ReportSubmitted>(joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}/submit`), json(token, { lang }), f);

export function listReports(url: string, token: string, q: { term: string; county?: string }, f: FetchFn) {
  const p = new URLSearchParams({ term: q.term });
  if (q.county) p.set('county', q.county);
  return callJson<ReportList>(joinUrl(url, `/api/v1/reports?${p}`), { headers: auth(token) }, f);
}

export const reviewReport = (
  url: string,
  token: string,
  term: string,
  school: string,
  step: 'return' | 'approve',
  body: { comment?: string; items?: ReportItem[] },
  f: FetchFn,
) =>
  callJson<ReportReviewed>(
    joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}/${encodeURIComponent(school)}/${step}`),
    json(token, body),
    f,
  );

/** A school's open issue as GET …/:term/:school/issues gives it: what the bureau may pick as an item. */
export type PickableIssue = ReportIssues['issues'][number];

export function schoolIssues(url: string, token: string, term: string, school: string, lang: 'zh' | 'en', f: FetchFn) {
  return callJson<ReportIssues>(
    joinUrl(url, `/api/v1/reports/${encodeURIComponent(term)}/${encodeURIComponent(school)}/issues?lang=${lang}`),
    { headers: auth(token) },
    f,
  );
}

/**
 * What a return sends of the issues the bureau picked: each picked issue on a row is an item (its
 * table, id, column and words); the words of a picked issue of a whole sheet go into the comment,
 * after what the bureau typed.
 */
export function pickedReturn(
  typedComment: string,
  picked: readonly PickableIssue[],
  typedItems: readonly ReportItem[],
): { comment: string; items: ReportItem[] } {
  const onRows = picked
    .filter((p) => p.id)
    .map((p) => ({ table: p.table, id: p.id!, ...(p.column ? { column: p.column } : {}), text: p.text }));
  const wide = picked.filter((p) => !p.id).map((p) => p.text);
  return { comment: [typedComment, ...wide].filter((x) => x).join('\n'), items: [...onRows, ...typedItems] };
}

/** A column of a table named by its key or by its header in either language, as its key. */
function columnKey(table: string, name: string): string | undefined {
  const sheet = SHEET_BY_KEY[table as SheetKey];
  const n = name.toLowerCase();
  return sheet?.columns.find((c) => c.key === name || c.zh === name || c.en.toLowerCase() === n)?.key;
}

/**
 * Items typed by the bureau, one a line: `table, id, column, text` or `table, id, text` (the
 * column left out: the row). The column is its key or its header (主题, Theme); a third field that
 * names no column of the table is the start of the text, and the text keeps its own commas. Lines
 * that name no table, id and text are left out.
 */
export function parseItems(text: string): ReportItem[] {
  const out: ReportItem[] = [];
  for (const line of text.split(/\r?\n/)) {
    const first = splitOnce(line);
    const second = first && first[0] ? splitOnce(first[1]) : null;
    if (!first || !second || !second[0]) continue;
    const [table, [id, rest]] = [first[0], second];
    const third = splitOnce(rest);
    const column = third && third[1] ? columnKey(table, third[0]) : undefined;
    const t = column ? third![1] : rest;
    if (t) out.push({ table: table as ReportItem['table'], id, ...(column ? { column } : {}), text: t });
  }
  return out;
}

/** The text before the first comma (either kind) and the rest after it, both trimmed; null with none. */
function splitOnce(s: string): [string, string] | null {
  const i = s.search(/[,，]/);
  return i < 0 ? null : [s.slice(0, i).trim(), s.slice(i + 1).trim()];
}

/** Each returned item as an issue on its cell (its row's first column when it names none). */
export function returnedIssues(read: WorkbookRead, local: Map<string, LocalRow>, items: readonly ReportItem[]): Issue[] {
  return items.map((it) => {
    const sheet = read.sheets[it.table as SheetKey];
    const row = local.get(`${it.table}:${it.id}`);
    const col = sheet && ((it.column && sheet.columns[it.column]) || Object.values(sheet.columns)[0]);
    const where = sheet && row ? { sheetName: sheet.name, row: row.row, ...(col ? { col, cell: a1(row.row, col) } : {}) } : {};
    return {
      code: 'sync.report_returned' as const,
      severity: 'warning' as const,
      sheet: it.table as SheetKey,
      ...(it.column ? { column: it.column } : {}),
      params: { text: it.text, id: it.id },
      ...where,
    };
  });
}
