/**
 * One worksheet part streamed into rows of values, tag by tag, as the SAX parser hands them over:
 * the state of the row and the cell being read, and what each tag does to it. Linear in the part;
 * nothing but the values (and the merged ranges) is kept.
 */
import type { SaxesTagPlain } from 'saxes';
import type { CellValue } from '../core/types';
import { isoDay } from './cell-value';
import { MAX_COL, MAX_ROW, MAX_SHEET_SLOTS } from './limits';
import { PackageError } from './package-text';
import { localName as local, newParser } from './parts';
import type { ZipFile } from './zip';

export interface SheetContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  /** For the messages of a sheet refused. */
  sheetName: string;
}

const DAY_MS = 86_400_000;

/** Column number (1-based) of an A1 reference's letters. */
function refColumn(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n;
}

/** Row number of an A1 reference's digits; 0 when it has none. */
function refRow(ref: string): number {
  let i = 0;
  while (i < ref.length && ref.charCodeAt(i) >= 65) i++;
  return ref.length - i > 8 ? Infinity : Number(ref.slice(i)) || 0;
}

const nameOf = (n: SaxesTagPlain) => (n.name.indexOf(':') < 0 ? n.name : local(n.name));

/** The rows read so far and the cell being read; `open`, `text` and `close` are the parser's events. */
class SheetStream {
  readonly values: CellValue[][] = [];
  readonly merges: string[] = [];
  private readonly epoch: number;
  private inData = false;
  private row: CellValue[] | null = null;
  private rowNum = 0;
  private nextCol = 1;
  // the cell being read
  private inCell = false;
  private col = 0;
  private type = '';
  private style = 0;
  private formula = false;
  private v: string | null = null;
  private inV = false;
  private inline: string | null = null;
  private inT = false;
  private phonetic = 0;
  /** Cells the values spread over, empty ones between included: bounded, whatever the file declares. */
  private slots = 0;

  constructor(private readonly ctx: SheetContext) {
    this.epoch = ctx.date1904 ? 24107 : 25569;
  }

  open(n: SaxesTagPlain): void {
    const name = nameOf(n);
    if (!this.inData) {
      if (name === 'sheetData') this.inData = true;
      else if (name === 'mergeCell' && n.attributes.ref) this.merges.push(n.attributes.ref);
      return;
    }
    switch (name) {
      case 'row':
        this.openRow(n.attributes.r);
        break;
      case 'c':
        this.openCell(n.attributes);
        break;
      case 'f':
        if (this.inCell) this.formula = true;
        break;
      case 'v':
        if (this.inCell) {
          this.inV = true;
          this.v = '';
        }
        break;
      case 'is':
        if (this.inCell) this.inline = '';
        break;
      case 'rPh':
        this.phonetic++;
        break;
      case 't':
        if (this.inline !== null && this.phonetic === 0) this.inT = true;
        break;
    }
  }

  text(t: string): void {
    if (this.inV) this.v += t;
    else if (this.inT) this.inline += t;
  }

  close(n: SaxesTagPlain): void {
    if (!this.inData) return;
    switch (nameOf(n)) {
      case 'v':
        this.inV = false;
        break;
      case 't':
        this.inT = false;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'c':
        this.closeCell();
        break;
      case 'row':
        this.closeRow();
        break;
      case 'sheetData':
        this.inData = false;
        break;
    }
  }

  private openRow(r: string | undefined): void {
    this.rowNum = r ? parseInt(r, 10) : this.rowNum + 1;
    // a row past Excel's last would have the reader pad the rows up to it: trillions of them
    if (!(this.rowNum <= MAX_ROW)) throw new PackageError('row_out_of_range', { sheet: this.ctx.sheetName, row: r ?? String(this.rowNum) });
    this.row = [];
    this.nextCol = 1;
  }

  private openCell(a: Record<string, string>): void {
    this.col = a.r ? refColumn(a.r) : this.nextCol;
    this.nextCol = this.col + 1;
    if (this.col > MAX_COL) throw new PackageError('col_out_of_range', { sheet: this.ctx.sheetName, cell: (a.r ?? '').slice(0, 40) });
    const cellRow = a.r ? refRow(a.r) : 0;
    if (cellRow > MAX_ROW) throw new PackageError('row_out_of_range', { sheet: this.ctx.sheetName, row: String(cellRow) });
    this.type = a.t ?? '';
    this.style = a.s ? parseInt(a.s, 10) : 0;
    this.formula = false;
    this.v = null;
    this.inline = null;
    this.inCell = true;
  }

  private closeCell(): void {
    const { row, col } = this;
    if (row && col > 0) {
      const value = this.cellValue();
      if (value !== null) {
        if (col > row.length) this.slots += col - row.length;
        if (this.slots > MAX_SHEET_SLOTS)
          throw new PackageError('too_many_cells', { sheet: this.ctx.sheetName, limit: MAX_SHEET_SLOTS.toLocaleString('en') });
        while (row.length < col - 1) row.push(null);
        row[col - 1] = value;
      }
    }
    this.inCell = false;
  }

  private closeRow(): void {
    if (this.row && this.rowNum > 0) {
      while (this.values.length < this.rowNum - 1) this.values.push([]);
      this.values[this.rowNum - 1] = this.row;
    }
    this.row = null;
  }

  /** A number, or the ISO day it is where the cell's format is a date. */
  private number(s: string): CellValue {
    const n = parseFloat(s);
    if (this.ctx.dateStyles[this.style] !== true) return n;
    const d = new Date(Math.round((n - this.epoch) * DAY_MS));
    return Number.isNaN(d.getTime()) ? null : isoDay(d);
  }

  private cellValue(): CellValue {
    const { type, formula, v, inline } = this;
    if (type === 'inlineStr' && !formula) return inline === null || inline === '' ? null : inline;
    if (v === null) return null;
    switch (type) {
      case 's':
        return formula ? this.number(v) : (this.ctx.strings[parseInt(v, 10)] ?? null);
      case 'str':
      case 'inlineStr':
        return v === '' ? null : v;
      case 'b':
        return parseInt(v, 10) !== 0;
      case 'e':
        return v;
      case 'd':
        return v === '' ? null : v;
      default:
        return v === '' ? null : this.number(v);
    }
  }
}

/**
 * Streams one worksheet part into rows of values, as the whole-workbook reader and normalizeCellValue
 * give them: shared and inline strings as text, numbers (dates as ISO days where the cell's format is
 * a date), booleans, and Excel errors (#N/A, also a formula's error result) as their text.
 */
export async function streamSheet(zip: ZipFile, part: string, ctx: SheetContext): Promise<{ values: CellValue[][]; merges: string[] }> {
  const s = new SheetStream(ctx);
  const p = newParser();
  p.on('opentag', (n: SaxesTagPlain) => s.open(n));
  p.on('text', (t: string) => s.text(t));
  p.on('closetag', (n: SaxesTagPlain) => s.close(n));
  for await (const chunk of zip.textChunks(part)) p.write(chunk);
  p.close();
  return { values: s.values, merges: s.merges };
}
