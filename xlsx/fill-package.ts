/**
 * A fill as a patch of the package: the parts a fill writes into are edited where it writes (the
 * worksheet parts, their tables, styles when a date needs its format, and the workbook, its
 * relationships and content types when a sheet is added), and every other part is copied from the
 * original zip as stored, byte for byte (package-patch.ts). Strings are written inline (the shared
 * strings are not touched), styles appended (never rewritten), dates as serials of the workbook's
 * own date system. Pure: the CLI fills a file (node-files.ts), the page's file mode its bytes.
 */
import type { FillResult, NewSheet } from '../core/fill';
import type { CellValue, CellWrite, Issue, SheetInput } from '../core/types';
import { blockedByTotals, bySheet, rowFree, totalsTarget } from './fill-rows';
import { decodeRange, encodeRange, type CellRange } from './ranges';
import { eachTag, readRels, REL_TABLE } from './parts';
import { esc, MAIN_NS, PackagePatch, REL_NS } from './package-patch';
import { editAt, patchSheetXml, type CellEdit } from './sheet-patch';
import type { ZipFile } from './zip';

interface TablePart {
  part: string;
  xml: string;
  range: CellRange;
  totals: number;
  name: string;
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

/** A totals row moved down: its cells in columns left..right go from row `from` to row `to`. */
interface TotalsMove {
  from: number;
  to: number;
  left: number;
  right: number;
}

/**
 * The totals rows of the sheet's tables moved below the rows written onto them (the table parts
 * grown to them), or, where the cells below are taken, those writes left out and refused.
 */
function moveTotalsRows(
  patch: PackagePatch,
  sheet: { name: string; tables: TablePart[]; values: CellValue[][] | undefined },
  all: CellWrite[],
  refused: Issue[],
): { writes: CellWrite[]; moves: TotalsMove[] } {
  const moves: TotalsMove[] = [];
  let writes = all;
  for (const t of sheet.tables) {
    if (t.totals <= 0) continue;
    const r = t.range;
    const target = totalsTarget(writes, r);
    if (target === null) continue;
    const cells = sheet.values?.[target - 1] ?? [];
    if (!rowFree(r, target, (_row, col) => cells[col - 1])) {
      writes = blockedByTotals(writes, { sheetName: sheet.name, table: t.name, range: r, target }, refused);
      continue;
    }
    moves.push({ from: r.bottom, to: target, left: r.left, right: r.right });
    patch.set(t.part, setTableRange(t.xml, { ...r, bottom: target }, t.totals));
  }
  return { writes, moves };
}

/** Tables without a totals row grown down over the rows written just below them. */
function growTables(patch: PackagePatch, tables: TablePart[], writes: CellWrite[]): void {
  for (const t of tables) {
    if (t.totals > 0) continue;
    const r = t.range;
    let bottom = r.bottom;
    for (const w of writes)
      if (w.col >= r.left && w.col <= r.right && w.row > bottom && w.row <= bottom + 1 + writes.length) bottom = Math.max(bottom, w.row);
    if (bottom !== r.bottom) patch.set(t.part, setTableRange(t.xml, { ...r, bottom }, 0));
  }
}

/** On the row of a totals row that moves (its raw `cells`): its cells put on their new row, the old ones emptied. */
function moveCells(edits: Map<number, Map<number, CellEdit>>, moves: TotalsMove[], row: number, cells: Map<number, string>): void {
  for (const m of moves) {
    if (m.from !== row) continue;
    const mine = editAt(edits, row);
    for (let c = m.left; c <= m.right; c++) {
      const cx = cells.get(c);
      if (cx) editAt(edits, m.to).set(c, { kind: 'raw', xml: cx });
      if (!mine.has(c)) mine.set(c, { kind: 'delete' });
    }
  }
}

/** The fill's writes to one sheet of the workbook made in its part; how many were written. */
async function fillSheet(
  patch: PackagePatch,
  name: string,
  all: CellWrite[],
  values: CellValue[][] | undefined,
  refused: Issue[],
): Promise<number> {
  const { zip, wb, styles } = patch;
  const sheet = wb.sheets.find((s) => s.name === name);
  if (!sheet?.part) throw new Error(`Fill writes to sheet "${name}", which is not a worksheet of the workbook`);
  const tables = await sheetTables(zip, sheet.part);
  const { writes, moves } = moveTotalsRows(patch, { name, tables, values }, all, refused);
  growTables(patch, tables, writes);
  const edits = new Map<number, Map<number, CellEdit>>();
  for (const w of writes) editAt(edits, w.row).set(w.col, { kind: 'value', value: w.value });
  const xml = (await patch.text(sheet.part))!;
  patch.set(
    sheet.part,
    patchSheetXml(xml, {
      edits,
      date1904: wb.date1904,
      styleOf: (existing, above, value, row) => styles.styleOf(existing ?? (row > 2 ? above : undefined), value),
      onRow: (row, cells) => moveCells(edits, moves, row, cells),
    }),
  );
  return writes.length;
}

/**
 * Makes `fill` in `patch` (write it with patch.write). `sheets`: the values as the streaming reader
 * read them (to see whether the cells a totals row would move onto are free).
 */
export async function patchFill(
  patch: PackagePatch,
  fill: Pick<FillResult, 'writes' | 'newSheets'>,
  sheets: SheetInput[],
): Promise<PackageFillOutcome> {
  const refused: Issue[] = [];
  let written = 0;
  const writes = bySheet(fill.writes);
  const values = new Map(sheets.map((s) => [s.name, s.values]));
  const newSheets = fill.newSheets.filter((ns) => !patch.wb.sheets.some((s) => s.name === ns.name));
  for (const [name, all] of writes) {
    if (newSheets.some((ns) => ns.name === name)) continue;
    written += await fillSheet(patch, name, all, values.get(name), refused);
  }
  if (newSheets.length > 0) written += await addSheets(patch, newSheets, writes);
  return { written, refused };
}

/** The sheets a fill creates (Summary), each a table with its headers, added to the workbook's lists. */
async function addSheets(patch: PackagePatch, newSheets: NewSheet[], bySheet: Map<string, CellWrite[]>): Promise<number> {
  const { zip, wb, styles } = patch;
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
  let written = 0;
  for (const ns of newSheets) {
    const writes = bySheet.get(ns.name) ?? [];
    const last = Math.max(2, ...writes.map((w) => w.row));
    const edits = new Map<number, Map<number, CellEdit>>();
    ns.headers.forEach((h, i) => editAt(edits, 1).set(i + 1, { kind: 'value', value: h }));
    for (const w of writes) editAt(edits, w.row).set(w.col, { kind: 'value', value: w.value });
    written += writes.length;
    const cols = ns.headers
      .map((h, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.max(12, [...h].length * 2 + 4)}" customWidth="1"/>`)
      .join('');
    const skeleton =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData/><tableParts count="1"><tablePart r:id="__TABLE__"/></tableParts></worksheet>`;
    const sheetPart = await patch.addSheet(
      ns.name,
      patchSheetXml(skeleton, { edits, date1904: wb.date1904, styleOf: (e, _a, v) => styles.styleOf(e, v) }),
    );
    const tablePart = patch.freeName(`${patch.dir}tables/`, 'table');
    const rid = await patch.addRel(sheetPart, `${REL_NS}/table`, tablePart);
    patch.set(sheetPart, (await patch.text(sheetPart))!.replace('__TABLE__', rid));
    let tname = `tbl${ns.key[0].toUpperCase()}${ns.key.slice(1)}`;
    for (let n = 2; tableNames.has(tname.toLowerCase()); n++) tname = `tbl${ns.key[0].toUpperCase()}${ns.key.slice(1)}${n}`;
    tableNames.add(tname.toLowerCase());
    const ref = encodeRange({ top: 1, left: 1, bottom: last, right: ns.headers.length });
    patch.set(
      tablePart,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${MAIN_NS}" id="${++tableId}" name="${tname}" displayName="${tname}" ref="${ref}" totalsRowShown="0">` +
        `<autoFilter ref="${ref}"/><tableColumns count="${ns.headers.length}">${ns.headers.map((h, i) => `<tableColumn id="${i + 1}" name="${esc(h)}"/>`).join('')}</tableColumns>` +
        `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`,
    );
    await patch.addOverride(tablePart, 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml');
  }
  return written;
}
