/**
 * Dates typed as text, read by one pass over the characters (no pattern: a cell can hold 100 KB):
 * `2026-09-01`, `2026/9/1`, `2026.9.1`, `2026年9月1日`, and what schools add after a date, a weekday
 * or a time (`2026年9月8日（星期二）`, `9月8日周二`, `2026-10-13 14:30`, `2026.10.27 下午`), and month-day
 * dates without a year (`9月22日`), whose year comes from the Program's term (DOMAIN "Dates").
 * The caller hands NFKC text, trimmed, at most MAX_DATE_TEXT long.
 */

/** Longest date text read: `2026年10月13日（星期二）下午 14:30:00.000+08:00` is 38 characters. */
export const MAX_DATE_TEXT = 64;

/** What a date is read against: the Program's term, which gives a year to `9月22日`. */
export interface DateContext {
  termId?: string | null;
}

export type DateTextRead = { ok: true; y: number; m: number; d: number; weekday: number | null } | { ok: false; why: 'form' | 'no_year' };

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
const WEEKDAY: Record<string, number> = { 日: 0, 天: 0, 七: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const WEEKDAY_PREFIXES = ['星期', '礼拜', '周'];
const PERIODS = ['上午', '下午', '中午', '晚上', '早上', '傍晚', '凌晨', '全天'];

class Scanner {
  i = 0;
  constructor(readonly s: string) {}
  get done() {
    return this.i >= this.s.length;
  }
  spaces(): number {
    const start = this.i;
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
    return this.i - start;
  }
  /** The digits at the cursor, as [value, how many]; at most `max` of them are taken. */
  digits(max: number): [number, number] {
    const start = this.i;
    while (this.i < this.s.length && isDigit(this.s.charCodeAt(this.i))) this.i++;
    const n = this.i - start;
    if (n === 0 || n > max) return [NaN, n];
    return [Number(this.s.slice(start, this.i)), n];
  }
  eat(chars: string): string | null {
    const c = this.s[this.i];
    if (c !== undefined && chars.includes(c)) {
      this.i++;
      return c;
    }
    return null;
  }
  word(words: readonly string[]): string | null {
    for (const w of words) {
      if (this.s.startsWith(w, this.i)) {
        this.i += w.length;
        return w;
      }
    }
    return null;
  }
}

/** The weekday at the cursor (`(星期二)`, `周二`, `礼拜天`), or -1 when there is none (cursor unmoved). */
function weekday(sc: Scanner): number {
  const start = sc.i;
  const open = sc.eat('(');
  if (open) sc.spaces();
  if (sc.word(WEEKDAY_PREFIXES) === null) {
    sc.i = start;
    return -1;
  }
  const day = WEEKDAY[sc.s[sc.i] ?? ''];
  if (day === undefined) {
    sc.i = start;
    return -1;
  }
  sc.i++;
  if (open) {
    sc.spaces();
    if (!sc.eat(')')) {
      sc.i = start;
      return -1;
    }
  }
  return day;
}

/** A clock time at the cursor (`14:30`, `14:30:00.000`, ISO's `T14:30:00Z`); false when none (unmoved). */
function clock(sc: Scanner): boolean {
  const start = sc.i;
  const [h, hn] = sc.digits(2);
  if (hn === 0 || Number.isNaN(h) || h > 24 || !sc.eat(':')) return ((sc.i = start), false);
  const [min, mn] = sc.digits(2);
  if (mn !== 2 || min > 59) return ((sc.i = start), false);
  if (sc.eat(':')) {
    const [sec, sn] = sc.digits(2);
    if (sn !== 2 || sec > 60) return ((sc.i = start), false);
    if (sc.eat('.') && sc.digits(9)[1] === 0) return ((sc.i = start), false);
  }
  // A zone: Z or ±hh:mm / ±hhmm.
  if (sc.eat('Z')) return true;
  const zoneStart = sc.i;
  if (sc.eat('+-')) {
    const [, zh] = sc.digits(4);
    if (zh === 4) return true;
    if (zh === 2 && sc.eat(':') && sc.digits(2)[1] === 2) return true;
    sc.i = zoneStart;
  }
  return true;
}

/** Weekday, period of the day and clock after a date, each at most once, in any order. */
function tail(sc: Scanner): number | null | false {
  let day: number | null = null;
  let period = false;
  let time = false;
  while (!sc.done) {
    const spaced = sc.spaces() > 0;
    if (sc.done) break;
    const w: number = day === null ? weekday(sc) : -1;
    if (w >= 0) {
      day = w;
      continue;
    }
    if (!period && sc.word(PERIODS)) {
      period = true;
      continue;
    }
    // ISO's T joins date and time with no space.
    if (!time && !spaced && sc.s[sc.i] === 'T') {
      sc.i++;
      if (!clock(sc)) return false;
      time = true;
      continue;
    }
    if (!time && clock(sc)) {
      time = true;
      continue;
    }
    return false;
  }
  return day;
}

/** The year a month without one falls in: the one that puts it inside the term (term 1: Sep–Dec first year). */
function yearInTerm(month: number, ctx: DateContext | undefined): number | null {
  // A term id as readTerm writes it, `2026-2027-1` (term.ts's parseTermId, not imported: term.ts imports values.ts).
  const parts = ctx?.termId?.split('-');
  if (!parts || parts.length !== 3 || parts[0].length !== 4 || parts[1].length !== 4) return null;
  const startYear = Number(parts[0]);
  const endYear = Number(parts[1]);
  if (!Number.isInteger(startYear) || endYear !== startYear + 1) return null;
  if (parts[2] === '2') return endYear;
  if (parts[2] !== '1') return null;
  return month >= 7 ? startYear : endYear;
}

/** Reads the parts of a date typed as text; whether they make a real day is the caller's to check. */
export function scanDate(s: string, ctx?: DateContext): DateTextRead {
  const form = { ok: false as const, why: 'form' as const };
  if (s.length > MAX_DATE_TEXT) return form;
  const sc = new Scanner(s);
  const [first, fn] = sc.digits(4);
  if (Number.isNaN(first)) return form;
  let y: number;
  let m: number;
  let d: number;
  let noYear = false;
  if (fn === 4) {
    y = first;
    sc.spaces();
    if (!sc.eat('-/.年')) return form;
    sc.spaces();
    const [mm] = sc.digits(2);
    sc.spaces();
    if (Number.isNaN(mm) || !sc.eat('-/.月')) return form;
    sc.spaces();
    const [dd] = sc.digits(2);
    if (Number.isNaN(dd)) return form;
    m = mm;
    d = dd;
    const before = sc.i;
    sc.spaces();
    if (!sc.eat('日号')) sc.i = before;
  } else {
    // Without a year only 月…日 (or 号) is a date: 9/22 or 9.22 could be a number or a fraction.
    m = first;
    sc.spaces();
    if (!sc.eat('月')) return form;
    sc.spaces();
    const [dd] = sc.digits(2);
    sc.spaces();
    if (Number.isNaN(dd) || !sc.eat('日号')) return form;
    d = dd;
    noYear = true;
    y = 0;
  }
  const day = tail(sc);
  if (day === false) return form;
  if (noYear) {
    const year = yearInTerm(m, ctx);
    if (year === null) return { ok: false, why: 'no_year' };
    y = year;
  }
  return { ok: true, y, m, d, weekday: day };
}

/** The weekday (0 = Sunday) of an ISO date. */
export function weekdayOf(iso: string): number {
  return new Date(iso + 'T00:00:00Z').getUTCDay();
}
