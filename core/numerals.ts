/**
 * Chinese numerals as schools write counts: 一 … 九十九, 两, 一百二十, 三千, 一万二千 (DOMAIN "Numbers in
 * Chinese numerals"). Only the standard written forms: 十二, 二十, 一百零五, 两百; not digit by digit
 * (一二〇, which is how years are read) and not a unit twice (十十). A plain loop over the characters.
 */

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Whether `c` is a character of a Chinese numeral (a digit, 十, 百, 千 or 万). */
export function isNumeralChar(c: string): boolean {
  return c in DIGIT || c in UNIT || c === '万';
}

/** The value of a section below 10,000 (`一千零五`, `二十`, `十二`); null when it is not well formed. */
function section(s: string, leading: boolean): number | null {
  if (s === '') return null;
  let total = 0;
  let digit: number | null = null;
  /** The unit last written: each later unit must be smaller. */
  let lastUnit = 10_000;
  let zero = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const u = UNIT[c];
    if (u !== undefined) {
      if (u >= lastUnit) return null;
      // Each unit is the next one down (一千五百), unless a 零 stands for the skipped ones (一千零五十).
      if (lastUnit !== 10_000 && (zero ? u * 10 >= lastUnit : u * 10 !== lastUnit)) return null;
      // 十 alone at the start means 一十 (十二 = 12); 百 and 千 need their digit.
      if (digit === null) {
        if (u !== 10 || !leading || i !== 0) return null;
        digit = 1;
      }
      if (digit === 0) return null;
      // 两 stands before a unit or alone, never before 十 (两十 is not written).
      if (u === 10 && s[i - 1] === '两') return null;
      total += digit * u;
      lastUnit = u;
      digit = null;
      zero = false;
      continue;
    }
    const d = DIGIT[c];
    if (d === undefined || digit !== null) return null;
    if (d === 0) {
      // One 零 stands for skipped units (一百零五); not at the start, not twice, not last.
      // And only where a unit can be skipped: after 百 or 千, not after 十 (十零九).
      if (zero || i === 0 || i === s.length - 1 || lastUnit < 100) return null;
      zero = true;
      continue;
    }
    digit = d;
  }
  if (digit !== null) {
    // A last digit after a unit with no 零 is the next unit down (一百二 is not written: 一百二十).
    if (lastUnit !== 10_000 && lastUnit !== 10 && !zero) return null;
    // 两 as the last digit only when it is the whole numeral (两, 两万): 十两 and 零两 are not written.
    if (s[s.length - 1] === '两' && (s.length > 1 || !leading)) return null;
    total += digit;
  }
  return total;
}

/** The value of a Chinese numeral below 100,000,000, or null when `s` is not one. */
export function chineseNumeral(s: string): number | null {
  if (s === '' || s.length > 16) return null;
  if (s === '零' || s === '〇') return 0;
  const wan = s.indexOf('万');
  if (wan < 0) return section(s, true);
  if (wan === 0 || s.indexOf('万', wan + 1) >= 0) return null;
  const high = section(s.slice(0, wan), true);
  if (high === null || high === 0) return null;
  const rest = s.slice(wan + 1);
  if (rest === '') return high * 10_000;
  // 一万零五百: the 零 marks the empty thousands; without it the thousands come next (一万二千),
  // since 一万五 is said for 15,000 and could be read as 10,005.
  if (rest[0] !== '零' && rest[0] !== '〇' && rest[1] !== '千') return null;
  const skipped = rest[0] === '零' || rest[0] === '〇';
  const low = section(skipped ? rest.slice(1) : rest, false);
  if (low === null || (skipped && low >= 1000)) return null;
  return high * 10_000 + low;
}
