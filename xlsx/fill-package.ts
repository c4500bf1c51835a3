/**
 * A fill as a patch of the package: the parts a fill writes into are edited where it writes (the
 * worksheet parts, their tables, styles when a date needs its format, and the workbook, its
 * relationships and content types when a sheet is added), and every other part is copied from the
 * original zip as stored, byte for byte. Strings are written inline (the shared strings are not
 * touched), styles appended (never rewritten), dates as serials of the workbook's own date system.
 * Node only.
 */
import { open } from 'node:fs/promises';
import type { FillResult, NewSheet } from '../core/fill';
import { makeIssue } from '../core/messages';
import { cellAddress } from '../core/normalize';
import { sheetKeyOf } from '../core/read';
import type { SheetKey } from '../core/template';
import type { CellValue, CellWrite, Issue, SheetInput } from '../core/types';
import { decodeRange, encodeRange, type CellRange } from './ranges';
import { attr, eachTag, readRels, REL_TABLE, resolveWorkbook, type WorkbookParts } from './parts';
import { patchSheetXml, xmlText, type CellEdit } from './sheet-patch';
import { readDateStyles } from './stream';
import { ZipFile } from './zip';
import { ZipWriter } from './zip-write';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: CellValue) => typeof v === 'string' && ISO_DAY.test(v);
const isBlank = (v: CellValue | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const esc = (s: string) => xmlText(s).replace(/"/g, '&quot;');

interface TablePart {
  part: string;
  xml: string;
  range: CellRange;
  totals: number;
  name: string;
}

/** The styles part, appended to only: one date format and, per style a date is written over, a copy of it showing dates. */
class Styles {
  private added: string[] = [];
  private fmtId = 0;
  private byBase = new Map<string, string>();
  private count = 0;
  private xfs: string[] = [];
  private fmtsAdded = false;

  constructor(
    readonly part: string | undefined,
    private xml: string | null,
    private readonly dateStyles: boolean[],
  ) {
    if (xml) {
      const cellXfs = /<([\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/\1?cellXfs>/.exec(xml);
      if (cellXfs) this.xfs = [...cellXfs[2].matchAll(/<(?:[\w.-]+:)?xf\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:[\w.-]+:)?xf>)/g)].map((m) => m[0]);
      this.count = this.xfs.length;
      let max = 163;
      for (const m of xml.matchAll(/numFmtId="(\d+)"/g)) max = Math.max(max, +m[1]);
      this.fmtId = max + 1;
    }
  }

  /** The `s` of a cell written with `value` over style `base`. */
  styleOf(base: string | undefined, value: CellValue): string | undefined {
    if (!isDate(value) || !this.xml) return base;
    const b = base !== undefined ? parseInt(base, 10) : 0;
    if (this.dateStyles[b] === true) return base;
    const key = String(b);
    let s = this.byBase.get(key);
    if (s === undefined) {
      const src = this.xfs[b] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
      let xf = src.replace(/\snumFmtId="\d+"/, '').replace(/\sapplyNumberFormat="[^"]*"/, '');
      xf = xf.replace(/^<([\w.-]+:)?xf\b/, (m) => `${m} numFmtId="${this.fmtId}" applyNumberFormat="1"`);
      this.added.push(xf);
      s = String(this.count++);
      this.byBase.set(key, s);
      this.fmtsAdded = true;
    }
    return s;
  }

  /** The styles part with what was added; null when nothing was. */
  result(): string | null {
    if (!this.xml || this.added.length === 0) return null;
    let xml = this.xml;
    const p = /<([\w.-]+:)?styleSheet\b/.exec(xml)?.[1] ?? '';
    if (this.fmtsAdded) {
      const fmt = `<${p}numFmt numFmtId="${this.fmtId}" formatCode="yyyy-mm-dd"/>`;
      const close = new RegExp(`</${p}numFmts>`);
      if (close.test(xml)) {
        xml = xml.replace(close, `${fmt}</${p}numFmts>`).replace(new RegExp(`(<${p}numFmts\\b[^>]*\\scount=")(\\d+)"`), (_m, a: string, n: string) => `${a}${+n + 1}"`);
      } else {
        const so = new RegExp(`<${p}styleSheet\\b[^>]*>`).exec(xml)!;
        xml = xml.slice(0, so.index + so[0].length) + `<${p}numFmts count="1">${fmt}</${p}numFmts>` + xml.slice(so.index + so[0].length);
      }
    }
    xml = xml.replace(new RegExp(`</${p}cellXfs>`), `${this.added.join('')}</${p}cellXfs>`);
    xml = xml.replace(new RegExp(`(<${p}cellXfs\\b[^>]*\\scount=")(\\d+)"`), `$1${this.count}"`);
    return xml;
  }
}

async function sheetTables(zip: ZipFile, sheetPart: string): Promise<TablePart[]> {
  const out: TablePart[] = [];
  for (const rel of await readRels(zip, sheetPart)) {
    if (!REL_TABLE.test(rel.type) || !zip.has(rel.target)) continue;
    const xml = (await zip.text(rel.target))!;
    let t: TablePart | null = null;
    eachTag(
      xml,
      (name, a) => {
        if (name !== 'table' || t) return;
        const range = a.ref ? decodeRange(a.ref) : null;
        if (range) t = { part: rel.target, xml, range, totals: Number(a.totalsRowCount ?? 0), name: a.displayName ?? a.name ?? '' };
      },
      rel.target,
    );
    if (t) out.push(t);
  }
  return out;
}

/** A table part with its range (and its autoFilter's: the header and data rows) set to `range`. */
function setTableRange(xml: string, range: CellRange, totals: number): string {
  const ref = encodeRange(range);
  const filter = encodeRange({ ...range, bottom: range.bottom - totals });
  return xml
    .replace(/(<(?:[\w.-]+:)?table\b[^>]*?\sref=")[^"]*"/, `$1${ref}"`)
    .replace(/(<(?:[\w.-]+:)?autoFilter\b[^>]*?\sref=")[^"]*"/, `$1${filter}"`);
}

export interface PackageFillOutcome {
  written: number;
  refused: Issue[];
}

/**
 * Writes `fill` into a copy of the package at `src`, as `dest` (a new file). `sheets`: the values as
 * the streaming reader read them (to see whether the cells a totals row would move onto are free).
 */
export async function fillPackage(src: string, dest: string, fill: FillResult, sheets: SheetInput[]): Promise<PackageFillOutcome> {
  const zip = await ZipFile.open(src);
  try {
    const wb = await resolveWorkbook(zip);
    const changed = new Map<string, string>();
    const added: { name: string; xml: string }[] = [];
    const styles = new Styles(wb.styles, wb.styles ? await zip.text(wb.styles) : null, await readDateStyles(zip, wb.styles));
    const refused: Issue[] = [];
    let written = 0;
    const bySheet = new Map<string, CellWrite[]>();
    for (const w of fill.writes) bySheet.set(w.sheetName, [...(bySheet.get(w.sheetName) ?? []), w]);
    const values = new Map(sheets.map((s) => [s.name, s.values]));
    const newSheets = fill.newSheets.filter((ns) => !wb.sheets.some((s) => s.name === ns.name));
    for (const [name, all] of bySheet) {
      if (newSheets.some((ns) => ns.name === name)) continue;
      const sheet = wb.sheets.find((s) => s.name === name);
      if (!sheet?.part) throw new Error(`Fill writes to sheet "${name}", which is not a worksheet of the workbook`);
      const tables = await sheetTables(zip, sheet.part);
      const edits = new Map<number, Map<number, CellEdit>>();
      const moves: { from: number; to: number; left: number; right: number }[] = [];
      let writes = all;
      for (const t of tables) {
        if (t.totals <= 0) continue;
        const r = t.range;
        const totals = r.bottom;
        let first = Infinity;
        let last = 0;
        for (const w of writes) {
          if (w.row < totals || w.col < r.left || w.col > r.right) continue;
          first = Math.min(first, w.row);
          last = Math.max(last, w.row);
        }
        if (first !== totals) continue;
        const target = totals + (last - totals + 1);
        const row = values.get(name)?.[target - 1] ?? [];
        const free = Array.from({ length: r.right - r.left + 1 }, (_, i) => row[r.left - 1 + i]).every(isBlank);
        if (!free) {
          const key = (sheetKeyOf(name) ?? name) as SheetKey;
          refused.push(makeIssue('fill.totals_row_blocked', key, { sheetName: name, table: t.name, cell: cellAddress(target, r.left) }, { sheetName: name, row: totals, cell: cellAddress(totals, r.left) }));
          writes = writes.filter((w) => w.row < totals);
          continue;
        }
        moves.push({ from: totals, to: target, left: r.left, right: r.right });
        changed.set(t.part, setTableRange(t.xml, { ...r, bottom: target }, t.totals));
      }
      for (const t of tables) {
        if (t.totals > 0) continue;
        const r = t.range;
        let bottom = r.bottom;
        for (const w of writes) if (w.col >= r.left && w.col <= r.right && w.row > bottom && w.row <= bottom + 1 + writes.length) bottom = Math.max(bottom, w.row);
        if (bottom !== r.bottom) changed.set(t.part, setTableRange(t.xml, { ...r, bottom }, 0));
      }
      const at = (row: number) => {
        let m = edits.get(row);
        if (!m) edits.set(row, (m = new Map()));
        return m;
      };
      for (const w of writes) at(w.row).set(w.col, { kind: 'value', value: w.value });
      const xml = (await zip.text(sheet.part))!;
      changed.set(
        sheet.part,
        patchSheetXml(xml, {
          edits,
          date1904: wb.date1904,
          styleOf: (existing, above, value, row) => styles.styleOf(existing ?? (row > 2 ? above : undefined), value),
          onRow: (row, cells) => {
            for (const m of moves) {
              if (m.from !== row) continue;
              const mine = at(row);
              for (let c = m.left; c <= m.right; c++) {
                const cx = cells.get(c);
                if (cx) at(m.to).set(c, { kind: 'raw', xml: cx });
                if (!mine.has(c)) mine.set(c, { kind: 'delete' });
              }
            }
          },
        }),
      );
      written += writes.length;
    }
    if (newSheets.length > 0) written += await addSheets(zip, wb, newSheets, bySheet, styles, changed, added);
    const st = styles.result();
    if (st && styles.part) changed.set(styles.part, st);

    const fh = await open(dest, 'wx');
    try {
      const out = new ZipWriter(fh);
      const enc = new TextEncoder();
      for (const e of zip.entries.values()) {
        const c = changed.get(e.name);
        if (c !== undefined) await out.add(e.name, enc.encode(c), e);
        else await out.copy(zip, e);
      }
      for (const a of added) await out.add(a.name, enc.encode(a.xml));
      await out.finish();
    } finally {
      await fh.close();
    }
    return { written, refused };
  } finally {
    await zip.close();
  }
}

/** A part name not in the zip: `${dir}${stem}N.xml`. */
function freeName(zip: ZipFile, taken: Set<string>, dir: string, stem: string): string {
  for (let n = 1; ; n++) {
    const name = `${dir}${stem}${n}.xml`;
    if (!zip.find(name) && !taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** The sheets a fill creates (Summary), each a table with its headers, added to the workbook's lists. */
async function addSheets(
  zip: ZipFile,
  wb: WorkbookParts,
  newSheets: NewSheet[],
  bySheet: Map<string, CellWrite[]>,
  styles: Styles,
  changed: Map<string, string>,
  added: { name: string; xml: string }[],
): Promise<number> {
  const dir = wb.workbookPart.slice(0, wb.workbookPart.lastIndexOf('/') + 1);
  const taken = new Set<string>();
  // table ids and names are unique in the workbook
  let tableId = 0;
  const tableNames = new Set<string>();
  for (const name of zip.entries.keys()) {
    if (!/tables\/[^/]+\.xml$/i.test(name)) continue;
    const xml = await zip.text(name);
    for (const m of (xml ?? '').matchAll(/<(?:[\w.-]+:)?table\b[^>]*>/g)) {
      tableId = Math.max(tableId, Number(/\sid="(\d+)"/.exec(m[0])?.[1] ?? 0));
      const n = /\s(?:displayName|name)="([^"]*)"/.exec(m[0])?.[1];
      if (n) tableNames.add(n.toLowerCase());
    }
  }
  let workbookXml = changed.get(wb.workbookPart) ?? wb.workbookXml;
  const relsPart = `${dir}_rels/${wb.workbookPart.slice(dir.length)}.rels`;
  let rels = (await zip.text(zip.find(relsPart) ?? relsPart)) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  let types = (await zip.text('[Content_Types].xml')) ?? '';
  const ids = new Set([...rels.matchAll(/\sId="([^"]*)"/g)].map((m) => m[1]));
  let sheetId = Math.max(0, ...[...workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*\ssheetId="(\d+)"/g)].map((m) => +m[1]));
  const wp = /<([\w.-]+:)?workbook\b/.exec(workbookXml)?.[1] ?? '';
  const rootTag = /<(?:[\w.-]+:)?workbook\b[^>]*>/.exec(workbookXml)?.[0] ?? '';
  const relPrefix = [...rootTag.matchAll(/\sxmlns:([\w.-]+)="([^"]*)"/g)].find((m) => m[2] === REL_NS)?.[1];
  let written = 0;
  for (const ns of newSheets) {
    const sheetPart = freeName(zip, taken, `${dir}worksheets/`, 'sheet');
    const tablePart = freeName(zip, taken, `${dir}tables/`, 'table');
    const writes = bySheet.get(ns.name) ?? [];
    const last = Math.max(2, ...writes.map((w) => w.row));
    const edits = new Map<number, Map<number, CellEdit>>();
    const at = (row: number) => edits.get(row) ?? edits.set(row, new Map()).get(row)!;
    ns.headers.forEach((h, i) => at(1).set(i + 1, { kind: 'value', value: h }));
    for (const w of writes) at(w.row).set(w.col, { kind: 'value', value: w.value });
    written += writes.length;
    const cols = ns.headers.map((h, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(12, [...h].length * 2 + 4)}" customWidth="1"/>`).join('');
    const skeleton =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData/><tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`;
    added.push({ name: sheetPart, xml: patchSheetXml(skeleton, { edits, date1904: wb.date1904, styleOf: (e, _a, v) => styles.styleOf(e, v) }) });
    const sheetFile = sheetPart.slice(sheetPart.lastIndexOf('/') + 1);
    added.push({
      name: `${dir}worksheets/_rels/${sheetFile}.rels`,
      xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/table" Target="../tables/${tablePart.slice(tablePart.lastIndexOf('/') + 1)}"/></Relationships>`,
    });
    let tname = `tbl${ns.key[0].toUpperCase()}${ns.key.slice(1)}`;
    for (let n = 2; tableNames.has(tname.toLowerCase()); n++) tname = `tbl${ns.key[0].toUpperCase()}${ns.key.slice(1)}${n}`;
    tableNames.add(tname.toLowerCase());
    const ref = encodeRange({ top: 1, left: 1, bottom: last, right: ns.headers.length });
    added.push({
      name: tablePart,
      xml:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${MAIN_NS}" id="${++tableId}" name="${tname}" displayName="${tname}" ref="${ref}" totalsRowShown="0">` +
        `<autoFilter ref="${ref}"/><tableColumns count="${ns.headers.length}">${ns.headers.map((h, i) => `<tableColumn id="${i + 1}" name="${esc(h)}"/>`).join('')}</tableColumns>` +
        `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`,
    });
    let rid = 'rIdJ1';
    for (let n = 1; ids.has(rid); n++) rid = `rIdJ${n}`;
    ids.add(rid);
    rels = rels.replace(/<\/((?:[\w.-]+:)?)Relationships>\s*$/, `<$1Relationship Id="${rid}" Type="${REL_NS}/worksheet" Target="${sheetPart.slice(dir.length)}"/></$1Relationships>`);
    const ridAttr = relPrefix ? `${relPrefix}:id="${rid}"` : `xmlns:r="${REL_NS}" r:id="${rid}"`;
    workbookXml = workbookXml.replace(new RegExp(`</${wp}sheets>`), `<${wp}sheet name="${esc(ns.name)}" sheetId="${++sheetId}" ${ridAttr}/></${wp}sheets>`);
    const tp = /<([\w.-]+:)?Types\b/.exec(types)?.[1] ?? '';
    types = types.replace(
      new RegExp(`</${tp}Types>`),
      `<${tp}Override PartName="/${sheetPart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        `<${tp}Override PartName="/${tablePart}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/></${tp}Types>`,
    );
  }
  changed.set(wb.workbookPart, workbookXml);
  changed.set(zip.find(relsPart) ?? relsPart, rels);
  if (!zip.find(relsPart)) added.push({ name: relsPart, xml: rels });
  changed.set('[Content_Types].xml', types);
  void attr;
  return written;
}
