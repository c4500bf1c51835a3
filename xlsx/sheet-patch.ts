/**
 * Edits a worksheet part's XML only where a fill writes: the rows it writes into get their new
 * cells spliced in column order, every other byte of the part (other rows, other cells of those
 * rows with their values, formulas, cached results and styles, everything outside sheetData) is
 * copied as it was. A linear scan: each row and cell tag is looked at once; rows without edits are
 * copied as one slice. Elements may carry a namespace prefix (<x:row>); new ones get the same.
 */
import type { CellValue } from '../core/types';
import { columnLetter } from './ranges';

/**
 * What a patch does to one cell: write a value, put raw cell XML (a moved totals cell), remove it,
 * or give it another style (a mark's fill), its value, formula and everything else kept.
 */
export type CellEdit =
  | { kind: 'value'; value: CellValue }
  | { kind: 'raw'; xml: string }
  | { kind: 'delete' }
  | { kind: 'style'; style: (existing: string | undefined) => string | undefined };

/** The edits of row `row`, made (empty) when it has none yet. */
export function editAt(edits: Map<number, Map<number, CellEdit>>, row: number): Map<number, CellEdit> {
  let m = edits.get(row);
  if (!m) edits.set(row, (m = new Map()));
  return m;
}

export interface SheetPatch {
  /** Row -> column -> edit. Rows may be added to while the patch runs (a totals row moved down). */
  edits: Map<number, Map<number, CellEdit>>;
  /** The `s` of a written cell: from its own style (or the cell above's), a date needing a date format. */
  styleOf(existing: string | undefined, above: string | undefined, value: CellValue, row: number): string | undefined;
  /** A cell's value as XML: inline string, number, boolean or a date as a serial of the workbook's system. */
  date1904: boolean;
  /** Called with the raw cells of a row with edits as they were, before the edits are made (to move a totals row). */
  onRow?(row: number, cells: Map<number, string>): void;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isoSerial(iso: string, date1904: boolean): number | null {
  const m = ISO_DAY.exec(iso);
  if (!m) return null;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (Number.isNaN(t)) return null;
  return (t - Date.UTC(1899, 11, 30)) / 86_400_000 - (date1904 ? 1462 : 0);
}

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold are what is matched
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text as XML character data: markup escaped, characters XML 1.0 cannot hold as Excel's _xHHHH_. */
export function xmlText(s: string): string {
  return s
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(NOT_XML_CHAR, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}_`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const attrEsc = (s: string) => xmlText(s).replace(/"/g, '&quot;');

/** A written cell's XML. */
export function cellXml(p: string, ref: string, s: string | undefined, value: CellValue, date1904: boolean): string {
  const sa = s !== undefined ? ` s="${attrEsc(s)}"` : '';
  if (value === null || value === undefined || value === '') return `<${p}c r="${ref}"${sa}/>`;
  if (typeof value === 'boolean') return `<${p}c r="${ref}"${sa} t="b"><${p}v>${value ? 1 : 0}</${p}v></${p}c>`;
  if (typeof value === 'number' && Number.isFinite(value)) return `<${p}c r="${ref}"${sa}><${p}v>${value}</${p}v></${p}c>`;
  const text = String(value);
  const serial = isoSerial(text, date1904);
  if (serial !== null) return `<${p}c r="${ref}"${sa}><${p}v>${serial}</${p}v></${p}c>`;
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<${p}c r="${ref}"${sa} t="inlineStr"><${p}is><${p}t${space}>${xmlText(text)}</${p}t></${p}is></${p}c>`;
}

/** The end of the tag starting at `at` ('<'): the index after its '>', quotes respected. */
function tagEnd(xml: string, at: number): number {
  let q = '';
  for (let i = at + 1; i < xml.length; i++) {
    const ch = xml[i];
    if (q) {
      if (ch === q) q = '';
    } else if (ch === '"' || ch === "'") q = ch;
    else if (ch === '>') return i + 1;
  }
  return -1;
}

function tagAttr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? (m[2] ?? m[3]) : undefined;
}

/** The `s` (style) of a cell's XML, from its opening tag. */
const cellStyle = (cx: string) => tagAttr(cx.slice(0, tagEnd(cx, 0)), 's');

function setAttr(tag: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, `$1"${value}"`);
  return tag.replace(/^(<[^\s/>]+)/, `$1 ${name}="${value}"`);
}

function refCol(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & ~32;
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n;
}

interface Element {
  start: number;
  end: number;
  open: string;
}

/** The next element named `name` (with prefix `p`) from `from`, up to `limit`: its span and opening tag. */
function nextElement(xml: string, from: number, limit: number, p: string, name: string): Element | null {
  const needle = `<${p}${name}`;
  let i = xml.indexOf(needle, from);
  while (i >= 0 && i < limit) {
    const after = xml.charCodeAt(i + needle.length);
    // '<row' but not '<rowBreaks'; a space, '>' or '/' follows the name
    if (after === 32 || after === 62 || after === 47 || after === 9 || after === 10 || after === 13) {
      const oe = tagEnd(xml, i);
      if (oe < 0) return null;
      const open = xml.slice(i, oe);
      if (open.endsWith('/>')) return { start: i, end: oe, open };
      const close = xml.indexOf(`</${p}${name}>`, oe);
      if (close < 0) return null;
      return { start: i, end: close + `</${p}${name}>`.length, open };
    }
    i = xml.indexOf(needle, i + 1);
  }
  return null;
}

/** The row's cells by column, in order, with their XML; cells without r numbered after the one before. */
function rowCells(xml: string, el: Element, p: string): Map<number, string> {
  const out = new Map<number, string>();
  if (el.open.endsWith('/>')) return out;
  let pos = el.start + el.open.length;
  let next = 1;
  for (let c = nextElement(xml, pos, el.end, p, 'c'); c; c = nextElement(xml, pos, el.end, p, 'c')) {
    const r = tagAttr(c.open, 'r');
    const col = r ? refCol(r) : next;
    let cx = xml.slice(c.start, c.end);
    if (!r) cx = setAttr(cx, 'r', '__');
    out.set(col, cx);
    next = col + 1;
    pos = c.end;
  }
  return out;
}

/** Rebuilds a row with its edits: the row's tag and untouched cells as they were. */
function editRow(
  p: string,
  rowNum: number,
  open: string | null,
  cells: Map<number, string>,
  edits: Map<number, CellEdit>,
  above: Map<number, string>,
  patch: SheetPatch,
): { xml: string; styles: Map<number, string> } {
  for (const [col, e] of edits) {
    const ref = `${columnLetter(col)}${rowNum}`;
    if (e.kind === 'delete') cells.delete(col);
    else if (e.kind === 'raw') cells.set(col, e.xml.replace(/^(<[^\s>]+\s[^>]*?\br\s*=\s*)"[^"]*"/, `$1"${ref}"`));
    else if (e.kind === 'style') {
      const old = cells.get(col);
      const oe = old ? tagEnd(old, 0) : -1;
      const s = e.style(old ? tagAttr(old.slice(0, oe), 's') : undefined);
      if (s === undefined) continue;
      cells.set(col, old ? setAttr(old.slice(0, oe), 's', attrEsc(s)) + old.slice(oe) : `<${p}c r="${ref}" s="${attrEsc(s)}"/>`);
    } else {
      const old = cells.get(col);
      const s = patch.styleOf(old ? cellStyle(old) : undefined, above.get(col), e.value, rowNum);
      cells.set(col, cellXml(p, ref, s, e.value, patch.date1904));
    }
  }
  const cols = [...cells.keys()].sort((a, b) => a - b);
  const body = cols.map((c) => cells.get(c)!.replace(/\sr="__"/, ` r="${columnLetter(c)}${rowNum}"`)).join('');
  let tag = open ?? `<${p}row r="${rowNum}">`;
  if (tag.endsWith('/>')) tag = tag.slice(0, -2).trimEnd() + '>';
  if (!tagAttr(tag, 'r')) tag = setAttr(tag, 'r', String(rowNum));
  const spans = tagAttr(tag, 'spans');
  if (spans && cols.length > 0) {
    const [a, b] = spans.split(':').map(Number);
    const lo = Math.min(a || cols[0], cols[0]);
    const hi = Math.max(b || 0, cols[cols.length - 1]);
    if (lo !== a || hi !== b) tag = setAttr(tag, 'spans', `${lo}:${hi}`);
  }
  return { xml: `${tag}${body}</${p}row>`, styles: stylesOf(cells) };
}

/** The style of each cell of a row that has one, by column. */
function stylesOf(cells: Map<number, string>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [c, cx] of cells) {
    const s = cellStyle(cx);
    if (s !== undefined) out.set(c, s);
  }
  return out;
}

/** Where a worksheet's sheetData is: its prefix, the end of its opening tag, the start of its closing one. */
function sheetDataOf(xml: string): { p: string; openEnd: number; close: number; selfClosed: boolean } {
  const sd = /<([A-Za-z_][\w.-]*:)?sheetData\b/.exec(xml);
  if (!sd) throw new Error('the worksheet has no sheetData');
  const p = sd[1] ?? '';
  const openEnd = tagEnd(xml, sd.index);
  const selfClosed = xml.slice(sd.index, openEnd).endsWith('/>');
  const close = selfClosed ? openEnd : xml.indexOf(`</${p}sheetData>`, openEnd);
  if (close < 0) throw new Error('the worksheet has no end of sheetData');
  return { p, openEnd, close, selfClosed };
}

/** A row written out, and its cells' styles when asked (for the row below it). */
interface WrittenRow {
  num: number;
  styles: () => Map<number, string>;
}

/**
 * sheetData's rows written out in order: each row of the part copied as it was, or rebuilt with its
 * edits, and the rows the part does not have put in their places.
 */
class RowSplice {
  readonly out: string[] = [];
  private readonly done = new Set<number>();
  // rows with edits, in order; sorted again only when a row is added (a totals row moved down)
  private order: number[] = [];
  private next = 0;
  private prev: WrittenRow | null = null;

  constructor(
    private readonly xml: string,
    private readonly p: string,
    private readonly patch: SheetPatch,
  ) {}

  private pending(): number[] {
    if (this.order.length !== this.patch.edits.size) {
      this.order = [...this.patch.edits.keys()].sort((a, b) => a - b);
      this.next = 0;
    }
    while (this.next < this.order.length && this.done.has(this.order[this.next])) this.next++;
    return this.order;
  }

  private aboveOf(n: number): Map<number, string> {
    return this.prev && this.prev.num === n - 1 ? this.prev.styles() : new Map<number, string>();
  }

  /** New rows (no such row in the part) before row `limit`, each written whole. */
  insertBefore(limit: number): void {
    const rows = this.pending();
    for (let i = this.next; i < rows.length && rows[i] < limit; i++) {
      const n = rows[i];
      if (this.done.has(n)) continue;
      const edits = this.patch.edits.get(n)!;
      this.patch.onRow?.(n, new Map());
      const r = editRow(this.p, n, null, new Map(), edits, this.aboveOf(n), this.patch);
      this.out.push(r.xml);
      this.done.add(n);
      this.prev = { num: n, styles: () => r.styles };
    }
  }

  /** The part's rows from `pos` up to `limit`, each after the new rows that go before it; where the last ends. */
  rows(pos: number, limit: number): number {
    let rowNum = 0;
    for (let el = nextElement(this.xml, pos, limit, this.p, 'row'); el; el = nextElement(this.xml, pos, limit, this.p, 'row')) {
      const r = tagAttr(el.open, 'r');
      const n = r ? parseInt(r, 10) : rowNum + 1;
      rowNum = n;
      this.insertBefore(n);
      const edits = this.patch.edits.get(n);
      if (!edits || this.done.has(n)) this.copy(pos, el, n, !r);
      else this.edit(pos, el, n, edits);
      pos = el.end;
    }
    return pos;
  }

  /** A row without edits, as it was (its number written in once rows are inserted before it). */
  private copy(pos: number, el: Element, n: number, unnumbered: boolean): void {
    const { xml, p } = this;
    if (unnumbered && this.done.size > 0) {
      // a row numbered by its place: once rows are inserted before it, it says its number
      this.out.push(xml.slice(pos, el.start), setAttr(el.open, 'r', String(n)), xml.slice(el.start + el.open.length, el.end));
    } else this.out.push(xml.slice(pos, el.end));
    let cached: Map<number, string> | null = null;
    this.prev = { num: n, styles: () => (cached ??= stylesOf(rowCells(xml, el, p))) };
  }

  /** A row of the part with edits, rebuilt. */
  private edit(pos: number, el: Element, n: number, edits: Map<number, CellEdit>): void {
    const cells = rowCells(this.xml, el, this.p);
    this.patch.onRow?.(n, new Map(cells));
    const edited = editRow(this.p, n, el.open, cells, edits, this.aboveOf(n), this.patch);
    this.out.push(this.xml.slice(pos, el.start), edited.xml);
    this.done.add(n);
    this.prev = { num: n, styles: () => edited.styles };
  }
}

/** The worksheet XML with the patch's edits made; the same string when there are none. */
export function patchSheetXml(xml: string, patch: SheetPatch): string {
  if (patch.edits.size === 0) return xml;
  const { p, openEnd, close, selfClosed } = sheetDataOf(xml);
  const rows = new RowSplice(xml, p, patch);
  rows.out.push(selfClosed ? xml.slice(0, openEnd - 2).trimEnd() + '>' : xml.slice(0, openEnd));
  const pos = selfClosed ? openEnd : rows.rows(openEnd, close);
  rows.insertBefore(Infinity);
  rows.out.push(xml.slice(pos, close));
  rows.out.push(selfClosed ? `</${p}sheetData>` + xml.slice(openEnd) : xml.slice(close));
  return rows.out.join('');
}
