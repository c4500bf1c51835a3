/**
 * Readers of the typed values people type into cells. Each returns a `Read` and never throws:
 * a cell can hold anything (numbers, Dates, Excel error strings, any Unicode), and a failure must
 * become a located issue, not a crash. `expected` is a key of EXPECTED in core/messages.ts.
 */
import type { CellValue, IssueCode } from './types';
import { ENUMS, YES_NO } from './template';
import { nfkc, normalizeLabel } from './normalize';
import { MAX_DATE_TEXT, scanDate, weekdayOf, type DateContext } from './date-text';
import { MAX_TERM_TEXT, scanTerm } from './term-text';
import { chineseNumeral, isNumeralChar } from './numerals';
import { ambiguousForms, labelCandidates } from './enum-text';

export type { DateContext } from './date-text';

/**
 * A failed read says what was expected; `code` and `params`, when present, name a more precise issue
 * than "not the expected form" (an ambiguous form and what it could be, a weekday that is not the date's).
 */
export type Read<T> = { ok: true; value: T } | { ok: false; expected: string; code?: IssueCode; params?: Record<string, string | number> };

export type ExpectedKey = 'date' | 'int' | 'number' | 'yesno' | 'enum' | 'enum_list' | 'term' | 'text';

/**
 * The trimmed text of a short form (a date, number, term, yes/no), or null when it is longer than
 * any such form can be: a 100 KB cell is refused in one pass, before any pattern sees it.
 */
function shortText(v: string, max: number): string | null {
  // trim() is linear; a form is refused on its length before NFKC (which never shortens it by more than it lengthens).
  const t = v.trim();
  if (t.length > max) return null;
  return nfkc(t).trim();
}

const NULL: { ok: true; value: null } = { ok: true, value: null };
const fail = (expected: ExpectedKey): { ok: false; expected: string } => ({ ok: false, expected });

/**
 * Excel's error values, as Office.js `range.values` and the xlsx readers give them: a cell holding
 * one (a formula that failed, #N/A typed in) has no value a person meant. All start with '#'.
 */
export const EXCEL_ERRORS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
  '#EXTERNAL!',
  '#PYTHON!',
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

const WEEKDAY_NAMES = {
  zh: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/**
 * A date: an Excel serial, a Date, or text (core/date-text.ts: y-m-d with -, /, . or 年月日, a weekday
 * or time after it, or 月日 without a year, which takes its year from `ctx.termId`).
 */
export function readDate(v: CellValue, ctx?: DateContext): Read<string | null> {
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
  const s = shortText(v, MAX_DATE_TEXT);
  if (s === null) return fail('date');
  const r = scanDate(s, ctx);
  if (!r.ok) return r.why === 'no_year' ? { ok: false, expected: 'date', code: 'cell.date_no_year' } : fail('date');
  const iso = isoOf(r.y, r.m, r.d);
  if (!iso) {
    // A month and day that exist, but not together (11-31, 02-30): say so, not "wrong format".
    return r.m >= 1 && r.m <= 12 && r.d >= 1 && r.d <= 31 && r.y >= MIN_YEAR && r.y <= MAX_YEAR
      ? { ok: false, expected: 'date', code: 'cell.date_no_such_day', params: { month: r.m, day: r.d, days: daysInMonth(r.y, r.m) } }
      : fail('date');
  }
  if (r.weekday !== null && weekdayOf(iso) !== r.weekday) {
    const w = weekdayOf(iso);
    return {
      ok: false,
      expected: 'date',
      code: 'cell.date_weekday',
      params: { date: iso, weekday_zh: WEEKDAY_NAMES.zh[w], weekday_en: WEEKDAY_NAMES.en[w] },
    };
  }
  return { ok: true, value: iso };
}

// ---- numbers -------------------------------------------------------------------------------

/** Units people write after a count or an amount; anything else after a number is not a number. */
const UNITS = new Set([
  '节',
  '次',
  '人',
  '元',
  '个',
  '篇',
  '份',
  '名',
  '位',
  '场',
  '年',
  '课时',
  '节课',
  '堂',
  '天',
  '件',
  '套',
  '本',
  '册',
  '所',
  '人次',
  '课',
  '块',
  '台',
  '箱',
  '周',
  '岁',
  'yuan',
  'rmb',
  'cny',
  'times',
  'people',
  'persons',
  'lessons',
  'classes',
  'years',
]);
const NUMBER_TEXT = /^[¥$]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(\D{0,8})$/;
/** Longest number text read: `¥ 100,000,000.00 元` is 18 characters; a count has at most a few digits. */
const MAX_NUMBER_TEXT = 40;

/** A count in Chinese numerals with an optional unit (`二十节`, `两`, `一百二十人`); null when it is not one. */
function chineseCount(s: string): number | null {
  let i = 0;
  while (i < s.length && isNumeralChar(s[i])) i++;
  if (i === 0) return null;
  const n = chineseNumeral(s.slice(0, i));
  const unit = s.slice(i).trim().toLowerCase();
  return n !== null && (unit === '' || UNITS.has(unit)) ? n : null;
}

function readNonNegative(v: CellValue, integer: boolean): Read<number | null> {
  const expected: ExpectedKey = integer ? 'int' : 'number';
  if (isEmpty(v)) return NULL;
  let n: number;
  if (typeof v === 'number') {
    n = v;
  } else if (typeof v === 'string') {
    const s = shortText(v, MAX_NUMBER_TEXT);
    if (s === null) return fail(expected);
    const m = NUMBER_TEXT.exec(s);
    if (!m) {
      const c = chineseCount(s);
      return c === null ? fail(expected) : { ok: true, value: c };
    }
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
/** Done / not done (DOMAIN "Yes/no as done/not done"): 已提交/未提交, 已交/未交, 已检查/未检查, 已制定/未制定, 已完成/未完成. */
const DONE_VERBS = ['提交', '交', '检查', '制定', '完成'];
export const YES_FORMS: readonly string[] = [...YES_NO.yes, '是的', '有', ...DONE_VERBS.map((w) => '已' + w)];
export const NO_FORMS: readonly string[] = [...YES_NO.no, '无', '没有', ...DONE_VERBS.map((w) => '未' + w)];
/** Longest yes/no form: `false`, `没有`, `已检查`. */
const MAX_YESNO_TEXT = 16;
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
  const t = v.trim();
  if (t.length > MAX_YESNO_TEXT) return fail('yesno');
  const k = normalizeLabel(t);
  if (YES.has(k)) return { ok: true, value: true };
  if (NO.has(k)) return { ok: true, value: false };
  return fail('yesno');
}

// ---- enums ---------------------------------------------------------------------------------

const enumMaps = new Map<string, Map<string, string>>();

/** normalised label (code, zh, en, alias) -> code, built once per enum. */
function enumLookup(enumKey: string): Map<string, string> {
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
  const lookup = enumLookup(enumKey);
  const key = normalizeLabel(text);
  const code = lookup.get(key);
  if (code !== undefined) return { ok: true, value: code };
  const forms = ambiguousForms(enumKey, key);
  if (forms) return { ok: false, expected: 'enum', code: 'cell.ambiguous', params: { forms: forms.join(','), enum: enumKey } };
  // 示范课（语文）, 名师讲座：…, 送教下乡活动: the label before its detail.
  for (const label of labelCandidates(enumKey, text)) {
    const c = lookup.get(label);
    if (c !== undefined) return { ok: true, value: c };
  }
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

/** A term (core/term-text.ts); a form that could be two terms (`2026年第一学期`) is an error naming both. */
export function readTerm(v: CellValue): Read<string | null> {
  if (isEmpty(v)) return NULL;
  if (typeof v !== 'string') return fail('term');
  const s = shortText(v, MAX_TERM_TEXT);
  if (s === null) return fail('term');
  const r = scanTerm(s);
  if (r.ok) return r;
  if (r.forms) return { ok: false, expected: 'term', code: 'cell.ambiguous', params: { forms: r.forms.join(', ') } };
  return fail('term');
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
