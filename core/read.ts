/**
 * Reading a workbook: find each sheet by name, its header row and columns, and type every cell.
 * Everything a person could have typed wrong becomes a located issue; nothing throws.
 */
import type { CellValue, Issue, Lang, WorkbookInput, SheetInput } from './types';
import { DEFAULT_RULES, RULE_DESCRIPTIONS, type RuleKey, type Rules } from './rules';
import { SHEETS, SHEET_BY_KEY, type ColumnDef, type SheetDef, type SheetKey } from './template';
import { cellAddress, normalizeLabel } from './normalize';
import {
  displayValue,
  isEmpty,
  isEnumCode,
  readDate,
  readEnum,
  readEnumList,
  readInt,
  readNumber,
  readTerm,
  readText,
  readYesNo,
  type Read,
} from './values';
import { allowedLabels, makeIssue } from './messages';
import { parseMonthDay } from './term';

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

const REQUIRED_MARK = /[*＊]+$/;

/** The column a header cell names, if any. A trailing * (required mark) is ignored. */
function matchHeader(sheet: SheetKey, v: CellValue): HeaderLabel | undefined {
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  return HEADER_LABELS.get(sheet)!.get(normalizeLabel(v).replace(REQUIRED_MARK, ''));
}

export function sheetKeyOf(name: string): SheetKey | undefined {
  return SHEET_NAMES.get(normalizeLabel(name));
}

export function columnLabel(sheet: SheetKey, columnKey: string, lang: Lang): string {
  const c = COLUMN_BY_KEY.get(sheet)?.get(columnKey);
  return c ? c[lang] : columnKey;
}

// ---- reading one cell -----------------------------------------------------------------------

export function readCellValue(col: ColumnDef, v: CellValue): Read<unknown> {
  switch (col.type) {
    case 'date':
      return readDate(v);
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

type CellOutcome = { value: unknown; code: string | null };

/** Memo entries per column at most: beyond this a column is mostly unique values, not worth keeping. */
const MEMO_LIMIT = 20_000;

/**
 * Whether String.prototype.trim would leave `c` at an end of a string: printable ASCII, CJK and
 * full-width forms are never white space. Anything else is left to the full reader.
 */
function solidChar(c: number): boolean {
  return (c > 0x20 && c < 0x7f) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xff01 && c <= 0xff5e);
}

/**
 * Reads a column's cells: `read` returns the typed value and leaves the issue code, if any, in
 * `code`. The readers in values.ts are the definition; the shortcuts here give the same result for
 * the common cells without building a Read per cell: text with nothing to trim, whole numbers in
 * an int column, and a memo for the strings and numbers a column repeats (types, statuses, dates).
 */
export class ColumnReader {
  /** Issue code of the last read cell; null when it read cleanly. */
  code: string | null = null;
  private memo = new Map<string | number, CellOutcome>();
  /** Free text and ids are mostly unique and cheap to read: a memo would only cost. */
  private readonly textual: boolean;
  private readonly empty: CellOutcome;
  private readonly failed: CellOutcome;

  constructor(readonly def: ColumnDef) {
    this.textual = def.type === 'text' || def.type === 'id' || def.type === 'ref';
    this.empty = { value: null, code: def.required ? 'cell.required' : null };
    this.failed = { value: null, code: def.type === 'enum' || def.type === 'enum_list' ? 'cell.enum' : 'cell.type' };
  }

  read(v: CellValue): unknown {
    if (typeof v === 'string') {
      if (this.textual) {
        if (v.length > 0 && solidChar(v.charCodeAt(0)) && solidChar(v.charCodeAt(v.length - 1))) {
          this.code = null;
          return v;
        }
        return this.take(this.compute(v));
      }
      return this.take(this.memoised(v));
    }
    if (typeof v === 'number') {
      const t = this.def.type;
      if ((t === 'int' ? Number.isSafeInteger(v) : t === 'number' && Number.isFinite(v)) && v >= 0) {
        this.code = null;
        // -0 reads as 0, as in readNonNegative.
        return v === 0 ? 0 : v;
      }
      return this.take(this.textual ? this.compute(v) : this.memoised(v));
    }
    return this.take(this.compute(v));
  }

  private take(out: CellOutcome): unknown {
    this.code = out.code;
    return out.value;
  }

  private memoised(v: string | number): CellOutcome {
    const hit = this.memo.get(v);
    if (hit !== undefined) return hit;
    const out = this.compute(v);
    if (this.memo.size < MEMO_LIMIT) this.memo.set(v, out);
    return out;
  }

  private compute(v: CellValue): CellOutcome {
    const r = readCellValue(this.def, v);
    if (!r.ok) return this.failed;
    if (r.value === null) return this.empty;
    if (this.def.type === 'enum' && this.def.enum && !isEnumCode(this.def.enum, r.value)) {
      return { value: r.value, code: 'cell.enum_open' };
    }
    return { value: r.value, code: null };
  }
}

function cellIssueParams(
  code: string,
  def: ColumnDef,
  header: string,
  v: CellValue,
  lang: Lang,
): Record<string, string | number> {
  const params: Record<string, string | number> = { column: header };
  if (code === 'cell.required') return params;
  params.value = displayValue(v);
  if (code === 'cell.type') {
    const r = readCellValue(def, v);
    params.expected = r.ok ? def.type : r.expected;
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
): { values: Record<string, unknown>; issues: Issue[] } {
  const def = SHEET_BY_KEY[sheet];
  const values: Record<string, unknown> = {};
  const issues: Issue[] = [];
  if (!def) return { values, issues };
  for (const c of def.columns) {
    const v = raw?.[c.key];
    const reader = new ColumnReader(c);
    values[c.key] = reader.read(v);
    const code = reader.code;
    if (code) issues.push(makeIssue(code, sheet, cellIssueParams(code, c, c[lang], v, lang), { column: c.key }));
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
const RULE_NAMES = new Map<string, RuleKey>();
for (const k of RULE_KEYS) {
  RULE_NAMES.set(normalizeLabel(k), k);
  RULE_NAMES.set(normalizeLabel(RULE_DESCRIPTIONS[k].zh), k);
  RULE_NAMES.set(normalizeLabel(RULE_DESCRIPTIONS[k].en), k);
}
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
    const s = typeof v === 'string' ? v.normalize('NFKC').trim().replace(/[/.月]/g, '-').replace(/日$/, '') : '';
    const md = parseMonthDay(s);
    return md ? { ok: true, value: `${pad2(md.month)}-${pad2(md.day)}` } : { ok: false, expected: 'month_day' };
  }
  const r = readInt(v);
  if (!r.ok) return POSITIVE_RULES.has(key) ? { ok: false, expected: 'positive_int' } : r;
  if (POSITIVE_RULES.has(key) && r.value === 0) return { ok: false, expected: 'positive_int' };
  return r;
}

export function mergeRules(bureau?: Partial<Rules>): Rules {
  const out: Rules = { ...DEFAULT_RULES };
  if (!bureau) return out;
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
    const r = readRuleValue(key, raw);
    if (!r.ok) {
      issues.push(
        makeIssue(
          'rules.bad_value',
          'rules',
          { rule: lang === 'zh' ? RULE_DESCRIPTIONS[key].zh : key, value: displayValue(raw), expected: r.expected },
          { sheetName: sheet.name, row: tr.row, col: valueCol, column: 'value', cell: cellAddress(tr.row, valueCol) },
        ),
      );
      tr.hasErrors = true;
      continue;
    }
    if (r.value !== null) (rules as unknown as Record<string, unknown>)[key] = r.value;
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

/** What the rows of one table share to build their raw records when asked: index into the input row per key. */
interface RawSource {
  readonly index: readonly number[];
  readonly make: RecordMaker;
}

/**
 * A row read from a sheet. `raw` (the cells as typed, by column key) is wanted by few callers (fills,
 * the sync, unreadable-cell tests), so it is built from the sheet's input row on first access and
 * kept: not allocating a second record per row saves a third of the reader's allocation, and with
 * it much of the garbage collector's time on 100k rows. The input row is not copied, so a caller
 * must not change the input's cells while it still wants `raw` of a read made from them.
 */
class SheetRow implements TypedRow {
  private built: Record<string, CellValue> | null = null;

  constructor(
    public row: number,
    public values: Record<string, unknown>,
    public hasErrors: boolean,
    private readonly cells: readonly CellValue[],
    private readonly source: RawSource,
  ) {}

  get raw(): Record<string, CellValue> {
    if (this.built === null) {
      const { index, make } = this.source;
      const buf = new Array<CellValue>(index.length);
      for (let i = 0; i < index.length; i++) buf[i] = this.cells[index[i]];
      this.built = make(buf) as Record<string, CellValue>;
    }
    return this.built;
  }

  set raw(r: Record<string, CellValue>) {
    this.built = r;
  }

  /** The plain TypedRow, so that JSON of a read (tests, hashes, the add-in's messages) shows raw. */
  toJSON(): TypedRow {
    return { row: this.row, values: this.values, raw: this.raw, hasErrors: this.hasErrors };
  }
}

// ---- the workbook ---------------------------------------------------------------------------

function readTableRows(loc: Located, lang: Lang, issues: Issue[]): SheetRead {
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

  // Precomputed per column: its definition, index, memoising reader and header text.
  const cols = def.columns
    .filter((c) => loc.colIndex.has(c.key))
    .map((c) => ({
      def: c,
      key: c.key,
      j: loc.colIndex.get(c.key)!,
      sheetCol: originCol + loc.colIndex.get(c.key)!,
      reader: new ColumnReader(c),
      header: loc.headerText.get(c.key) ?? c[lang],
    }));
  const absent = def.columns.filter((c) => !loc.colIndex.has(c.key)).map((c) => c.key);
  const n = cols.length;
  // Each row's typed cells go into one reused buffer, from which its record is made in one step.
  const makeRecord = recordMaker(cols.map((c) => c.key), absent, SHEET_INDEX.get(def.key));
  const typedBuf: unknown[] = new Array<unknown>(n).fill(null);
  const rawSource: RawSource = { index: cols.map((c) => c.j), make: makeRecord };
  const values = input.values;
  for (let i = loc.headerIndex + 1; i < values.length; i++) {
    const row = values[i];
    if (!Array.isArray(row)) continue;
    let blank = true;
    for (let ci = 0; ci < n; ci++) {
      if (!isEmpty(row[cols[ci].j])) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    const sheetRow = originRow + i;
    let hasErrors = false;
    for (let ci = 0; ci < n; ci++) {
      const c = cols[ci];
      const v = row[c.j];
      typedBuf[ci] = c.reader.read(v);
      const code = c.reader.code;
      if (code !== null) {
        const issue = makeIssue(code, def.key, cellIssueParams(code, c.def, c.header, v, lang), {
          sheetName: name,
          row: sheetRow,
          col: c.sheetCol,
          column: c.key,
          cell: cellAddress(sheetRow, c.sheetCol),
        });
        if (issue.severity === 'error') hasErrors = true;
        issues.push(issue);
      }
    }
    sheet.rows.push(new SheetRow(sheetRow, makeRecord(typedBuf), hasErrors, row, rawSource));
  }
  return sheet;
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
      const reader = new ColumnReader({ ...p.def, required: false });
      const value = reader.read(p.v);
      const code = reader.code;
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
    sheets[t.def.key] = readTableRows(t, lang, issues);
  }
  if (sheets.rules) readRulesSheet(sheets.rules, lang, rules, issues);

  return { lang, sheets, program: info, rules, issues };
}
