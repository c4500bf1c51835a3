/**
 * China's school calendar (DOMAIN "The calendar"): weekends, the public holidays and their official
 * make-up working days, for the years the product supports (2024–2035).
 *
 * 2024–2026 are the State Council's published arrangements (holiday days off and the weekend days
 * worked instead). Later years are not published yet: they take the holidays by rule from the
 * lunar table below — 元旦 January 1, 春节 from 除夕 a week, 清明, 劳动节 May 1–5, 端午, 中秋, 国庆
 * October 1–7 — with no make-up working days until the arrangement is published (add it to
 * PUBLISHED then). Lunar dates checked against a lunar calendar library (lunar-javascript 1.7.7).
 */

export type HolidayKey = 'new_year' | 'spring_festival' | 'qingming' | 'labour_day' | 'dragon_boat' | 'mid_autumn' | 'national_day';

export const HOLIDAY_NAMES: Record<HolidayKey, { zh: string; en: string }> = {
  new_year: { zh: '元旦', en: 'New Year’s Day' },
  spring_festival: { zh: '春节', en: 'Spring Festival' },
  qingming: { zh: '清明节', en: 'Qingming Festival' },
  labour_day: { zh: '劳动节', en: 'Labour Day' },
  dragon_boat: { zh: '端午节', en: 'Dragon Boat Festival' },
  mid_autumn: { zh: '中秋节', en: 'Mid-Autumn Festival' },
  national_day: { zh: '国庆节', en: 'National Day' },
};

export const CALENDAR_FIRST_YEAR = 2024;
export const CALENDAR_LAST_YEAR = 2035;

/** The lunar holidays by year, as MM-DD: 春节 (the first day of the lunar year), 清明, 端午, 中秋. */
const LUNAR: Record<number, [spring: string, qingming: string, dragonBoat: string, midAutumn: string]> = {
  2024: ['02-10', '04-04', '06-10', '09-17'],
  2025: ['01-29', '04-04', '05-31', '10-06'],
  2026: ['02-17', '04-05', '06-19', '09-25'],
  2027: ['02-06', '04-05', '06-09', '09-15'],
  2028: ['01-26', '04-04', '05-28', '10-03'],
  2029: ['02-13', '04-04', '06-16', '09-22'],
  2030: ['02-03', '04-05', '06-05', '09-12'],
  2031: ['01-23', '04-05', '06-24', '10-01'],
  2032: ['02-11', '04-04', '06-12', '09-19'],
  2033: ['01-31', '04-04', '06-01', '09-08'],
  2034: ['02-19', '04-05', '06-20', '09-27'],
  2035: ['02-08', '04-05', '06-10', '09-16'],
};

type Span = [first: string, last: string, key: HolidayKey];

/** The published arrangements: days off as spans (MM-DD), and the weekend days worked instead. */
const PUBLISHED: Record<number, { off: Span[]; work: string[] }> = {
  2024: {
    off: [
      ['01-01', '01-01', 'new_year'],
      ['02-10', '02-17', 'spring_festival'],
      ['04-04', '04-06', 'qingming'],
      ['05-01', '05-05', 'labour_day'],
      ['06-08', '06-10', 'dragon_boat'],
      ['09-15', '09-17', 'mid_autumn'],
      ['10-01', '10-07', 'national_day'],
    ],
    work: ['02-04', '02-18', '04-07', '04-28', '05-11', '09-14', '09-29', '10-12'],
  },
  2025: {
    off: [
      ['01-01', '01-01', 'new_year'],
      ['01-28', '02-04', 'spring_festival'],
      ['04-04', '04-06', 'qingming'],
      ['05-01', '05-05', 'labour_day'],
      ['05-31', '06-02', 'dragon_boat'],
      ['10-01', '10-08', 'national_day'],
    ],
    work: ['01-26', '02-08', '04-27', '09-28', '10-11'],
  },
  2026: {
    off: [
      ['01-01', '01-03', 'new_year'],
      ['02-15', '02-23', 'spring_festival'],
      ['04-04', '04-06', 'qingming'],
      ['05-01', '05-05', 'labour_day'],
      ['06-19', '06-21', 'dragon_boat'],
      ['09-25', '09-27', 'mid_autumn'],
      ['10-01', '10-07', 'national_day'],
    ],
    work: ['01-04', '02-14', '02-28', '05-09', '09-20', '10-10'],
  },
};

const DAY = 86_400_000;
const toMs = (iso: string) => Date.parse(iso + 'T00:00:00Z');
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Holidays of a year not yet published, by rule from the lunar table. */
function ruleSpans(year: number): Span[] {
  const [spring, qingming, dragonBoat, midAutumn] = LUNAR[year];
  const eve = toIso(toMs(`${year}-${spring}`) - DAY);
  const springLast = toIso(toMs(`${year}-${spring}`) + 5 * DAY);
  const spans: Span[] = [
    ['01-01', '01-01', 'new_year'],
    // 除夕 may fall in the year before's last days only if 春节 is January 1, which never happens.
    [eve.slice(5), springLast.slice(5), 'spring_festival'],
    [qingming, qingming, 'qingming'],
    ['05-01', '05-05', 'labour_day'],
    [dragonBoat, dragonBoat, 'dragon_boat'],
    ['10-01', '10-07', 'national_day'],
  ];
  // 中秋 inside National Day's week is that week (2028, 2031).
  if (!(midAutumn >= '10-01' && midAutumn <= '10-07')) spans.push([midAutumn, midAutumn, 'mid_autumn']);
  return spans;
}

/** Day (ISO) -> the holiday it is off for, and the make-up working days, built once. */
const OFF = new Map<string, HolidayKey>();
const WORK = new Set<string>();
for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) {
  const published = PUBLISHED[y];
  for (const [first, last, key] of published?.off ?? ruleSpans(y)) {
    for (let t = toMs(`${y}-${first}`); t <= toMs(`${y}-${last}`); t += DAY) OFF.set(toIso(t), key);
  }
  for (const d of published?.work ?? []) WORK.add(`${y}-${d}`);
}

/** The public holiday an ISO day is off for, or null. Outside 2024–2035: null (no table). */
export function holidayOf(iso: string): HolidayKey | null {
  return OFF.get(iso) ?? null;
}

/** Whether an ISO day is a weekend day worked by the official arrangement (调休上班). */
export function isMakeUpWorkday(iso: string): boolean {
  return WORK.has(iso);
}

/**
 * Why no school activity falls on an ISO day: a public holiday, a weekend (not a make-up working
 * day), or null for a school day.
 */
export function restDay(iso: string): HolidayKey | 'weekend' | null {
  const h = OFF.get(iso);
  if (h) return h;
  if (WORK.has(iso)) return null;
  const w = new Date(toMs(iso)).getUTCDay();
  return w === 0 || w === 6 ? 'weekend' : null;
}
