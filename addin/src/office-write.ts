/// <reference types="office-js" />
/**
 * A fill's write in Excel: one Excel.run, so that where ExcelApi 1.20 merges it the fill is one
 * undo step, whatever the number of syncs:
 * (1) the written sheets' tables, and the top rows of a sheet with columns the product fills
 *     (Assessment), whose header says which columns those are;
 * (2) the tables' ranges, and the formulas now in every cell the fill writes that the product
 *     does not own (ids, new rows). The fill was computed from an earlier read, when those cells
 *     were empty: one that is not empty now was typed into since, keeps what was typed and comes
 *     back in `skipped`. Formulas, not values: a formula showing "" is a person's cell too;
 * (3) the writes, in syncs of at most WRITE_LIMITS.bytesPerSync: one for a usual fill.
 * Rows a fill appends right below a table, and columns it adds in the table's header row right of
 * it, join the table: `table.resize` on ExcelApi 1.13. Elsewhere `table.rows.add` and
 * `table.columns.add`, which insert: they push down (right) every cell below (right of) the table
 * in its columns (rows), so they are used only where nothing is there; otherwise the cells are
 * written in place, outside the table. What to write where is decided in office-plan.ts.
 */
import type { CellValue, CellWrite, Lang } from '../../core/types';
import { READ_LIMITS, RANGE_BYTES, TEXT_FORMAT_BYTES, WRITE_LIMITS, chunkRows, rowBytes, valueBytes } from './office-budget';
import { has, isMissing, rangeAt } from './office-compat';
import {
  HEADER_PROBE_ROWS,
  cellId,
  columnRuns,
  formatsOf,
  hasOwnedColumns,
  isBlank,
  needsTextFormat,
  ownedCells,
  plainValue,
  splitRuns,
  tableGrowth,
  tableNewColumns,
  toExcelValue,
  withoutTyped,
  type ColumnRun,
  type TableBox,
} from './office-plan';
import type { ExcelRunner } from './office-runner';
import { t } from './i18n';
import type { ApplyOutcome, CellRef, FillWrites } from './port';

/** A written sheet as the first sync found it. */
interface Found {
  name: string;
  tables: Excel.TableCollection;
  probe: Excel.Range | null;
  protection: Excel.WorksheetProtection | null;
}

/** A table on a written sheet, with what rows.add / columns.add would push aside. */
interface Box {
  name: string;
  table: Excel.Table;
  range: Excel.Range;
  below: Excel.Range | null;
  right: Excel.Range | null;
  totals: Excel.Range | null;
}

export async function writeFill(runner: ExcelRunner, fill: FillWrites, lang: Lang): Promise<ApplyOutcome> {
  const grouped = runner.supportsUndoGroup;
  const done = await runner.run((ctx) => new FillWrite(ctx, runner, fill, lang).run(), { mergeUndoGroup: grouped });
  return { undoGrouped: grouped, ...done };
}

/** Rows appended to a table: all in one call (ExcelApi 1.4), or one call a row (1.1), all in the same request. */
function addRows(table: Excel.Table, rows: (string | number | boolean)[][], several: boolean | undefined): void {
  if (has(several)) table.rows.add(undefined, rows);
  else for (const r of rows) table.rows.add(undefined, [r]);
}

class FillWrite {
  private readonly proxies = new Map<string, Excel.Worksheet>();
  private readonly resize: boolean;
  private readonly budget = WRITE_LIMITS.bytesPerSync;
  /** Bytes queued in the request not yet sent. */
  private bytes = 0;
  private cellsWritten = 0;
  private skipped: CellRef[] = [];

  constructor(
    private readonly ctx: Excel.RequestContext,
    private readonly runner: ExcelRunner,
    private readonly fill: FillWrites,
    private readonly lang: Lang,
  ) {
    this.resize = Boolean(runner.supportsTableResize);
  }

  private sheet(name: string): Excel.Worksheet {
    let ws = this.proxies.get(name);
    if (!ws) this.proxies.set(name, (ws = this.ctx.workbook.worksheets.getItem(name)));
    return ws;
  }

  private at(name: string, row: number, col: number, rows: number, cols: number): Excel.Range {
    return rangeAt(this.sheet(name), this.runner.supportsRangeByIndexes, row, col, rows, cols);
  }

  async run(): Promise<{ cellsWritten: number; skipped: CellRef[] }> {
    const newNames = new Set(this.fill.newSheets.map((n) => n.name));
    const found = this.loadSheets(newNames);
    if (found.length) await this.ctx.sync();
    // A protected sheet refuses every write: say so before writing anything, not part way.
    const locked = found.filter((f) => f.protection?.protected).map((f) => f.name);
    if (locked.length) throw new Error(t(this.lang, 'fillProtected', { sheets: locked.join(this.lang === 'zh' ? '、' : ', ') }));
    const owns = new Map(found.map((f) => [f.name, ownedCells(f.name, f.probe ? (f.probe.values as CellValue[][]) : null)]));
    const guarded = this.fill.overwrite
      ? []
      : this.fill.writes.filter((w) => !newNames.has(w.sheetName) && !owns.get(w.sheetName)!(w.row, w.col));
    const boxes = found.flatMap((f) => f.tables.items.map((table) => this.loadBox(f.name, table)));
    const typed = await this.typedCells(guarded, boxes.length > 0);
    const kept = withoutTyped(this.fill.writes, typed, this.aboveTotals(boxes));
    this.skipped = kept.skipped;
    let writes = kept.writes;
    await this.addNewSheets();
    for (const box of boxes) writes = box.totals ? await this.growTotalled(box, writes) : await this.growTable(box, writes);
    // One range per run of consecutive rows in one column: an Assessment fill of N rows is four
    // ranges, not 4N, which keeps the request small.
    for (const run of columnRuns(writes)) await this.put(run);
    await this.ctx.sync();
    return { cellsWritten: this.cellsWritten, skipped: this.skipped };
  }

  /** (1) Each written sheet's tables, header probe and protection, queued. */
  private loadSheets(newNames: Set<string>): Found[] {
    const widest = new Map<string, number>();
    for (const w of this.fill.writes)
      if (!newNames.has(w.sheetName)) widest.set(w.sheetName, Math.max(widest.get(w.sheetName) ?? 0, w.col));
    return [...widest].map(([name, width]) => {
      const ws = this.sheet(name);
      const tables = ws.tables.load('items');
      const probe = !this.fill.overwrite && hasOwnedColumns(name) ? this.at(name, 0, 0, HEADER_PROBE_ROWS, width).load('values') : null;
      // Below ExcelApi 1.2 protection cannot be read: a protected sheet then refuses the write itself.
      const protection = has(this.runner.supportsSheetFormat) ? ws.protection.load('protected') : null;
      return { name, tables, probe, protection };
    });
  }

  /** (2) A table's range, and what rows.add / columns.add would push aside, queued. */
  private loadBox(name: string, table: Excel.Table): Box {
    const resize = this.resize;
    const range = table.getRange().load('rowIndex,columnIndex,rowCount,columnCount');
    // What rows.add / columns.add would push aside: anything in the table's columns below it, in
    // its rows right of it. Below ExcelApi 1.4 the whole sheet's used range stands for both:
    // anything below or right of the table anywhere on the sheet keeps the writes in place.
    const nullObjects = has(this.runner.supportsNullObjects);
    const sheetUsed = resize || nullObjects ? null : this.sheet(name).getUsedRange().load('rowIndex,rowCount,columnIndex,columnCount');
    const below = resize ? null : (sheetUsed ?? range.getEntireColumn().getUsedRangeOrNullObject(true).load('rowIndex,rowCount'));
    const right = resize ? null : (sheetUsed ?? range.getEntireRow().getUsedRangeOrNullObject(true).load('columnIndex,columnCount'));
    const totals = table.showTotals ? table.getTotalRowRange().load('rowIndex') : null;
    return { name, table, range, below, right, totals };
  }

  /**
   * (2) The cells of `guarded` that hold something now, by cellId. The loads go with the tables'
   * ranges; more syncs only where the cells they cover would pass a read's size budget.
   */
  private async typedCells(guarded: CellWrite[], tables: boolean): Promise<Set<string>> {
    const typed = new Set<string>();
    let queued: { run: ColumnRun; range: Excel.Range }[] = [];
    let cells = 0;
    const check = async () => {
      await this.ctx.sync();
      for (const { run, range } of queued) {
        const now = range.formulas as unknown[][];
        for (let i = 0; i < run.values.length; i++) if (!isBlank(now[i][0])) typed.add(cellId(run.sheetName, run.row + i, run.col));
      }
      queued = [];
      cells = 0;
    };
    for (const run of splitRuns(columnRuns(guarded), READ_LIMITS.cellsPerSync)) {
      if (cells > 0 && cells + run.values.length > READ_LIMITS.cellsPerSync) await check();
      const range = this.at(run.sheetName, run.row - 1, run.col - 1, run.values.length, 1).load('formulas');
      queued.push({ run, range });
      cells += run.values.length;
    }
    if (queued.length > 0 || tables) await check();
    return typed;
  }

  /**
   * A table with a total row: the read took that row as empty, so a fill's new rows start on it.
   * They go in above it, through table.rows.add (which inserts them there and moves the total row
   * down, as Excel does for a person), never into its cells.
   */
  private aboveTotals(boxes: Box[]): Set<CellWrite> {
    const out = new Set<CellWrite>();
    for (const { name, range, totals } of boxes) {
      if (!totals) continue;
      const data = { row: range.rowIndex + 1, col: range.columnIndex + 1, rows: totals.rowIndex - range.rowIndex, cols: range.columnCount };
      for (const w of tableGrowth(this.fill.writes, name, data)?.taken ?? []) out.add(w);
    }
    return out;
  }

  /** Room for `n` more bytes in this request: a sync first where they would pass the budget. */
  private async spend(n: number): Promise<void> {
    if (this.bytes > 0 && this.bytes + n > this.budget) {
      await this.ctx.sync();
      this.bytes = 0;
    }
    this.bytes += n;
  }

  /** A run written in stretches; a stretch of texts Excel would change is formatted as text first, in the same request. */
  private async put(run: ColumnRun): Promise<void> {
    for (let start = 0; start < run.values.length;) {
      const text = needsTextFormat(run.values[start]);
      let end = start;
      let size = RANGE_BYTES * (text ? 2 : 1);
      while (end < run.values.length && needsTextFormat(run.values[end]) === text) {
        const c = valueBytes(run.values[end]) + (text ? TEXT_FORMAT_BYTES : 0);
        if (end > start && this.bytes + size + c > this.budget) break;
        size += c;
        end++;
      }
      if (this.bytes > 0 && this.bytes + size > this.budget) {
        await this.ctx.sync();
        this.bytes = 0;
        continue;
      }
      const range = this.at(run.sheetName, run.row - 1 + start, run.col - 1, end - start, 1);
      if (text) range.numberFormat = run.values.slice(start, end).map(() => ['@']);
      range.values = run.values.slice(start, end).map((v) => [toExcelValue(v)]);
      this.bytes += size;
      this.cellsWritten += end - start;
      start = end;
    }
  }

  private async putCells(cells: CellWrite[]): Promise<void> {
    for (const h of cells) await this.put({ sheetName: h.sheetName, row: h.row, col: h.col, values: [h.value] });
  }

  private async addNewSheets(): Promise<void> {
    for (const ns of this.fill.newSheets) {
      const ws = this.ctx.workbook.worksheets.add(ns.name);
      this.proxies.set(ns.name, ws);
      if (ns.headers.length === 0) continue;
      await this.spend(RANGE_BYTES + rowBytes(ns.headers, ns.headers.length));
      const header = this.at(ns.name, 0, 0, 1, ns.headers.length);
      header.numberFormat = formatsOf([ns.headers]);
      header.values = [ns.headers];
      header.format.font.bold = true;
      if (has(this.runner.supportsRangeByIndexes)) ws.freezePanes.freezeRows(1);
    }
  }

  /** Rows added through table.rows.add, in chunks within the budget; the writes they carried are gone from `writes`. */
  private async addGrowth(
    table: Excel.Table,
    grow: NonNullable<ReturnType<typeof tableGrowth>>,
    cols: number,
    writes: CellWrite[],
  ): Promise<CellWrite[]> {
    for (const chunk of chunkRows(grow.values, cols, this.budget)) {
      await this.spend(chunk.bytes);
      addRows(
        table,
        chunk.rows.map((r) => r.map(toExcelValue)),
        this.runner.supportsNullObjects,
      );
    }
    this.cellsWritten += grow.taken.size;
    return writes.filter((w) => !grow.taken.has(w));
  }

  /** A table with a total row: columns first (the resize keeps the total row), then the rows above the total row. */
  private async growTotalled({ name, table, range, totals }: Box, writes: CellWrite[]): Promise<CellWrite[]> {
    const box: TableBox = { row: range.rowIndex + 1, col: range.columnIndex + 1, rows: range.rowCount, cols: range.columnCount };
    const wide = { ...box };
    const heads = tableNewColumns(writes, name, box);
    if (heads.length > 0 && this.resize) {
      const taken = new Set(heads);
      writes = writes.filter((w) => !taken.has(w));
      await this.putCells(heads);
      wide.cols += heads.length;
      await this.spend(RANGE_BYTES);
      table.resize(this.at(name, range.rowIndex, range.columnIndex, range.rowCount, wide.cols));
    }
    const grow = tableGrowth(writes, name, { ...wide, rows: totals!.rowIndex - range.rowIndex }, plainValue);
    return grow ? this.addGrowth(table, grow, wide.cols, writes) : writes;
  }

  /** A table without a total row: new columns and rows join it where nothing would be pushed aside. */
  private async growTable({ name, table, range, below, right }: Box, writes: CellWrite[]): Promise<CellWrite[]> {
    const resize = this.resize;
    const box: TableBox = { row: range.rowIndex + 1, col: range.columnIndex + 1, rows: range.rowCount, cols: range.columnCount };
    const wide = { ...box };
    const heads = tableNewColumns(writes, name, box);
    const clearRight = right === null || isMissing(right) || right.columnIndex + right.columnCount <= range.columnIndex + range.columnCount;
    // A named column (columns.add with a name) is ExcelApi 1.4: below, the header is written in place.
    if (heads.length > 0 && (resize || (clearRight && has(this.runner.supportsNullObjects)))) {
      const taken = new Set(heads);
      writes = writes.filter((w) => !taken.has(w));
      wide.cols += heads.length;
      // With resize the header cells first: a table grown over empty header cells names them Column1...
      if (resize) await this.putCells(heads);
      else await this.addNamedColumns(table, heads);
    }
    const grow = tableGrowth(writes, name, wide, plainValue);
    const clearBelow = below === null || isMissing(below) || below.rowIndex + below.rowCount <= range.rowIndex + range.rowCount;
    if (grow && !resize && clearBelow) writes = await this.addGrowth(table, grow, wide.cols, writes);
    if (resize && (grow || wide.cols > box.cols)) {
      const lastRow = grow ? grow.lastRow : box.row + box.rows - 1;
      await this.spend(RANGE_BYTES);
      table.resize(this.at(name, range.rowIndex, range.columnIndex, lastRow - range.rowIndex, wide.cols));
    }
    return writes;
  }

  /** The column's name is its header cell: written once, by columns.add. */
  private async addNamedColumns(table: Excel.Table, heads: CellWrite[]): Promise<void> {
    for (const h of heads) {
      await this.spend(RANGE_BYTES + valueBytes(h.value));
      table.columns.add(undefined, undefined, String(h.value));
      this.cellsWritten++;
    }
  }
}
