/// <reference types="office-js" />
/**
 * The workbook port on Excel (Office.js). The ONLY file that touches `Excel` / `Office` objects.
 *
 * Round trips are the cost that matters in Excel on the web, so every operation has a fixed number
 * of `context.sync()` calls whatever the row count: loads are queued together and synced once,
 * writes are queued together and synced once, and there is no sync inside a loop over rows.
 * Reads are split into several syncs only where one would pass Excel on the web's 5 MB request
 * limit (or the 5-million-cell limit of one range read).
 */
import { normalizeLabel } from '../../core/normalize';
import { STATE_SHEET } from './sync-state';
import { SHEETS } from '../../core/template';
import type { CellValue, Lang, SheetInput, WorkbookInput } from '../../core/types';
import { VALIDATED_ROWS, templatePlan } from './template-plan';
import {
  MARK_FILL,
  NOTE_PREFIX,
  a1,
  noteText,
  parseA1,
  type ApplyOutcome,
  type FillWrites,
  type Mark,
  type ReportSheet,
  type WorkbookPort,
} from './port';

/** How the port reaches Excel; tests and the benchmark pass a counting fake. */
export interface ExcelRunner {
  run<T>(batch: (ctx: Excel.RequestContext) => Promise<T>, opts?: { mergeUndoGroup?: boolean }): Promise<T>;
  /** ExcelApi 1.20: `Excel.run({ mergeUndoGroup: true })`. */
  supportsUndoGroup: boolean;
  /** ExcelApi 1.18: cell notes. Without them a mark is the fill colour alone. */
  supportsNotes: boolean;
  /** ExcelApi 1.13: `table.resize`. Without it rows join a table through `table.rows.add`. */
  supportsTableResize?: boolean;
  /** ExcelApi 1.8: a series on the secondary axis. Without it pass rate shares the count axis. */
  supportsSecondaryAxis?: boolean;
}

export function officeRunner(): ExcelRunner {
  const req = Office.context.requirements;
  return {
    supportsUndoGroup: req.isSetSupported('ExcelApi', '1.20'),
    supportsNotes: req.isSetSupported('ExcelApi', '1.18'),
    supportsTableResize: req.isSetSupported('ExcelApi', '1.13'),
    supportsSecondaryAxis: req.isSetSupported('ExcelApi', '1.8'),
    run: (batch, opts) => (opts?.mergeUndoGroup ? Excel.run({ mergeUndoGroup: true }, batch) : Excel.run(batch)),
  };
}

/**
 * Cells per sync for reads. Excel on the web refuses a request or response over 5 MB; a cell of this
 * template averages well under 12 bytes in JSON (ids, short names, dates as serial numbers), so 330,000
 * cells stay near 4 MB. A sync that still fails for size is retried with half the budget.
 */
export const READ_LIMITS = { cellsPerSync: 330_000, maxCellsPerRange: 5_000_000 };

/** More marks than this help nobody and cost a large request; the list in the pane still shows all. */
export const MAX_MARKS = 2000;

/** Where the marks' undo information lives between sessions: a workbook setting, not a cell. */
const MARKS_SETTING = 'jiedui.marks.v1';

interface MarkRecord {
  sheetName: string;
  cell: string;
  /** The fill the cell had: null when it had none. */
  fill: string | null;
  note: boolean;
}

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
  private marks: MarkRecord[] | null = null;

  constructor(private readonly runner: ExcelRunner = officeRunner()) {}

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
    let budget = READ_LIMITS.cellsPerSync;
    for (;;) {
      try {
        return await this.readWithBudget(budget);
      } catch (e) {
        if (!isPayloadTooLarge(e) || budget < 1000) throw e;
        budget = Math.floor(budget / 2);
      }
    }
  }

  /** Three syncs in all (names, used-range sizes, values) unless the values need chunks. */
  private async readWithBudget(cellsPerSync: number): Promise<WorkbookInput> {
    return this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();
      const wanted = sheets.items
        .filter((ws) => isTemplateSheetName(ws.name))
        .map((ws) => {
          const used = ws.getUsedRangeOrNullObject(true);
          used.load('rowIndex,columnIndex,rowCount,columnCount');
          return { ws, used };
        });
      await ctx.sync();

      interface Piece { sheet: number; range: Excel.Range; cells: number }
      const pieces: Piece[] = [];
      const inputs: SheetInput[] = wanted.map(({ ws, used }) => ({
        name: ws.name,
        values: [] as CellValue[][],
        origin: used.isNullObject ? { row: 1, col: 1 } : { row: used.rowIndex + 1, col: used.columnIndex + 1 },
      }));
      wanted.forEach(({ ws, used }, i) => {
        if (used.isNullObject || used.rowCount === 0 || used.columnCount === 0) return;
        const perRange = Math.min(cellsPerSync, READ_LIMITS.maxCellsPerRange);
        const rowsPerPiece = Math.max(1, Math.floor(perRange / used.columnCount));
        for (let off = 0; off < used.rowCount; off += rowsPerPiece) {
          const n = Math.min(rowsPerPiece, used.rowCount - off);
          const range = ws.getRangeByIndexes(used.rowIndex + off, used.columnIndex, n, used.columnCount);
          pieces.push({ sheet: i, range, cells: n * used.columnCount });
        }
      });

      // Queue loads until the next piece would pass the budget, then sync; usually this is one sync.
      let queued: Piece[] = [];
      let cells = 0;
      const flush = async () => {
        if (queued.length === 0) return;
        await ctx.sync();
        for (const p of queued) {
          const vals = p.range.values as CellValue[][];
          const target = inputs[p.sheet].values;
          for (const row of vals) target.push(row);
        }
        queued = [];
        cells = 0;
      };
      for (const p of pieces) {
        if (cells > 0 && cells + p.cells > cellsPerSync) await flush();
        p.range.load('values');
        queued.push(p);
        cells += p.cells;
      }
      await flush();
      return { sheets: inputs };
    });
  }

  /**
   * Two syncs: (1) the tables of the sheets written to; (2) every write. Rows a fill appends right
   * below an Excel table join it: `table.resize` where ExcelApi 1.13 is supported, else the new
   * rows go in through `table.rows.add` with their values in one call (the table then grows by
   * itself). Writing below a table alone does not make the rows part of it on every platform.
   */
  async applyWrites(fill: FillWrites): Promise<ApplyOutcome> {
    const grouped = this.runner.supportsUndoGroup;
    let cellsWritten = 0;
    await this.runner.run(
      async (ctx) => {
        const sheets = ctx.workbook.worksheets;
        const newNames = new Set(fill.newSheets.map((n) => n.name));
        const touched = [...new Set(fill.writes.map((w) => w.sheetName))].filter((n) => !newNames.has(n));
        const tables = touched.map((name) => {
          const t = sheets.getItem(name).tables.load('items');
          return { name, t };
        });
        if (tables.length) await ctx.sync();
        const ranges = tables.flatMap(({ name, t }) =>
          t.items.map((table) => ({ name, table, range: table.getRange().load('rowIndex,columnIndex,rowCount,columnCount') })),
        );
        if (ranges.length) await ctx.sync();

        for (const ns of fill.newSheets) {
          const ws = sheets.add(ns.name);
          if (ns.headers.length > 0) {
            const header = ws.getRangeByIndexes(0, 0, 1, ns.headers.length);
            header.values = [ns.headers];
            header.format.font.bold = true;
            ws.freezePanes.freezeRows(1);
          }
        }
        let writes = fill.writes;
        for (const { name, table, range } of ranges) {
          const grow = tableGrowth(writes, name, {
            row: range.rowIndex + 1,
            col: range.columnIndex + 1,
            rows: range.rowCount,
            cols: range.columnCount,
          });
          if (!grow) continue;
          const ws = sheets.getItem(name);
          if (this.runner.supportsTableResize) {
            table.resize(ws.getRangeByIndexes(range.rowIndex, range.columnIndex, grow.lastRow - range.rowIndex, range.columnCount));
          } else {
            table.rows.add(undefined, grow.values.map((r) => r.map(toExcelValue)));
            cellsWritten += grow.taken.size;
            writes = writes.filter((w) => !grow.taken.has(w));
          }
        }
        // One range per run of consecutive rows in one column: an Assessment fill of N rows is four
        // ranges, not 4N, which keeps the request small.
        for (const run of columnRuns(writes)) {
          const ws = sheets.getItem(run.sheetName);
          const range = ws.getRangeByIndexes(run.row - 1, run.col - 1, run.values.length, 1);
          range.values = run.values.map((v) => [toExcelValue(v)]);
          cellsWritten += run.values.length;
        }
        await ctx.sync();
      },
      { mergeUndoGroup: grouped },
    );
    return { undoGrouped: grouped, cellsWritten };
  }

  async readState(): Promise<CellValue[][] | null> {
    return this.runner.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(STATE_SHEET);
      ws.load('name');
      await ctx.sync();
      // eslint-disable-next-line office-addins/call-sync-before-read -- synced just above; the rule loses track across the closure
      if (ws.isNullObject) return null;
      const used = ws.getUsedRangeOrNullObject(true).load('values');
      await ctx.sync();
      return used.isNullObject ? [] : (used.values as CellValue[][]);
    });
  }

  /** Two syncs: whether the sheet exists; then clear, write and hide it. */
  async writeState(rows: (string | number)[][]): Promise<void> {
    await this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const found = sheets.getItemOrNullObject(STATE_SHEET);
      found.load('name');
      await ctx.sync();
      // eslint-disable-next-line office-addins/call-sync-before-read -- synced just above; the rule loses track across the closure
      const ws = found.isNullObject ? sheets.add(STATE_SHEET) : found;
      ws.getRange().clear();
      const width = Math.max(1, ...rows.map((r) => r.length));
      if (rows.length) ws.getRangeByIndexes(0, 0, rows.length, width).values = rows.map((r) => [...r, ...Array(width - r.length).fill('')]);
      // Very hidden: not listed under Unhide, so nobody edits it by hand.
      ws.visibility = 'VeryHidden';
      await ctx.sync();
    });
  }

  /**
   * Two syncs: the sheet and its chart; then clear the cells, write them, and draw the chart again.
   * The sheet keeps its place and name, so formulas elsewhere that point at it stay valid.
   */
  async writeReport(report: ReportSheet): Promise<{ chart: boolean }> {
    return this.runner.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const found = sheets.getItemOrNullObject(report.name);
      found.load('name');
      const oldChart = found.charts.getItemOrNullObject(REPORT_CHART);
      oldChart.load('name');
      await ctx.sync();
      // eslint-disable-next-line office-addins/call-sync-before-read -- synced just above; the rule loses track across the closure
      const ws = found.isNullObject ? sheets.add(report.name) : found;
      // eslint-disable-next-line office-addins/call-sync-before-read -- synced just above; the rule loses track across the closure
      if (!found.isNullObject) {
        ws.getRange().clear();
        // eslint-disable-next-line office-addins/call-sync-before-read -- synced just above; the rule loses track across the closure
        if (!oldChart.isNullObject) oldChart.delete();
      }
      const width = Math.max(1, ...report.rows.map((r) => r.length));
      if (report.rows.length) {
        ws.getRangeByIndexes(0, 0, report.rows.length, width).values = report.rows.map((r) =>
          [...r, ...Array(width - r.length).fill('')].map(toExcelValue),
        );
        ws.getRangeByIndexes(0, 0, 1, width).format.font.bold = true;
      }
      const c = report.chart;
      if (c && c.rows > 1) {
        const chart = ws.charts.add('ColumnClustered', ws.getRangeByIndexes(c.top - 1, c.left - 1, c.rows, c.cols), 'Columns');
        chart.name = REPORT_CHART;
        chart.title.text = c.title;
        chart.setPosition(ws.getRangeByIndexes(c.top - 1, c.anchorCol - 1, 1, 1), ws.getRangeByIndexes(c.top + 16, c.anchorCol + 6, 1, 1));
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
   * Returns false, writing nothing, when the workbook holds anything. Three syncs, one undo group.
   */
  async createTemplate(lang: Lang): Promise<boolean> {
    const plan = templatePlan(lang);
    return this.runner.run(
      async (ctx) => {
        const sheets = ctx.workbook.worksheets.load('items/name');
        await ctx.sync();
        const existing = sheets.items.map((ws) => {
          const used = ws.getUsedRangeOrNullObject(true);
          used.load('address');
          return { ws, used };
        });
        await ctx.sync();
        if (existing.some((e) => !e.used.isNullObject)) return false;
        if (existing.some((e) => plan.some((p) => p.name === e.ws.name))) return false;
        for (const p of plan) {
          const ws = sheets.add(p.name);
          const cols = Math.max(...p.rows.map((r) => r.length));
          const rows = p.rows.map((r) => [...r, ...Array(cols - r.length).fill('')]);
          ws.getRangeByIndexes(0, 0, rows.length, cols).values = rows;
          ws.getRangeByIndexes(0, 0, 1, cols).format.font.bold = true;
          p.widths.forEach((w, i) => (ws.getRangeByIndexes(0, i, 1, 1).format.columnWidth = w * 6));
          ws.freezePanes.freezeRows(1);
          if (p.table) {
            const t = ctx.workbook.tables.add(ws.getRangeByIndexes(0, 0, Math.max(2, rows.length), cols), true);
            t.name = p.table;
          }
          for (const l of p.lists) {
            const target = l.row ? ws.getRangeByIndexes(l.row - 1, l.col - 1, 1, 1) : ws.getRangeByIndexes(1, l.col - 1, VALIDATED_ROWS - 1, 1);
            target.dataValidation.rule = { list: { inCellDropDown: true, source: l.values.join(',') } };
            target.dataValidation.errorAlert = {
              showAlert: l.strict,
              style: 'Stop',
              title: lang === 'zh' ? '请从列表中选择' : 'Pick from the list',
              message: (lang === 'zh' ? '可选：' : 'Allowed: ') + l.values.join(lang === 'zh' ? '、' : ', '),
            };
          }
        }
        // The blank sheet an empty workbook starts with goes; the template replaces it.
        for (const e of existing) e.ws.delete();
        sheets.getItem(plan[0].name).activate();
        await ctx.sync();
        return true;
      },
      { mergeUndoGroup: this.runner.supportsUndoGroup },
    );
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

  /**
   * Three syncs whatever the count: (1) the marks an earlier session stored and the sheet names;
   * (2) restore the old marks' fills, then read the new cells' fills and every note involved (the
   * reads come after the restore in the batch, so a cell marked twice keeps its real fill);
   * (3) delete our old notes, write the new fills and notes, store the marks. Only a note that
   * starts with our prefix is ever deleted: a person's note stays.
   */
  async setMarks(marks: Mark[]): Promise<void> {
    const wanted = dedupeMarks(marks).slice(0, MAX_MARKS);
    const notes = this.runner.supportsNotes;
    await this.runner.run(async (ctx) => {
      const settings = ctx.workbook.settings;
      const stored = settings.getItemOrNullObject(MARKS_SETTING);
      stored.load('value');
      const names = ctx.workbook.worksheets.load('items/name');
      await ctx.sync();

      const present = new Set(names.items.map((w) => w.name));
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load -- synced just above; the rule loses track across the closure
      const storedValue: unknown = stored.isNullObject ? null : stored.value;
      const old = (this.marks ?? parseMarkRecords(storedValue)).filter((m) =>
        present.has(m.sheetName),
      );
      const oldNotes: { ws: Excel.Worksheet; note: Excel.Note; at: string }[] = [];
      for (const m of old) {
        const ws = ctx.workbook.worksheets.getItem(m.sheetName);
        const range = ws.getRange(m.cell);
        if (m.fill === null) range.format.fill.clear();
        else range.format.fill.color = m.fill;
        if (m.note && notes) {
          const note = ws.notes.getItemOrNullObject(m.cell);
          note.load('content');
          oldNotes.push({ ws, note, at: `${m.sheetName}!${m.cell}` });
        }
      }
      const probes = wanted
        .filter((m) => present.has(m.sheetName))
        .map((m) => {
          const ws = ctx.workbook.worksheets.getItem(m.sheetName);
          const range = ws.getRange(m.cell);
          range.format.fill.load('color,pattern');
          const note = notes ? ws.notes.getItemOrNullObject(m.cell) : null;
          note?.load('content');
          return { m, ws, range, note };
        });
      await ctx.sync();

      const ours = (n: Excel.Note | null) => n !== null && !n.isNullObject && n.content.startsWith(NOTE_PREFIX);
      for (const o of oldNotes) if (ours(o.note)) o.note.delete();
      const records: MarkRecord[] = [];
      for (const { m, ws, range, note } of probes) {
        // Read before writing: a proxy reports the value it was last given, not the loaded one.
        const { color, pattern } = range.format.fill;
        const hadFill = pattern !== undefined ? pattern !== 'None' : Boolean(color) && color !== '#FFFFFF';
        range.format.fill.color = MARK_FILL[m.severity];
        // A person's own note stays (the message is still in the pane); ours was just deleted.
        const canNote = notes && note !== null && (note.isNullObject || ours(note));
        if (canNote) ws.notes.add(m.cell, noteText(m.message));
        records.push({ sheetName: m.sheetName, cell: m.cell, fill: hadFill ? color : null, note: canNote });
      }
      settings.add(MARKS_SETTING, JSON.stringify(records));
      await ctx.sync();
      this.marks = records;
    });
  }

  async watchEdits(onEdit: () => void): Promise<() => void> {
    const handler = async (ev: Excel.WorksheetChangedEventArgs) => {
      // Our own writes raise the event too; only a person's edit should trigger a check.
      if ((ev as { triggerSource?: string }).triggerSource === 'ThisLocalAddin') return;
      onEdit();
    };
    const result = await this.runner.run(async (ctx) => {
      const r = ctx.workbook.worksheets.onChanged.add(handler);
      await ctx.sync();
      return r;
    });
    return () => {
      void this.runner.run(async (ctx) => {
        result.remove();
        await ctx.sync();
      });
    };
  }
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
    if (w.row > last) continue;
    values[w.row - end - 1][w.col - box.col] = w.value;
    taken.add(w);
  }
  return { lastRow: last, values, taken };
}

/** Excel takes strings, numbers and booleans; a date goes in as its ISO text, which Excel reads as a date. */
function toExcelValue(v: CellValue): string | number | boolean {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

function dedupeMarks(marks: Mark[]): Mark[] {
  const seen = new Map<string, Mark>();
  const rank = { error: 0, warning: 1, info: 2 } as const;
  for (const m of marks) {
    if (!parseA1(m.cell)) continue;
    const k = `${m.sheetName}!${m.cell}`;
    const prev = seen.get(k);
    if (!prev) seen.set(k, m);
    else if (rank[m.severity] < rank[prev.severity]) seen.set(k, { ...m, message: `${m.message}\n${prev.message}` });
    else seen.set(k, { ...prev, message: `${prev.message}\n${m.message}` });
  }
  return [...seen.values()];
}

function parseMarkRecords(v: unknown): MarkRecord[] {
  if (typeof v !== 'string') return [];
  try {
    const arr = JSON.parse(v) as unknown;
    if (!Array.isArray(arr)) return [];
    return arr.filter(
      (r): r is MarkRecord =>
        typeof r === 'object' && r !== null && typeof (r as MarkRecord).sheetName === 'string' && parseA1(String((r as MarkRecord).cell)) !== null,
    );
  } catch {
    return [];
  }
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
