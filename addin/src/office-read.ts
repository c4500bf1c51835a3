/// <reference types="office-js" />
/**
 * A check's read of the template sheets: three syncs (names, used-range sizes, values) unless the
 * values need chunks, cut one sync at a time from what the syncs before measured (READ_LIMITS).
 */
import type { CellValue, SheetInput, WorkbookInput } from '../../core/types';
import { READ_LIMITS, READ_SAMPLE_CELLS, isPayloadTooLarge, responseBytes } from './office-budget';
import { isMissing, rangeAt, usedRange } from './office-compat';
import { isTemplateSheetName } from './office-plan';
import type { ExcelRunner } from './office-runner';

interface Budget {
  cells: number;
  bytes: number;
}

/** A sheet still being read: rows read so far, cells measured, the most UTF-8 bytes a cell seen in a chunk. */
interface Todo {
  sheet: number;
  ws: Excel.Worksheet;
  used: Excel.Range;
  done: number;
  cells: number;
  perCell: number;
}

/** Every template sheet; a sync refused for size is tried again with half the budget. */
export async function readTemplateSheets(runner: ExcelRunner): Promise<WorkbookInput> {
  let budget = { cells: READ_LIMITS.cellsPerSync, bytes: READ_LIMITS.bytesPerSync };
  for (;;) {
    try {
      return await runner.run((ctx) => readWithBudget(ctx, runner, budget));
    } catch (e) {
      if (!isPayloadTooLarge(e) || budget.cells < 1000) throw e;
      budget = { cells: Math.floor(budget.cells / 2), bytes: Math.floor(budget.bytes / 2) };
    }
  }
}

/**
 * A sheet not yet measured costs 1/`cells` of a sync a cell, a measured one its bytes per cell
 * over `bytes`.
 */
async function readWithBudget(ctx: Excel.RequestContext, runner: ExcelRunner, budget: Budget): Promise<WorkbookInput> {
  const sheets = ctx.workbook.worksheets.load('items/name');
  await ctx.sync();
  const wanted = sheets.items
    .filter((ws) => isTemplateSheetName(ws.name))
    .map((ws) => {
      const used = usedRange(ws, runner.supportsNullObjects);
      used.load('rowIndex,columnIndex,rowCount,columnCount');
      const tables = ws.tables.load('items/showTotals');
      return { ws, used, tables };
    });
  await ctx.sync();

  // A table's total row (SUBTOTALs under the rows) is not a record: its cells are read as empty,
  // so the row is skipped like a blank one. Its place comes with the values' first sync.
  const totals = wanted.flatMap(({ used, tables }, sheet) =>
    isMissing(used)
      ? []
      : tables.items
          .filter((t) => t.showTotals)
          .map((t) => ({ sheet, used, at: t.getTotalRowRange().load('rowIndex,columnIndex,columnCount') })),
  );

  const inputs: SheetInput[] = wanted.map(({ ws, used }) => ({
    name: ws.name,
    values: [] as CellValue[][],
    origin: isMissing(used) ? { row: 1, col: 1 } : { row: used.rowIndex + 1, col: used.columnIndex + 1 },
  }));
  const todo: Todo[] = wanted
    .map(({ ws, used }, sheet) => ({ sheet, ws, used, done: 0, cells: 0, perCell: 0 }))
    .filter(({ used }) => !isMissing(used) && used.rowCount > 0 && used.columnCount > 0);
  await readValues(ctx, runner, todo, inputs, budget);
  for (const { sheet, used, at } of totals) blankTotalRow(inputs[sheet].values, used, at);
  return { sheets: inputs };
}

/** The share of one sync a cell of this sheet takes. */
function costOf(t: Todo, budget: Budget): number {
  const worst = 1 / budget.cells;
  const learnt = t.perCell / budget.bytes;
  return t.cells === 0 ? worst : t.cells < READ_SAMPLE_CELLS ? Math.max(worst, learnt) : learnt;
}

/** The values, a sync at a time: whole sheets' rest while they fit, then as many rows of the next as fit (one at least). */
async function readValues(
  ctx: Excel.RequestContext,
  runner: ExcelRunner,
  todo: Todo[],
  inputs: SheetInput[],
  budget: Budget,
): Promise<void> {
  let next = 0;
  while (next < todo.length) {
    const queued: { t: Todo; range: Excel.Range; rows: number }[] = [];
    let room = 1;
    for (let i = next; i < todo.length && room > 0; i++) {
      const t = todo[i];
      const cols = t.used.columnCount;
      const fit = Math.floor(room / (costOf(t, budget) * cols));
      const rows = Math.min(
        t.used.rowCount - t.done,
        Math.floor(READ_LIMITS.maxCellsPerRange / cols),
        queued.length === 0 ? Math.max(1, fit) : fit,
      );
      if (rows <= 0) break;
      const range = rangeAt(t.ws, runner.supportsRangeByIndexes, t.used.rowIndex + t.done, t.used.columnIndex, rows, cols).load('values');
      queued.push({ t, range, rows });
      room -= rows * cols * costOf(t, budget);
      if (t.done + rows < t.used.rowCount) break;
    }
    await ctx.sync();
    for (const { t, range, rows } of queued) {
      const vals = range.values as CellValue[][];
      const target = inputs[t.sheet].values;
      for (const row of vals) target.push(row);
      const cells = rows * t.used.columnCount;
      t.perCell = Math.max(t.perCell, responseBytes(vals) / cells);
      t.cells += cells;
      t.done += rows;
    }
    while (next < todo.length && todo[next].done >= todo[next].used.rowCount) next++;
  }
}

/** A table's total row read as empty cells. */
function blankTotalRow(values: CellValue[][], used: Excel.Range, at: Excel.Range): void {
  const row = values[at.rowIndex - used.rowIndex];
  if (!row) return;
  for (let c = at.columnIndex - used.columnIndex; c < at.columnIndex - used.columnIndex + at.columnCount; c++)
    if (c >= 0 && c < row.length) row[c] = '';
}
