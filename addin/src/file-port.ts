/**
 * The workbook port on ExcelJS: file mode, where the page runs in a plain browser, a person opens
 * an .xlsx, checks and fills it, and downloads the result. Loaded only in file mode (it carries
 * ExcelJS, about 1 MB), so the task pane inside Excel never downloads it.
 */
import ExcelJS from 'exceljs';
import type { FillResult } from '../../core/fill';
import type { CellValue, Lang, WorkbookInput } from '../../core/types';
import { applyFill } from '../../xlsx/apply';
import { buildTemplate } from '../../xlsx/build-template';
import { PackageError } from '../../xlsx/package-text';
import { refuseInMemory } from '../../xlsx/sniff';
import { workbookToInput } from '../../xlsx/to-input';
import { MARK_FILL, noteText, parseA1, type ApplyOutcome, type FillWrites, type Mark, type MarkOutcome, type ReportSheet, type WorkbookPort } from './port';
import { STATE_SHEET } from './sync-state';

interface SavedCell {
  sheetName: string;
  cell: string;
  style: Partial<ExcelJS.Style>;
  hadNote: boolean;
}

/** A file the page could not open: the message names the file and says why in the page's language. */
export class FileOpenError extends Error {
  constructor(
    readonly fileName: string,
    readonly why: string,
    readonly lang: Lang,
  ) {
    super(`${fileName}${lang === 'zh' ? '：' : ': '}${why}`);
  }
}

/** ExcelJS keeps a cell's note in `_comment`; there is no public way to remove one. */
type CellWithComment = ExcelJS.Cell & { _comment?: unknown };

export class FilePort implements WorkbookPort {
  readonly kind = 'file' as const;
  /** A file has no undo history: the original file on disk is the undo. */
  readonly supportsUndoGroup = false;
  private saved: SavedCell[] = [];
  /** The cell a click asked for, shown by the pane since there is no grid to select in. */
  selected: { sheetName: string; cell: string } | null = null;
  /** Changes to the workbook since it was opened or last downloaded (cells, sheets): what a replacement would lose. */
  unsaved = 0;

  constructor(
    readonly wb: ExcelJS.Workbook,
    readonly fileName: string,
  ) {}

  /**
   * Opens a file's bytes, or fails with why in `lang` (the page's language): the same package
   * sniffing as the CLI names an encrypted workbook, an .xls, .et, .xlsb, .ods or .numbers and
   * says how to save it as .xlsx. A failed open returns no port, so whatever was open stays open
   * under its own name.
   */
  static async open(data: ArrayBuffer, fileName: string, lang: Lang = 'zh'): Promise<FilePort> {
    const refusal = refuseInMemory(new Uint8Array(data), fileName);
    if (refusal) throw new FileOpenError(fileName, refusal.text(lang), lang);
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data);
    } catch (e) {
      const why = e instanceof PackageError ? e.text(lang) : (e as Error).message;
      throw new FileOpenError(fileName, lang === 'zh' ? `无法读取工作簿（${why}）；文件是否损坏？` : `the workbook cannot be read (${why}); is the file damaged?`, lang);
    }
    if (wb.worksheets.length === 0) throw new FileOpenError(fileName, lang === 'zh' ? '没有工作表' : 'no worksheets found', lang);
    return new FilePort(wb, fileName);
  }

  /** An empty workbook, for a bureau that pulls totals without opening a file first. */
  static blank(fileName: string): FilePort {
    return new FilePort(new ExcelJS.Workbook(), fileName);
  }

  static fromTemplate(lang: Lang): FilePort {
    return new FilePort(buildTemplate(lang), lang === 'zh' ? '结对帮扶.xlsx' : 'jiedui.xlsx');
  }

  async sheetNames(): Promise<string[]> {
    return this.wb.worksheets.map((w) => w.name);
  }

  async readSheets(): Promise<WorkbookInput> {
    return workbookToInput(this.wb);
  }

  async applyWrites(fill: FillWrites): Promise<ApplyOutcome> {
    // Marks are not data: take them off so a fill never copies a mark's colour into a new row.
    const marks = this.currentMarks;
    await this.clearMarks();
    applyFill(this.wb, { refused: [], ...fill } as FillResult);
    this.unsaved += fill.writes.length + fill.newSheets.length;
    await this.setMarks(marks);
    return { undoGrouped: false, cellsWritten: fill.writes.length };
  }

  private currentMarks: Mark[] = [];

  async setMarks(marks: Mark[]): Promise<MarkOutcome> {
    await this.clearMarks();
    for (const m of marks) {
      const ws = this.wb.getWorksheet(m.sheetName);
      if (!ws || !parseA1(m.cell)) continue;
      const cell = ws.getCell(m.cell) as CellWithComment;
      if (this.saved.some((s) => s.sheetName === m.sheetName && s.cell === m.cell)) continue;
      const hadNote = cell.note !== undefined;
      this.saved.push({ sheetName: m.sheetName, cell: m.cell, style: cell.style, hadNote });
      // A new style object: ExcelJS may share one between cells, and only this cell is marked.
      cell.style = {
        ...cell.style,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF' + MARK_FILL[m.severity].slice(1) } },
      };
      if (!hadNote) cell.note = noteText(m.message);
    }
    this.currentMarks = marks;
    return { notMarked: [] };
  }

  async clearMarks(): Promise<void> {
    for (const s of this.saved) {
      const ws = this.wb.getWorksheet(s.sheetName);
      if (!ws) continue;
      const cell = ws.getCell(s.cell) as CellWithComment;
      cell.style = s.style;
      if (!s.hadNote) cell._comment = undefined;
    }
    this.saved = [];
    this.currentMarks = [];
  }

  async readState(): Promise<CellValue[][] | null> {
    const ws = this.wb.getWorksheet(STATE_SHEET);
    if (!ws) return null;
    const out: CellValue[][] = [];
    ws.eachRow((row, n) => {
      const vals = (row.values as CellValue[]).slice(1);
      out[n - 1] = vals.map((v) => (v === undefined ? null : v));
    });
    return Array.from(out, (r) => r ?? []);
  }

  async writeState(rows: (string | number)[][]): Promise<void> {
    const old = this.wb.getWorksheet(STATE_SHEET);
    if (old) this.wb.removeWorksheet(old.id);
    // Very hidden: Excel does not list it under Unhide; the file carries it to the next session.
    const ws = this.wb.addWorksheet(STATE_SHEET, { state: 'veryHidden' });
    for (const r of rows) ws.addRow(r);
    this.unsaved++;
  }

  /** ExcelJS cannot write charts: file mode writes the cells, and the pane says to make the chart in Excel. */
  async writeReport(report: ReportSheet): Promise<{ chart: boolean }> {
    let ws = this.wb.getWorksheet(report.name);
    if (ws) {
      // In place: the sheet keeps its position; only its cells are replaced.
      ws.eachRow((row) => row.eachCell((cell) => (cell.value = null)));
    } else {
      ws = this.wb.addWorksheet(report.name);
    }
    report.rows.forEach((r, i) =>
      r.forEach((v, j) => {
        if (v !== null && v !== undefined && v !== '') ws.getCell(i + 1, j + 1).value = v as ExcelJS.CellValue;
      }),
    );
    ws.getRow(1).font = { bold: true };
    this.unsaved += report.rows.length;
    return { chart: false };
  }

  async select(sheetName: string, cell: string): Promise<void> {
    this.selected = { sheetName, cell };
  }

  /** The workbook as .xlsx bytes, without the check's marks (they are a view, not data). */
  async toBytes(): Promise<Uint8Array> {
    const marks = this.currentMarks;
    await this.clearMarks();
    try {
      const buf = await this.wb.xlsx.writeBuffer();
      return new Uint8Array(buf as ArrayBuffer);
    } finally {
      await this.setMarks(marks);
    }
  }
}
