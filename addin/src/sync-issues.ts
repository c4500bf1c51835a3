/**
 * The server's answer shown like the check's issues: a rejected row's issues on the cells they
 * name, a conflict on the row's id cell. Messages for the sync's own codes live here, next to
 * core/messages (which the pane uses for everything else).
 */
import { formatIssue, ISSUE_CODES } from '../../core/messages';
import type { WorkbookRead } from '../../core/read';
import { SHEET_BY_KEY, type SheetKey } from '../../core/template';
import type { Issue, Lang } from '../../core/types';
import { a1 } from './port';
import type { LocalRow, SyncAnswer } from './sync-client';

const SYNC_MESSAGES: Record<string, Record<Lang, string>> = {
  'sync.conflict': {
    zh: '服务器上的这一行（{id}）已被其他工作簿改过（服务器版本 {server_version}）：请选择“保留我的”或“采用服务器的”。',
    en: 'Row {id} was changed on the server by another workbook (server version {server_version}): choose "Keep mine" or "Take the server\'s".',
  },
  'sync.rejected': { zh: '服务器未接收这一行（{id}）：{reason}', en: 'The server did not take row {id}: {reason}' },
  'sync.unknown_table': { zh: '服务器不认识这张表。', en: 'The server does not know this table.' },
  'sync.duplicate_row': { zh: '同一编号（{id}）在一次同步中出现两次。', en: 'Id {id} appears twice in one sync.' },
  'sync.row_too_large': { zh: '这一行内容过多（超过 100,000 个字符），服务器未接收。', en: 'This row is too large (over 100,000 characters); the server did not take it.' },
};

export function formatAnyIssue(issue: Issue, lang: Lang): string {
  const m = SYNC_MESSAGES[issue.code];
  if (m && !ISSUE_CODES[issue.code]) {
    return m[lang].replace(/\{(\w+)\}/g, (whole, k: string) => (issue.params?.[k] !== undefined ? String(issue.params[k]) : whole));
  }
  return formatIssue(issue, lang);
}

function place(read: WorkbookRead, local: LocalRow | undefined, table: string, column?: string): Pick<Issue, 'sheetName' | 'row' | 'col' | 'cell'> {
  const sheet = read.sheets[table as SheetKey];
  if (!sheet || !local) return {};
  const col = (column && sheet.columns[column]) || Object.values(sheet.columns)[0];
  if (!col) return { sheetName: sheet.name, row: local.row };
  return { sheetName: sheet.name, row: local.row, col, cell: a1(local.row, col) };
}

export function answerIssues(
  read: WorkbookRead,
  local: Map<string, LocalRow>,
  answer: Pick<SyncAnswer, 'rejected' | 'conflicts'>,
): Issue[] {
  const out: Issue[] = [];
  for (const r of answer.rejected) {
    const l = local.get(`${r.table}:${r.id}`);
    const issues = r.issues.length ? r.issues : [{ code: 'sync.rejected', severity: 'error' as const, sheet: r.table, params: { reason: '' } }];
    for (const i of issues) {
      out.push({ ...i, severity: 'error', sheet: r.table, params: { ...(i.params ?? {}), id: r.id }, ...place(read, l, r.table, i.column) });
    }
  }
  for (const c of answer.conflicts) {
    const l = local.get(`${c.table}:${c.id}`);
    out.push({
      code: 'sync.conflict',
      severity: 'error',
      sheet: c.table,
      params: { id: c.id, table: c.table, server_version: c.server_version },
      ...place(read, l, c.table, SHEET_BY_KEY[c.table as SheetKey]?.idColumn ?? 'teacher_id'),
    });
  }
  return out;
}
