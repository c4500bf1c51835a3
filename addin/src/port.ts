/**
 * The workbook port: everything the task pane needs from a workbook, whichever host holds it.
 * `office-port.ts` backs it with Excel (Office.js), `file-port.ts` with the workbook's own package (file mode: the
 * streaming reader and the package patcher of `xlsx/`, as `jiedui validate` and `jiedui fill`).
 * The pane talks only to this interface, so one set of panels serves both.
 */
import type { CellValue, CellWrite, Issue, Lang, Severity, WorkbookInput } from '../../core/types';
import type { NewSheet } from '../../core/fill/types';

/** A sheet a fill creates: core/fill's. */
export type { NewSheet };

/** What a fill asks the port to write; mirrors core/fill's FillResult (the port needs writes and newSheets). */
export interface FillWrites {
  writes: CellWrite[];
  newSheets: NewSheet[];
  refused?: Issue[];
  /**
   * The person chose these values over what the cells hold (take the server's row, use the
   * bureau's rules): they are written whatever the cells hold now. Without it a write into a cell
   * the product does not own is made only while that cell is still empty.
   */
  overwrite?: boolean;
}

/** A cell the check marks: a fill colour and a note with the message. */
export interface Mark {
  sheetName: string;
  /** A1 address of the cell. */
  cell: string;
  severity: Severity;
  message: string;
}

export interface MarkOutcome {
  /** Sheets whose cells were not marked because they are protected. */
  notMarked: string[];
}

/** A cell as the pane names it: its sheet and A1 address. */
export interface CellRef {
  sheetName: string;
  cell: string;
}

export interface ApplyOutcome {
  /** True when the whole write was recorded as one undo step. */
  undoGrouped: boolean;
  cellsWritten: number;
  /**
   * Cells a person typed into between the read a fill was computed from and its write (cells the
   * product does not own that were empty then and are not now): left as typed, not written.
   * Absent where nobody can type in between (file mode).
   */
  skipped?: CellRef[];
}

/**
 * A sheet the add-in owns and rewrites whole (the bureau's Totals): its cells from A1, and a chart
 * over a block of them where the host can draw one.
 */
export interface ReportSheet {
  name: string;
  rows: CellValue[][];
  chart?: {
    title: string;
    /** The chart's data: 1-based top row (the series names) and left column, with its size. */
    top: number;
    left: number;
    rows: number;
    cols: number;
    /** 1-based column where the chart's top-left corner sits, on row `top`. */
    anchorCol: number;
  };
}

export interface WorkbookPort {
  readonly kind: 'office' | 'file';
  /** Reads every template sheet in one batch. */
  readSheets(): Promise<WorkbookInput>;
  /** Writes a fill's cells (and creates its new sheets) as one undo step where the host can. */
  applyWrites(fill: FillWrites): Promise<ApplyOutcome>;
  /** Replaces this product's marks with these; a cell's own fill comes back when its mark goes. */
  setMarks(marks: Mark[]): Promise<MarkOutcome>;
  /** Removes exactly the marks this product set. */
  clearMarks(): Promise<void>;
  /** Activates the sheet and selects the cell. */
  select(sheetName: string, cell: string): Promise<void>;
  /** Names of the sheets in the workbook (an empty workbook has one blank sheet in Excel). */
  sheetNames(): Promise<string[]>;
  /** Calls `onEdit` after a person edits a cell; returns a function that stops listening. */
  watchEdits?(onEdit: () => void): Promise<() => void>;
  /** The cells of the very hidden sync-state sheet, or null when the workbook has none. */
  readState(): Promise<CellValue[][] | null>;
  /** Replaces the sync-state sheet's cells (creating it, very hidden, when absent). */
  writeState(rows: (string | number)[][]): Promise<void>;
  /** Writes a report sheet in place (created when absent); `chart` is false where none was drawn. */
  writeReport(report: ReportSheet): Promise<{ chart: boolean }>;
  /** True when the host can group a batch of writes into one undo step. */
  readonly supportsUndoGroup: boolean;
}

/** The colours of the marks, by severity: Office's light red, amber and blue fills. */
export const MARK_FILL: Record<Severity, string> = {
  error: '#FFC7CE',
  warning: '#FFEB9C',
  info: '#DDEBF7',
};

/** The prefix of every note this product writes, so it removes only its own. */
export const NOTE_PREFIX = '[结对 Jiedui] ';

export function noteText(message: string): string {
  return NOTE_PREFIX + message;
}

/** A1 notation: the core's, so a cell an issue names is the cell the pane selects. */
export { cellAddress as a1 } from '../../core/normalize';

/** Parses `B12` (or `$B$12`) into 1-based row and column; null when it is not a single cell. */
export function parseA1(cell: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(cell.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

export type { Lang };
