/** DOMAIN "The calendar": weekends, public holidays and their make-up working days, 2024–2035. */
import { describe, expect, it } from 'vitest';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, holidayOf, isMakeUpWorkday, restDay } from '../../core/calendar';
import { checkWorkbook } from '../../core/check';
import { formatIssue } from '../../core/messages';
import { TODAY, setCell, zhWorkbook } from './helpers';

const days = (first: string, last: string) => {
  const out: string[] = [];
  for (let t = Date.parse(first + 'T00:00:00Z'); t <= Date.parse(last + 'T00:00:00Z'); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

describe('calendar', () => {
  it('knows the published arrangements of 2026: days off and the weekend days worked', () => {
    for (const d of days('2026-10-01', '2026-10-07')) expect(holidayOf(d), d).toBe('national_day');
    for (const d of days('2026-02-15', '2026-02-23')) expect(holidayOf(d), d).toBe('spring_festival');
    expect(holidayOf('2026-09-25')).toBe('mid_autumn');
    expect(holidayOf('2026-06-19')).toBe('dragon_boat');
    expect(holidayOf('2026-04-05')).toBe('qingming');
    expect(holidayOf('2026-05-05')).toBe('labour_day');
    expect(holidayOf('2026-01-02')).toBe('new_year');
    // 2026-10-10 is a Saturday worked for National Day; 2026-02-28 a Saturday worked for the Spring Festival.
    for (const d of ['2026-10-10', '2026-02-28', '2026-09-20', '2026-01-04', '2026-05-09', '2026-02-14']) {
      expect(isMakeUpWorkday(d), d).toBe(true);
      expect(restDay(d), d).toBe(null);
    }
    expect(restDay('2026-09-19')).toBe('weekend');
    expect(restDay('2026-09-08')).toBe(null);
  });

  it('2025: the Spring Festival from 除夕 and National Day with Mid-Autumn, eight days', () => {
    expect(days('2025-01-28', '2025-02-04').every((d) => holidayOf(d) === 'spring_festival')).toBe(true);
    expect(days('2025-10-01', '2025-10-08').every((d) => holidayOf(d) === 'national_day')).toBe(true);
    expect(restDay('2025-09-28')).toBe(null);
  });

  it('later years by rule from the lunar table: a Spring Festival week from 除夕, 端午 and 中秋 on their lunar days', () => {
    // 2030: 春节 February 3, 除夕 February 2; 端午 June 5; 中秋 September 12.
    expect(days('2030-02-02', '2030-02-08').every((d) => holidayOf(d) === 'spring_festival')).toBe(true);
    expect(holidayOf('2030-02-09')).toBe(null);
    expect(holidayOf('2030-06-05')).toBe('dragon_boat');
    expect(holidayOf('2030-09-12')).toBe('mid_autumn');
    // 2031: 中秋 is October 1, inside National Day's week.
    expect(holidayOf('2031-10-01')).toBe('national_day');
    expect(days('2035-05-01', '2035-05-05').every((d) => holidayOf(d) === 'labour_day')).toBe(true);
  });

  it('every supported year has seven holidays, 春节 a week or more, and National Day a week', () => {
    for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) {
      const all = days(`${y}-01-01`, `${y}-12-31`);
      const keys = new Set(all.map(holidayOf).filter(Boolean));
      expect(keys.size, String(y)).toBeGreaterThanOrEqual(6);
      expect(all.filter((d) => holidayOf(d) === 'spring_festival').length, String(y)).toBeGreaterThanOrEqual(7);
      expect(all.filter((d) => holidayOf(d) === 'national_day').length, String(y)).toBeGreaterThanOrEqual(7);
      // A make-up working day is never a day off.
      expect(
        all.filter((d) => isMakeUpWorkday(d) && holidayOf(d)),
        String(y),
      ).toEqual([]);
    }
    expect(holidayOf('2023-10-01')).toBe(null);
    expect(holidayOf('2036-10-01')).toBe(null);
  });

  it('an activity typed on a weekend or a holiday is an info, not a warning', () => {
    const wb = zhWorkbook();
    setCell(wb, '活动安排', 1, '日期', '2026-10-02'); // 国庆
    setCell(wb, '活动安排', 2, '日期', '2026-10-10'); // a Saturday worked: a school day
    setCell(wb, '活动安排', 0, '日期', '2026-09-05'); // a Saturday
    const issues = checkWorkbook(wb, { today: TODAY }).issues.filter((i) => i.code === 'schedule.rest_day');
    const byDate = Object.fromEntries(issues.map((i) => [i.params.date, i]));
    expect(byDate['2026-10-02']).toMatchObject({ severity: 'info', sheet: 'schedule', cell: 'B3' });
    expect(formatIssue(byDate['2026-10-02'], 'zh')).toContain('国庆节假期');
    expect(formatIssue(byDate['2026-10-02'], 'en')).toContain('National Day');
    expect(byDate['2026-10-10']).toBeUndefined();
    expect(formatIssue(byDate['2026-09-05'], 'zh')).toContain('星期六');
    expect(issues.every((i) => i.severity === 'info')).toBe(true);
  });
});
