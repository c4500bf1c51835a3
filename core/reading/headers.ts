/** Header matching: which row of a table sheet names its columns, and which column each cell names. */
import type { CellValue, Lang, SheetInput } from '../types';
import { SHEETS, type SheetDef, type SheetKey } from '../template';
import { normalizeLabel } from '../normalize';
import { isEmpty } from '../values';
import { MAX_LABEL } from './sheets';

export interface HeaderLabel {
  key: string;
  lang: Lang | null;
}

const HEADER_LABELS = new Map<SheetKey, Map<string, HeaderLabel>>();
for (const s of SHEETS) {
  const m = new Map<string, HeaderLabel>();
  for (const c of s.columns) {
    const add = (label: string, lang: Lang | null) => {
      const k = normalizeLabel(label);
      if (!m.has(k)) m.set(k, { key: c.key, lang });
    };
    add(c.zh, 'zh');
    add(c.en, 'en');
    add(c.key, 'en');
    add(c.key.replace(/_/g, ' '), 'en');
    for (const a of c.aliases ?? []) add(a, /[\u3400-\u9fff]/.test(a) ? 'zh' : 'en');
  }
  HEADER_LABELS.set(s.key, m);
}

/** A required mark (*) or a colon (学校代码：, Term:) after a label; normalised, so ＊ and ： are * and :. */
const LABEL_TAIL = /(?<![*:])[*:]+$/;

/** The column a header cell (or a Program label) names, if any. A trailing * or colon is ignored. */
export function matchHeader(sheet: SheetKey, v: CellValue): HeaderLabel | undefined {
  if (typeof v !== 'string' || v.length > MAX_LABEL || v.trim() === '') return undefined;
  return HEADER_LABELS.get(sheet)!.get(normalizeLabel(v).replace(LABEL_TAIL, ''));
}

/** A table sheet located: its header row and where each column is. */
export interface Located {
  def: SheetDef;
  input: SheetInput;
  originRow: number;
  originCol: number;
  /** Index into input.values of the header row; -1 when none. */
  headerIndex: number;
  /** column key -> index into the row array */
  colIndex: Map<string, number>;
  /** header text as typed, per column key */
  headerText: Map<string, string>;
  duplicates: { key: string; index: number; first: number }[];
  extra: number[];
  lastIndex: number;
  zh: number;
  en: number;
}

const HEADER_SCAN_ROWS = 30;

export function locateTable(def: SheetDef, input: SheetInput): Located {
  const values = Array.isArray(input.values) ? input.values : [];
  const loc: Located = {
    def,
    input,
    originRow: input.origin?.row ?? 1,
    originCol: input.origin?.col ?? 1,
    headerIndex: findHeaderRow(def, values),
    colIndex: new Map(),
    headerText: new Map(),
    duplicates: [],
    extra: [],
    lastIndex: -1,
    zh: 0,
    en: 0,
  };
  if (loc.headerIndex >= 0) mapHeaderRow(loc, values[loc.headerIndex] as CellValue[]);
  return loc;
}

/**
 * The header is the first row naming at least two of the sheet's columns (one for a one-column
 * sheet); title rows above it name none. Failing that, the row naming the most; -1 when none names any.
 */
function findHeaderRow(def: SheetDef, values: readonly unknown[]): number {
  const need = Math.min(2, def.columns.length);
  let best = -1;
  let bestCount = 0;
  const limit = Math.min(values.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = values[i];
    if (!Array.isArray(row)) continue;
    const seen = new Set<string>();
    for (const v of row) {
      const h = matchHeader(def.key, v);
      if (h) seen.add(h.key);
    }
    if (seen.size >= need) return i;
    if (seen.size > bestCount) {
      bestCount = seen.size;
      best = i;
    }
  }
  return best;
}

/** Each cell of the header row: a column (the first of two alike), or an extra column. */
function mapHeaderRow(loc: Located, row: readonly CellValue[]): void {
  for (let j = 0; j < row.length; j++) {
    const v = row[j];
    if (isEmpty(v)) continue;
    loc.lastIndex = j;
    const h = matchHeader(loc.def.key, v);
    if (!h) {
      loc.extra.push(j);
      continue;
    }
    const first = loc.colIndex.get(h.key);
    if (first !== undefined) {
      loc.duplicates.push({ key: h.key, index: j, first });
      loc.extra.push(j);
      continue;
    }
    loc.colIndex.set(h.key, j);
    loc.headerText.set(h.key, String(v).trim());
    if (h.lang === 'zh') loc.zh++;
    else if (h.lang === 'en') loc.en++;
  }
}

export function sheetHasContent(input: SheetInput): boolean {
  const values = Array.isArray(input.values) ? input.values : [];
  for (const row of values) {
    if (!Array.isArray(row)) continue;
    for (const v of row) if (!isEmpty(v)) return true;
  }
  return false;
}
