/**
 * Readers of the typed values people type into cells. Each returns a `Read` and never throws:
 * a cell can hold anything (numbers, Dates, Excel error strings, any Unicode), and a failure must
 * become a located issue, not a crash. `expected` is a key of EXPECTED in core/messages.ts.
 */
import type { CellValue } from './types';
import { ENUMS, YES_NO } from './template';
import { nfkc, normalizeLabel } from './normalize';

export type Read<T> = { ok: true; value: T } | { ok: false; expected: string };

export type ExpectedKey = 'date' | 'int' | 'number' | 'yesno' | 'enum' | 'enum_list' | 'term' | 'text';

const NULL: { ok: true; value: null } = { ok: true, value: null };
const fail = (expected: ExpectedKey): { ok: false; expected: string } => ({ ok: false, expected });

/**
 * Excel's error values, as Office.js `range.values` and the xlsx readers give them: a cell holding
 * one (a formula that failed, #N/A typed in) has no value a person meant. All start with '#'.
 */
export const EXCEL_ERRORS: ReadonlySet<string> = new Set([
  '#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA',
  '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#EXTERNAL!', '#PYTHON!',
]);

/** Whether a cell holds an Excel error value (cheap for anything not starting with '#'). */
export function isExcelError(v: CellValue | unknown): v is string {
  return typeof v === 'string' && v.charCodeAt(0) === 35 && EXCEL_ERRORS.has(v);
}

export function isEmpty(v: CellValue | unknown): boolean {
  if (v === null || v === undefined) return true;
  // trim() also strips U+3000 (ideographic space) and other Unicode spaces.
  if (typeof v === 'string') return v.trim() === '';
  return false;
}

// ---- dates ---------------------------------------------------------------------------------

const MIN_YEAR = 1900;
const MAX_YEAR = 9999;
/** Excel's 1900 system: serial 1 is 1900-01-01; 2958465 is 9999-12-31. */
const MAX_SERIAL = 2958465;
const DAY_MS = 86_400_000;
/** 1899-12-30: serials above 60 count from here, because Excel keeps the fictitious 1900-02-29. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

function isoOf(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** ISO date of an Excel serial (time of day dropped). */
export function serialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) return null;
  const whole = Math.floor(serial);
  // Serial 60 is Excel's 1900-02-29, which never existed.
  if (whole === 60) return null;
  const ms = whole < 60 ? EXCEL_EPOCH + (whole + 1) * DAY_MS : EXCEL_EPOCH + whole * DAY_MS;
  const dt = new Date(ms);
  return isoOf(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/** Excel serial of an ISO date (inverse of serialToIso for dates after 1900-03-01). */
export function isoToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / DAY_MS);
}

// y-m-d with -, /, ., or 年月日, optionally followed by a time ("2026-09-01 00:00:00", ISO "T...").
const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function readDate(v: CellValue): Read<string | null> {
  if (isEmpty(v)) return NULL;
  if (typeof v === 'number') {
    const iso = serialToIso(v);
    return iso ? { ok: true, value: iso } : fail('date');
  }
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) return fail('date');
    // ExcelJS hands dates as UTC midnight; the UTC calendar day is the one typed.
    const iso = isoOf(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    return iso ? { ok: true, value: iso } : fail('date');
  }
  if (typeof v !== 'string') return fail('date');
  const s = nfkc(v).trim();
  const m = DATE_TEXT.exec(s);
  if (!m) return fail('date');
  const iso = isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  return iso ? { ok: true, value: iso } : fail('date');
}

// ---- numbers -------------------------------------------------------------------------------

/** Units people write after a count or an amount; anything else after a number is not a number. */
const UNITS = new Set([
  '节', '次', '人', '元', '个', '篇', '份', '名', '位', '场', '年', '课时', '节课', '堂', '天', '件', '套',
  '本', '册', '所', '人次', '课', '块', '台', '箱', '周', '岁', 'yuan', 'rmb', 'cny', 'times', 'people',
  'persons', 'lessons', 'classes', 'years',
]);
const NUMBER_TEXT = /^[¥$]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(\D{0,8})$/;

function readNonNegative(v: CellValue, integer: boolean): Read<number | null> {
  const expected: ExpectedKey = integer ? 'int' : 'number';
  if (isEmpty(v)) return NULL;
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string') {
    const s = nfkc(v).trim();
    const m = NUMBER_TEXT.exec(s);
    if (!m) return fail(expected);
    const unit = m[3].trim().toLowerCase();
    if (unit !== '' && !UNITS.has(unit)) return fail(expected);
    n = Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
  } else {
    return fail(expected);
  }
  if (!Number.isFinite(n) || n < 0) return fail(expected);
  if (integer && !Number.isSafeInteger(n)) return fail(expected);
  // -0 reads as 0 so that output is a plain non-negative number.
  return { ok: true, value: n === 0 ? 0 : n };
}

export function readInt(v: CellValue): Read<number | null> {
  return readNonNegative(v, true);
}

export function readNumber(v: CellValue): Read<number | null> {
  return readNonNegative(v, false);
}

// ---- yes/no --------------------------------------------------------------------------------

/**
 * Every form read as yes or as no (compared after normalizeLabel); EXPECTED.yesno lists them.
 * Forms that read either way are errors: x/X (a cross often means ticked), ok.
 */
export const YES_FORMS: readonly string[] = [...YES_NO.yes, '是的', '有'];
export const NO_FORMS: readonly string[] = [...YES_NO.no, '无', '没有'];
const YES = new Set(YES_FORMS.map(normalizeLabel));
const NO = new Set(NO_FORMS.map(normalizeLabel));

export function readYesNo(v: CellValue): Read<boolean | null> {
  if (isEmpty(v)) return NULL;
  if (typeof v === 'boolean') return { ok: true, value: v };
  if (typeof v === 'number') {
    if (v === 1) return { ok: true, value: true };
    if (v === 0) return { ok: true, value: false };
    return fail('yesno');
  }
  if (typeof v !== 'string') return fail('yesno');
  const k = normalizeLabel(v);
  if (YES.has(k)) return { ok: true, value: true };
  if (NO.has(k)) return { ok: true, value: false };
  return fail('yesno');
}

// ---- enums ---------------------------------------------------------------------------------

const enumMaps = new Map<string, Map<string, string>>();

/** normalised label (code, zh, en, alias) -> code, built once per enum. */
export function enumLookup(enumKey: string): Map<string, string> {
  let m = enumMaps.get(enumKey);
  if (m) return m;
  m = new Map();
  const def = ENUMS[enumKey];
  if (def) {
    for (const ev of def.values) {
      for (const label of [ev.code, ev.zh, ev.en, ...(ev.aliases ?? [])]) {
        const k = normalizeLabel(label);
        if (!m.has(k)) m.set(k, ev.code);
      }
    }
  }
  enumMaps.set(enumKey, m);
  return m;
}

const enumCodeSets = new Map<string, Set<string>>();
/** Whether `value` is one of the enum's codes (an open enum may hold other text). */
export function isEnumCode(enumKey: string, value: unknown): boolean {
  let s = enumCodeSets.get(enumKey);
  if (!s) {
    s = new Set((ENUMS[enumKey]?.values ?? []).map((x) => x.code));
    enumCodeSets.set(enumKey, s);
  }
  return typeof value === 'string' && s.has(value);
}

export function readEnum(enumKey: string, v: CellValue): Read<string | null> {
  if (isEmpty(v)) return NULL;
  const text = textOf(v);
  if (text === null) return fail('enum');
  const code = enumLookup(enumKey).get(normalizeLabel(text));
  if (code !== undefined) return { ok: true, value: code };
  if (ENUMS[enumKey]?.open) return { ok: true, value: text };
  return fail('enum');
}

const LIST_SEPARATORS = /[、,，;；]/;

export function readEnumList(enumKey: string, v: CellValue): Read<string[] | null> {
  if (isEmpty(v)) return NULL;
  const text = textOf(v);
  if (text === null) return fail('enum_list');
  const out: string[] = [];
  for (const part of text.split(LIST_SEPARATORS)) {
    if (part.trim() === '') continue;
    const r = readEnum(enumKey, part);
    if (!r.ok || r.value === null) return fail('enum_list');
    if (!out.includes(r.value)) out.push(r.value);
  }
  return out.length === 0 ? NULL : { ok: true, value: out };
}

// ---- terms ---------------------------------------------------------------------------------

const TERM_TEXT = /^(\d{4})\s*[-/~—–至到]\s*(\d{4})\s*(?:学年)?\s*(?:[-/.]|第|term|semester|s|t)?\s*([12一二上下])\s*(?:学期)?$/i;
const TERM_NUMBER: Record<string, number> = { '1': 1, '2': 2, 一: 1, 二: 2, 上: 1, 下: 2 };

export function readTerm(v: CellValue): Read<string | null> {
  if (isEmpty(v)) return NULL;
  if (typeof v !== 'string') return fail('term');
  const s = nfkc(v).trim();
  const m = TERM_TEXT.exec(s);
  if (!m) return fail('term');
  const y1 = Number(m[1]);
  const y2 = Number(m[2]);
  if (y2 !== y1 + 1 || y1 < MIN_YEAR || y2 > MAX_YEAR) return fail('term');
  return { ok: true, value: `${y1}-${y2}-${TERM_NUMBER[m[3]]}` };
}

// ---- text ----------------------------------------------------------------------------------

function textOf(v: CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const r = readDate(v);
    return r.ok ? r.value : null;
  }
  return null;
}

/** Trimmed text; an id typed as a number (1001) becomes "1001". */
export function readText(v: CellValue): Read<string | null> {
  if (isEmpty(v)) return NULL;
  const t = textOf(v);
  return t === null ? fail('text') : { ok: true, value: t };
}

/** Show a raw value in a message: strings as typed, Dates as ISO, others by String(). */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString().slice(0, 10);
  const s = String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}
