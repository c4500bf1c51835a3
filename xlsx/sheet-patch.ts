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
      const s = patch.styleOf(old ? tagAttr(old.slice(0, tagEnd(old, 0)), 's') : undefined, above.get(col), e.value, rowNum);
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
  const styles = new Map<number, string>();
  for (const c of cols) {
    const cx = cells.get(c)!;
    const s = tagAttr(cx.slice(0, tagEnd(cx, 0)), 's');
    if (s !== undefined) styles.set(c, s);
  }
  return { xml: `${tag}${body}</${p}row>`, styles };
}

function stylesOf(cells: Map<number, string>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [c, cx] of cells) {
    const s = tagAttr(cx.slice(0, tagEnd(cx, 0)), 's');
    if (s !== undefined) out.set(c, s);
  }
  return out;
}

/** The worksheet XML with the patch's edits made; the same string when there are none. */
export function patchSheetXml(xml: string, patch: SheetPatch): string {
  if (patch.edits.size === 0) return xml;
  const sd = /<([A-Za-z_][\w.-]*:)?sheetData\b/.exec(xml);
  if (!sd) throw new Error('the worksheet has no sheetData');
  const p = sd[1] ?? '';
  const sdOpenEnd = tagEnd(xml, sd.index);
  const selfClosed = xml.slice(sd.index, sdOpenEnd).endsWith('/>');
  const sdClose = selfClosed ? sdOpenEnd : xml.indexOf(`</${p}sheetData>`, sdOpenEnd);
  if (sdClose < 0) throw new Error('the worksheet has no end of sheetData');
  const done = new Set<number>();
  // rows with edits, in order; sorted again only when a row is added (a totals row moved down)
  let order: number[] = [];
  let next = 0;
  const pending = () => {
    if (order.length !== patch.edits.size) {
      order = [...patch.edits.keys()].sort((a, b) => a - b);
      next = 0;
    }
    while (next < order.length && done.has(order[next])) next++;
    return order;
  };
  const out: string[] = [selfClosed ? xml.slice(0, sdOpenEnd - 2).trimEnd() + '>' : xml.slice(0, sdOpenEnd)];
  let pos = sdOpenEnd;
  let rowNum = 0;
  let prev: { num: number; styles: () => Map<number, string> } | null = null;
  const aboveOf = (n: number) => (prev && prev.num === n - 1 ? prev.styles() : new Map<number, string>());
  /** New rows (no such row in the part) before row `limit`, each written whole. */
  const insertBefore = (limit: number) => {
    const rows = pending();
    for (let i = next; i < rows.length && rows[i] < limit; i++) {
      const n = rows[i];
      if (done.has(n)) continue;
      const edits = patch.edits.get(n)!;
      patch.onRow?.(n, new Map());
      const r = editRow(p, n, null, new Map(), edits, aboveOf(n), patch);
      out.push(r.xml);
      done.add(n);
      prev = { num: n, styles: () => r.styles };
    }
  };
  if (!selfClosed) {
    for (let el = nextElement(xml, pos, sdClose, p, 'row'); el; el = nextElement(xml, pos, sdClose, p, 'row')) {
      const r = tagAttr(el.open, 'r');
      const n = r ? parseInt(r, 10) : rowNum + 1;
      rowNum = n;
      insertBefore(n);
      const edits = patch.edits.get(n);
      if (!edits || done.has(n)) {
        if (!r && done.size > 0) {
          // a row numbered by its place: once rows are inserted before it, it says its number
          out.push(xml.slice(pos, el.start), setAttr(el.open, 'r', String(n)), xml.slice(el.start + el.open.length, el.end));
        } else out.push(xml.slice(pos, el.end));
        const x = xml;
        const e = el;
        let cached: Map<number, string> | null = null;
        prev = { num: n, styles: () => (cached ??= stylesOf(rowCells(x, e, p))) };
      } else {
        const cells = rowCells(xml, el, p);
        patch.onRow?.(n, new Map(cells));
        const edited = editRow(p, n, el.open, cells, edits, aboveOf(n), patch);
        out.push(xml.slice(pos, el.start), edited.xml);
        done.add(n);
        prev = { num: n, styles: () => edited.styles };
      }
      pos = el.end;
    }
  }
  insertBefore(Infinity);
  out.push(xml.slice(pos, sdClose));
  out.push(selfClosed ? `</${p}sheetData>` + xml.slice(sdOpenEnd) : xml.slice(sdClose));
  return out.join('');
}
