/**
 * The server's answer shown like the check's issues: a rejected row's issues on the cells they
 * name, a conflict on the row's id cell. Their messages are core's, like every other issue's.
 */
import type { WorkbookRead } from '../../core/read';
import { SHEET_BY_KEY, type SheetKey } from '../../core/template';
import { isIssueCode } from '../../core/messages';
import type { Issue } from '../../core/types';
import { a1 } from './port';
import type { LocalRow, SyncAnswer } from './sync-client';

function place(
  read: WorkbookRead,
  local: LocalRow | undefined,
  table: string,
  column?: string,
): Pick<Issue, 'sheetName' | 'row' | 'col' | 'cell'> {
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
    // A code this build does not know (a newer server's) is shown as a rejection naming it.
    const issues: Issue[] = r.issues.length
      ? r.issues.map((i) =>
          isIssueCode(i.code)
            ? { ...i, code: i.code, sheet: r.table as SheetKey }
            : { code: 'sync.rejected', severity: 'error', sheet: r.table as SheetKey, column: i.column, params: { reason: i.code } },
        )
      : [{ code: 'sync.rejected', severity: 'error', sheet: r.table as SheetKey, params: { reason: '' } }];
    for (const i of issues) {
      out.push({
        ...i,
        severity: 'error',
        sheet: r.table as SheetKey,
        params: { ...(i.params ?? {}), id: r.id },
        ...place(read, l, r.table, i.column),
      });
    }
  }
  for (const c of answer.conflicts) {
    const l = local.get(`${c.table}:${c.id}`);
    out.push({
      code: 'sync.conflict',
      severity: 'error',
      sheet: c.table as SheetKey,
      params: { id: c.id, table: c.table, server_version: c.server_version },
      ...place(read, l, c.table, SHEET_BY_KEY[c.table as SheetKey]?.idColumn ?? 'teacher_id'),
    });
  }
  return out;
}
