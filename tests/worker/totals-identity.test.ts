/**
 * Who is who across schools (DOMAIN.md; core/identity.ts) in the bureau's totals: ids are each
 * workbook's own, a person is their own school and name. And sums that cannot be made (a value
 * stored past what a double adds exactly, or infinite) show as unknown, never as 0 or a 500.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { activity, api, resetDb, seedCounties, sync, teacher, type Row, type Tokens } from './helpers';
import type { ComplianceSchool, TotalsRow } from '../../core/api/totals';

const PAST = '2024-2025-1';
let t: Tokens;

beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const partnership = (id: string): Row => ({
  table: 'partnerships',
  id,
  values: { partnership_id: id, supporting_school_code: 'GH01', aided_school_code: 'WT01', start_date: '2024-09-01', focus: '师资建设' },
});
const person = (id: string, school: string, name: string, role = '新教师') => teacher(id, school, role, { name });
const pairing = (id: string, m: string, e: string): Row => ({
  table: 'pairings',
  id,
  values: { pairing_id: id, mentor_id: m, mentee_id: e, subject: '语文', start_date: '2024-09-01' },
});

async function syncPast(token: string, rows: Row[]) {
  const r = await sync(token, rows, { term: PAST });
  expect(r.status, r.text).toBe(200);
  expect(r.json.rejected).toEqual([]);
}
async function totals(groupBy: string, format = 'json') {
  const r = await api('GET', `/api/v1/totals?term=${PAST}&group_by=${groupBy}&format=${format}`, { token: t.bureau });
  expect(r.status, r.text).toBe(200);
  return r;
}
const rowsBy = async (groupBy: string) =>
  Object.fromEntries((await totals(groupBy)).json.rows.map((x: TotalsRow) => [x.key, x])) as Record<string, TotalsRow>;
/** The CSV as objects by key, every cell as text. */
async function csvBy(groupBy: string): Promise<Record<string, Record<string, string>>> {
  const [header, ...lines] = (await totals(groupBy, 'csv')).text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
  return Object.fromEntries(lines.map((l) => [l[0], Object.fromEntries(header.map((h, i) => [h, l[i]]))]));
}
const TOWN = 'CTY01/国河镇';

describe('who is who across schools in the totals', () => {
  it('the same ids at two schools are two people each', async () => {
    // Both schools number their teachers T001, T002 and their pairing X1, as schools do.
    for (const [token, school, names] of [
      [t.gh, 'GH01', ['李明', '张伟']],
      [t.wt, 'WT01', ['王芳', '赵丽']],
    ] as const) {
      await syncPast(token, [
        person('T001', school, names[0], '指导教师'),
        person('T002', school, names[1]),
        pairing('X1', 'T001', 'T002'),
      ]);
    }
    const schools = await rowsBy('school');
    for (const s of ['GH01', 'WT01']) expect(schools[s]).toMatchObject({ teachers: 2, pairings: 1, mentors: 1, mentees: 1 });
    for (const row of [(await rowsBy('town'))[TOWN], (await rowsBy('county')).CTY01]) {
      expect(row).toMatchObject({ teachers: 4, pairings: 2, mentors: 2, mentees: 2 });
    }
  });

  it('one teacher listed by two schools under two ids is one teacher, of her own school', async () => {
    // GH01 lists WT01's 王芳 as W1; WT01 lists her as T005, her name aligned by hand with a full-width space.
    await syncPast(t.gh, [partnership('P1'), person('G1', 'GH01', '李明', '指导教师'), person('W1', 'WT01', '王芳')]);
    await syncPast(t.wt, [partnership('P9'), person('T005', 'WT01', '王\u3000芳'), person('T006', 'WT01', '赵丽')]);
    const schools = await rowsBy('school');
    // A roster lists partner teachers too: 王芳 counts for WT01 only.
    expect(schools.GH01.teachers).toBe(1);
    expect(schools.WT01.teachers).toBe(2);
    expect((await rowsBy('town'))[TOWN]).toMatchObject({ teachers: 3, partnerships: 1 });
    expect((await rowsBy('county')).CTY01).toMatchObject({ teachers: 3 });
    // The CSV shows the same figures.
    const csv = await csvBy('school');
    expect(csv.GH01.teachers).toBe('1');
    expect(csv.WT01.teachers).toBe('2');

    // WT01 deletes her: GH01 still lists her, so she still counts for WT01.
    const v = await env.DB.prepare("SELECT version FROM t_teachers WHERE school = 'WT01' AND id = 'T005'").first<number>('version');
    await syncPast(t.wt, [{ table: 'teachers', id: 'T005', base_version: v, deleted: true }]);
    expect((await rowsBy('school')).WT01.teachers).toBe(2);
    expect((await rowsBy('county')).CTY01.teachers).toBe(3);
  });

  it("no school raises another's teachers by listing people under its code, in its county or another", async () => {
    const ghost = (i: number, school: string): Row => person(`Y${i}`, school, `幽灵${i}`);
    const with_ = (id: string, supporting: string, aided: string): Row => ({
      table: 'partnerships',
      id,
      values: {
        partnership_id: id,
        supporting_school_code: supporting,
        aided_school_code: aided,
        start_date: '2024-09-01',
        focus: '师资建设',
      },
    });
    await syncPast(t.gh, [person('G1', 'GH01', '李明', '指导教师'), person('G2', 'GH01', '张伟')]);
    // OT01, of CTY02, writes a partnership with GH01 and 40 people under GH01's code.
    const ot = await sync(t.ot, [with_('P2', 'GH01', 'OT01'), ...Array.from({ length: 40 }, (_, i) => ghost(i, 'GH01'))], { term: PAST });
    expect(ot.status, ot.text).toBe(200);
    // WT01, of GH01's own county, does the same with 10.
    await syncPast(t.wt, [partnership('P9'), ...Array.from({ length: 10 }, (_, i) => ghost(100 + i, 'GH01'))]);
    expect((await rowsBy('school')).GH01.teachers).toBe(2);
    expect((await rowsBy('county')).CTY01.teachers).toBe(2);

    // GH01 records its partnership with WT01: WT01's list counts for GH01 from then on; OT01's still not.
    const gh = await sync(t.gh, [partnership('P1')], { term: PAST });
    expect(gh.status, gh.text).toBe(200);
    expect((await rowsBy('school')).GH01.teachers).toBe(12);
    expect((await rowsBy('county')).CTY01.teachers).toBe(12);
    // And it withdraws it: the count falls back at GH01's own sync.
    const v = await env.DB.prepare("SELECT version FROM t_partnerships WHERE school = 'GH01' AND id = 'P1'").first<number>('version');
    await syncPast(t.gh, [{ table: 'partnerships', id: 'P1', base_version: v, deleted: true }]);
    expect((await rowsBy('school')).GH01.teachers).toBe(2);
    // WT01 drops its people of GH01's: nothing left of them anywhere.
    await syncPast(t.gh, [partnership('P3')]);
    expect((await rowsBy('school')).GH01.teachers).toBe(12);
    const ghosts = await env.DB.prepare("SELECT id, version FROM t_teachers WHERE school = 'WT01' AND id LIKE 'Y%'").all<{
      id: string;
      version: number;
    }>();
    await syncPast(
      t.wt,
      ghosts.results.map((g) => ({ table: 'teachers', id: g.id, base_version: g.version, deleted: true })),
    );
    expect((await rowsBy('school')).GH01.teachers).toBe(2);
  });

  it('a pairing recorded by both schools, under their own ids, counts once in the town and the county', async () => {
    await syncPast(t.gh, [
      partnership('P1'),
      person('G1', 'GH01', '李明', '指导教师'),
      person('W1', 'WT01', '王芳'),
      pairing('GP1', 'G1', 'W1'),
    ]);
    await syncPast(t.wt, [
      partnership('P9'),
      person('X9', 'GH01', '李 明', '指导教师'),
      person('T005', 'WT01', '王芳'),
      pairing('WP7', 'X9', 'T005'),
    ]);
    const schools = await rowsBy('school');
    for (const s of ['GH01', 'WT01']) expect(schools[s]).toMatchObject({ pairings: 1, mentors: 1, mentees: 1, teachers: 1 });
    for (const row of [(await rowsBy('town'))[TOWN], (await rowsBy('county')).CTY01]) {
      expect(row).toMatchObject({ pairings: 1, mentors: 1, mentees: 1, teachers: 2, partnerships: 1 });
    }
    const csv = await csvBy('county');
    expect(csv.CTY01).toMatchObject({ pairings: '1', mentors: '1', mentees: '1', teachers: '2' });

    // A second pairing only WT01 records: two in the county.
    const e2 = person('T006', 'WT01', '赵丽');
    await syncPast(t.wt, [e2, pairing('WP8', 'X9', 'T006')]);
    expect((await rowsBy('county')).CTY01).toMatchObject({ pairings: 2, mentors: 1, mentees: 2 });
  });

  it('two teachers of one school with one name are a warning, and one person in the totals until told apart', async () => {
    await syncPast(t.gh, [person('T1', 'GH01', '王芳'), person('T2', 'GH01', ' 王芳 '), person('T3', 'GH01', '李明')]);
    const compliance = await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau });
    expect(compliance.json.schools.find((s: ComplianceSchool) => s.code === 'GH01').warnings['teacher.same_name']).toBe(1);
    expect((await rowsBy('school')).GH01.teachers).toBe(2);
    // The school tells them apart (大王芳 and 小王芳): two people, no warning.
    const v = await env.DB.prepare("SELECT version FROM t_teachers WHERE school = 'GH01' AND id = 'T2'").first<number>('version');
    await syncPast(t.gh, [{ ...person('T2', 'GH01', '小王芳'), base_version: v }]);
    const after = await api('GET', `/api/v1/compliance?term=${PAST}`, { token: t.bureau });
    expect(after.json.schools.find((s: ComplianceSchool) => s.code === 'GH01').warnings['teacher.same_name']).toBeUndefined();
    expect((await rowsBy('school')).GH01.teachers).toBe(3);
  });
});

describe('sums that cannot be made', () => {
  const donation = (id: string, amount: number): Row => ({
    table: 'support',
    id,
    values: { record_id: id, kind: '捐赠', amount, items: '图书', beneficiaries: 5, start_date: '2024-10-01' },
  });

  /** Writes a value into stored rows' `vals` behind the API's back (core refuses such values at sync), and marks the figures stale. */
  async function storeDirectly(table: string, school: string, ids: string[], path: string, json: string) {
    await env.DB.batch([
      ...ids.map((id) =>
        env.DB.prepare(`UPDATE ${table} SET vals = json_set(vals, ?, json(?)) WHERE school = ? AND id = ?`).bind(path, json, school, id),
      ),
      env.DB.prepare("UPDATE term_syncs SET derived = 'old' WHERE school = ?").bind(school),
    ]);
  }

  it('an infinite or overflowing sum of donations or people taking part is unknown, not 0 and not a 500', async () => {
    await syncPast(t.gh, [
      donation('S1', 300),
      donation('S2', 1000),
      donation('S3', 1000),
      activity('A1', '2024-10-10'),
      activity('A2', '2024-10-11'),
    ]);
    await syncPast(t.wt, [donation('S1', 700), activity('B1', '2024-10-12', '研讨会', { teachers: 4 })]);
    expect((await rowsBy('school')).GH01).toMatchObject({ donations_yuan: 2300, teachers_taking_part: 20 });

    // Two amounts of 1.7e308 add to infinity; two counts of 2^53 - 1 past what a double adds exactly.
    await storeDirectly('t_support', 'GH01', ['S2', 'S3'], '$.amount', '1.7e308');
    await storeDirectly('t_schedule', 'GH01', ['A1', 'A2'], '$.teachers', '9007199254740991');
    const schools = await rowsBy('school');
    // Unknown (null) while the server counts those rows; if the checks refuse them (their bound), GH01's own 300 and 0.
    expect([null, 300]).toContain(schools.GH01.donations_yuan);
    expect([null, 0]).toContain(schools.GH01.teachers_taking_part);
    expect(schools.GH01.donations_yuan).not.toBe(0);
    // WT01's figures are its own.
    expect(schools.WT01).toMatchObject({ donations_yuan: 700, teachers_taking_part: 4 });
    for (const g of ['town', 'county']) {
      const row = Object.values(await rowsBy(g)).find((r: TotalsRow) => r.key === (g === 'town' ? TOWN : 'CTY01'))!;
      expect([null, 1000], g).toContain(row.donations_yuan);
      expect(row.donations_yuan, g).not.toBe(0);
    }
    // The CSV shows the same: an empty cell for an unknown sum, never 0.
    const csv = await csvBy('county');
    expect(['', '1000']).toContain(csv.CTY01.donations_yuan);
    expect(csv.CTY01.donations_yuan).not.toBe('0');
  });

  it('a value that is not a number in a stored row makes its sum unknown', async () => {
    await syncPast(t.gh, [donation('S1', 300), donation('S2', 1000)]);
    await storeDirectly('t_support', 'GH01', ['S2'], '$.amount', '"lots"');
    const gh = (await rowsBy('school')).GH01;
    expect([null, 300]).toContain(gh.donations_yuan);
    expect(gh.donations_yuan).not.toBe(0);
  });
});
