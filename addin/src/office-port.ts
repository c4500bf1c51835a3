/// <reference types="office-js" />
/**
 * The workbook port on Excel (Office.js). With the modules it delegates to (office-read, -write,
 * -state, -sheets, -marks; the runner in office-runner.ts), the only code that touches `Excel` /
 * `Office` objects. What to write where is pure and lives in office-plan.ts and office-budget.ts.
 *
 * Round trips are the cost that matters in Excel on the web, so every operation has a fixed number
 * of `context.sync()` calls whatever the row count: loads are queued together and synced once,
 * writes are queued together and synced once, and there is no sync inside a loop over rows.
 * Reads and writes are split into several syncs only where one would pass Excel on the web's 5 MB
 * request limit, which counts UTF-8 bytes (or the 5-million-cell limit of one range read).
 */
import type { CellValue, Lang, WorkbookInput } from '../../core/types';
import { has } from './office-compat';
import { OfficeMarks } from './office-marks';
import { readTemplateSheets } from './office-read';
import { officeRunner, type ExcelRunner } from './office-runner';
import { createTemplateSheets, writeReportSheet } from './office-sheets';
import { readStateSheet, writeStateSheet } from './office-state';
import { writeFill } from './office-write';
import type { ApplyOutcome, FillWrites, Mark, MarkOutcome, ReportSheet, WorkbookPort } from './port';

export { officeRunner, withWaitHint, WAIT_HINT_MS, type ExcelRunner } from './office-runner';
export { READ_LIMITS, STATE_LIMITS, WRITE_LIMITS } from './office-budget';
export { columnRuns, isTemplateSheetName, needsTextFormat, ownedCells, tableGrowth, tableNewColumns, type ColumnRun } from './office-plan';

/**
 * How long after the add-in's own write a change event is taken for that write, where the host
 * cannot say who made a change (no `triggerSource` before ExcelApi 1.14).
 */
export const OWN_WRITE_QUIET_MS = 2000;

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

  /** Three syncs in all (names, used-range sizes, values) unless the values need chunks (office-read.ts). */
  async readSheets(): Promise<WorkbookInput> {
    return readTemplateSheets(this.runner);
  }

  /** One Excel.run, one undo step where the host merges it (office-write.ts). */
  async applyWrites(fill: FillWrites): Promise<ApplyOutcome> {
    return this.writing(() => writeFill(this.runner, fill, this.lang));
  }

  /** See office-state.ts. */
  async readState(): Promise<CellValue[][] | null> {
    return readStateSheet(this.runner);
  }

  async writeState(rows: (string | number)[][]): Promise<void> {
    await this.writing(() => writeStateSheet(this.runner, rows));
  }

  /** See office-sheets.ts. */
  async writeReport(report: ReportSheet): Promise<{ chart: boolean }> {
    return this.writing(() => writeReportSheet(this.runner, report));
  }

  async createTemplate(lang: Lang): Promise<boolean> {
    return this.writing(() => createTemplateSheets(this.runner, lang));
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
