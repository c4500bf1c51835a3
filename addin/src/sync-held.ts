/**
 * Why a sync holds a row back: the issues the add-in raises itself before a sync (their words are
 * in core/messages.ts) and the rows held back, each with why, as the Sync panel lists them.
 */
import { ISSUE_CODES } from '../../core/messages';
import type { WorkbookRead } from '../../core/read';
import { isWellFormed, MAX_ID_LENGTH } from '../../core/row-id';
import type { SheetKey } from '../../core/template';
import type { Issue } from '../../core/types';
import { a1 } from './port';

/** A row a sync holds back, and why: listed in the Sync panel by sheet, row and id, its cell selectable. */
export interface HeldRow {
  table: SheetKey;
  sheetName: string;
  row: number;
  id: string | null;
  why: 'errors' | 'no_id' | 'duplicate' | 'refused';
  /** The cell to select: the row's first error, or its id's cell. */
  cell?: string;
  /** The issue that says why: the row's first error, or the refusal. */
  issue?: Issue;
}

/** The codes the add-in raises itself before a sync (core/messages.ts has their words). */
export type SyncIssueCode =
  'sync.table_no_header' | 'sync.table_no_id_column' | 'sync.deletes_held' | 'sync.id_too_long' | 'sync.id_not_well_formed';

export function syncIssue(
  code: SyncIssueCode,
  table: SheetKey,
  where: Omit<Issue, 'code' | 'severity' | 'sheet' | 'params'>,
  params: Issue['params'] = {},
): Issue {
  return { code, severity: ISSUE_CODES[code].severity, sheet: table, ...where, params };
}

/** An id as a message shows it: a lone surrogate as U+FFFD. */
export const shownId = (id: string) => id.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');

/** The first error an issue list has on this row: what a held-back row is listed with. */
export function firstError(issues: Issue[], table: SheetKey, row: number): Issue | undefined {
  return issues.find((i) => i.severity === 'error' && i.sheet === table && i.row === row);
}

export type ReadSheet = NonNullable<WorkbookRead['sheets'][SheetKey]>;

/**
 * Why the server would refuse this row's id as a body (over MAX_ID_LENGTH, or not well-formed), on
 * the cell of the part at fault (`parts`: the columns the id is made of); null when it would not.
 */
export function refusalOf(
  table: SheetKey,
  parts: readonly string[],
  sheet: ReadSheet,
  r: ReadSheet['rows'][number],
  id: string,
): Issue | null {
  const tooLong = id.length > MAX_ID_LENGTH;
  if (!tooLong && isWellFormed(id)) return null;
  // Where the offending text is: the part that holds the surrogate, or the longest part.
  const texts = parts.map((c) => String(r.values[c] ?? ''));
  const at = tooLong
    ? texts.reduce((best, t, i) => (t.length > texts[best].length ? i : best), 0)
    : Math.max(
        0,
        texts.findIndex((t) => !isWellFormed(t)),
      );
  const col = sheet.columns[parts[at]];
  const where = { sheetName: sheet.name, row: r.row, col, column: parts[at], cell: a1(r.row, col) };
  return tooLong
    ? syncIssue('sync.id_too_long', table, where, { id: shownId(id), length: id.length, max: MAX_ID_LENGTH })
    : syncIssue('sync.id_not_well_formed', table, where, { id: shownId(id) });
}
