/**
 * The bureau's totals count what each school's own Summary sheet (core's `indicators`) and checks
 * count for the same rows: the cases an audit found them disagreeing on (activities not held or
 * outside the term, assessments of another term or counted twice, incoming rotations, other
 * counties' term dates, pairings not active or with errors, indicators missing, figures going stale
 * when the bureau changes the rules).
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { indicators } from '../../core/fill/summary';
import { readWorkbook } from '../../core/read';
import { DEFAULT_RULES, type Rules } from '../../core/rules';
import { SHEET_BY_KEY } from '../../core/template';
import type { CellValue, WorkbookInput } from '../../core/types';
import { derive } from '../../worker/src/sync/derive';
import { REFRESH_BUDGET } from '../../worker/src/sync/refresh';
import type { StoredRow } from '../../worker/src/sync/stored';
import { todayInChina } from '../../worker/src/sync/warnings';
import { ADMIN, activity, api, resetDb, seedCounties, sync, teacher, type Row, type Tokens } from './helpers';
import type { ComplianceSchool, TotalsRow } from '../../core/api/totals';

/** A past term (every month of it has ended) and a future one (no day of it has come). */
const PAST = '2024-2025-1';
const FUT = '2030-2031-1';
let t: Tokens;

beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const partnership = (id: string, start = '2024-09-01') => ({
  table: 'partnerships',
  id,
  values: { partnership_id: id, supporting_school_code: 'GH01', aided_school_code: 'WT01', start_date: start, focus: '师资建设' },
});
const mentor = (id: string, school: string) => teacher(id, school, '指导教师');
const pairing = (id: string, m: string, e: string, start: string | null = '2024-09-01', end: string | null = null): Row => ({
  table: 'pairings',
  id,
  values: { pairing_id: id, mentor_id: m, mentee_id: e, subject: '语文', start_date: start, end_date: end },
});
// Everything a mentee needs in 2024-2025-1 (21 weeks: 10 practice lessons), plus the summary.
const MENTEE_MET = {
  intro_lessons: 1,
  report_lessons: 1,
  lectures: 1,
  unit_analyses: 1,
  courseware: 3,
  papers: 1,
  classes_attended: 22,
  practice_lessons: 10,
  summary_submitted: '是',
};
const assess = (id: string, teacherId: string, term: string, met = true): Row => ({
  table: 'assessment',
  id,
  values: { teacher_id: teacherId, term, ...(met ? MENTEE_MET : { classes_attended: 2, summary_submitted: '否' }) },
});
const rotation = (id: string, teacherId: string, from: string | null, start: string, end: string, to: string | null = null): Row => ({
  table: 'support',
  id,
  values: { record_id: id, kind: '支教', teacher_id: teacherId, from_school: from, to_school: to, start_date: start, end_date: end },
});

const totals = async (token: string, term: string, groupBy = 'school') => {
  const r = await api('GET', `/api/v1/totals?term=${term}&group_by=${groupBy}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json;
};
const bySchool = async (token: string, term: string) =>
  Object.fromEntries((await totals(token, term)).rows.map((x: TotalsRow) => [x.key, x])) as Record<string, TotalsRow>;

async function syncTerm(token: string, term: string, rows: Row[]) {
  const r = await sync(token, rows, { term });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

/** The same rows as the school's workbook, as its add-in reads it: its Summary's figures by indicator key. */
function summaryOf(school: string, county: string, term: string, rows: Row[], rules: Partial<Rules> = {}) {
  const program: Record<string, string> = {
    school_code: school,
    school_name: `${school} school`,
    county,
    town: '镇',
    school_level: '小学',
    term,
  };
  const p = SHEET_BY_KEY.program;
  const sheets: WorkbookInput['sheets'] = [
    { name: p.zh, values: [['字段', '值'], ...p.columns.map((c) => [c.zh, program[c.key] ?? null])] },
  ];
  for (const key of ['partnerships', 'teachers', 'pairings', 'schedule', 'assessment', 'support'] as const) {
    const def = SHEET_BY_KEY[key];
    // The server keeps rows in id order, as the Summary sees them in sheet order.
    const rs = rows.filter((r) => r.table === key).sort((a, b) => (a.id < b.id ? -1 : 1));
    sheets.push({
      name: def.zh,
      values: [def.columns.map((c) => c.zh), ...rs.map((r) => def.columns.map((c) => (r.values?.[c.key] ?? null) as CellValue))],
    });
  }
  const read = readWorkbook({ sheets }, { bureauRules: rules });
  return Object.fromEntries(indicators(read, todayInChina()).map((i) => [i.key, { target: i.target, completed: i.completed }]));
}

/** The totals row's indicators without their rates. */
const figures = (row: TotalsRow) =>
  Object.fromEntries(Object.entries(row.indicators).map(([k, v]) => [k, { target: v.target, completed: v.completed }]));

describe('totals agree with the Summary and the checks', () => {
  it("counts the activities the Summary counts: held, on a day of the county's term, up to today (item 1)", async () => {
    const fut: Row[] = [
      mentor('G1', 'GH01'),
      activity('F1', '2030-09-10', '研讨会', { teachers: 6, students: 3 }),
      // No status and its day has not come: planned in effect, not counted.
      activity('F2', '2030-10-15', '示范课', { status: null, lead_teacher: 'G1', evidence: null, teachers: 7 }),
      // Done, but before the term.
      activity('F3', '2030-06-10', '研讨会'),
      activity('F4', '2030-11-05', '公开课', { status: '计划', evidence: null }),
      activity('F5', '2030-12-01', '公开课', { status: '已取消' }),
      activity('F6', '2030-12-02', '联席会议'),
    ];
    expect((await syncTerm(t.gh, FUT, fut)).rejected).toEqual([]);
    let gh = (await bySchool(t.bureau, FUT)).GH01;
    expect(gh).toMatchObject({
      activities: 2,
      activities_by_type: { seminar: 1, leaders_meeting: 1 },
      teachers_taking_part: 16,
      students_taking_part: 3,
      months_without_activity: 0,
    });
    expect(figures(gh)).toEqual(summaryOf('GH01', 'CTY01', FUT, fut));
    expect(gh.indicators.leaders_meetings).toEqual({ target: 2, completed: 1, rate: 0.5 });

    // The bureau starts term 1 on 10-01: F1 (09-10) is no longer in the term, without a sync.
    expect((await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: FUT, rules: { term1_start: '10-01' } } })).status).toBe(200);
    gh = (await bySchool(t.bureau, FUT)).GH01;
    expect(gh).toMatchObject({ activities: 1, activities_by_type: { leaders_meeting: 1 }, teachers_taking_part: 10 });
    expect(figures(gh)).toEqual(summaryOf('GH01', 'CTY01', FUT, fut, { term1_start: '10-01' }));

    // In a past term an activity with no status has been held.
    const past = [activity('P1', '2024-10-10', '研讨会', { status: null, evidence: null })];
    await syncTerm(t.gh, PAST, past);
    const p = (await bySchool(t.bureau, PAST)).GH01;
    expect(p).toMatchObject({ activities: 1, activities_by_type: { seminar: 1 }, months_without_activity: 4 });
    expect(figures(p)).toEqual(summaryOf('GH01', 'CTY01', PAST, past));
  });

  it('counts the assessments of the term, one per teacher, and a group each person once (item 2)', async () => {
    const common = [
      partnership('P1'),
      mentor('G1', 'GH01'),
      teacher('W1', 'WT01'),
      teacher('W2', 'WT01'),
      pairing('GP1', 'G1', 'W1'),
      pairing('GP2', 'G1', 'W2'),
    ];
    const gh: Row[] = [
      ...common,
      assess('W1|2024-2025-1', 'W1', PAST),
      assess('W2|2024-2025-1', 'W2', PAST),
      // Another term's row is not this term's assessment.
      assess('W1|2023-2024-2', 'W1', '2023-2024-2'),
      // A second row of W1 for the term (the check's assessment.duplicate): the first one counts.
      assess('X-W1', 'W1', PAST, false),
    ];
    const wt: Row[] = [...common, assess('W1|2024-2025-1', 'W1', PAST), assess('W2|2024-2025-1', 'W2', PAST, false)];
    expect((await syncTerm(t.gh, PAST, gh)).rejected).toEqual([]);
    expect((await syncTerm(t.wt, PAST, wt)).rejected).toEqual([]);
    const schools = await bySchool(t.bureau, PAST);
    expect(schools.GH01).toMatchObject({ assessed: 2, passed: 2, pass_rate: 1 });
    expect(schools.WT01).toMatchObject({ assessed: 2, passed: 1, pass_rate: 0.5 });
    // As the Summary of each school counts them.
    expect(schools.GH01.indicators.assessment_passed).toMatchObject(summaryOf('GH01', 'CTY01', PAST, gh).assessment_passed);
    expect(schools.WT01.indicators.assessment_passed).toMatchObject(summaryOf('WT01', 'CTY01', PAST, wt).assessment_passed);
    expect(schools.GH01.indicators.assessment_passed).toEqual({ target: 2, completed: 2, rate: 1 });
    // Across schools a teacher is their own school and name (core/identity.ts): GH01's W1 and W2 are
    // WT01's W1 and W2 (listed by both), so the town assesses two people, and both passed somewhere
    // (W2 at GH01). The indicator stays the schools' Summaries summed (2 + 2 assessed, 2 + 1 passed).
    const [town] = (await totals(t.bureau, PAST, 'town')).rows.filter((r: TotalsRow) => r.key === 'CTY01/国河镇');
    expect(town).toMatchObject({ assessed: 2, passed: 2, pass_rate: 1 });
    expect(town.indicators.assessment_passed).toMatchObject({ target: 4, completed: 3 });
    const [county] = (await totals(t.bureau, PAST, 'county')).rows;
    expect(county).toMatchObject({ assessed: 2, passed: 2, pass_rate: 1 });
    expect(county.indicators.assessment_passed).toMatchObject({ target: 4, completed: 3 });
  });

  it("counts two schools' teachers of one id as two in a town or county, as their indicator does", async () => {
    const rows = (school: string, met: boolean): Row[] => [
      mentor('M1', school),
      teacher('T001', school),
      pairing('M001', 'M1', 'T001'),
      assess('X1', 'T001', PAST, met),
    ];
    await syncTerm(t.gh, PAST, rows('GH01', true));
    await syncTerm(t.wt, PAST, rows('WT01', false));
    const schools = await bySchool(t.bureau, PAST);
    expect(schools.GH01).toMatchObject({ assessed: 1, passed: 1 });
    expect(schools.WT01).toMatchObject({ assessed: 1, passed: 0 });
    for (const g of ['town', 'county']) {
      const row = (await totals(t.bureau, PAST, g)).rows.find((r: TotalsRow) => r.key === (g === 'town' ? 'CTY01/国河镇' : 'CTY01'));
      // GH01's T001 passes, WT01's fails: two teachers, one passed; WT01's fail does not cancel GH01's pass.
      expect(row, g).toMatchObject({ assessed: 2, passed: 1, pass_rate: 0.5 });
      expect(row.indicators.assessment_passed, g).toEqual({ target: 2, completed: 1, rate: 0.5 });
    }
  });

  it('counts the rotations a school sends, as its rotation check counts them (item 3)', async () => {
    const gh: Row[] = [
      partnership('P1'),
      mentor('G1', 'GH01'),
      mentor('G2', 'GH01'),
      mentor('G3', 'GH01'),
      teacher('W1', 'WT01'),
      // Sent by WT01 to GH01: WT01's rotation, not GH01's.
      rotation('R1', 'W1', 'WT01', '2024-09-01', '2024-12-31', 'GH01'),
      rotation('R2', 'G1', 'GH01', '2024-09-01', '2024-12-31', 'WT01'),
      // The school year before.
      rotation('R3', 'G2', 'GH01', '2023-09-01', '2023-12-31', 'WT01'),
      // No from school: the school's own.
      rotation('R4', 'G3', null, '2024-10-01', '2024-12-31'),
      // A teacher on no roster (teacher.unknown).
      rotation('R5', 'NOBODY', 'GH01', '2024-09-01', '2024-12-31', 'WT01'),
      // G1 again, in term 2 of the same school year: a second person-time.
      rotation('R6', 'G1', 'GH01', '2025-03-01', '2025-06-30', 'WT01'),
    ];
    const wt: Row[] = [partnership('P1'), teacher('W1', 'WT01'), rotation('WR1', 'W1', 'WT01', '2024-09-01', '2024-12-31', 'GH01')];
    expect((await syncTerm(t.gh, PAST, gh)).rejected).toEqual([]);
    expect((await syncTerm(t.wt, PAST, wt)).rejected).toEqual([]);
    const schools = await bySchool(t.bureau, PAST);
    expect(schools.GH01).toMatchObject({ rotation_teachers: 2, rotation_person_times: 3 });
    expect(schools.WT01).toMatchObject({ rotation_teachers: 1, rotation_person_times: 1 });
    const summary = summaryOf('GH01', 'CTY01', PAST, gh);
    expect(summary.rotation_teachers.completed).toBe(2);
    expect(figures(schools.GH01)).toEqual(summary);
    // R1 (GH01's copy of WR1) does not count twice in the town.
    const town = (await totals(t.bureau, PAST, 'town')).rows.find((r: TotalsRow) => r.key === 'CTY01/国河镇');
    expect(town).toMatchObject({ rotation_teachers: 3, rotation_person_times: 4 });
  });

  it("uses each county's own term dates when the admin totals every county (item 4)", async () => {
    expect((await api('PUT', '/api/v1/rules', { token: t.bureau2, body: { term: PAST, rules: { term1_start: '10-01' } } })).status).toBe(
      200,
    );
    // CTY02's term runs 2024-10-01 .. 2025-01-31: O1 is before it.
    await syncTerm(t.ot, PAST, [activity('O1', '2024-09-15'), activity('O2', '2024-10-12')]);
    await syncTerm(t.gh, PAST, [activity('G-A1', '2024-09-10')]);
    const own = (await bySchool(t.bureau2, PAST)).OT01;
    expect(own).toMatchObject({ activities: 1, months_without_activity: 3 });
    const all = await bySchool(ADMIN, PAST);
    expect(all.OT01).toMatchObject({ activities: 1, months_without_activity: 3 });
    expect(all.OT01.indicators).toEqual(own.indicators);
    expect(all.GH01).toMatchObject({ activities: 1, months_without_activity: 4 });
    const counties = Object.fromEntries((await totals(ADMIN, PAST, 'county')).rows.map((r: TotalsRow) => [r.key, r]));
    expect(counties.CTY02).toMatchObject({ activities: 1, months_without_activity: 3 });
    expect(counties.CTY01).toMatchObject({ activities: 1, months_without_activity: 4 });
  });

  it('counts pairings active in the term between known teachers; rows with errors are kept but not counted (item 5)', async () => {
    const gh: Row[] = [
      partnership('P1'),
      mentor('G1', 'GH01'),
      teacher('W1', 'WT01'),
      teacher('W4', 'WT01'),
      // A school that is neither GH01 nor a partner: teacher.school_unknown, an error on the row.
      teacher('W5', 'ZZ99'),
      pairing('GOOD', 'G1', 'W1'),
      // Ended before the term; starts after it.
      pairing('OLD', 'G1', 'W4', '2023-09-01', '2024-06-30'),
      pairing('LATE', 'G1', 'W4', '2025-03-01'),
      // A mentee on no roster; a mentor paired with itself; a mentee whose roster row has an error.
      pairing('BAD', 'G1', 'T99'),
      pairing('SELF', 'G1', 'G1'),
      pairing('VIA', 'G1', 'W5'),
      assess('T99|2024-2025-1', 'T99', PAST),
      assess('W1|2024-2025-1', 'W1', PAST),
    ];
    const r = await syncTerm(t.gh, PAST, gh);
    // Stored (an error can also arise later, when a teacher is deleted), not rejected.
    expect(r.rejected).toEqual([]);
    const schools = await bySchool(t.bureau, PAST);
    // teachers: GH01's own G1 (W1 and W4 are WT01's teachers, counted for WT01); not W5, whose row has an error.
    expect(schools.GH01).toMatchObject({ pairings: 1, mentors: 1, mentees: 1, assessed: 1, passed: 1, teachers: 1 });
    // WT01 has not recorded the partnership with GH01 itself: GH01's list does not count for it yet.
    expect(schools.WT01).toMatchObject({ teachers: 0 });
    expect((await syncTerm(t.wt, PAST, [partnership('P9')])).rejected).toEqual([]);
    expect((await bySchool(t.bureau, PAST)).WT01).toMatchObject({ teachers: 2 });
    // The Summary of the rows the add-in would send (it holds back rows with errors).
    const sent = gh.filter((x) => !['W5', 'BAD', 'SELF', 'VIA', 'T99|2024-2025-1'].includes(x.id));
    expect(figures(schools.GH01)).toEqual(summaryOf('GH01', 'CTY01', PAST, sent));
    const compliance = await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau });
    const w = compliance.json.schools.find((s: ComplianceSchool) => s.code === 'GH01').warnings;
    expect(w['teacher.unknown']).toBeGreaterThanOrEqual(2);
    expect(w['pairing.self']).toBe(1);
    expect(w['teacher.school_unknown']).toBe(1);
  });

  it('counts rows with errors in no figure: teachers, partnerships, donations, beneficiaries (docs/api.md Sync)', async () => {
    const gh: Row[] = [
      teacher('T1', 'GH01'),
      // A teacher of a school that is neither GH01 nor a partner (teacher.school_unknown).
      teacher('TX', 'ZZ99'),
      // Ends before it starts (row.end_before_start).
      {
        table: 'partnerships',
        id: 'P1',
        values: {
          partnership_id: 'P1',
          supporting_school_code: 'GH01',
          aided_school_code: 'WT01',
          start_date: '2024-10-01',
          end_date: '2024-09-01',
          focus: '师资建设',
        },
      },
      {
        table: 'support',
        id: 'S1',
        values: {
          record_id: 'S1',
          kind: '捐赠',
          from_school: 'GH01',
          to_school: 'WT01',
          amount: 5000,
          beneficiaries: 40,
          start_date: '2024-10-01',
          end_date: '2024-09-01',
        },
      },
      // A teacher on no roster (teacher.unknown).
      {
        table: 'support',
        id: 'S2',
        values: { record_id: 'S2', kind: '资金', teacher_id: 'NOBODY', amount: 7000, beneficiaries: 10, start_date: '2024-10-01' },
      },
      // Without an error: counted.
      {
        table: 'support',
        id: 'S3',
        values: {
          record_id: 'S3',
          kind: '捐赠',
          from_school: 'GH01',
          to_school: 'WT01',
          amount: 300,
          beneficiaries: 5,
          start_date: '2024-10-01',
        },
      },
    ];
    expect((await syncTerm(t.gh, PAST, gh)).rejected).toEqual([]);
    const w = (await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau })).json.schools.find(
      (s: ComplianceSchool) => s.code === 'GH01',
    ).warnings;
    expect(w).toMatchObject({ 'row.end_before_start': 2, 'teacher.school_unknown': 1, 'teacher.unknown': 1 });
    const want = { teachers: 1, partnerships: 0, donations_yuan: 300, beneficiaries: 5 };
    expect((await bySchool(t.bureau, PAST)).GH01).toMatchObject(want);
    expect((await totals(t.bureau, PAST, 'county')).rows[0]).toMatchObject(want);

    // Rows derived before `counted` covered these tables (DERIVE_VERSION 1): derived again on a read.
    await env.DB.batch([
      env.DB.prepare('UPDATE t_teachers SET counted = NULL'),
      env.DB.prepare('UPDATE t_partnerships SET counted = NULL'),
      env.DB.prepare('UPDATE t_support SET counted = 0, counts_rotation = NULL'),
      env.DB.prepare("UPDATE term_syncs SET derived = 'old'"),
    ]);
    const again = await totals(t.bureau, PAST);
    expect(again.stale_schools).toBe(0);
    expect(again.rows.find((r: TotalsRow) => r.key === 'GH01')).toMatchObject(want);
  });

  it("gives each Summary indicator's target, completed and rate per school, town and county, in JSON and CSV (item 6)", async () => {
    const gh: Row[] = [
      partnership('P1'),
      mentor('G1', 'GH01'),
      teacher('W1', 'WT01'),
      teacher('W2', 'WT01'),
      pairing('GP1', 'G1', 'W1'),
      activity('A1', '2024-09-10', '启动仪式'),
      activity('A2', '2024-10-15', '联席会议'),
      activity('A3', '2024-11-15', '跟岗学习'),
      rotation('R1', 'G1', 'GH01', '2024-09-01', '2024-12-31', 'WT01'),
      assess('W1|2024-2025-1', 'W1', PAST),
    ];
    const wt: Row[] = [
      partnership('P1'),
      teacher('W1', 'WT01'),
      teacher('W2', 'WT01'),
      mentor('G1', 'GH01'),
      activity('B1', '2024-12-01', '公开课'),
    ];
    await syncTerm(t.gh, PAST, gh);
    await syncTerm(t.wt, PAST, wt);
    const schools = await bySchool(t.bureau, PAST);
    const sGH = summaryOf('GH01', 'CTY01', PAST, gh);
    const sWT = summaryOf('WT01', 'CTY01', PAST, wt);
    expect(figures(schools.GH01)).toEqual(sGH);
    expect(figures(schools.WT01)).toEqual(sWT);
    expect(Object.keys(schools.GH01.indicators)).toEqual(Object.keys(sGH));
    expect(schools.GH01.indicators.months_with_activities).toEqual({ target: 5, completed: 3, rate: 0.6 });
    // A school that has not synced has no Summary: zeros, no rate.
    expect(schools.DS01.indicators.leaders_meetings).toEqual({ target: 0, completed: 0, rate: null });
    // The town sums targets and completed and recomputes the rate.
    const town = (await totals(t.bureau, PAST, 'town')).rows.find((r: TotalsRow) => r.key === 'CTY01/国河镇');
    for (const key of Object.keys(sGH)) {
      const target = sGH[key].target + sWT[key].target;
      const completed = sGH[key].completed + sWT[key].completed;
      expect(town.indicators[key], key).toEqual({
        target,
        completed,
        rate: target > 0 ? Math.round((completed / target) * 1000) / 1000 : null,
      });
    }
    const csv = await api('GET', `/api/v1/totals?term=${PAST}&group_by=school&format=csv`, { token: t.bureau });
    const [header, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const row = Object.fromEntries(header.map((h, i) => [h, lines.find((l) => l[0] === 'GH01')![i]]));
    expect(row).toMatchObject({
      indicator_months_with_activities_target: '5',
      indicator_months_with_activities_completed: '3',
      indicator_months_with_activities_rate: '0.6',
      indicator_assessment_passed_target: '1',
      indicator_assessment_passed_completed: '1',
    });
    expect(header.filter((h) => h.startsWith('indicator_'))).toHaveLength(Object.keys(sGH).length * 3);
  });

  it('re-derives warnings, scores and figures when the bureau changes the rules, without a sync (item 7)', async () => {
    const gh: Row[] = [
      partnership('P1'),
      mentor('G1', 'GH01'),
      teacher('W1', 'WT01'),
      pairing('GP1', 'G1', 'W1'),
      activity('A1', '2024-09-10'),
      assess('W1|2024-2025-1', 'W1', PAST),
    ];
    await syncTerm(t.gh, PAST, gh);
    expect((await bySchool(t.bureau, PAST)).GH01).toMatchObject({ assessed: 1, passed: 1 });
    const warningsOf = async () =>
      (await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau })).json.schools.find(
        (s: ComplianceSchool) => s.code === 'GH01',
      ).warnings;
    expect((await warningsOf())['schedule.leaders_meetings_short']).toBe(1);

    const rules = { mentee_min_classes_attended: 30, min_leaders_meetings_per_term: 0, min_field_visits_per_term: 0 };
    expect((await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: PAST, rules } })).status).toBe(200);
    const after = await totals(t.bureau, PAST);
    const row = after.rows.find((r: TotalsRow) => r.key === 'GH01');
    expect(row).toMatchObject({ assessed: 1, passed: 0, pass_rate: 0 });
    expect(after.stale_schools).toBe(0);
    expect(figures(row)).toEqual(summaryOf('GH01', 'CTY01', PAST, gh, rules));
    const w = await warningsOf();
    expect(w['schedule.leaders_meetings_short']).toBeUndefined();
    expect(w['schedule.field_visits_short']).toBeUndefined();
    const stored = await env.DB.prepare("SELECT result FROM t_assessment WHERE school = 'GH01'").first('result');
    expect(stored).toBe('fail');
  });

  it('derives stale schools again on a read, a bounded number per request, and says how many are left', async () => {
    await syncTerm(t.gh, PAST, [activity('A1', '2024-09-10')]);
    // Schools whose figures were never derived (synced before the derivation existed).
    const n = REFRESH_BUDGET + 5;
    const stmts = [];
    for (let i = 0; i < n; i++) {
      const code = `ZS${String(i).padStart(2, '0')}`;
      stmts.push(
        env.DB.prepare("INSERT INTO schools (code, name, county, town, created_at) VALUES (?, ?, 'CTY01', '镇', 'now')").bind(code, code),
        env.DB.prepare('INSERT INTO school_state (school, revision) VALUES (?, 0)').bind(code),
        env.DB.prepare("INSERT INTO term_syncs (school, term, first_sync_at, last_sync_at) VALUES (?, ?, 'now', 'now')").bind(code, PAST),
      );
    }
    // GH01's warnings as if derived with other rules.
    stmts.push(env.DB.prepare("UPDATE term_syncs SET derived = 'old' WHERE school = 'GH01'"), env.DB.prepare('DELETE FROM warnings'));
    await env.DB.batch(stmts);
    const first = await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau });
    expect(first.json.stale_schools).toBe(n + 1 - REFRESH_BUDGET);
    const second = await totals(t.bureau, PAST);
    expect(second.stale_schools).toBe(0);
    expect(second.rows.find((r: TotalsRow) => r.key === 'GH01').warnings).toBeGreaterThan(0);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM term_syncs WHERE derived IS NULL OR derived = ?').bind('old').first('n')).toBe(
      0,
    );
    // A day that changes the figures has come: derived again.
    await env.DB.batch([
      env.DB.prepare("UPDATE term_syncs SET valid_until = '2000-01-01' WHERE school = 'GH01'"),
      env.DB.prepare('DELETE FROM warnings'),
    ]);
    const third = await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau });
    expect(third.json.schools.find((s: ComplianceSchool) => s.code === 'GH01').open).toBeGreaterThan(0);
    expect(await env.DB.prepare("SELECT valid_until FROM term_syncs WHERE school = 'GH01'").first('valid_until')).toBeNull();
  });
});

describe('derive', () => {
  const school = { code: 'GH01', name: 'GH01 school', county: 'CTY01', town: null, level: null };
  const stored = (id: string, vals: Record<string, unknown>): StoredRow => ({
    table: 'schedule',
    id,
    version: 1,
    deleted: false,
    raw: vals,
    vals,
  });

  it('holds until the first day that changes it: an activity with no status counts on its day, a planned one is late the day after', () => {
    const rows = [
      stored('A', { date: '2024-10-10', type: 'seminar', status: null }),
      stored('B', { date: '2024-10-05', type: 'seminar', status: 'planned' }),
      stored('C', { date: '2024-09-05', type: 'seminar', status: 'done' }),
    ];
    expect(derive(school, PAST, DEFAULT_RULES, rows, '2024-10-01').validUntil).toBe('2024-10-05');
    expect(derive(school, PAST, DEFAULT_RULES, rows, '2024-10-05').validUntil).toBe('2024-10-06');
    expect(derive(school, PAST, DEFAULT_RULES, rows, '2024-10-10').validUntil).toBe('2024-10-11');
    expect(derive(school, PAST, DEFAULT_RULES, rows, '2024-10-11').validUntil).toBeNull();
    const months = (today: string) =>
      derive(school, PAST, DEFAULT_RULES, rows, today).indicators.find((i) => i.key === 'months_with_activities')!.completed;
    expect(months('2024-10-09')).toBe(1);
    expect(months('2024-10-10')).toBe(2);
  });
});
