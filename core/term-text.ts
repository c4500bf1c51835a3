/**
 * Terms typed as text (DOMAIN "Terms"): `2026-2027-1`, `2026-2027学年第一学期`, `2026—2027 上`,
 * `2026-2027 term 1`, `2026年秋季学期` (= 2026-2027-1), `2027年春季学期` (= 2026-2027-2), `2026学年第二学期`.
 * `2026年第一学期` names a calendar year, not a school year, and could be either term around it: an
 * ambiguous form, answered with the terms it could be. The caller hands NFKC text, trimmed, at most
 * MAX_TERM_TEXT long; spaces stand only between parts (`2026 - 2027 学年`), never inside a number.
 */

/** Longest term text read: `2026 - 2027 学年 第 一 学期` with generous spaces. */
export const MAX_TERM_TEXT = 40;

export type TermTextRead = { ok: true; value: string } | { ok: false; forms?: string[] };

const MIN_YEAR = 1900;
const MAX_YEAR = 9998;

const SCHOOL_YEAR = /^(\d{4})[-/~—–至到](\d{4})(?:学年)?(?:[-/.]|第|term|semester|s|t)?([12一二上下])(?:学期)?$/;
const ONE_YEAR_SCHOOL_YEAR = /^(\d{4})学年(?:第|term|semester)?([12一二上下])学期$/;
const SEASON_AFTER = /^(\d{4})年?(秋|春|秋季|春季|fall|autumn|spring)(?:学期)?$/;
const SEASON_BEFORE = /^(fall|autumn|spring)(\d{4})$/;
const CALENDAR_YEAR = /^(\d{4})年?第?([12一二上下])学期$/;
const TERM_NUMBER: Record<string, 1 | 2> = { '1': 1, '2': 2, 一: 1, 二: 2, 上: 1, 下: 2 };
const AUTUMN = new Set(['秋', '秋季', 'fall', 'autumn']);

const id = (y: number, n: 1 | 2) => `${y}-${y + 1}-${n}`;
const okYear = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;

/** The text without its spaces; null when a space stands inside a number (`20 26`). */
function withoutSpaces(s: string): string | null {
  let out = '';
  let lastDigit = false;
  let spaced = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0xa0 || c === 0x3000) {
      spaced = true;
      continue;
    }
    const digit = c >= 48 && c <= 57;
    if (digit && lastDigit && spaced) return null;
    out += s[i];
    lastDigit = digit;
    spaced = false;
  }
  return out.toLowerCase();
}

export function scanTerm(text: string): TermTextRead {
  if (text.length > MAX_TERM_TEXT) return { ok: false };
  const s = withoutSpaces(text);
  if (s === null) return { ok: false };
  let m = SCHOOL_YEAR.exec(s);
  if (m) {
    const y1 = Number(m[1]);
    return Number(m[2]) === y1 + 1 && okYear(y1) ? { ok: true, value: id(y1, TERM_NUMBER[m[3]]) } : { ok: false };
  }
  m = ONE_YEAR_SCHOOL_YEAR.exec(s);
  if (m) {
    const y = Number(m[1]);
    return okYear(y) ? { ok: true, value: id(y, TERM_NUMBER[m[2]]) } : { ok: false };
  }
  m = SEASON_AFTER.exec(s);
  const season = m ? { year: Number(m[1]), word: m[2] } : null;
  const before = season ? null : SEASON_BEFORE.exec(s);
  const named = season ?? (before ? { year: Number(before[2]), word: before[1] } : null);
  if (named) {
    // Autumn opens the school year in that year; spring closes the one that began the year before.
    const start = AUTUMN.has(named.word) ? named.year : named.year - 1;
    return okYear(start) ? { ok: true, value: id(start, AUTUMN.has(named.word) ? 1 : 2) } : { ok: false };
  }
  m = CALENDAR_YEAR.exec(s);
  if (m) {
    const y = Number(m[1]);
    if (!okYear(y - 1)) return { ok: false };
    // The first term of calendar year y is its spring (y-1..y, term 2) or, counted as a school year, y..y+1 term 1.
    const forms = TERM_NUMBER[m[2]] === 1 ? [id(y - 1, 2), id(y, 1)] : [id(y, 1), id(y, 2)];
    return { ok: false, forms };
  }
  return { ok: false };
}
