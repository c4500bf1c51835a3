import type { SaxesTagPlain } from 'saxes';
import type { CellValue, SheetInput, WorkbookInput } from '../core/types';
import { decodeRange, type CellRange } from './ranges';
import { MAX_SHEET_SLOTS } from './limits';
import { PackageError } from './package-text';
import { eachTag, localName as local, newParser, readRels, REL_TABLE, resolveWorkbook } from './parts';
import { streamSheet, type SheetContext } from './sheet-stream';
import type { ZipFile } from './zip';

/** A sheet as streamed: its values, plus the merged ranges and table totals rows it had. */
export interface StreamedSheet extends SheetInput {
  /** Merged ranges as A1 ranges ("C2:C4"); only their top-left cell keeps a value. */
  merges: string[];
}

/**
 * Built-in number formats a file may use without defining (ECMA-376 Part 1, 18.8.30) that show a
 * date: 14–22 and 45–47 everywhere, and the East Asian dates Chinese Excel and WPS write
 * (27–31, 36, 50–54, 57, 58: yyyy"年"m"月", m"月"d"日", yyyy"年"m"月"d"日" …). 32–35 and 55–56 are
 * times of day, not dates.
 */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 36, 45, 46, 47, 50, 51, 52, 53, 54, 57, 58]);

/**
 * `fmt.replace(/\[[^\]]*]/g, '')` in one pass: that pattern rescans to the end from every '[' when no
 * ']' follows, quadratic in a run of '['. A '[' opens a section only when a ']' comes after it.
 */
function withoutBrackets(fmt: string): string {
  const lastClose = fmt.lastIndexOf(']');
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const open = fmt.indexOf('[', i);
    if (open < 0 || open > lastClose) return out + fmt.slice(i);
    out += fmt.slice(i, open);
    i = fmt.indexOf(']', open) + 1;
  }
  return out;
}

/** ExcelJS's test of a date format (utils.isDateFmt), so a cell reads the same in validate and fill. */
function isDateFormat(fmt: string): boolean {
  const f = withoutBrackets(fmt).replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

/** Shared strings as plain text: rich runs joined, phonetic guides (rPh) left out, as ExcelJS reads them. */
async function readSharedStrings(zip: ZipFile, part: string | undefined): Promise<string[]> {
  const out: string[] = [];
  if (!part || !zip.has(part)) return out;
  const p = newParser();
  let text: string | null = null;
  let inT = false;
  let phonetic = 0;
  p.on('opentag', (n: SaxesTagPlain) => {
    const name = local(n.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') phonetic++;
    else if (name === 't' && phonetic === 0) inT = true;
  });
  p.on('text', (t: string) => {
    if (inT) text += t;
  });
  p.on('closetag', (n: SaxesTagPlain) => {
    const name = local(n.name);
    if (name === 't') inT = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si') out.push(text ?? '');
  });
  for await (const chunk of zip.textChunks(part)) p.write(chunk);
  p.close();
  return out;
}

/** Per cell style index (the `s` of a cell): whether its number format shows a date. */
export async function readDateStyles(zip: ZipFile, part: string | undefined): Promise<boolean[]> {
  const xml = part ? await zip.text(part) : null;
  const dates: boolean[] = [];
  if (xml === null) return dates;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  const p = newParser();
  p.on('opentag', (n: SaxesTagPlain) => {
    const name = local(n.name);
    const a = n.attributes;
    if (name === 'numFmt' && !inCellXfs) custom.set(Number(a.numFmtId), a.formatCode ?? '');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) {
      const id = Number(a.numFmtId ?? 0);
      const fmt = custom.get(id);
      dates.push(id !== 0 && (fmt !== undefined ? isDateFormat(fmt) : BUILTIN_DATE_FORMATS.has(id)));
    }
  });
  p.on('closetag', (n: SaxesTagPlain) => {
    if (local(n.name) === 'cellXfs') inCellXfs = false;
  });
  p.write(xml).close();
  return dates;
}

/** The table ranges of a sheet, with how many totals rows each has at its bottom. */
async function readTables(zip: ZipFile, sheetPart: string): Promise<{ range: CellRange; totals: number }[]> {
  const out: { range: CellRange; totals: number }[] = [];
  for (const rel of await readRels(zip, sheetPart)) {
    if (!REL_TABLE.test(rel.type)) continue;
    const xml = await zip.text(rel.target);
    if (xml === null) continue;
    eachTag(xml, (name, a) => {
      if (name !== 'table') return;
      const range = a.ref ? decodeRange(a.ref) : null;
      const totals = Number(a.totalsRowCount ?? 0);
      if (range && totals > 0) out.push({ range, totals });
    });
  }
  return out;
}

/** Empties the cells of a range in place (merged cells other than the top-left; a totals row). */
function clear(values: CellValue[][], r: CellRange, skipTopLeft: boolean): void {
  for (let row = r.top; row <= r.bottom && row <= values.length; row++) {
    const cells = values[row - 1];
    if (!cells) continue;
    for (let c = r.left; c <= r.right && c <= cells.length; c++) {
      if (skipTopLeft && row === r.top && c === r.left) continue;
      cells[c - 1] = null;
    }
  }
}

/**
 * Clears the cells merged away. Merges may span whole columns (A1:A1048576) and number in the tens
 * of thousands; the work is bounded by the cells that exist, each visited once per merge covering
 * it, and merges that overlap (no program writes them) stop at a bound.
 */
function clearMerged(values: CellValue[][], merges: string[], sheetName: string): void {
  let budget = 4 * MAX_SHEET_SLOTS;
  for (const m of merges) {
    const r = decodeRange(m);
    if (!r) continue;
    for (let row = r.top; row <= r.bottom && row <= values.length; row++) {
      const cells = values[row - 1];
      budget -= 1 + (cells && cells.length >= r.left ? Math.min(r.right, cells.length) - r.left + 1 : 0);
      if (budget < 0) throw new PackageError('too_many_cells', { sheet: sheetName, limit: MAX_SHEET_SLOTS.toLocaleString('en') });
      if (!cells || cells.length < r.left) continue;
      const right = Math.min(r.right, cells.length);
      for (let c = r.left; c <= right; c++) if (!(row === r.top && c === r.left)) cells[c - 1] = null;
    }
  }
}

/**
 * Reads an .xlsx sheet by sheet, row by row, without building ExcelJS's full object model, so
 * validating a large file holds only the values the core needs. The zip is read by its directory:
 * the workbook, its relationships, shared strings and styles first, then each worksheet streamed
 * in the workbook's tab order, whatever order the parts are stored in. Like Excel's range.values,
 * a merged range has its value in its top-left cell only, and a table's totals row is left out
 * (it is not a record). Pure: the CLI reads a file (xlsx/node-files.ts streamToInput), the page's
 * file mode the bytes of the file a person opened; the zip is not closed here.
 */
export async function readInput(zip: ZipFile): Promise<WorkbookInput & { sheets: StreamedSheet[] }> {
  const wb = await resolveWorkbook(zip);
  const ctx: SheetContext = {
    strings: await readSharedStrings(zip, wb.sharedStrings),
    dateStyles: await readDateStyles(zip, wb.styles),
    date1904: wb.date1904,
    sheetName: '',
  };
  const sheets: StreamedSheet[] = [];
  for (const s of wb.sheets) {
    // chart sheets and dialog sheets hold no cells
    if (!s.part) continue;
    const tables = await readTables(zip, s.part);
    const { values, merges } = await streamSheet(zip, s.part, { ...ctx, sheetName: s.name });
    clearMerged(values, merges, s.name);
    for (const t of tables) clear(values, { ...t.range, top: t.range.bottom - t.totals + 1 }, false);
    sheets.push({ name: s.name, values, merges });
  }
  return { sheets };
}
