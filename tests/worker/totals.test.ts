import { beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN,
  activity,
  api,
  createSchool,
  createToken,
  pairing as pairingNow,
  resetDb,
  seedCounties,
  sync,
  teacher,
  type Tokens,
} from './helpers';
import type { TotalsRow } from '../../core/api/totals';

// A past term: every month of it has ended, so months without activity do not depend on today.
const PAST = '2024-2025-1';
let t: Tokens;

const partnership = (id: string) => ({
  table: 'partnerships',
  id,
  values: {
    partnership_id: id,
    supporting_school_code: 'GH01',
    aided_school_code: 'WT01',
    start_date: '2024-09-01',
    focus: '师资建设、教学研究',
  },
});
// A pairing of the past term: one starting after the term (helpers' pairing starts 2026-09-01) is not active in it.
const pairing = (id: string, mentor: string, mentee: string) => {
  const p = pairingNow(id, mentor, mentee);
  return { ...p, values: { ...p.values, start_date: '2024-09-01' } };
};
const support = (id: string, values: Record<string, unknown>) => ({ table: 'support', id, values: { record_id: id, ...values } });
const assessment = (id: string, teacherId: string, result: string, counts: Record<string, unknown> = {}) => ({
  table: 'assessment',
  id,
  values: { teacher_id: teacherId, term: PAST, result, ...counts },
});
// Everything a mentee needs in 2024-2025-1 (21 weeks: 10 practice lessons), plus the summary.
const MENTEE_MET = {
  intro_lessons: 1,
  report_lessons: 1,
  lectures: 1,
  unit_analyses: 1,
  courseware: 3,
  papers: 1,
  classes_attended: '20节',
  practice_lessons: 10,
  summary_submitted: '是',
};

beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
  // GH01 and WT01 both record the partnership and the pairing G1 -> W1, under their own row ids.
  const gh = await sync(
    t.gh,
    [
      partnership('GH-P1'),
      teacher('G1', 'GH01', '指导教师'),
      teacher('W1', 'WT01'),
      pairing('GH-R1', 'G1', 'W1'),
      activity('A1', '2024-09-10', '启动仪式', { teachers: 12, students: 40 }),
      activity('A2', '2024-10-15', '研讨会', { teachers: 8 }),
      activity('A3', '2024-10-20', '研讨会', { status: '已取消' }),
      activity('A4', '2024-11-20', '名师讲座', { status: '计划' }),
      support('S1', {
        kind: '支教',
        teacher_id: 'G1',
        from_school: 'GH01',
        to_school: 'WT01',
        start_date: '2024-09-01',
        end_date: '2024-12-31',
      }),
      support('S2', {
        kind: '支教',
        teacher_id: 'G1',
        from_school: 'GH01',
        to_school: 'DS01',
        start_date: '2024-09-01',
        end_date: '2024-12-31',
      }),
      support('S3', { kind: '捐赠', amount: '5000元', items: '图书', beneficiaries: 30 }),
      // The results sent are wrong on purpose: the server scores the rows itself.
      assessment('AS1', 'W1', '不合格', MENTEE_MET),
      assessment('AS2', 'G1', '合格'),
      assessment('AS3', 'NOBODY', '合格', MENTEE_MET),
    ],
    { term: PAST },
  );
  expect(gh.json.rejected).toEqual([]);
  const wt = await sync(
    t.wt,
    [
      partnership('WT-P9'),
      teacher('W1', 'WT01'),
      teacher('G1', 'GH01', '指导教师'),
      pairing('WT-R7', 'G1', 'W1'),
      activity('B1', '2024-12-01', '公开课'),
    ],
    { term: PAST },
  );
  expect(wt.json.rejected).toEqual([]);
});

const totals = (token: string, query: string) => api('GET', `/api/v1/totals?term=${PAST}&${query}`, { token });

describe('GET /api/v1/totals', () => {
  it('totals per school', async () => {
    const r = await totals(t.bureau, 'group_by=school');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ term: PAST, county: 'CTY01', group_by: 'school' });
    const by = Object.fromEntries(r.json.rows.map((x: TotalsRow) => [x.key, x]));
    expect(Object.keys(by)).toEqual(['DS01', 'GH01', 'WT01']);
    expect(by.GH01).toMatchObject({
      name: 'GH01 school',
      schools: 1,
      // G1 only: W1 is WT01's teacher (GH01 lists its partner's), counted for WT01.
      teachers: 1,
      partnerships: 1,
      pairings: 1,
      mentors: 1,
      mentees: 1,
      activities: 2,
      activities_by_type: { launch: 1, seminar: 1 },
      months_without_activity: 3,
      teachers_taking_part: 20,
      students_taking_part: 40,
      rotation_teachers: 1,
      rotation_person_times: 2,
      donations_yuan: 5000,
      beneficiaries: 30,
      assessed: 2,
      passed: 1,
      pass_rate: 0.5,
      // Synced, no term report submitted: the reporting rate counts reports (tests/worker/reports.test.ts).
      reporting_rate: 0,
      synced_rate: 1,
    });
    expect(by.GH01.warnings).toBeGreaterThan(0);
    const { env } = await import('cloudflare:test');
    const scored = await env.DB.prepare("SELECT id, role, score, result FROM t_assessment WHERE school = 'GH01' ORDER BY id").all();
    expect(scored.results).toEqual([
      { id: 'AS1', role: 'mentee', score: 100, result: 'pass' },
      { id: 'AS2', role: 'mentor', score: 0, result: 'fail' },
      { id: 'AS3', role: null, score: null, result: null },
    ]);
    expect(by.DS01).toMatchObject({
      schools: 1,
      teachers: 0,
      reporting_rate: 0,
      synced_rate: 0,
      months_without_activity: 0,
      pass_rate: null,
    });
    expect(by.WT01).toMatchObject({ teachers: 1, pairings: 1, months_without_activity: 4, activities_by_type: { open_class: 1 } });
  });

  it('counts a pairing or partnership recorded by both schools once per town and county', async () => {
    const county = await totals(t.bureau, 'group_by=county');
    expect(county.json.rows).toHaveLength(1);
    expect(county.json.rows[0]).toMatchObject({
      key: 'CTY01',
      schools: 3,
      teachers: 2,
      partnerships: 1,
      pairings: 1,
      mentors: 1,
      mentees: 1,
      activities: 3,
      months_without_activity: 7,
      reporting_rate: 0,
      synced_rate: 0.6667,
    });
    const towns = await totals(t.bureau, 'group_by=town');
    const by = Object.fromEntries(towns.json.rows.map((x: TotalsRow) => [x.key, x]));
    expect(by['CTY01/国河镇']).toMatchObject({
      name: '国河镇',
      county: 'CTY01',
      schools: 2,
      pairings: 1,
      partnerships: 1,
      reporting_rate: 0,
      synced_rate: 1,
    });
    expect(by['CTY01/大山乡']).toMatchObject({ schools: 1, pairings: 0, reporting_rate: 0, synced_rate: 0 });
  });

  it('counts an activity both schools log once per town and county, and each school its own', async () => {
    const joint = (id: string, extra: Record<string, unknown> = {}) =>
      activity(id, '2024-10-08', '示范课', {
        host_school: 'GH01',
        guest_school: 'WT01',
        lead_teacher: 'G1',
        theme: '识字',
        teachers: 3,
        ...extra,
      });
    // Two demonstration classes that day: GH01 logs both, WT01 one of them (its codes in lower case).
    await sync(
      t.gh,
      [
        joint('J1'),
        joint('J2', { theme: '阅读' }),
        activity('X1', '2024-10-08', '示范课', { host_school: 'DS01', guest_school: 'WT01', lead_teacher: 'G1' }),
      ],
      { term: PAST },
    );
    const wt = await sync(t.wt, [joint('WJ1', { host_school: 'gh01', guest_school: 'wt01', teachers: 5 })], { term: PAST });
    expect(wt.json.rejected).toEqual([]);
    const schools = Object.fromEntries((await totals(t.bureau, 'group_by=school')).json.rows.map((x: TotalsRow) => [x.key, x]));
    expect(schools.GH01).toMatchObject({ activities: 5, activities_by_type: { launch: 1, seminar: 1, demo_class: 3 } });
    expect(schools.WT01).toMatchObject({ activities: 2, activities_by_type: { open_class: 1, demo_class: 1 } });
    // J1/J2 and WJ1 are two activities, not three; X1 (between two other schools) counts as written.
    const [county] = (await totals(t.bureau, 'group_by=county')).json.rows;
    expect(county).toMatchObject({ activities: 6, activities_by_type: { launch: 1, seminar: 1, open_class: 1, demo_class: 3 } });
    // Each school's own people, every row: A1 12 + A2 8 + B1 10 + J1 3 + J2 3 + X1 10 + WJ1 5.
    expect(county.teachers_taking_part).toBe(51);
    const town = (await totals(t.bureau, 'group_by=town')).json.rows.find((x: TotalsRow) => x.key === 'CTY01/国河镇');
    expect(town).toMatchObject({ activities: 6, activities_by_type: { demo_class: 3 } });
  });

  it('keeps towns of one name in two counties apart when the admin totals every county, and names the county', async () => {
    // OT01 is in CTY02; a school of CTY02 in a town named as one of CTY01's.
    await createSchool('OT02', 'CTY02', { town: '国河镇' });
    const ot2 = await createToken({ role: 'school', school: 'OT02' });
    await sync(ot2, [teacher('Z1', 'OT02'), teacher('Z2', 'OT02'), activity('Z-A1', '2024-10-01')], { term: PAST });
    const all = await totals(ADMIN, 'group_by=town');
    expect(all.status).toBe(200);
    const by = Object.fromEntries(all.json.rows.map((x: TotalsRow) => [x.key, x]));
    expect(Object.keys(by)).toEqual(['CTY01/国河镇', 'CTY01/大山乡', 'CTY02/Other', 'CTY02/国河镇']);
    expect(by['CTY01/国河镇']).toMatchObject({ name: '国河镇', county: 'CTY01', schools: 2, teachers: 2, activities: 3 });
    expect(by['CTY02/国河镇']).toMatchObject({ name: '国河镇', county: 'CTY02', schools: 1, teachers: 2, activities: 1 });
    // One county's towns are the same rows whether the admin names the county or not.
    const one = await totals(ADMIN, 'group_by=town&county=CTY02');
    expect(one.json.rows.map((x: TotalsRow) => [x.key, x.county, x.schools, x.activities])).toEqual([
      ['CTY02/Other', 'CTY02', 1, 0],
      ['CTY02/国河镇', 'CTY02', 1, 1],
    ]);
    // Every row carries its county, in JSON and CSV.
    const schools = await totals(ADMIN, 'group_by=school');
    expect(schools.json.rows.map((x: TotalsRow) => [x.key, x.county])).toEqual([
      ['DS01', 'CTY01'],
      ['GH01', 'CTY01'],
      ['OT01', 'CTY02'],
      ['OT02', 'CTY02'],
      ['WT01', 'CTY01'],
    ]);
    const csv = await api('GET', `/api/v1/totals?term=${PAST}&group_by=town&format=csv`, { token: ADMIN });
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.filter((l) => l.includes('国河镇')).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['CTY01/国河镇', '国河镇', 'CTY01', '2'],
      ['CTY02/国河镇', '国河镇', 'CTY02', '1'],
    ]);
  });

  it('counts support both schools record once per town and county, and each school its own', async () => {
    const donation = (id: string, extra: Record<string, unknown> = {}) =>
      support(id, {
        kind: '捐赠',
        from_school: 'GH01',
        to_school: 'WT01',
        start_date: '2024-10-01',
        amount: '8000元',
        items: '图书',
        beneficiaries: 50,
        ...extra,
      });
    const rotation = (id: string, extra: Record<string, unknown> = {}) =>
      support(id, {
        kind: '支教',
        teacher_id: 'G1',
        from_school: 'GH01',
        to_school: 'WT01',
        start_date: '2024-09-01',
        end_date: '2024-12-31',
        ...extra,
      });
    // The same donation and the same rotation, logged by the giver and by the receiver (its codes
    // in lower case), and another donation (another date) that only the receiver logs.
    expect((await sync(t.gh, [donation('GD1')], { term: PAST })).json.rejected).toEqual([]);
    const wt = await sync(
      t.wt,
      [
        donation('WD1', { from_school: 'gh01', to_school: 'wt01' }),
        rotation('WR1'),
        donation('WD2', { start_date: '2024-11-05', amount: 3000, beneficiaries: 10 }),
      ],
      { term: PAST },
    );
    expect(wt.json.rejected).toEqual([]);
    const schools = Object.fromEntries((await totals(t.bureau, 'group_by=school')).json.rows.map((x: TotalsRow) => [x.key, x]));
    // Each school's own rows, as before: GH01 S1, S2 (rotations), S3 (5,000, no partner named) and GD1.
    expect(schools.GH01).toMatchObject({ rotation_teachers: 1, rotation_person_times: 2, donations_yuan: 13_000, beneficiaries: 80 });
    // A rotation counts for the school that sends it (as its rotation check counts): WR1 comes to WT01 from GH01.
    expect(schools.WT01).toMatchObject({ rotation_teachers: 0, rotation_person_times: 0, donations_yuan: 11_000, beneficiaries: 60 });
    // The county: GD1 = WD1 and S1 = WR1 count once; S2 (to DS01), S3 and WD2 are events of their own.
    const [county] = (await totals(t.bureau, 'group_by=county')).json.rows;
    expect(county).toMatchObject({ rotation_teachers: 1, rotation_person_times: 2, donations_yuan: 16_000, beneficiaries: 90 });
    const town = (await totals(t.bureau, 'group_by=town')).json.rows.find((x: TotalsRow) => x.key === 'CTY01/国河镇');
    expect(town).toMatchObject({ rotation_person_times: 2, donations_yuan: 16_000, beneficiaries: 90 });
    // Two different donations the same day stay two: GH01 logs a second one to WT01 on 2024-10-01.
    await sync(t.gh, [donation('GD2', { amount: 2000, beneficiaries: 5 })], { term: PAST });
    const [after] = (await totals(t.bureau, 'group_by=county')).json.rows;
    expect(after).toMatchObject({ donations_yuan: 18_000, beneficiaries: 95 });
  });

  it('counts a teacher once whatever case or width each school writes the id in', async () => {
    const r = await sync(t.wt, [teacher('ｇ1', 'gh01', '指导教师')], { term: PAST });
    expect(r.json.rejected).toEqual([]);
    const [county] = (await totals(t.bureau, 'group_by=county')).json.rows;
    expect(county).toMatchObject({ teachers: 2, mentors: 1, mentees: 1 });
  });

  it('leaves out deleted rows', async () => {
    await sync(t.gh, [{ table: 'support', id: 'S3', base_version: 1, deleted: true }], { term: PAST });
    const r = await totals(t.bureau, 'group_by=school');
    expect(r.json.rows.find((x: TotalsRow) => x.key === 'GH01').donations_yuan).toBe(0);
  });

  it('is scoped: a bureau sees only its county, a school token none, the admin all', async () => {
    expect((await totals(t.bureau2, 'county=CTY01')).status).toBe(403);
    expect((await totals(t.gh, '')).status).toBe(403);
    const other = await totals(t.bureau2, '');
    expect(other.json.rows.map((x: TotalsRow) => x.key)).toEqual(['OT01']);
    const all = await totals(ADMIN, 'group_by=county');
    expect(all.json.county).toBeNull();
    expect(all.json.rows.map((x: TotalsRow) => x.key)).toEqual(['CTY01', 'CTY02']);
    expect((await totals(ADMIN, 'group_by=school&county=CTY02')).json.rows.map((x: TotalsRow) => x.key)).toEqual(['OT01']);
  });

  it('refuses bad query values with 400', async () => {
    expect((await totals(t.bureau, 'group_by=province')).status).toBe(400);
    expect((await totals(t.bureau, 'format=xlsx')).status).toBe(400);
    expect((await api('GET', '/api/v1/totals?term=autumn', { token: t.bureau })).status).toBe(400);
  });

  it('writes CSV with a BOM, CRLF, Chinese intact and formula-looking cells escaped', async () => {
    await createSchool('EV01', 'CTY01', { name: '=HYPERLINK("http://x","点我")', town: '-2+3' });
    await createSchool('EV02', 'CTY01', { name: '@SUM(A1)', town: '+SUM' });
    const r = await api('GET', `/api/v1/totals?term=${PAST}&format=csv&group_by=school`, { token: t.bureau });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const buf = new Uint8Array(await fetchRaw(t.bureau));
    expect([...buf.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].split(',').slice(0, 5)).toEqual(['key', 'name', 'county', 'schools', 'teachers']);
    expect(lines[0]).toContain('activities_launch');
    expect(r.text).toContain(`EV01,"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(r.text).toContain(`EV02,'@SUM(A1)`);
    const gh = lines.find((l) => l.startsWith('GH01,'))!.split(',');
    expect(gh[1]).toBe('GH01 school');
    const towns = await api('GET', `/api/v1/totals?term=${PAST}&format=csv&group_by=town`, { token: t.bureau });
    expect(towns.text).toContain(`\r\nCTY01/-2+3,'-2+3,CTY01,`);
    expect(towns.text).toContain(`\r\nCTY01/+SUM,'+SUM,CTY01,`);
    expect(towns.text).toContain('国河镇');
  });
});

async function fetchRaw(token: string): Promise<ArrayBuffer> {
  const { SELF } = await import('cloudflare:test');
  const res = await SELF.fetch(`https://jiedui.test/api/v1/totals?term=${PAST}&format=csv`, {
    headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': '10.9.9.9' },
  });
  return res.arrayBuffer();
}

describe('csvCell', () => {
  it('escapes every formula start: = + - @ tab CR', async () => {
    const { csvCell } = await import('../../worker/src/csv');
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx'].map(csvCell)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", `"'\rx"`]);
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('');
  });
});
