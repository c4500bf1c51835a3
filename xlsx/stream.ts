import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { CellValue, SheetInput, WorkbookInput } from '../core/types';
import { decodeRange, type CellRange } from './ranges';
import { isoDay } from './cell-value';
import { ZipFile } from './zip';

/** A sheet as streamed: its values, plus the merged ranges and table totals rows it had. */
export interface StreamedSheet extends SheetInput {
  /** Merged ranges as A1 ranges ("C2:C4"); only their top-left cell keeps a value. */
  merges: string[];
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;
const REL_STYLES = /\/styles$/;
const REL_TABLE = /\/table$/;

/** Built-in number formats ExcelJS reads as dates (its table: 14-22 and 45-47), so both readers agree. */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** ExcelJS's test of a date format (utils.isDateFmt), so a cell reads the same in validate and fill. */
function isDateFormat(fmt: string): boolean {
  const f = withoutBrackets(fmt).replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(f);
}

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

type PlainOptions = { xmlns: false; position: false };
/** A parser without namespace processing: element names come as written, prefix and all. */
const newParser = () => new SaxesParser<PlainOptions>({ xmlns: false, position: false });

const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** Parses a small XML part whole, calling back on each opening tag. */
function eachTag(xml: string, onOpen: (name: string, attrs: Record<string, string>) => void): void {
  const p = newParser();
  p.on('opentag', (n: SaxesTagPlain) => onOpen(local(n.name), n.attributes));
  p.write(xml).close();
}

function attr(attrs: Record<string, string>, name: string): string | undefined {
  if (attrs[name] !== undefined) return attrs[name];
  for (const k of Object.keys(attrs)) if (local(k) === name) return attrs[k];
  return undefined;
}

function relsPathOf(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

function resolveTarget(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

async function readRels(zip: ZipFile, part: string): Promise<Rel[]> {
  const xml = await zip.text(relsPathOf(part));
  const out: Rel[] = [];
  if (xml === null) return out;
  eachTag(xml, (name, a) => {
    if (name === 'Relationship' && a.TargetMode !== 'External' && a.Target) {
      out.push({ id: a.Id, type: a.Type ?? '', target: resolveTarget(part, a.Target) });
    }
  });
  return out;
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
async function readDateStyles(zip: ZipFile, part: string | undefined): Promise<boolean[]> {
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

interface SheetContext {
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
}

/**
 * Streams one worksheet part into rows of values, as the whole-workbook reader and normalizeCellValue
 * give them: shared and inline strings as text, numbers (dates as ISO days where the cell's format is
 * a date), booleans, and Excel errors (#N/A, also a formula's error result) as their text.
 */
async function streamSheet(zip: ZipFile, part: string, ctx: SheetContext): Promise<{ values: CellValue[][]; merges: string[] }> {
  const values: CellValue[][] = [];
  const merges: string[] = [];
  const { strings, dateStyles } = ctx;
  const epoch = ctx.date1904 ? 24107 : 25569;
  let inData = false;
  let row: CellValue[] | null = null;
  let rowNum = 0;
  let nextCol = 1;
  // the cell being read
  let inCell = false;
  let col = 0;
  let type = '';
  let style = 0;
  let formula = false;
  let v: string | null = null;
  let inV = false;
  let inline: string | null = null;
  let inT = false;
  let phonetic = 0;

  const number = (s: string): CellValue => {
    const n = parseFloat(s);
    if (dateStyles[style] !== true) return n;
    const d = new Date(Math.round((n - epoch) * DAY_MS));
    return Number.isNaN(d.getTime()) ? null : isoDay(d);
  };
  const cellValue = (): CellValue => {
    if (type === 'inlineStr' && !formula) return inline === null || inline === '' ? null : inline;
    if (v === null) return null;
    switch (type) {
      case 's':
        return formula ? number(v) : strings[parseInt(v, 10)] ?? null;
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
        return v === '' ? null : number(v);
    }
  };

  const p = newParser();
  p.on('opentag', (n: SaxesTagPlain) => {
    const name = n.name.indexOf(':') < 0 ? n.name : local(n.name);
    if (!inData) {
      if (name === 'sheetData') inData = true;
      else if (name === 'mergeCell') {
        const ref = (n.attributes).ref;
        if (ref) merges.push(ref);
      }
      return;
    }
    switch (name) {
      case 'row': {
        const r = (n.attributes).r;
        rowNum = r ? parseInt(r, 10) : rowNum + 1;
        row = [];
        nextCol = 1;
        break;
      }
      case 'c': {
        const a = n.attributes;
        col = a.r ? refColumn(a.r) : nextCol;
        nextCol = col + 1;
        type = a.t ?? '';
        style = a.s ? parseInt(a.s, 10) : 0;
        formula = false;
        v = null;
        inline = null;
        inCell = true;
        break;
      }
      case 'f':
        if (inCell) formula = true;
        break;
      case 'v':
        if (inCell) {
          inV = true;
          v = '';
        }
        break;
      case 'is':
        if (inCell) inline = '';
        break;
      case 'rPh':
        phonetic++;
        break;
      case 't':
        if (inline !== null && phonetic === 0) inT = true;
        break;
    }
  });
  p.on('text', (t: string) => {
    if (inV) v += t;
    else if (inT) inline += t;
  });
  p.on('closetag', (n: SaxesTagPlain) => {
    if (!inData) return;
    const name = n.name.indexOf(':') < 0 ? n.name : local(n.name);
    switch (name) {
      case 'v':
        inV = false;
        break;
      case 't':
        inT = false;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c':
        if (row && col > 0) {
          const value = cellValue();
          if (value !== null) {
            while (row.length < col - 1) row.push(null);
            row[col - 1] = value;
          }
        }
        inCell = false;
        break;
      case 'row':
        if (row && rowNum > 0) {
          while (values.length < rowNum - 1) values.push([]);
          values[rowNum - 1] = row;
        }
        row = null;
        break;
      case 'sheetData':
        inData = false;
        break;
    }
  });
  for await (const chunk of zip.textChunks(part)) p.write(chunk);
  p.close();
  return { values, merges };
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
 * Reads an .xlsx sheet by sheet, row by row, without building ExcelJS's full object model, so
 * validating a large file holds only the values the core needs. The zip is read by its directory:
 * the workbook, its relationships, shared strings and styles first, then each worksheet streamed
 * in the workbook's tab order, whatever order the parts are stored in. Like Excel's range.values,
 * a merged range has its value in its top-left cell only, and a table's totals row is left out
 * (it is not a record). Node only (reads a path).
 */
export async function streamToInput(path: string): Promise<WorkbookInput & { sheets: StreamedSheet[] }> {
  const zip = await ZipFile.open(path);
  try {
    const root = (await readRels(zip, '')).find((r) => REL_OFFICE_DOCUMENT.test(r.type));
    const workbookPart = root?.target ?? 'xl/workbook.xml';
    const workbookXml = await zip.text(workbookPart);
    if (workbookXml === null) throw new Error(`the workbook part ${workbookPart} is missing`);
    const declared: { name: string; rid: string }[] = [];
    let date1904 = false;
    eachTag(workbookXml, (name, a) => {
      if (name === 'sheet') declared.push({ name: a.name ?? '', rid: attr(a, 'id') ?? '' });
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    });
    const rels = await readRels(zip, workbookPart);
    const byId = new Map(rels.map((r) => [r.id, r]));
    const ctx: SheetContext = {
      strings: await readSharedStrings(zip, rels.find((r) => REL_SHARED_STRINGS.test(r.type))?.target),
      dateStyles: await readDateStyles(zip, rels.find((r) => REL_STYLES.test(r.type))?.target),
      date1904,
    };
    const sheets: StreamedSheet[] = [];
    for (const s of declared) {
      const rel = byId.get(s.rid);
      // chart sheets and dialog sheets hold no cells
      if (!rel || !REL_WORKSHEET.test(rel.type) || !zip.has(rel.target)) continue;
      const tables = await readTables(zip, rel.target);
      const { values, merges } = await streamSheet(zip, rel.target, ctx);
      for (const m of merges) {
        const r = decodeRange(m);
        if (r) clear(values, r, true);
      }
      for (const t of tables) clear(values, { ...t.range, top: t.range.bottom - t.totals + 1 }, false);
      sheets.push({ name: s.name, values, merges });
    }
    return { sheets };
  } finally {
    await zip.close();
  }
}
