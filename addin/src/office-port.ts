/// <reference types="office-js" />
/**
 * The workbook port on Excel (Office.js). With its marks (office-marks.ts), the only code that
 * touches `Excel` / `Office` objects.
 *
 * Round trips are the cost that matters in Excel on the web, so every operation has a fixed number
 * of `context.sync()` calls whatever the row count: loads are queued together and synced once,
 * writes are queued together and synced once, and there is no sync inside a loop over rows.
 * Reads and writes are split into several syncs only where one would pass Excel on the web's 5 MB
 * request limit, which counts UTF-8 bytes (or the 5-million-cell limit of one range read).
 */
import { normalizeLabel } from '../../core/normalize';
import { readWorkbook, sheetKeyOf } from '../../core/read';
import { STATE_SHEET } from './sync-state';
import { t } from './i18n';
import { GUARDS, type Guard } from './office-apis';
import { has, isMissing, lookupSheets, officeDocumentSettings, rangeAt, usedRange, type DocumentSettings } from './office-compat';

/** Where a state too large for one request is written before it replaces the old one. */
const STATE_SHEET_NEXT = `${STATE_SHEET}_next`;
import { SHEETS, SHEET_BY_KEY } from '../../core/template';
import type { CellValue, CellWrite, Lang, SheetInput, WorkbookInput } from '../../core/types';
import { utf8Length } from '../../core/utf8';
import { VALIDATED_ROWS, templatePlan } from './template-plan';
import { OfficeMarks } from './office-marks';
import {
  NOTE_PREFIX,
  a1,
  type ApplyOutcome,
  type CellRef,
  type FillWrites,
  type Mark,
  type MarkOutcome,
  type ReportSheet,
  type WorkbookPort,
} from './port';

/** How the port reaches Excel; tests and the benchmark pass a counting fake. */
export interface ExcelRunner {
  run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>, opts?: { mergeUndoGroup?: boolean }): Promise<T>;
  /**
   * `Excel.run(context, batch)`: a batch on a context an earlier run made. An event handler is
   * removed only through the context that added it (OfficeExtension.EventHandlerResult).
   */
  resume?<T>(context: OfficeExtension.ClientRequestContext, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** ExcelApi 1.20: `Excel.run({ mergeUndoGroup: true })`. */
  supportsUndoGroup: boolean;
  /** ExcelApi 1.18: cell notes. Without them a mark is the fill colour alone. */
  supportsNotes: boolean;
  /** ExcelApi 1.13: `table.resize`. Without it rows join a table through `table.rows.add`. */
  supportsTableResize?: boolean;
  /** ExcelApi 1.8: a series on the secondary axis. Without it pass rate shares the count axis. */
  supportsSecondaryAxis?: boolean;
  /** ExcelApi 1.14: `triggerSource` on change events. Without it the add-in's own writes are told apart by time. */
  supportsTriggerSource?: boolean;
  /** ExcelApi 1.11: `delayForCellEdit`. */
  supportsCellEditDelay?: boolean;
  /** ExcelApi 1.2: sheet visibility set, protection, column widths. Without: the state sheet stays visible. */
  supportsSheetFormat?: boolean;
  /** ExcelApi 1.4: null objects, workbook settings, several rows or a named column added to a table at once. */
  supportsNullObjects?: boolean;
  /** ExcelApi 1.7: `getRangeByIndexes`, frozen panes. Without: ranges by address, no frozen header. */
  supportsRangeByIndexes?: boolean;
  /** ExcelApi 1.8: data validation. Without: the template has no dropdowns. */
  supportsDataValidation?: boolean;
  /** ExcelApi 1.9: the workbook's change event. Without: no live re-check; the person presses Check. */
  supportsChangeEvents?: boolean;
  /** ExcelApi 1.9: `RangeFill.pattern`. Without: a white or empty colour is taken for no fill. */
  supportsFillPattern?: boolean;
  /** Office.context.document.settings: where the marks' records live below ExcelApi 1.4. */
  documentSettings?: DocumentSettings;
}

/** After this long waiting on Excel's first answer (a cell being edited holds every batch), the pane says so. */
export const WAIT_HINT_MS = 3000;

/**
 * The runner on Office.js. Every flag comes from `isSetSupported` with the version office-apis.ts
 * GUARDS gives it. `onWait(true)` is called when a batch has waited WAIT_HINT_MS for its first
 * sync (with delayForCellEdit Excel holds it while the person is typing in a cell), `onWait(false)`
 * once it goes on.
 */
export function officeRunner(onWait?: (waiting: boolean) => void): ExcelRunner {
  const req = Office.context.requirements;
  const has = (g: Guard) => req.isSetSupported('ExcelApi', GUARDS[g]);
  const delay = has('supportsCellEditDelay');
  // Without delayForCellEdit a batch fails outright while the person is typing in a cell; with
  // it Excel runs the batch once they leave the cell.
  const run: ExcelRunner['run'] = (batch, opts) =>
    Excel.run({ ...(delay ? { delayForCellEdit: true } : {}), ...(opts?.mergeUndoGroup ? { mergeUndoGroup: true } : {}) }, batch);
  return {
    supportsUndoGroup: has('supportsUndoGroup'),
    supportsNotes: has('supportsNotes'),
    supportsTableResize: has('supportsTableResize'),
    supportsSecondaryAxis: has('supportsSecondaryAxis'),
    supportsTriggerSource: has('supportsTriggerSource'),
    supportsCellEditDelay: delay,
    supportsSheetFormat: has('supportsSheetFormat'),
    supportsNullObjects: has('supportsNullObjects'),
    supportsRangeByIndexes: has('supportsRangeByIndexes'),
    supportsDataValidation: has('supportsDataValidation'),
    supportsChangeEvents: has('supportsChangeEvents'),
    supportsFillPattern: has('supportsFillPattern'),
    documentSettings: officeDocumentSettings(),
    run: onWait ? withWaitHint(run, onWait) : run,
    resume: (context, batch) => Excel.run(context, batch),
  };
}

/**
 * `run` that calls `onWait(true)` when a batch's first sync has not come back after `ms`, and
 * `onWait(false)` when it does (or the batch ends). Batches that overlap share one hint.
 */
export function withWaitHint(run: ExcelRunner['run'], onWait: (waiting: boolean) => void, ms = WAIT_HINT_MS): ExcelRunner['run'] {
  let waiting = 0;
  let shown = false;
  return async (batch, opts) => {
    let done = false;
    waiting++;
    const timer = setTimeout(() => {
      if (!done && !shown) {
        shown = true;
        onWait(true);
      }
    }, ms);
    const answered = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      waiting--;
      if (waiting === 0 && shown) {
        shown = false;
        onWait(false);
      }
    };
    try {
      return await run(async (ctx) => {
        const sync = ctx.sync.bind(ctx);
        ctx.sync = async <T>(passThrough?: T) => {
          try {
            return await sync(passThrough);
          } finally {
            answered();
          }
        };
        return batch(ctx);
      }, opts);
    } finally {
      answered();
    }
  };
}

/**
 * How long after the add-in's own write a change event is taken for that write, where the host
 * cannot say who made a change (no `triggerSource` before ExcelApi 1.14).
 */
export const OWN_WRITE_QUIET_MS = 2000;

/**
 * Whether Excel would change this text on the way in (Excel.Range values: a text that starts with
 * `=`, `+` or `-` is read as a formula, and a number-looking one becomes a number), so it is
 * written into a cell formatted as text ('@'). A text without a digit or a leading sign keeps as
 * it is. An ISO date (`2026-09-01`) is left General on purpose: the fill writes dates that way.
 */
export function needsTextFormat(v: CellValue): boolean {
  if (typeof v !== 'string' || v === '') return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  return /\d/.test(v) || /^[=+\-@]/.test(v) || /^\s*(true|false)\s*$/i.test(v);
}

/** The number formats of a block the add-in owns: '@' for the texts Excel would change, General elsewhere. */
function formatsOf(rows: readonly (readonly CellValue[])[]): string[][] {
  return rows.map((r) => r.map((v) => (needsTextFormat(v) ? '@' : 'General')));
}

/**
 * The budget of a read's syncs. Excel on the web refuses a request or response over 5 MB of UTF-8,
 * where a Chinese character is 3 bytes. A sheet's first values are read at `cellsPerSync` cells a
 * sync, sized for the worst case: a cell of five Chinese characters (a name, a label, a short
 * theme) is 18 bytes of JSON, so 200,000 such cells are 3.6 MB. Once some of a sheet's values are
 * in, its bytes per cell are known (the most seen in any of its chunks), and its next chunks are
 * sized so a sync carries about `bytesPerSync`: this template's sheets weigh about 9 bytes a cell
 * (ids, dates as serial numbers, two- to four-character labels; Assessment's small numbers 4), so
 * a sync then holds ~390,000 to ~860,000 cells where 200,000 were safe. What one sheet taught is
 * not used for another (a sheet of long Chinese text may follow a sheet of ids). A sync that still
 * fails for size is retried with half the budget, both numbers halved.
 */
export const READ_LIMITS = { cellsPerSync: 200_000, bytesPerSync: 3_500_000, maxCellsPerRange: 5_000_000 };

/** Cells of a sheet read before its bytes per cell are trusted alone; until then the worst case counts too. */
const READ_SAMPLE_CELLS = 10_000;

/**
 * UTF-8 bytes of cell values per sync for writes: under Excel on the web's 5 MB per request with
 * room for the commands around the values (a few hundred bytes per range, counted as RANGE_BYTES).
 */
export const WRITE_LIMITS = { bytesPerSync: 3_000_000 };

/**
 * The sync-state sheet's rows per sync, by UTF-8 bytes. Reading, a row's size is known only after
 * the first chunk: until then it is taken as `rowBytesGuess` (a state row is 50 to 80 bytes; 100
 * leaves room for long ids, and a chunk refused for size is read again at half the budget).
 */
export const STATE_LIMITS = { bytesPerSync: 3_000_000, rowBytesGuess: 100 };

/** What a range write costs in a request besides its values: the range's path and the action. */
const RANGE_BYTES = 300;

/** A cell's '@' in a numberFormat array: the text, its quotes, brackets and comma. */
const TEXT_FORMAT_BYTES = 6;

/** A write table.rows.add can carry: one Excel keeps as given (the others are written in place, formatted as text). */
const plainValue = (w: CellWrite) => !needsTextFormat(w.value);

/** Rows read to find a sheet's header (core/read looks in the first 30 of the used range). */
const HEADER_PROBE_ROWS = 60;

const TEMPLATE_NAMES = new Set(
  SHEETS.flatMap((s) => [s.zh, s.en, s.key, ...(s.aliases ?? [])].map(normalizeLabel)),
);

export function isTemplateSheetName(name: string): boolean {
  return TEMPLATE_NAMES.has(normalizeLabel(name));
}

function isPayloadTooLarge(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  const msg = String((e as { message?: string })?.message ?? '');
  return /PayloadTooLarge|RequestPayloadSizeLimitExceeded|ResponsePayloadSizeLimitExceeded/i.test(code + ' ' + msg);
}

export class OfficePort implements WorkbookPort {
  readonly kind = 'office' as const;
  private readonly markBook: OfficeMarks;

  /** The pane's language, for the errors the port words itself (main.ts keeps it current). */
  lang: Lang = 'zh';
  private readonly now: () => number;
  /** The add-in's own write batches running, and until when their change events may still arrive. */
  private busy = 0;
  private quietUntil = 0;

  constructor(
    private readonly runner: ExcelRunner = officeRunner(),
    opts: { now?: () => number } = {},
  ) {
    this.markBook = new OfficeMarks(runner);
    this.now = opts.now ?? Date.now;
  }

  /**
   * Runs one of the add-in's own writes, so its change events are not taken for a person's edit.
   * `values` false for a write of formats and notes alone (marks): no change event follows it, so
   * a person's edit right after it still counts.
   */
  private async writing<T>(write: () => Promise<T>, values = true): Promise<T> {
    this.busy++;
    try {
      return await write();
    } finally {
      this.busy--;
      if (values) this.quietUntil = Math.max(this.quietUntil, this.now() + OWN_WRITE_QUIET_MS);
    }
  }

  get supportsUndoGroup(): boolean {
    return this.runner.supportsUndoGroup;
  }

  async sheetNames(): Promise<string[]> {
    return this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      return sheets.items.map((s) => s.name);
    });
  }

  async readSheets(): Promise<WorkbookInput> {
    let budget = { cells: READ_LIMITS.cellsPerSync, bytes: READ_LIMITS.bytesPerSync };
    for (;;) {
      try {
        return await this.readWithBudget(budget);
      } catch (e) {
        if (!isPayloadTooLarge(e) || budget.cells < 1000) throw e;
        budget = { cells: Math.floor(budget.cells / 2), bytes: Math.floor(budget.bytes / 2) };
      }
    }
  }

  /**
   * Three syncs in all (names, used-range sizes, values) unless the values need chunks. Chunks are
   * cut one sync at a time, from what the syncs before measured (see READ_LIMITS): a sheet not yet
   * measured costs 1/`cells` of a sync a cell, a measured one its bytes per cell over `bytes`.
   */
  private async readWithBudget(budget: { cells: number; bytes: number }): Promise<WorkbookInput> {
    return this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      const wanted = sheets.items
        .filter((ws) => isTemplateSheetName(ws.name))
        .map((ws) => {
          const used = usedRange(ws, this.runner.supportsNullObjects);
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
      // Per sheet: rows read so far, cells measured, and the most UTF-8 bytes a cell seen in a chunk.
      const todo = wanted
        .map(({ ws, used }, sheet) => ({ sheet, ws, used, done: 0, cells: 0, perCell: 0 }))
        .filter(({ used }) => !isMissing(used) && used.rowCount > 0 && used.columnCount > 0);
      const worst = 1 / budget.cells;
      // The share of one sync a cell of this sheet takes.
      const cost = (t: (typeof todo)[number]) => {
        const learnt = t.perCell / budget.bytes;
        return t.cells === 0 ? worst : t.cells < READ_SAMPLE_CELLS ? Math.max(worst, learnt) : learnt;
      };
      let next = 0;
      while (next < todo.length) {
        // One sync: whole sheets' rest while they fit, then as many rows of the next as fit (one at least).
        const queued: { t: (typeof todo)[number]; range: Excel.Range; rows: number }[] = [];
        let room = 1;
        for (let i = next; i < todo.length && room > 0; i++) {
          const t = todo[i];
          const cols = t.used.columnCount;
          const fit = Math.floor(room / (cost(t) * cols));
          const rows = Math.min(t.used.rowCount - t.done, Math.floor(READ_LIMITS.maxCellsPerRange / cols), queued.length === 0 ? Math.max(1, fit) : fit);
          if (rows <= 0) break;
          const range = rangeAt(t.ws, this.runner.supportsRangeByIndexes, t.used.rowIndex + t.done, t.used.columnIndex, rows, cols).load('values');
          queued.push({ t, range, rows });
          room -= rows * cols * cost(t);
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
      for (const { sheet, used, at } of totals) {
        const row = inputs[sheet].values[at.rowIndex - used.rowIndex];
        if (!row) continue;
        for (let c = at.columnIndex - used.columnIndex; c < at.columnIndex - used.columnIndex + at.columnCount; c++) if (c >= 0 && c < row.length) row[c] = '';
      }
      return { sheets: inputs };
    });
  }

  /**
   * One Excel.run, so that where ExcelApi 1.20 merges it the fill is one undo step, whatever the
   * number of syncs:
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
   * written in place, outside the table.
   */
  async applyWrites(fill: FillWrites): Promise<ApplyOutcome> {
    return this.writing(() => this.applyWritesNow(fill));
  }

  private async applyWritesNow(fill: FillWrites): Promise<ApplyOutcome> {
    const grouped = this.runner.supportsUndoGroup;
    const resize = Boolean(this.runner.supportsTableResize);
    let cellsWritten = 0;
    const skipped: CellRef[] = [];
    await this.runner.run(
      async (ctx) => {
        const sheets = ctx.workbook.worksheets;
        const proxies = new Map<string, Excel.Worksheet>();
        const sheet = (name: string) => {
          let ws = proxies.get(name);
          if (!ws) proxies.set(name, (ws = sheets.getItem(name)));
          return ws;
        };
        const newNames = new Set(fill.newSheets.map((n) => n.name));
        const widest = new Map<string, number>();
        for (const w of fill.writes) if (!newNames.has(w.sheetName)) widest.set(w.sheetName, Math.max(widest.get(w.sheetName) ?? 0, w.col));
        const found = [...widest].map(([name, width]) => {
          const ws = sheet(name);
          const tables = ws.tables.load('items');
          const probe = !fill.overwrite && hasOwnedColumns(name) ? rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, HEADER_PROBE_ROWS, width).load('values') : null;
          // Below ExcelApi 1.2 protection cannot be read: a protected sheet then refuses the write itself.
          const protection = has(this.runner.supportsSheetFormat) ? ws.protection.load('protected') : null;
          return { name, tables, probe, protection };
        });
        if (found.length) await ctx.sync();
        // A protected sheet refuses every write: say so before writing anything, not part way.
        const locked = found.filter((f) => f.protection?.protected).map((f) => f.name);
        if (locked.length) throw new Error(t(this.lang, 'fillProtected', { sheets: locked.join(this.lang === 'zh' ? '、' : ', ') }));

        const owns = new Map(found.map((f) => [f.name, ownedCells(f.name, f.probe ? (f.probe.values as CellValue[][]) : null)]));
        const guarded = fill.overwrite ? [] : fill.writes.filter((w) => !newNames.has(w.sheetName) && !owns.get(w.sheetName)!(w.row, w.col));
        const boxes = found.flatMap(({ name, tables }) =>
          tables.items.map((table) => {
            const range = table.getRange().load('rowIndex,columnIndex,rowCount,columnCount');
            // What rows.add / columns.add would push aside: anything in the table's columns below
            // it, in its rows right of it.
            // Below ExcelApi 1.4 the whole sheet's used range stands for both: anything below or right
            // of the table anywhere on the sheet keeps the writes in place (never pushed aside).
            const nullObjects = has(this.runner.supportsNullObjects);
            const sheetUsed = resize || nullObjects ? null : sheet(name).getUsedRange().load('rowIndex,rowCount,columnIndex,columnCount');
            const below = resize ? null : (sheetUsed ?? range.getEntireColumn().getUsedRangeOrNullObject(true).load('rowIndex,rowCount'));
            const right = resize ? null : (sheetUsed ?? range.getEntireRow().getUsedRangeOrNullObject(true).load('columnIndex,columnCount'));
            const totals = table.showTotals ? table.getTotalRowRange().load('rowIndex') : null;
            return { name, table, range, below, right, totals };
          }),
        );
        // The guard's loads go with the tables' ranges; more syncs only where the cells they cover
        // would pass a read's size budget.
        const typed = new Set<string>();
        let queued: { run: ColumnRun; range: Excel.Range }[] = [];
        let cells = 0;
        const check = async () => {
          await ctx.sync();
          for (const { run, range } of queued) {
            const now = range.formulas as unknown[][];
            for (let i = 0; i < run.values.length; i++) if (!isBlank(now[i][0])) typed.add(cellId(run.sheetName, run.row + i, run.col));
          }
          queued = [];
          cells = 0;
        };
        for (const run of splitRuns(columnRuns(guarded), READ_LIMITS.cellsPerSync)) {
          if (cells > 0 && cells + run.values.length > READ_LIMITS.cellsPerSync) await check();
          const range = rangeAt(sheet(run.sheetName), this.runner.supportsRangeByIndexes, run.row - 1, run.col - 1, run.values.length, 1).load('formulas');
          queued.push({ run, range });
          cells += run.values.length;
        }
        if (queued.length > 0 || boxes.length > 0) await check();

        // A table with a total row: the read took that row as empty, so a fill's new rows start on
        // it. They go in above it, through table.rows.add (which inserts them there and moves the
        // total row down, as Excel does for a person), never into its cells.
        const aboveTotals = new Set<FillWrites['writes'][number]>();
        for (const { name, range, totals } of boxes) {
          if (!totals) continue;
          const data = { row: range.rowIndex + 1, col: range.columnIndex + 1, rows: totals.rowIndex - range.rowIndex, cols: range.columnCount };
          for (const w of tableGrowth(fill.writes, name, data)?.taken ?? []) aboveTotals.add(w);
        }
        let writes = fill.writes;
        if (typed.size > 0) {
          const seen = new Set<string>();
          writes = writes.filter((w) => {
            const id = cellId(w.sheetName, w.row, w.col);
            if (!typed.has(id) || aboveTotals.has(w)) return true;
            if (!seen.has(id)) skipped.push({ sheetName: w.sheetName, cell: a1(w.row, w.col) });
            seen.add(id);
            return false;
          });
        }

        // Writes are split across syncs only where one request would pass the budget.
        const budget = WRITE_LIMITS.bytesPerSync;
        let bytes = 0;
        const spend = async (n: number) => {
          if (bytes > 0 && bytes + n > budget) {
            await ctx.sync();
            bytes = 0;
          }
          bytes += n;
        };
        // A stretch of texts Excel would change is formatted as text first, in the same request.
        const put = async (run: ColumnRun) => {
          const ws = sheet(run.sheetName);
          for (let start = 0; start < run.values.length; ) {
            const text = needsTextFormat(run.values[start]);
            let end = start;
            let size = RANGE_BYTES * (text ? 2 : 1);
            while (end < run.values.length && needsTextFormat(run.values[end]) === text) {
              const c = valueBytes(run.values[end]) + (text ? TEXT_FORMAT_BYTES : 0);
              if (end > start && bytes + size + c > budget) break;
              size += c;
              end++;
            }
            if (bytes > 0 && bytes + size > budget) {
              await ctx.sync();
              bytes = 0;
              continue;
            }
            const range = rangeAt(ws, this.runner.supportsRangeByIndexes, run.row - 1 + start, run.col - 1, end - start, 1);
            if (text) range.numberFormat = run.values.slice(start, end).map(() => ['@']);
            range.values = run.values.slice(start, end).map((v) => [toExcelValue(v)]);
            bytes += size;
            cellsWritten += end - start;
            start = end;
          }
        };

        for (const ns of fill.newSheets) {
          const ws = sheets.add(ns.name);
          proxies.set(ns.name, ws);
          if (ns.headers.length > 0) {
            await spend(RANGE_BYTES + rowBytes(ns.headers, ns.headers.length));
            const header = rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, 1, ns.headers.length);
            header.numberFormat = formatsOf([ns.headers]);
            header.values = [ns.headers];
            header.format.font.bold = true;
            if (has(this.runner.supportsRangeByIndexes)) ws.freezePanes.freezeRows(1);
          }
        }
        for (const { name, table, range, below, right, totals } of boxes) {
          const box = { row: range.rowIndex + 1, col: range.columnIndex + 1, rows: range.rowCount, cols: range.columnCount };
          const wide = { ...box };
          if (totals) {
            // Columns first (the resize keeps the total row), then the rows above the total row.
            const heads = tableNewColumns(writes, name, box);
            if (heads.length > 0 && resize) {
              const taken = new Set(heads);
              writes = writes.filter((w) => !taken.has(w));
              for (const h of heads) await put({ sheetName: name, row: h.row, col: h.col, values: [h.value] });
              wide.cols += heads.length;
              await spend(RANGE_BYTES);
              table.resize(rangeAt(sheet(name), this.runner.supportsRangeByIndexes, range.rowIndex, range.columnIndex, range.rowCount, wide.cols));
            }
            const grow = tableGrowth(writes, name, { ...wide, rows: totals.rowIndex - range.rowIndex }, plainValue);
            if (grow) {
              for (const chunk of chunkRows(grow.values, wide.cols, budget)) {
                await spend(chunk.bytes);
                addRows(table, chunk.rows.map((r) => r.map(toExcelValue)), this.runner.supportsNullObjects);
              }
              cellsWritten += grow.taken.size;
              writes = writes.filter((w) => !grow.taken.has(w));
            }
            continue;
          }
          const heads = tableNewColumns(writes, name, box);
          const clearRight = right === null || isMissing(right) || right.columnIndex + right.columnCount <= range.columnIndex + range.columnCount;
          // A named column (columns.add with a name) is ExcelApi 1.4: below, the header is written in place.
          if (heads.length > 0 && (resize || (clearRight && has(this.runner.supportsNullObjects)))) {
            const taken = new Set(heads);
            writes = writes.filter((w) => !taken.has(w));
            wide.cols += heads.length;
            if (resize) {
              // The header cells first: a table grown over empty header cells names them Column1...
              for (const h of heads) await put({ sheetName: name, row: h.row, col: h.col, values: [h.value] });
            } else {
              // The column's name is its header cell: written once, by columns.add.
              for (const h of heads) {
                await spend(RANGE_BYTES + valueBytes(h.value));
                table.columns.add(undefined, undefined, String(h.value));
                cellsWritten++;
              }
            }
          }
          const grow = tableGrowth(writes, name, wide, plainValue);
          const clearBelow = below === null || isMissing(below) || below.rowIndex + below.rowCount <= range.rowIndex + range.rowCount;
          if (grow && !resize && clearBelow) {
            for (const chunk of chunkRows(grow.values, wide.cols, budget)) {
              await spend(chunk.bytes);
              addRows(table, chunk.rows.map((r) => r.map(toExcelValue)), this.runner.supportsNullObjects);
            }
            cellsWritten += grow.taken.size;
            writes = writes.filter((w) => !grow.taken.has(w));
          }
          if (resize && (grow || wide.cols > box.cols)) {
            const lastRow = grow ? grow.lastRow : box.row + box.rows - 1;
            await spend(RANGE_BYTES);
            table.resize(rangeAt(sheet(name), this.runner.supportsRangeByIndexes, range.rowIndex, range.columnIndex, lastRow - range.rowIndex, wide.cols));
          }
        }
        // One range per run of consecutive rows in one column: an Assessment fill of N rows is four
        // ranges, not 4N, which keeps the request small.
        for (const run of columnRuns(writes)) await put(run);
        await ctx.sync();
      },
      { mergeUndoGroup: grouped },
    );
    return { undoGrouped: grouped, cellsWritten, skipped };
  }

  /**
   * Whether the sheet is there; its size; then its cells in row chunks of about
   * STATE_LIMITS.bytesPerSync (one chunk below ~30,000 synced rows). A row's bytes are known only
   * once it is read, so the chunk size is learnt from the widest row read so far. The cells are
   * text (`writeState` formats them '@'), so ids and codes come back as the strings written;
   * `StateBook.fromRows` reads every id, code and hash as text all the same.
   */
  async readState(): Promise<CellValue[][] | null> {
    let budget = STATE_LIMITS.bytesPerSync;
    for (;;) {
      try {
        return await this.readStateWithin(budget);
      } catch (e) {
        if (!isPayloadTooLarge(e) || budget < 10_000) throw e;
        budget = Math.floor(budget / 2);
      }
    }
  }

  private async readStateWithin(budget: number): Promise<CellValue[][] | null> {
    return this.runner.run(async (ctx) => {
      const lookup = lookupSheets(ctx, this.runner.supportsNullObjects, [STATE_SHEET]);
      await ctx.sync();
      const [ws] = lookup.found();
      if (!ws) return null;
      const used = usedRange(ws, this.runner.supportsNullObjects).load('rowIndex,columnIndex,rowCount,columnCount');
      await ctx.sync();
      if (isMissing(used)) return [];
      const out: CellValue[][] = [];
      let perRow = STATE_LIMITS.rowBytesGuess;
      for (let off = 0; off < used.rowCount; ) {
        const n = Math.min(used.rowCount - off, Math.max(1, Math.floor(budget / perRow)));
        const range = rangeAt(ws, this.runner.supportsRangeByIndexes, used.rowIndex + off, used.columnIndex, n, used.columnCount).load('values');
        await ctx.sync();
        let widest = 0;
        for (const r of range.values as CellValue[][]) {
          out.push(r);
          widest = Math.max(widest, utf8Length(JSON.stringify(r)) + 1);
        }
        perRow = off === 0 ? widest : Math.max(perRow, widest);
        off += n;
      }
      return out;
    });
  }

  /**
   * Whether the sheet is there; then clear, write and hide it, the rows in syncs of at most
   * STATE_LIMITS.bytesPerSync (one below ~40,000 synced rows). Every cell is formatted as text
   * ('@') before its value is set, in the same request: ids and school codes are text ("001",
   * "2026-09-01" as an id), which Excel would otherwise turn into 1 and a date serial.
   */
  async writeState(rows: (string | number)[][]): Promise<void> {
    await this.writing(() => this.writeStateNow(rows));
  }

  private async writeStateNow(rows: (string | number)[][]): Promise<void> {
    await this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const nullObjects = has(this.runner.supportsNullObjects);
      const hide = has(this.runner.supportsSheetFormat);
      const lookup = lookupSheets(ctx, nullObjects, [STATE_SHEET, STATE_SHEET_NEXT], 'name,visibility');
      await ctx.sync();
      const [found, leftover] = lookup.found();
      // Below ExcelApi 1.4 a sheet's visibility is not loaded with it: known only where 1.4 is.
      const shown = (w: Excel.Worksheet) => (nullObjects ? w.visibility : 'Unknown');
      const drop = (w: Excel.Worksheet) => {
        if (hide && shown(w) !== 'Visible' && shown(w) !== 'Hidden') w.visibility = 'Hidden';
        w.delete();
      };
      const width = widthOf(rows);
      const textRow = Array<string>(width).fill('@');
      // The formats travel with the values: count their bytes too ("@", per cell).
      const textBytes = rowBytes(textRow, width);
      const chunks: (string | number)[][][] = [];
      for (let i = 0, start = 0, bytes = 2 * RANGE_BYTES; i <= rows.length; i++) {
        const b = i < rows.length ? rowBytes(rows[i], width) + textBytes : 0;
        if (i === rows.length || (i > start && bytes + b > STATE_LIMITS.bytesPerSync)) {
          if (i > start) chunks.push(rows.slice(start, i));
          start = i;
          bytes = 2 * RANGE_BYTES;
        }
        bytes += b;
      }
      // One request replaces the state in place. A state that takes several is written into a second
      // sheet and swapped in by the last request: a write cut off half way (the network, the pane
      // closed) leaves the old state whole, never part old and part gone.
      if (leftover) drop(leftover);
      const inPlace = chunks.length <= 1;
      const ws = inPlace ? (found ?? sheets.add(STATE_SHEET)) : sheets.add(STATE_SHEET_NEXT);
      if (inPlace && found) ws.getRange().clear();
      // Very hidden: not listed under Unhide, so nobody edits it by hand. Set only where it is not
      // yet: on Windows and Mac setting a sheet's visibility clears the person's undo stack. Below
      // ExcelApi 1.2 no sheet can be hidden: the state sheet stays in view (the pane says so).
      if (hide && (ws !== found || shown(found) !== 'VeryHidden')) ws.visibility = 'VeryHidden';
      let at = 0;
      for (const chunk of chunks) {
        if (at > 0) await ctx.sync();
        const range = rangeAt(ws, this.runner.supportsRangeByIndexes, at, 0, chunk.length, width);
        range.numberFormat = chunk.map(() => textRow);
        range.values = chunk.map((r) => (r.length === width ? r : [...r, ...Array<string>(width - r.length).fill('')]));
        at += chunk.length;
      }
      if (!inPlace) {
        if (found) drop(found);
        ws.name = STATE_SHEET;
      }
      await ctx.sync();
    });
  }

  /**
   * Two syncs: the sheet and its chart; then clear the cells, write them, and draw the chart again.
   * The sheet keeps its place and name, so formulas elsewhere that point at it stay valid.
   */
  async writeReport(report: ReportSheet): Promise<{ chart: boolean }> {
    return this.writing(() => this.writeReportNow(report));
  }

  private async writeReportNow(report: ReportSheet): Promise<{ chart: boolean }> {
    return this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const nullObjects = has(this.runner.supportsNullObjects);
      const lookup = lookupSheets(ctx, nullObjects, [report.name]);
      // With null objects the old chart is looked up in the same sync; below ExcelApi 1.4 the
      // sheet's charts are loaded by name once the sheet is found (one sync more).
      const early = nullObjects ? ctx.workbook.worksheets.getItemOrNullObject(report.name).charts.getItemOrNullObject(REPORT_CHART).load('name') : null;
      await ctx.sync();
      const [found] = lookup.found();
      let oldCharts: Excel.Chart[] = [];
      if (found && early) oldCharts = isMissing(early) ? [] : [early];
      else if (found) {
        const charts = found.charts.load('items/name');
        await ctx.sync();
        oldCharts = charts.items.filter((c) => c.name === REPORT_CHART);
      }
      const ws = found ?? sheets.add(report.name);
      if (found) {
        ws.getRange().clear();
        for (const c of oldCharts) c.delete();
      }
      const width = widthOf(report.rows);
      if (report.rows.length) {
        const rows = report.rows.map((r) => [...r, ...Array<CellValue>(width - r.length).fill('')]);
        const block = rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, report.rows.length, width);
        // School names, codes and labels stay text: formatted '@' before they are written.
        block.numberFormat = formatsOf(rows);
        block.values = rows.map((r) => r.map(toExcelValue));
        rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, 1, width).format.font.bold = true;
      }
      const c = report.chart;
      if (c && c.rows > 1) {
        const chart = ws.charts.add('ColumnClustered', rangeAt(ws, this.runner.supportsRangeByIndexes, c.top - 1, c.left - 1, c.rows, c.cols), 'Columns');
        chart.name = REPORT_CHART;
        chart.title.text = c.title;
        chart.setPosition(rangeAt(ws, this.runner.supportsRangeByIndexes, c.top - 1, c.anchorCol - 1, 1, 1), rangeAt(ws, this.runner.supportsRangeByIndexes, c.top + 16, c.anchorCol + 6, 1, 1));
        if (this.runner.supportsSecondaryAxis && c.cols >= 3) {
          // Pass rate is a percentage beside activity counts: on its own axis both stay readable.
          const rate = chart.series.getItemAt(1);
          rate.chartType = 'LineMarkers';
          rate.axisGroup = 'Secondary';
        }
      }
      ws.activate();
      await ctx.sync();
      return { chart: Boolean(c && c.rows > 1) };
    });
  }

  /**
   * "New workbook from template" in an empty workbook: every sheet with its header, an Excel table
   * per data sheet, dropdowns on enum and yes/no columns, frozen header, widths, Rules defaults.
   * Returns false, writing nothing, when the workbook holds anything. Three syncs in one undo
   * group; then the blank sheet the workbook started with is deleted in a run of its own, as
   * Worksheet.delete has no undo support and would fail the group with UndoNotSupported.
   */
  async createTemplate(lang: Lang): Promise<boolean> {
    return this.writing(() => this.createTemplateNow(lang));
  }

  private async createTemplateNow(lang: Lang): Promise<boolean> {
    const plan = templatePlan(lang);
    const blank = await this.runner.run(
      async (ctx): Promise<string[] | null> => {
        const sheets = ctx.workbook.worksheets.load('items/name');
        await ctx.sync();
        const nullObjects = has(this.runner.supportsNullObjects);
        const existing = sheets.items.map((ws) => {
          const used = usedRange(ws, nullObjects);
          used.load('address');
          // Below ExcelApi 1.4 an empty sheet's used range is A1: empty only if A1 is.
          const a1 = nullObjects ? null : ws.getRange('A1').load('values');
          return { ws, used, a1 };
        });
        await ctx.sync();
        const empty = (e: (typeof existing)[number]) => isMissing(e.used) || (e.a1 !== null && /!\$?A\$?1$/.test(e.used.address) && isBlank(e.a1.values[0][0]));
        if (existing.some((e) => !empty(e))) return null;
        if (existing.some((e) => plan.some((p) => p.name === e.ws.name))) return null;
        for (const p of plan) {
          const ws = sheets.add(p.name);
          const cols = Math.max(...p.rows.map((r) => r.length));
          const rows = p.rows.map((r) => [...r, ...Array<CellValue>(cols - r.length).fill('')]);
          const block = rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, rows.length, cols);
          block.numberFormat = formatsOf(rows);
          block.values = rows.map((r) => r.map(toExcelValue));
          rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, 1, cols).format.font.bold = true;
          if (has(this.runner.supportsSheetFormat)) p.widths.forEach((w, i) => (rangeAt(ws, this.runner.supportsRangeByIndexes, 0, i, 1, 1).format.columnWidth = w * 6));
          if (has(this.runner.supportsRangeByIndexes)) ws.freezePanes.freezeRows(1);
          if (p.table) {
            const t = ctx.workbook.tables.add(rangeAt(ws, this.runner.supportsRangeByIndexes, 0, 0, Math.max(2, rows.length), cols), true);
            t.name = p.table;
          }
          for (const l of has(this.runner.supportsDataValidation) ? p.lists : []) {
            const target = l.row ? rangeAt(ws, this.runner.supportsRangeByIndexes, l.row - 1, l.col - 1, 1, 1) : rangeAt(ws, this.runner.supportsRangeByIndexes, 1, l.col - 1, VALIDATED_ROWS - 1, 1);
            target.dataValidation.rule = { list: { inCellDropDown: true, source: l.values.join(',') } };
            target.dataValidation.errorAlert = {
              showAlert: l.strict,
              style: 'Stop',
              title: lang === 'zh' ? '请从列表中选择' : 'Pick from the list',
              message: (lang === 'zh' ? '可选：' : 'Allowed: ') + l.values.join(lang === 'zh' ? '、' : ', '),
            };
          }
        }
        sheets.getItem(plan[0].name).activate();
        await ctx.sync();
        return existing.map((e) => e.ws.name);
      },
      { mergeUndoGroup: this.runner.supportsUndoGroup },
    );
    if (blank === null) return false;
    if (blank.length > 0) {
      // The blank sheet an empty workbook starts with goes; the template replaces it.
      await this.runner.run(async (ctx) => {
        for (const name of blank) ctx.workbook.worksheets.getItem(name).delete();
        await ctx.sync();
      });
    }
    return true;
  }

  async select(sheetName: string, cell: string): Promise<void> {
    await this.runner.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheetName);
      ws.activate();
      ws.getRange(cell).select();
      await ctx.sync();
    });
  }

  async clearMarks(): Promise<void> {
    await this.setMarks([]);
  }

  /** See office-marks.ts. */
  async setMarks(marks: Mark[]): Promise<MarkOutcome> {
    return this.writing(() => this.markBook.set(marks), false);
  }

  /**
   * Calls `onEdit` after a person's edit. The add-in's own writes raise the event too: told apart
   * by `triggerSource` (ExcelApi 1.14), and on older hosts by time (while one of its writes runs
   * and OWN_WRITE_QUIET_MS after). The function returned removes the handler through the context
   * that added it, as Office.js requires.
   */
  async watchEdits(onEdit: () => void): Promise<() => void> {
    const bySource = Boolean(this.runner.supportsTriggerSource);
    const handler = async (ev: Excel.WorksheetChangedEventArgs) => {
      if (bySource) {
        if (ev.triggerSource === 'ThisLocalAddin') return;
      } else if (this.busy > 0 || this.now() < this.quietUntil) {
        return;
      }
      onEdit();
    };
    // Below ExcelApi 1.9 there is no change event: no live re-check (the pane says to press Check).
    if (!has(this.runner.supportsChangeEvents)) return () => {};
    const result = await this.runner.run(async (ctx) => {
      const r = ctx.workbook.worksheets.onChanged.add(handler);
      await ctx.sync();
      return r;
    });
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const resume = this.runner.resume;
      if (!resume) return;
      void resume(result.context, async (ctx) => {
        result.remove();
        await ctx.sync();
      }).catch((e) => console.error(e));
    };
  }
}

/** Rows appended to a table: all in one call (ExcelApi 1.4), or one call a row (1.1), all in the same request. */
function addRows(table: Excel.Table, rows: (string | number | boolean)[][], several: boolean | undefined): void {
  if (has(several)) table.rows.add(undefined, rows);
  else for (const r of rows) table.rows.add(undefined, [r]);
}


const REPORT_CHART = 'JieduiTotalsChart';

interface TableBox {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * The rows of `writes` that fall right below a table (within its columns), as full-width rows
 * for `table.rows.add`: `lastRow` is the 1-based last row the table must reach, `taken` the
 * writes those rows carry. Null when nothing is written below the table.
 */
export function tableGrowth(
  writes: FillWrites['writes'],
  sheetName: string,
  box: TableBox,
  carry: (w: CellWrite) => boolean = () => true,
): { lastRow: number; values: CellValue[][]; taken: Set<FillWrites['writes'][number]> } | null {
  const end = box.row + box.rows - 1;
  const below = writes.filter((w) => w.sheetName === sheetName && w.row > end && w.col >= box.col && w.col < box.col + box.cols);
  if (below.length === 0) return null;
  // Only a run that starts right under the table joins it; rows further down are a person's own.
  const rows = new Set(below.map((w) => w.row));
  let last = end;
  while (rows.has(last + 1)) last++;
  if (last === end) return null;
  const values: CellValue[][] = Array.from({ length: last - end }, () => Array<CellValue>(box.cols).fill(''));
  const taken = new Set<FillWrites['writes'][number]>();
  for (const w of below) {
    if (w.row > last || !carry(w)) continue;
    values[w.row - end - 1][w.col - box.col] = w.value;
    taken.add(w);
  }
  return { lastRow: last, values, taken };
}

/**
 * The header cells a fill writes in a table's header row right of it, from the next column on and
 * without a gap: core/fill adds missing columns there (core/fill/target.ts).
 */
export function tableNewColumns(writes: CellWrite[], sheetName: string, box: TableBox): CellWrite[] {
  const byCol = new Map<number, CellWrite>();
  const next = box.col + box.cols;
  for (const w of writes) {
    if (w.sheetName === sheetName && w.row === box.row && w.col >= next && typeof w.value === 'string' && w.value.trim() !== '') byCol.set(w.col, w);
  }
  const out: CellWrite[] = [];
  for (let c = next; byCol.has(c); c++) out.push(byCol.get(c)!);
  return out;
}

function templateSheet(name: string) {
  const key = sheetKeyOf(name);
  return key ? SHEET_BY_KEY[key] : undefined;
}

/** A sheet where some columns, not all, are the product's: only its header says which. */
function hasOwnedColumns(name: string): boolean {
  const def = templateSheet(name);
  return Boolean(def && !def.filled && def.columns.some((c) => c.filled));
}

/**
 * Which cells of a sheet the product owns, as core/fill does: every cell of a sheet it writes whole
 * (Summary), the cells under the header in the columns the template marks `filled` (Assessment's
 * role, score, result, missing), found by reading the header as core/read does; nothing else.
 */
export function ownedCells(name: string, top: CellValue[][] | null): (row: number, col: number) => boolean {
  const def = templateSheet(name);
  if (!def) return () => false;
  if (def.filled) return () => true;
  const first = top ? top.findIndex((r) => r.some((v) => !isBlank(v))) : -1;
  if (!top || first < 0) return () => false;
  const read = readWorkbook({ sheets: [{ name, values: top.slice(first), origin: { row: first + 1, col: 1 } }] }).sheets[def.key];
  if (!read) return () => false;
  const cols = new Set(def.columns.filter((c) => c.filled && read.columns[c.key]).map((c) => read.columns[c.key]));
  return (row, col) => row > read.headerRow && cols.has(col);
}

const isBlank = (v: unknown) => v === '' || v === null || v === undefined;

const cellId = (sheetName: string, row: number, col: number) => `${sheetName}\u0000${row}\u0000${col}`;

/**
 * The UTF-8 bytes of values as JSON in a response, counted without building the JSON: a string's
 * characters with quotes and comma, a number's or a boolean's digits or letters and comma, a row's
 * brackets. JSON's escapes are left out (rare in cells; the budget leaves 1.5 MB of room). Exact
 * otherwise (one byte over a row), and ~4 times cheaper than `utf8Length(JSON.stringify(rows))`:
 * ~35 ms against ~130 ms over the 2.95 million cells of a 100,000-teacher workbook.
 */
function responseBytes(rows: readonly (readonly unknown[])[]): number {
  let n = 2;
  for (const row of rows) {
    n += 3;
    for (const v of row) n += typeof v === 'string' ? utf8Length(v) + 3 : String(v).length + 1;
  }
  return n;
}

/** Runs cut to at most `cells` each, so one long run can be spread over syncs. */
function splitRuns(runs: ColumnRun[], cells: number): ColumnRun[] {
  const out: ColumnRun[] = [];
  for (const r of runs) {
    for (let i = 0; i < r.values.length; i += cells) out.push({ ...r, row: r.row + i, values: r.values.slice(i, i + cells) });
  }
  return out;
}

/**
 * A value's UTF-8 bytes in a request's JSON, with quotes, brackets and comma: what Excel counts.
 * JSON's escapes (quotes, backslashes, control characters) are left out: rare in cells, and the
 * budget leaves 2 MB of room.
 */
function valueBytes(v: CellValue): number {
  const x = toExcelValue(v);
  return (typeof x === 'string' ? utf8Length(x) + 2 : String(x).length) + 3;
}

function rowBytes(row: readonly CellValue[], width: number): number {
  let n = 3 + 3 * Math.max(0, width - row.length);
  for (const v of row) n += valueBytes(v);
  return n;
}

/** Consecutive rows in chunks of at most `budget` bytes (at least one row each). */
function chunkRows<T extends CellValue>(rows: T[][], width: number, budget: number): { rows: T[][]; bytes: number }[] {
  const out: { rows: T[][]; bytes: number }[] = [];
  let start = 0;
  let bytes = RANGE_BYTES;
  for (let i = 0; i < rows.length; i++) {
    const b = rowBytes(rows[i], width);
    if (i > start && bytes + b > budget) {
      out.push({ rows: rows.slice(start, i), bytes });
      start = i;
      bytes = RANGE_BYTES;
    }
    bytes += b;
  }
  if (rows.length > start) out.push({ rows: rows.slice(start), bytes });
  return out;
}

/** The widest row, at least 1. A loop: spreading 130,000 rows into Math.max overflows the stack. */
function widthOf(rows: readonly (readonly unknown[])[]): number {
  let w = 1;
  for (const r of rows) if (r.length > w) w = r.length;
  return w;
}

/** Excel takes strings, numbers and booleans; a date goes in as its ISO text, which Excel reads as a date. */
function toExcelValue(v: CellValue): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

export interface ColumnRun {
  sheetName: string;
  row: number;
  col: number;
  values: CellValue[];
}

/** Groups writes into runs of consecutive rows in one column, so a fill is a handful of ranges. */
export function columnRuns(writes: FillWrites['writes']): ColumnRun[] {
  const sorted = [...writes].sort(
    (a, b) => a.sheetName.localeCompare(b.sheetName) || a.col - b.col || a.row - b.row,
  );
  const runs: ColumnRun[] = [];
  for (const w of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.sheetName === w.sheetName && last.col === w.col && last.row + last.values.length === w.row) {
      last.values.push(w.value);
    } else if (last && last.sheetName === w.sheetName && last.col === w.col && last.row + last.values.length - 1 === w.row) {
      last.values[last.values.length - 1] = w.value; // the same cell twice: the later write wins
    } else {
      runs.push({ sheetName: w.sheetName, row: w.row, col: w.col, values: [w.value] });
    }
  }
  return runs;
}

export { NOTE_PREFIX, a1 };
