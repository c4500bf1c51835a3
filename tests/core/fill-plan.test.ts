import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { applyToInput, planTerm } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { DEFAULT_RULES } from '../../core/rules';
import { termRange } from '../../core/term';
import { daysInMonth } from '../../core/values';
import { restDay } from '../../core/calendar';
import { MENTOR, NEWBIE, programSheet, rulesSheet, tableSheet, workbook } from './fill-fixtures';

const pad = (n: number) => String(n).padStart(2, '0');
const monthDay = fc
  .integer({ min: 1, max: 12 })
  .chain((m) => fc.integer({ min: 1, max: daysInMonth(2001, m) }).map((d) => `${pad(m)}-${pad(d)}`));
const addDays = (iso: string, n: number) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);

function school(term: string, rules: Record<string, string | number>, withMentor: boolean) {
  return workbook(
    programSheet({ school_code: 'GH01', school_name: '国河中心小学', term }),
    tableSheet('partnerships', [{ partnership_id: 'P001', supporting_school_code: 'GH01', aided_school_code: 'WT01' }]),
    tableSheet('teachers', [
      ...(withMentor ? [{ teacher_id: 'T1', name: '王', school_code: 'GH01', subject: '语文', ...MENTOR }] : []),
      { teacher_id: 'T2', name: '李', school_code: 'WT01', subject: '语文', ...NEWBIE },
    ]),
    rulesSheet(rules),
    tableSheet('schedule', []),
  );
}

const scheduleProblems = (issues: { sheet: string; severity: string; code: string }[]) =>
  issues.filter((i) => i.severity !== 'info' && (i.sheet === 'schedule' || i.code.startsWith('rules.')));

describe('planTerm', () => {
  it('passes every schedule check with no warning for any term and any rule values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2020, max: 2040 }),
        fc.constantFrom(1, 2),
        monthDay,
        monthDay,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 90 }),
        (year, t, start, end, perMonth, meetings, visits, withMentor, lead) => {
          const term = `${year}-${year + 1}-${t}`;
          const rules = {
            ...(t === 1 ? { term1_start: start, term1_end: end } : { term2_start: start, term2_end: end }),
            min_activities_per_month: perMonth,
            min_leaders_meetings_per_term: meetings,
            min_field_visits_per_term: visits,
          };
          const range = termRange(term, { ...DEFAULT_RULES, ...rules });
          fc.pre(range.start <= range.end);
          const today = addDays(range.start, -lead);
          const input = school(term, rules, withMentor);
          const fill = planTerm(readWorkbook(input), { today });
          expect(fill.writes.length).toBeGreaterThan(0);
          const { issues } = checkWorkbook(applyToInput(input, fill), { today });
          expect(scheduleProblems(issues)).toEqual([]);
          // The calendar: an activity on a weekend or holiday only where its month's days left are all such days.
          const from = today > range.start ? today : range.start;
          for (const i of issues.filter((x) => x.code === 'schedule.rest_day')) {
            const date = String(i.params.date);
            const first = date.slice(0, 8) + '01' > from ? date.slice(0, 8) + '01' : from;
            const monthLast = `${date.slice(0, 8)}${pad(daysInMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7))))}`;
            const last = monthLast < range.end ? monthLast : range.end;
            for (let d = first; d <= last; d = addDays(d, 1)) expect(restDay(d), `${date}: ${d} was free`).not.toBe(null);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('puts nothing on a weekend or a public holiday: National Day, Spring Festival and the make-up working days', () => {
    for (const term of ['2026-2027-1', '2026-2027-2', '2030-2031-1', '2034-2035-2']) {
      const input = school(term, {}, true);
      const fill = planTerm(readWorkbook(input), { today: '2020-01-01' });
      const { issues } = checkWorkbook(applyToInput(input, fill), { today: '2020-01-01' });
      expect(
        issues.filter((i) => i.code === 'schedule.rest_day'),
        term,
      ).toEqual([]);
      expect(scheduleProblems(issues), term).toEqual([]);
    }
  });

  it('lays out the seed plan for term 1 with lead teachers, host and guest schools', () => {
    const input = school('2026-2027-1', {}, true);
    const fill = planTerm(readWorkbook(input), { today: '2026-08-20' });
    const read = readWorkbook(applyToInput(input, fill));
    const rows = read.sheets.schedule!.rows.map((r) => r.values);
    expect(rows.map((r) => r.type)).toEqual(
      expect.arrayContaining(['launch', 'seminar', 'send_teachers', 'famous_teacher_lecture', 'research', 'field_visit']),
    );
    expect(rows.filter((r) => r.type === 'leaders_meeting')).toHaveLength(2);
    expect(rows.find((r) => r.type === 'famous_teacher_lecture')!.lead_teacher).toBe('T1');
    expect(rows.every((r) => r.host_school === 'GH01' && r.guest_school === 'WT01' && r.status === 'planned')).toBe(true);
    expect(rows[0].activity_id).toBe('A0001');
    // weekdays only
    expect(rows.every((r) => ![0, 6].includes(new Date((r.date as string) + 'T00:00:00Z').getUTCDay()))).toBe(true);
  });

  it('leaves lectures out when no one can lead them, and says so', () => {
    const input = school('2026-2027-1', {}, false);
    const fill = planTerm(readWorkbook(input), { today: '2026-08-20' });
    const rows = readWorkbook(applyToInput(input, fill)).sheets.schedule!.rows.map((r) => r.values.type);
    expect(rows).not.toContain('famous_teacher_lecture');
    expect(fill.refused.map((i) => i.code)).toEqual(['fill.no_lead_teacher']);
  });

  it('dates a partly past term from today on', () => {
    const input = school('2026-2027-2', {}, true);
    const fill = planTerm(readWorkbook(input), { today: '2027-04-10' });
    const dates = readWorkbook(applyToInput(input, fill)).sheets.schedule!.rows.map((r) => r.values.date as string);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d >= '2027-04-10' && d <= '2027-06-30')).toBe(true);
  });

  it('refuses a term that is over, a workbook without a term, and a Schedule with rows', () => {
    expect(planTerm(readWorkbook(school('2026-2027-1', {}, true)), { today: '2027-03-01' }).refused[0].code).toBe('fill.term_past');
    const noTerm = workbook(programSheet({ school_code: 'GH01' }));
    const r = planTerm(readWorkbook(noTerm), { today: '2026-08-01' });
    expect(r.writes).toEqual([]);
    expect(r.refused[0].code).toBe('fill.no_term');
    const busy = workbook(
      programSheet({ school_code: 'GH01', term: '2026-2027-1' }),
      tableSheet('schedule', [{ date: '2026-09-10', type: '启动仪式' }]),
    );
    const b = planTerm(readWorkbook(busy), { today: '2026-08-01' });
    expect(b.writes).toEqual([]);
    expect(b.refused[0]).toMatchObject({ code: 'fill.schedule_not_empty', severity: 'info' });
  });

  it('writes the header into a blank Schedule sheet, and refuses one whose header it cannot find', () => {
    const blank = workbook(programSheet({ school_code: 'GH01', term: '2026-2027-1' }), { name: '活动安排', values: [] });
    const fill = planTerm(readWorkbook(blank), { today: '2026-08-01' });
    expect(fill.refused.map((i) => i.code)).toEqual(['fill.no_lead_teacher']);
    const read = readWorkbook(applyToInput(blank, fill));
    expect(read.sheets.schedule!.headerRow).toBe(1);
    expect(read.sheets.schedule!.rows.length).toBeGreaterThan(5);
    const own = workbook(programSheet({ school_code: 'GH01', term: '2026-2027-1' }), {
      name: '活动安排',
      values: [
        ['时间', '内容'],
        ['9月8日', '启动'],
      ],
    });
    const r = planTerm(readWorkbook(own), { today: '2026-08-01' });
    expect(r.writes).toEqual([]);
    expect(r.refused).toMatchObject([
      { code: 'fill.header_not_found', sheetName: '活动安排', params: { columns: '活动编号、日期、活动类型、主办学校、参与学校' } },
    ]);
  });

  it('creates the Schedule sheet when the workbook has none', () => {
    const input = workbook(programSheet({ school_code: 'GH01', term: '2026-2027-1' }));
    const fill = planTerm(readWorkbook(input), { today: '2026-08-01' });
    expect(fill.newSheets.map((s) => s.name)).toEqual(['活动安排']);
    expect(Math.min(...fill.writes.map((w) => w.row))).toBe(2);
  });
});
