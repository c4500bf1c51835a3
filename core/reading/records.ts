/**
 * Record reading: a located table sheet's rows, each cell typed by its column's reader, into the
 * column store (store.ts); every cell that reads wrong an issue, in reading order (row by row, left
 * to right). The sheet's `rows` are made from the store when first asked for.
 */
import type { CellValue, Issue, Lang } from '../types';
import type { ColumnDef } from '../template';
import type { DateContext } from '../values';
import { isEmpty } from '../values';
import { cellAddress } from '../normalize';
import { makeIssue } from '../messages';
import { cellIssueParams, ColumnReader } from './cells';
import type { Located } from './headers';
import type { SheetRead } from './model';
import { SheetTable, type StoreColumn } from './store';
import { columnLabel } from './sheets';

/** A column of the sheet as read: where it is, its reader and its header as typed. */
interface ReadColumn {
  def: ColumnDef;
  key: string;
  /** Index of the column in each input row. */
  j: number;
  sheetCol: number;
  reader: ColumnReader;
  header: string;
}

export function readTableRows(loc: Located, lang: Lang, issues: Issue[], ctx: DateContext): SheetRead {
  const { def, input, originRow, originCol } = loc;
  const columns: Record<string, number> = {};
  for (const [k, j] of loc.colIndex) columns[k] = originCol + j;
  const sheet: SheetRead = {
    key: def.key,
    name: input.name,
    headerRow: originRow + loc.headerIndex,
    columns,
    extraColumns: loc.extra.map((j) => originCol + j),
    lastColumn: originCol + loc.lastIndex,
    rows: [],
  };
  headerIssues(loc, sheet, lang, issues);
  const cols: ReadColumn[] = def.columns
    .filter((c) => loc.colIndex.has(c.key))
    .map((c) => ({
      def: c,
      key: c.key,
      j: loc.colIndex.get(c.key)!,
      sheetCol: originCol + loc.colIndex.get(c.key)!,
      reader: new ColumnReader(c, ctx),
      header: loc.headerText.get(c.key) ?? c[lang],
    }));
  const absent = def.columns.filter((c) => !loc.colIndex.has(c.key)).map((c) => c.key);
  const values = input.values;
  // Each column's array made at its largest size and cut to the rows read: cheaper than a push a cell.
  const table = new SheetTable(values, cols, absent, Math.max(0, values.length - loc.headerIndex - 1));
  const stored = table.columns;
  const at: RowPlace = { sheet, lang, issues, ctx };
  for (let i = loc.headerIndex + 1; i < values.length; i++) {
    const row = values[i];
    if (!Array.isArray(row) || emptyRow(row, cols)) continue;
    const hasErrors = readRow(row, originRow + i, table.n, cols, stored, at);
    table.push(originRow + i, i, hasErrors);
  }
  table.finish();
  return tableSheet(sheet, table);
}

/** Whether every cell of the sheet's columns is empty in the row (a plain loop: no closure a row). */
function emptyRow(row: readonly CellValue[], cols: readonly ReadColumn[]): boolean {
  for (const c of cols) if (!isEmpty(row[c.j])) return false;
  return true;
}

/** The sheet with its rows made from the table when first asked for; the table itself is not enumerable (JSON of a read shows rows). */
function tableSheet(sheet: SheetRead, table: SheetTable): SheetRead {
  Object.defineProperty(sheet, 'rows', { get: () => table.rows(), enumerable: true, configurable: true });
  Object.defineProperty(sheet, 'table', { value: table, enumerable: false });
  return sheet;
}

/** A duplicated header and a required column the sheet lacks. */
function headerIssues(loc: Located, sheet: SheetRead, lang: Lang, issues: Issue[]): void {
  const { def, originCol } = loc;
  const name = sheet.name;
  for (const d of loc.duplicates) {
    const col = originCol + d.index;
    const first = cellAddress(sheet.headerRow, originCol + d.first);
    issues.push(
      makeIssue(
        'header.duplicate_column',
        def.key,
        { column: loc.headerText.get(d.key) ?? columnLabel(def.key, d.key, lang), first },
        { sheetName: name, row: sheet.headerRow, col, column: d.key, cell: cellAddress(sheet.headerRow, col) },
      ),
    );
  }
  for (const c of def.columns) {
    if (c.required && !loc.colIndex.has(c.key)) {
      issues.push(
        makeIssue(
          'header.missing_column',
          def.key,
          { column: c[lang], sheetName: name },
          { sheetName: name, row: sheet.headerRow, column: c.key },
        ),
      );
    }
  }
}

interface RowPlace {
  sheet: SheetRead;
  lang: Lang;
  issues: Issue[];
  ctx: DateContext;
}

/** Reads one row's cells into row k of the store's columns; its cells' issues. Returns whether one is an error. */
function readRow(
  row: readonly CellValue[],
  sheetRow: number,
  k: number,
  cols: readonly ReadColumn[],
  stored: readonly StoreColumn[],
  at: RowPlace,
): boolean {
  let hasErrors = false;
  for (let ci = 0; ci < cols.length; ci++) {
    const c = cols[ci];
    const v = row[c.j];
    if (c.reader.plain(v)) {
      stored[ci].values[k] = v;
      continue;
    }
    const { value, code } = c.reader.read(v);
    stored[ci].values[k] = value;
    if (code === null) continue;
    const issue = makeIssue(code, at.sheet.key, cellIssueParams(code, c.def, c.header, v, at.lang, at.ctx), {
      sheetName: at.sheet.name,
      row: sheetRow,
      col: c.sheetCol,
      column: c.key,
      cell: cellAddress(sheetRow, c.sheetCol),
    });
    if (issue.severity === 'error') hasErrors = true;
    at.issues.push(issue);
  }
  return hasErrors;
}
