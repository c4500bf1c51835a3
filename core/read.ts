/**
 * Reading a workbook: find each sheet by name, its header row and columns, and type every cell.
 * Everything a person could have typed wrong becomes a located issue; nothing throws.
 */
import type { CellValue, Issue, Lang, WorkbookInput, SheetInput } from './types';
import {
  DEFAULT_RULES,
  RULE_DESCRIPTIONS,
  SIX_ONES_DESCRIPTION,
  SIX_ONES_NAMES,
  SIX_ONES_RULE,
  readSixOnes,
  type BureauRules,
  type RuleKey,
  type Rules,
} from './rules';
import { SHEETS, SHEET_BY_KEY, type ColumnDef, type SheetDef, type SheetKey } from './template';
import { cellAddress, normalizeLabel } from './normalize';
import {
  displayValue,
  isEmpty,
  isEnumCode,
  isExcelError,
  readDate,
  readEnum,
  readEnumList,
  readInt,
  readNumber,
  readTerm,
  readText,
  readYesNo,
  type DateContext,
  type Read,
} from './values';
import { allowedLabels, makeIssue } from './messages';
import { parseMonthDay } from './term';
import { AS_TYPED, SheetTable } from './table';
import { keepShape } from './shapes';

export interface TypedRow {
  /** 1-based sheet row; 0 when the row did not come from a sheet (worker). */
  row: number;
  /** Typed values: ISO date strings, numbers, booleans, enum codes, string[] for lists, null when empty. */
  values: Record<string, unknown>;
  raw: Record<string, CellValue>;
  hasErrors: boolean;
}

export interface SheetRead {
  key: SheetKey;
  name: string;
  headerRow: number;
  /** column key -> 1-based sheet column; only columns found. */
  columns: Record<string, number>;
  extraColumns: number[];
  lastColumn: number;
  rows: TypedRow[];
  /** Key/value sheets (Program): where each field's value cell is. */
  fields?: Record<string, { row: number; col: number }>;
  /** Table sheets: the rows kept by column, which the checks read (not enumerable). */
  readonly table?: SheetTable;
}

export interface ProgramInfo {
  school_code: string | null;
  school_name: string | null;
  county: string | null;
  town: string | null;
  school_level: string | null;
  term: string | null;
}

export interface WorkbookRead {
  lang: Lang;
  sheets: Partial<Record<SheetKey, SheetRead>>;
  program: ProgramInfo;
  rules: Rules;
  issues: Issue[];
}

// ---- lookups built once ---------------------------------------------------------------------

const SHEET_NAMES = new Map<string, SheetKey>();
for (const s of SHEETS) {
  for (const n of [s.key, s.zh, s.en, ...(s.aliases ?? [])]) SHEET_NAMES.set(normalizeLabel(n), s.key);
}

interface HeaderLabel {
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

const SHEET_INDEX = new Map<SheetKey, number>(SHEETS.map((s, i) => [s.key, i]));

const COLUMN_BY_KEY = new Map<SheetKey, Map<string, ColumnDef>>();
for (const s of SHEETS) COLUMN_BY_KEY.set(s.key, new Map(s.columns.map((c) => [c.key, c])));

/** A required mark (*) or a colon (学校代码：, Term:) after a label; normalised, so ＊ and ： are * and :. */
const LABEL_TAIL = /(?<![*:])[*:]+$/;
/**
 * Longer than any header or sheet name can be (the longest label is under 30 characters; stray spaces
 * and marks allowed): such a cell names no column, found without normalising it.
 */
const MAX_LABEL = 200;

/** The column a header cell (or a Program label) names, if any. A trailing * or colon is ignored. */
function matchHeader(sheet: SheetKey, v: CellValue): HeaderLabel | undefined {
  if (typeof v !== 'string' || v.length > MAX_LABEL || v.trim() === '') return undefined;
  return HEADER_LABELS.get(sheet)!.get(normalizeLabel(v).replace(LABEL_TAIL, ''));
}

/** The template sheet a sheet name names: its label, or its label with 表 after it (活动安排表, 师徒结对表). */
export function sheetKeyOf(name: string): SheetKey | undefined {
  if (name.length > MAX_LABEL) return undefined;
  const n = normalizeLabel(name);
  return SHEET_NAMES.get(n) ?? (n.length > 1 && n.endsWith('表') ? SHEET_NAMES.get(n.slice(0, -1)) : undefined);
}

export function columnLabel(sheet: SheetKey, columnKey: string, lang: Lang): string {
  const c = COLUMN_BY_KEY.get(sheet)?.get(columnKey);
  return c ? c[lang] : columnKey;
}

// ---- reading one cell -----------------------------------------------------------------------

export function readCellValue(col: ColumnDef, v: CellValue, ctx?: DateContext): Read<unknown> {
  switch (col.type) {
    case 'date':
      return readDate(v, ctx);
    case 'int':
      return readInt(v);
    case 'number':
      return readNumber(v);
    case 'yesno':
      return readYesNo(v);
    case 'enum':
      return readEnum(col.enum!, v);
    case 'enum_list':
      return readEnumList(col.enum!, v);
    case 'term':
      return readTerm(v);
    default:
      return readText(v);
  }
}

/** What a cell reads as: its typed value, and the code of the issue it raises (null when none). */
export interface CellOutcome {
  value: unknown;
  code: string | null;
}

/**
 * The definition of reading one cell of a column: the readers of values.ts, a required empty cell,
 * and a value outside an open list.
 */
export function readCell(def: ColumnDef, v: CellValue, ctx?: DateContext): CellOutcome {
  // An Excel error (#N/A, #REF!...) is no value in any column, not text and not an empty cell.
  if (isExcelError(v)) return { value: null, code: 'cell.excel_error' };
  const r = readCellValue(def, v, ctx);
  if (!r.ok) return { value: null, code: r.code ?? unreadableCode(def) };
  if (r.value === null) return { value: null, code: emptyCode(def) };
  // A number past what can be true (DOMAIN "Numbers people type are bounded"): no sum overflows.
  if (def.max !== undefined && typeof r.value === 'number' && r.value > def.max) return { value: null, code: 'cell.too_large' };
  if (def.type === 'enum' && def.enum && !isEnumCode(def.enum, r.value)) return { value: r.value, code: 'cell.enum_open' };
  return { value: r.value, code: null };
}

/** The issue an empty cell of the column raises, if any. */
const emptyCode = (def: ColumnDef): string | null => (def.required ? 'cell.required' : null);
/** The issue a cell the column cannot read raises. */
const unreadableCode = (def: ColumnDef): string => (def.type === 'enum' || def.type === 'enum_list' ? 'cell.enum' : 'cell.type');

/** Memo entries per column at most: beyond this a column is mostly unique values, not worth keeping. */
const MEMO_LIMIT = 20_000;
/** Slots of the last-seen cache of strings (a power of two). */
const RECENT = 128;
/** Date serials within this many days either side of a column's first one are cached by position. */
const DAY_SPAN = 4096;

/**
 * Whether String.prototype.trim would leave `c` at an end of a string: printable ASCII, CJK and
 * full-width forms are never white space. Anything else is left to the full reader.
 */
function solidChar(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e);
}

/**
 * Reads the cells of one column. `classify` gives, per cell, AS_TYPED when the typed value is the
 * cell itself and nothing is wrong with it (text with nothing to trim, a plain number), else the
 * index of an outcome in `outcomes` / `codes`. `readCell` is the definition; what is here only
 * avoids calling it again for a cell that reads like an earlier one: cells a column repeats (types,
 * statuses, dates, "40人") share one outcome, found through a small cache of the strings last seen
 * (compared by identity first: Excel and ExcelJS hand a repeated string as one object), a cache
 * of date serials by position, and a memo behind both.
 */
export class ColumnReader {
  /** Issue code of the cell `read` last read; null when it read cleanly. */
  code: string | null = null;
  /** Typed values by outcome; 0 is the empty cell, 1 an unreadable one. */
  readonly outcomes: unknown[];
  readonly codes: (string | null)[];
  private readonly memo = new Map<string | number, number>();
  /** Free text and ids are mostly unique and cheap to read: a memo would only cost. */
  private readonly textual: boolean;
  private readonly type: string;
  private recentKeys: unknown[] | null = null;
  private recentOut: Int32Array | null = null;
  private days: Int32Array | null = null;
  private dayBase = 0;
  /** The column's bound (Infinity when none): a number above it is read in full, to its issue. */
  private readonly max: number;

  constructor(
    readonly def: ColumnDef,
    private readonly ctx?: DateContext,
  ) {
    this.type = def.type;
    this.max = def.max ?? Infinity;
    this.textual = def.type === 'text' || def.type === 'id' || def.type === 'ref';
    this.outcomes = [null, null];
    this.codes = [emptyCode(def), unreadableCode(def)];
  }

  classify(v: CellValue): number {
    if (typeof v === 'string') {
      const n = v.length;
      if (n === 0) return 0;
      const c0 = v.charCodeAt(0);
      const c1 = v.charCodeAt(n - 1);
      // '#' (35) is left to the full reader: it may be an Excel error (#N/A).
      if (this.textual) return c0 !== 35 && solidChar(c0) && solidChar(c1) ? AS_TYPED : this.compute(v);
      const h = (n * 31 + c0 * 7 + c1) & (RECENT - 1);
      let keys = this.recentKeys;
      if (keys === null) {
        keys = this.recentKeys = new Array<unknown>(RECENT).fill(null);
        this.recentOut = new Int32Array(RECENT);
      }
      if (keys[h] === v) return this.recentOut![h];
      const o = this.memoised(v);
      keys[h] = v;
      this.recentOut![h] = o;
      return o;
    }
    if (typeof v === 'number') {
      const t = this.type;
      if (t === 'int' ? Number.isSafeInteger(v) : t === 'number' && Number.isFinite(v)) {
        // -0 reads as 0, as in readNonNegative; a negative number is an error, read in full below.
        if ((v > 0 && v <= this.max) || Object.is(v, 0)) return AS_TYPED;
      } else if (t === 'date' && Number.isSafeInteger(v)) {
        return this.serial(v);
      }
      return this.textual ? this.compute(v) : this.memoised(v);
    }
    if (v === null || v === undefined) return 0;
    return this.compute(v);
  }

  /** The typed value of a cell; its issue code, if any, is left in `code`. */
  read(v: CellValue): unknown {
    const o = this.classify(v);
    if (o === AS_TYPED) {
      this.code = null;
      return v;
    }
    this.code = this.codes[o];
    return this.outcomes[o];
  }

  private serial(v: number): number {
    let days = this.days;
    if (days === null) {
      days = this.days = new Int32Array(2 * DAY_SPAN).fill(-1);
      this.dayBase = v - DAY_SPAN;
    }
    const d = v - this.dayBase;
    if (d < 0 || d >= 2 * DAY_SPAN) return this.memoised(v);
    const hit = days[d];
    if (hit >= 0) return hit;
    return (days[d] = this.memoised(v));
  }

  private memoised(v: string | number): number {
    const hit = this.memo.get(v);
    if (hit !== undefined) return hit;
    const o = this.compute(v);
    if (this.memo.size < MEMO_LIMIT) this.memo.set(v, o);
    return o;
  }

  private compute(v: CellValue): number {
    const r = readCell(this.def, v, this.ctx);
    if (r.value === null && r.code === this.codes[0]) return 0;
    if (r.value === null && r.code === this.codes[1]) return 1;
    this.outcomes.push(r.value);
    this.codes.push(r.code);
    return this.outcomes.length - 1;
  }
}

/** The form a column's cells take (a key of EXPECTED in messages.ts), by column type. */
const EXPECTED_OF_TYPE: Record<string, string> = {
  date: 'date',
  int: 'int',
  number: 'number',
  yesno: 'yesno',
  enum: 'enum',
  enum_list: 'enum_list',
  term: 'term',
};

function cellIssueParams(
  code: string,
  def: ColumnDef,
  header: string,
  v: CellValue,
  lang: Lang,
  ctx?: DateContext,
): Record<string, string | number> {
  const params: Record<string, string | number> = { column: header };
  if (code === 'cell.required') return params;
  params.value = displayValue(v);
  if (code === 'cell.excel_error') {
    params.expected = EXPECTED_OF_TYPE[def.type] ?? 'text';
    return params;
  }
  if (code === 'cell.too_large') {
    params.max = def.max!;
    return params;
  }
  const r = code === 'cell.type' || code.startsWith('cell.date_') || code === 'cell.ambiguous' ? readCellValue(def, v, ctx) : null;
  if (r && !r.ok && r.params) Object.assign(params, r.params);
  if (code === 'cell.type') {
    params.expected = r!.ok ? def.type : r!.expected;
  } else if (r) {
    if (!r.ok) params.expected = r.expected;
  } else if (def.enum) {
    params.enum = def.enum;
    params.allowed = allowedLabels(def.enum, lang);
  }
  return params;
}

/** Reads one row given raw values by column key (what the worker receives); issues carry `column`, no row. */
export function readRecord(
  sheet: SheetKey,
  raw: Record<string, CellValue>,
  lang: Lang = 'zh',
  ctx?: DateContext,
): { values: Record<string, unknown>; issues: Issue[] } {
  const def = SHEET_BY_KEY[sheet];
  const values: Record<string, unknown> = {};
  const issues: Issue[] = [];
  if (!def) return { values, issues };
  for (const c of def.columns) {
    const v = raw?.[c.key];
    const { value, code } = readCell(c, v, ctx);
    values[c.key] = value;
    if (code) issues.push(makeIssue(code, sheet, cellIssueParams(code, c, c[lang], v, lang, ctx), { column: c.key }));
  }
  return { values, issues };
}

// ---- locating sheets and headers ------------------------------------------------------------

interface Located {
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

function locateTable(def: SheetDef, input: SheetInput): Located {
  const values = Array.isArray(input.values) ? input.values : [];
  const loc: Located = {
    def,
    input,
    originRow: input.origin?.row ?? 1,
    originCol: input.origin?.col ?? 1,
    headerIndex: -1,
    colIndex: new Map(),
    headerText: new Map(),
    duplicates: [],
    extra: [],
    lastIndex: -1,
    zh: 0,
    en: 0,
  };
  // The header is the first row naming at least two of the sheet's columns (one for a one-column
  // sheet); title rows above it name none. Failing that, the row naming the most.
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
    if (seen.size >= need) {
      best = i;
      break;
    }
    if (seen.size > bestCount) {
      bestCount = seen.size;
      best = i;
    }
  }
  if (best < 0) return loc;
  loc.headerIndex = best;
  const row = values[best] as CellValue[];
  for (let j = 0; j < row.length; j++) {
    const v = row[j];
    if (isEmpty(v)) continue;
    loc.lastIndex = j;
    const h = matchHeader(def.key, v);
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
  return loc;
}

function sheetHasContent(input: SheetInput): boolean {
  const values = Array.isArray(input.values) ? input.values : [];
  for (const row of values) {
    if (!Array.isArray(row)) continue;
    for (const v of row) if (!isEmpty(v)) return true;
  }
  return false;
}

// ---- key/value sheets (Program) -------------------------------------------------------------

interface ProgramRead {
  info: ProgramInfo;
  sheet: SheetRead;
  zh: number;
  en: number;
  /** Value cells to read once the language is known. */
  pending: { def: ColumnDef; label: string; v: CellValue; row: number; col: number }[];
}

function locateProgram(input: SheetInput): ProgramRead {
  const def = SHEET_BY_KEY.program;
  const originRow = input.origin?.row ?? 1;
  const originCol = input.origin?.col ?? 1;
  const values = Array.isArray(input.values) ? input.values : [];
  const out: ProgramRead = {
    info: { school_code: null, school_name: null, county: null, town: null, school_level: null, term: null },
    sheet: {
      key: 'program',
      name: input.name,
      headerRow: 0,
      columns: {},
      extraColumns: [],
      lastColumn: 0,
      rows: [],
      fields: {},
    },
    zh: 0,
    en: 0,
    pending: [],
  };
  for (let i = 0; i < values.length; i++) {
    const row = values[i];
    if (!Array.isArray(row)) continue;
    // The label is the first non-empty cell; the value is the cell right of it.
    let j = 0;
    while (j < row.length && isEmpty(row[j])) j++;
    if (j >= row.length) continue;
    const h = matchHeader('program', row[j]);
    if (!h || out.sheet.fields![h.key]) continue;
    if (h.lang === 'zh') out.zh++;
    else if (h.lang === 'en') out.en++;
    const col = COLUMN_BY_KEY.get('program')!.get(h.key)!;
    const pos = { row: originRow + i, col: originCol + j + 1 };
    out.sheet.fields![h.key] = pos;
    out.sheet.lastColumn = Math.max(out.sheet.lastColumn, pos.col);
    out.pending.push({ def: col, label: String(row[j]).trim(), v: row[j + 1], ...pos });
  }
  void def;
  return out;
}

// ---- rules ---------------------------------------------------------------------------------

const RULE_KEYS = Object.keys(DEFAULT_RULES) as RuleKey[];
/** A Rules sheet's names for each rule; `six_ones` sets the six `six_ones_*` rules at once. */
const RULE_NAMES = new Map<string, RuleKey | typeof SIX_ONES_RULE>();
for (const k of RULE_KEYS) {
  RULE_NAMES.set(normalizeLabel(k), k);
  RULE_NAMES.set(normalizeLabel(RULE_DESCRIPTIONS[k].zh), k);
  RULE_NAMES.set(normalizeLabel(RULE_DESCRIPTIONS[k].en), k);
}
for (const name of SIX_ONES_NAMES) RULE_NAMES.set(normalizeLabel(name), SIX_ONES_RULE);
const MONTH_DAY_RULES = new Set<RuleKey>(['term1_start', 'term1_end', 'term2_start', 'term2_end']);
/** A zero interval would divide by zero when practice lessons are counted. */
const POSITIVE_RULES = new Set<RuleKey>(['practice_lesson_interval_weeks']);

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** Reads one rule value; Excel turns a typed 09-01 into a date, so dates give their month-day. */
export function readRuleValue(key: RuleKey, v: CellValue): Read<number | string | null> {
  if (MONTH_DAY_RULES.has(key)) {
    if (isEmpty(v)) return { ok: true, value: null };
    if (typeof v === 'number' || v instanceof Date) {
      const d = readDate(v);
      return d.ok && d.value ? { ok: true, value: d.value.slice(5) } : { ok: false, expected: 'month_day' };
    }
    // A month-day is a few characters: a longer cell is refused before any pattern reads it.
    const t = typeof v === 'string' ? v.trim() : '';
    const s = t.length <= 20 ? t.normalize('NFKC').trim().replace(/[/.月]/g, '-').replace(/日$/, '') : '';
    const md = parseMonthDay(s);
    return md ? { ok: true, value: `${pad2(md.month)}-${pad2(md.day)}` } : { ok: false, expected: 'month_day' };
  }
  const r = readInt(v);
  if (!r.ok) return POSITIVE_RULES.has(key) ? { ok: false, expected: 'positive_int' } : r;
  if (POSITIVE_RULES.has(key) && r.value === 0) return { ok: false, expected: 'positive_int' };
  return r;
}

export function mergeRules(bureau?: BureauRules): Rules {
  const out: Rules = { ...DEFAULT_RULES };
  if (!bureau) return out;
  // `six_ones` first: a bureau's single six_ones_* value is the more precise.
  const six = readSixOnes(bureau.six_ones);
  if (six.ok && six.value) Object.assign(out, six.value);
  for (const k of RULE_KEYS) {
    const v = (bureau as Record<string, unknown>)[k];
    if (v === undefined || v === null) continue;
    const r = readRuleValue(k, v as CellValue);
    if (r.ok && r.value !== null) (out as unknown as Record<string, unknown>)[k] = r.value;
  }
  return out;
}

function readRulesSheet(sheet: SheetRead, lang: Lang, rules: Rules, issues: Issue[]): void {
  const ruleCol = sheet.columns.rule;
  const valueCol = sheet.columns.value;
  for (const tr of sheet.rows) {
    const name = tr.values.rule;
    if (typeof name !== 'string') continue;
    const key = RULE_NAMES.get(normalizeLabel(name));
    if (!key) {
      issues.push(
        makeIssue(
          'rules.bad_value',
          'rules',
          { rule: name, value: name, expected: 'rule_key' },
          { sheetName: sheet.name, row: tr.row, col: ruleCol, column: 'rule', cell: cellAddress(tr.row, ruleCol) },
        ),
      );
      tr.hasErrors = true;
      continue;
    }
    const raw = tr.raw.value;
    const r = key === SIX_ONES_RULE ? readSixOnes(raw) : readRuleValue(key, raw);
    if (!r.ok) {
      const described = key === SIX_ONES_RULE ? SIX_ONES_DESCRIPTION : RULE_DESCRIPTIONS[key];
      issues.push(
        makeIssue(
          'rules.bad_value',
          'rules',
          { rule: lang === 'zh' ? described.zh : key, value: displayValue(raw), expected: r.expected },
          { sheetName: sheet.name, row: tr.row, col: valueCol, column: 'value', cell: cellAddress(tr.row, valueCol) },
        ),
      );
      tr.hasErrors = true;
      continue;
    }
    if (r.value === null) continue;
    if (typeof r.value === 'object') Object.assign(rules, r.value);
    else (rules as unknown as Record<string, unknown>)[key] = r.value;
  }
}

// ---- making row records -----------------------------------------------------------------------

type RecordMaker = (buf: readonly unknown[]) => Record<string, unknown>;

type Clone = (shape: Record<string, unknown>) => Record<string, unknown>;

/**
 * One copying function per sheet of the template. V8 copies `{ ...shape }` quickly while the place
 * in the code that copies has seen at most four shapes; a workbook's sheets bring more, and past
 * four the copy takes a generic path about seven times slower (measured: 37 ms against 5 ms for
 * 115k records). Functions made by a factory or in a loop would share one place, so these are
 * written out one by one; a template with more sheets than these shares them round, and is only slower.
 */
const CLONES: readonly Clone[] = [
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
  (s) => ({ ...s }),
];

/**
 * A function making a row record from a buffer of values: `keys[i]` gets `buf[i]`, then every key
 * of `absent` gets null, in that order. Copying one prepared shape keeps every record of a sheet on
 * one hidden class, which is most of what makes reading 100k rows cheap; no code is made from text,
 * so it runs the same in Workers, under a page's CSP and in node.
 * `site`: which copying function to use; give each sheet its own (its index in SHEETS).
 */
export function recordMaker(keys: readonly string[], absent: readonly string[], site = 0): RecordMaker {
  // JSON.parse (data, not code) makes an object whose every property is stored inside it, where an
  // object built key by key keeps only the first four there and the rest in a second allocation:
  // one object per record instead of two halves the reader's garbage. Every key is an own
  // property, __proto__ included, as a JSON object's keys are.
  const shape = JSON.parse('{' + [...keys, ...absent].map((k) => JSON.stringify(k) + ':null').join(',') + '}') as Record<string, unknown>;
  const n = keys.length;
  const clone = CLONES[site % CLONES.length];
  return (buf) => {
    const o = clone(shape);
    for (let i = 0; i < n; i++) o[keys[i]] = buf[i];
    return o;
  };
}

// ---- the workbook ---------------------------------------------------------------------------

/** What reading a table's cells fills in: per row and per column. */
class TableCells {
  readonly rowNumbers: Int32Array;
  readonly src: Int32Array;
  readonly hasErrors: Uint8Array;
  readonly outs: Int32Array[];
  /** (row index, column index) of every cell that raised an issue, in reading order. */
  readonly flagged: number[] = [];

  constructor(
    capacity: number,
    readonly readers: readonly ColumnReader[],
    /** Per column: its index in the input rows. */
    readonly index: Int32Array,
  ) {
    this.rowNumbers = new Int32Array(capacity);
    this.src = new Int32Array(capacity);
    this.hasErrors = new Uint8Array(capacity);
    this.outs = readers.map(() => new Int32Array(capacity));
  }
}

/**
 * The loop over every cell, kept apart from the setting up around it so that the optimising
 * compiler keeps its code from one sheet and one call to the next. Returns the number of rows read.
 */
function readCells(values: readonly (readonly CellValue[])[], from: number, originRow: number, cells: TableCells): number {
  const { readers, index, outs, rowNumbers, src, flagged } = cells;
  const ncol = readers.length;
  let n = 0;
  for (let i = from; i < values.length; i++) {
    const row = values[i];
    if (!Array.isArray(row)) continue;
    let blank = true;
    for (let ci = 0; ci < ncol; ci++) {
      if (!isEmpty(row[index[ci]])) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    const k = n++;
    rowNumbers[k] = originRow + i;
    src[k] = i;
    for (let ci = 0; ci < ncol; ci++) {
      const reader = readers[ci];
      const o = reader.classify(row[index[ci]]);
      outs[ci][k] = o;
      if (o < 0) continue;
      // Outcome 0 (empty) and the others carry a code only where something is wrong.
      if (reader.codes[o] !== null) flagged.push(k, ci);
    }
  }
  return n;
}

function readTableRows(loc: Located, lang: Lang, issues: Issue[], ctx: DateContext): SheetRead {
  const { def, input, originRow, originCol } = loc;
  const name = input.name;
  const columns: Record<string, number> = {};
  for (const [k, j] of loc.colIndex) columns[k] = originCol + j;
  const sheet: SheetRead = {
    key: def.key,
    name,
    headerRow: originRow + loc.headerIndex,
    columns,
    extraColumns: loc.extra.map((j) => originCol + j),
    lastColumn: originCol + loc.lastIndex,
    rows: [],
  };
  for (const d of loc.duplicates) {
    const col = originCol + d.index;
    issues.push(
      makeIssue(
        'header.duplicate_column',
        def.key,
        { column: loc.headerText.get(d.key) ?? columnLabel(def.key, d.key, lang), first: cellAddress(sheet.headerRow, originCol + d.first) },
        { sheetName: name, row: sheet.headerRow, col, column: d.key, cell: cellAddress(sheet.headerRow, col) },
      ),
    );
  }
  for (const c of def.columns) {
    if (c.required && !loc.colIndex.has(c.key)) {
      issues.push(
        makeIssue(
          'header.missing_column',
          def.key,
          { column: c[lang], sheetName: name },
          { sheetName: name, row: sheet.headerRow, column: c.key },
        ),
      );
    }
  }

  // Precomputed per column: its definition, index, reader and header text.
  const cols = def.columns
    .filter((c) => loc.colIndex.has(c.key))
    .map((c) => ({
      def: c,
      key: c.key,
      j: loc.colIndex.get(c.key)!,
      sheetCol: originCol + loc.colIndex.get(c.key)!,
      reader: new ColumnReader(c, ctx),
      header: loc.headerText.get(c.key) ?? c[lang],
    }));
  const absent = def.columns.filter((c) => !loc.colIndex.has(c.key)).map((c) => c.key);
  const values = input.values;
  const capacity = Math.max(0, values.length - loc.headerIndex - 1);
  const cells = new TableCells(capacity, cols.map((c) => c.reader), Int32Array.from(cols, (c) => c.j));
  const n = readCells(values, loc.headerIndex + 1, originRow, cells);
  // Issues in the order the cells were read (row by row, left to right).
  for (let f = 0; f < cells.flagged.length; f += 2) {
    const k = cells.flagged[f];
    const c = cols[cells.flagged[f + 1]];
    const sheetRow = cells.rowNumbers[k];
    const v = values[cells.src[k]][c.j];
    const code = c.reader.codes[cells.outs[cells.flagged[f + 1]][k]]!;
    const issue = makeIssue(code, def.key, cellIssueParams(code, c.def, c.header, v, lang, ctx), {
      sheetName: name,
      row: sheetRow,
      col: c.sheetCol,
      column: c.key,
      cell: cellAddress(sheetRow, c.sheetCol),
    });
    if (issue.severity === 'error') cells.hasErrors[k] = 1;
    issues.push(issue);
  }
  const { rowNumbers, src, hasErrors, outs } = cells;
  const table = new SheetTable(
    values,
    n,
    rowNumbers,
    src,
    cols.map((c, ci) => ({ key: c.key, def: c.def, j: c.j, out: outs[ci], outcomes: c.reader.outcomes })),
    hasErrors,
    recordMaker(cols.map((c) => c.key), absent, SHEET_INDEX.get(def.key)),
  );
  return tableSheet(sheet, table);
}

/** The sheet with its rows made from the table when first asked for; the table itself is not enumerable (JSON of a read shows rows). */
function tableSheet(sheet: SheetRead, table: SheetTable): SheetRead {
  const out = sheet;
  Object.defineProperty(out, 'rows', { get: () => table.rows(), enumerable: true, configurable: true });
  Object.defineProperty(out, 'table', { value: table, enumerable: false });
  return out;
}

export function readWorkbook(input: WorkbookInput, opts: { bureauRules?: Partial<Rules> } = {}): WorkbookRead {
  const issues: Issue[] = [];
  const rules = mergeRules(opts.bureauRules);
  const sheets: Partial<Record<SheetKey, SheetRead>> = {};
  const firstName = new Map<SheetKey, string>();
  const tables: Located[] = [];
  let program: ProgramRead | null = null;

  for (const si of Array.isArray(input?.sheets) ? input.sheets : []) {
    if (!si || typeof si.name !== 'string') continue;
    const key = sheetKeyOf(si.name);
    if (!key) continue;
    if (firstName.has(key)) {
      issues.push(makeIssue('sheet.duplicate', key, { name: si.name, first: firstName.get(key)! }, { sheetName: si.name }));
      continue;
    }
    firstName.set(key, si.name);
    const def = SHEET_BY_KEY[key];
    if (def.kind === 'keyvalue') program = locateProgram(si);
    else tables.push(locateTable(def, si));
  }

  // The workbook's language is the one most of its headers are written in; ties go to Chinese.
  let zh = program?.zh ?? 0;
  let en = program?.en ?? 0;
  for (const t of tables) {
    zh += t.zh;
    en += t.en;
  }
  const lang: Lang = en > zh ? 'en' : 'zh';

  const info: ProgramInfo = program?.info ?? {
    school_code: null,
    school_name: null,
    county: null,
    town: null,
    school_level: null,
    term: null,
  };
  if (!program) {
    issues.push(makeIssue('sheet.missing_program', 'program', {}));
  } else {
    const values: Record<string, unknown> = {};
    const raw: Record<string, CellValue> = {};
    let hasErrors = false;
    for (const p of program.pending) {
      const { value, code } = readCell({ ...p.def, required: false }, p.v);
      values[p.def.key] = value;
      raw[p.def.key] = p.v;
      (info as unknown as Record<string, unknown>)[p.def.key] = value;
      if (code) {
        const issue = makeIssue(code, 'program', cellIssueParams(code, p.def, p.label, p.v, lang), {
          sheetName: program.sheet.name,
          row: p.row,
          col: p.col,
          column: p.def.key,
          cell: cellAddress(p.row, p.col),
        });
        if (issue.severity === 'error') hasErrors = true;
        issues.push(issue);
      }
    }
    const first = program.pending[0];
    if (first) program.sheet.rows.push({ row: first.row, values, raw, hasErrors });
    sheets.program = program.sheet;
    if (!info.school_code) {
      const at = program.sheet.fields?.school_code;
      issues.push(
        makeIssue('program.school_code_missing', 'program', {}, {
          sheetName: program.sheet.name,
          ...(at ? { row: at.row, col: at.col, cell: cellAddress(at.row, at.col) } : {}),
          column: 'school_code',
        }),
      );
    }
    if (!info.term) issues.push(makeIssue('program.term_missing', 'program', {}, { sheetName: program.sheet.name, column: 'term' }));
  }

  for (const t of tables) {
    if (t.headerIndex < 0) {
      if (t.def.key !== 'rules' && sheetHasContent(t.input)) {
        const cols = t.def.columns.slice(0, 3).map((c) => c[lang]).join(lang === 'zh' ? '、' : ', ');
        issues.push(makeIssue('header.not_found', t.def.key, { sheetName: t.input.name, columns: cols }, { sheetName: t.input.name }));
      }
      if (t.def.key === 'rules') {
        // A Rules sheet without headers is still two columns: rule, value.
        t.headerIndex = -1;
        t.colIndex.set('rule', 0);
        t.colIndex.set('value', 1);
        t.lastIndex = 1;
      } else {
        sheets[t.def.key] = {
          key: t.def.key,
          name: t.input.name,
          headerRow: 0,
          columns: {},
          extraColumns: [],
          lastColumn: 0,
          rows: [],
        };
        continue;
      }
    }
    sheets[t.def.key] = readTableRows(t, lang, issues, { termId: info.term });
  }
  if (sheets.rules) readRulesSheet(sheets.rules, lang, rules, issues);

  return { lang, sheets, program: info, rules, issues };
}

// One reader and one table's cells kept, so that their hidden classes outlive every check (see shapes.ts).
keepShape(new ColumnReader(SHEET_BY_KEY.schedule.columns[0]));
keepShape(new TableCells(0, [], new Int32Array(0)));
