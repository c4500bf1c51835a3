/**
 * The workbook port on the package itself: file mode, where the page runs in a plain browser, a
 * person opens an .xlsx, checks and fills it, and downloads the result. The workbook is held as
 * the bytes of its package and read with the CLI's streaming reader (xlsx/stream.ts); every change
 * (a fill, the sync state, the Totals) is a patch of the package (xlsx/package-patch.ts), the
 * writer `jiedui fill` uses: the parts it does not write are copied byte for byte, the cells it
 * does not write keep their XML. Marks are a view: kept beside the workbook and written only into
 * a download "with marks", so clearing them leaves the workbook exactly as it was.
 */
import type { CellValue, Lang, WorkbookInput } from '../../core/types';
import { blankPackage } from '../../xlsx/blank-package';
import { fflateCodec } from '../../xlsx/codec';
import { patchFill } from '../../xlsx/fill-package';
import { writeMarks } from '../../xlsx/marks-package';
import { writeOwnedSheet } from '../../xlsx/owned-sheet';
import { PackagePatch } from '../../xlsx/package-patch';
import { PackageError } from '../../xlsx/package-text';
import { resolveWorkbook } from '../../xlsx/parts';
import { refuseInMemory } from '../../xlsx/sniff';
import { readInput, type StreamedSheet } from '../../xlsx/stream';
import { MemorySource, ZipFile } from '../../xlsx/zip';
import { MemorySink } from '../../xlsx/zip-write';
import {
  MARK_FILL,
  noteText,
  parseA1,
  type ApplyOutcome,
  type FillWrites,
  type Mark,
  type MarkOutcome,
  type ReportSheet,
  type WorkbookPort,
} from './port';
import { STATE_SHEET } from './sync-state';

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

type Read = WorkbookInput & { sheets: StreamedSheet[] };

const zipOf = (bytes: Uint8Array) => ZipFile.from(new MemorySource(bytes), fflateCodec);

/** What the streaming reader reads from the package: the sheets' values and every sheet's name. */
async function readPackage(bytes: Uint8Array): Promise<{ input: Read; names: string[] }> {
  const zip = await zipOf(bytes);
  const names = (await resolveWorkbook(zip)).sheets.map((s) => s.name);
  return { input: await readInput(zip), names };
}

export class FilePort implements WorkbookPort {
  readonly kind = 'file' as const;
  /** A file has no undo history: the original file on disk is the undo. */
  readonly supportsUndoGroup = false;
  /** The cell a click asked for, shown by the pane since there is no grid to select in. */
  selected: { sheetName: string; cell: string } | null = null;
  /** Changes to the workbook since it was opened or last downloaded (cells, sheets): what a replacement would lose. */
  unsaved = 0;
  private marks: Mark[] = [];

  private constructor(
    private pkg: Uint8Array,
    readonly fileName: string,
    /** What the reader read from `pkg`; read again only when asked after a change. */
    private read: { input: Read; names: string[] } | null,
  ) {}

  private async current(): Promise<{ input: Read; names: string[] }> {
    return (this.read ??= await readPackage(this.pkg));
  }

  /**
   * Opens a file's bytes, or fails with why in `lang` (the page's language): the same package
   * sniffing as the CLI names an encrypted workbook, an .xls, .et, .xlsb, .ods or .numbers and
   * says how to save it as .xlsx, and the same reader as `jiedui validate` reads it. A failed open
   * returns no port, so whatever was open stays open under its own name.
   */
  static async open(data: ArrayBuffer | Uint8Array, fileName: string, lang: Lang = 'zh'): Promise<FilePort> {
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    const refusal = refuseInMemory(bytes, fileName);
    if (refusal) throw new FileOpenError(fileName, refusal.text(lang), lang);
    let read;
    try {
      read = await readPackage(bytes);
    } catch (e) {
      const why = e instanceof PackageError ? e.text(lang) : (e as Error).message;
      throw new FileOpenError(
        fileName,
        lang === 'zh' ? `无法读取工作簿（${why}）；文件是否损坏？` : `the workbook cannot be read (${why}); is the file damaged?`,
        lang,
      );
    }
    if (read.input.sheets.length === 0) throw new FileOpenError(fileName, lang === 'zh' ? '没有工作表' : 'no worksheets found', lang);
    return new FilePort(bytes, fileName, read);
  }

  /** An empty workbook, for a bureau that pulls totals without opening a file first. */
  static async blank(fileName: string): Promise<FilePort> {
    return new FilePort(await blankPackage(fflateCodec), fileName, null);
  }

  /** The package as it stands: the file a download gives (without marks). */
  get bytes(): Uint8Array {
    return this.pkg;
  }

  /**
   * Replaces the workbook with other bytes under the same name, the marks dropped: the same file
   * edited in Excel and given back (the browser tests edit a workbook this way).
   */
  async reload(bytes: Uint8Array): Promise<void> {
    const read = await readPackage(bytes);
    this.pkg = bytes;
    this.read = read;
    this.marks = [];
  }

  /** Makes a patch of the package and takes its result as the workbook. */
  private async change<T>(edit: (p: PackagePatch) => Promise<T>): Promise<T> {
    const zip = await zipOf(this.pkg);
    const patch = await PackagePatch.of(zip);
    const out = await edit(patch);
    const sink = new MemorySink();
    await patch.write(sink);
    this.pkg = sink.bytes();
    this.read = null;
    return out;
  }

  async sheetNames(): Promise<string[]> {
    return [...(await this.current()).names];
  }

  async readSheets(): Promise<WorkbookInput> {
    return (await this.current()).input;
  }

  async applyWrites(fill: FillWrites): Promise<ApplyOutcome> {
    const { sheets } = (await this.current()).input;
    const outcome = await this.change((p) => patchFill(p, fill, sheets));
    this.unsaved += outcome.written + fill.newSheets.length;
    return { undoGrouped: false, cellsWritten: outcome.written };
  }

  async setMarks(marks: Mark[]): Promise<MarkOutcome> {
    const { names } = await this.current();
    this.marks = marks.filter((m) => names.includes(m.sheetName) && parseA1(m.cell));
    return { notMarked: [] };
  }

  async clearMarks(): Promise<void> {
    this.marks = [];
  }

  /** The marks as set: cell, colour and note (what a download with marks carries). */
  currentMarks(): readonly Mark[] {
    return this.marks;
  }

  async readState(): Promise<CellValue[][] | null> {
    const s = (await this.current()).input.sheets.find((x) => x.name === STATE_SHEET);
    if (!s) return null;
    return Array.from(s.values, (r) => (r ?? []).map((v) => (v === undefined ? null : v)));
  }

  async writeState(rows: (string | number)[][]): Promise<void> {
    // Very hidden: Excel does not list it under Unhide; the file carries it to the next session.
    await this.change((p) => writeOwnedSheet(p, { name: STATE_SHEET, rows, veryHidden: true }));
    this.unsaved++;
  }

  /**
   * The report's cells, in place (the sheet keeps its position; its cells are replaced), headers
   * in bold. No chart: a chart is a drawing and a chart part the patch does not write, so it says
   * chart: false and the pane says to insert it in Excel (i18n chartInExcel).
   */
  async writeReport(report: ReportSheet): Promise<{ chart: boolean }> {
    await this.change((p) => writeOwnedSheet(p, { name: report.name, rows: report.rows, boldHeader: true }));
    this.unsaved += report.rows.length;
    return { chart: false };
  }

  async select(sheetName: string, cell: string): Promise<void> {
    this.selected = { sheetName, cell };
  }

  /**
   * The workbook as .xlsx bytes: without the check's marks (they are a view, not data), or with
   * them (each marked cell's fill colour and a note with its issue) written into a copy.
   */
  async toBytes(opts: { marks?: boolean } = {}): Promise<Uint8Array> {
    if (!opts.marks || this.marks.length === 0) return this.pkg;
    const patch = await PackagePatch.of(await zipOf(this.pkg));
    await writeMarks(
      patch,
      this.marks.map((m) => ({
        sheetName: m.sheetName,
        cell: m.cell,
        argb: 'FF' + MARK_FILL[m.severity].slice(1).toUpperCase(),
        note: noteText(m.message),
      })),
    );
    const sink = new MemorySink();
    await patch.write(sink);
    return sink.bytes();
  }
}
