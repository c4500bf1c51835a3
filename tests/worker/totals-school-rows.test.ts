/**
 * The by-school totals join each school's stored row (term_syncs.totals_row, migration 0011)
 * with what changes without its sync (teachers other schools list, warnings, months that ended,
 * its term report): the answer is the one built from its figures, in JSON and CSV, with and
 * without the stored rows.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { activity, api, pairing as pairingNow, resetDb, seedCounties, sync, teacher, type Tokens } from './helpers';
import type { TotalsRow } from '../../core/api/totals';

const PAST = '2024-2025-1';
let t: Tokens;

const pairing = (id: string, mentor: string, mentee: string) => {
  const p = pairingNow(id, mentor, mentee);
  return { ...p, values: { ...p.values, start_date: '2024-09-01' } };
};
const partnership = (id: string) => ({
  table: 'partnerships',
  id,
  values: { partnership_id: id, supporting_school_code: 'GH01', aided_school_code: 'WT01', start_date: '2024-09-01', focus: '师资建设' },
});

beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
  const gh = await sync(
    t.gh,
    [
      partnership('P1'),
      teacher('G1', 'GH01', '指导教师'),
      teacher('G2', 'GH01'),
      teacher('W1', 'WT01'),
      pairing('R1', 'G1', 'G2'),
      activity('A1', '2024-09-10', '研讨会', { teachers: 12, students: 40 }),
      activity('A2', '2024-11-15', '公开课', { teachers: 3 }),
    ],
    { term: PAST },
  );
  expect(gh.json.rejected).toEqual([]);
  // WT01 lists W1 too (GH01's roster counts her for WT01); DS01 never syncs; WT01's report is approved.
  expect(
    (await sync(t.wt, [partnership('P1'), teacher('W1', 'WT01'), activity('B1', '2024-12-01', '公开课')], { term: PAST })).json.rejected,
  ).toEqual([]);
  await env.DB.prepare(
    "INSERT INTO report_state (school, term, state, version, submitted_at) VALUES ('WT01', ?, 'approved', 1, '2025-01-10T00:00:00Z')",
  )
    .bind(PAST)
    .run();
});

const read = async (format: 'json' | 'csv') =>
  api('GET', `/api/v1/totals?term=${PAST}&group_by=school&format=${format}`, { token: t.bureau });

describe('by-school totals from stored rows', () => {
  it('keeps each synced school its stored row and answers as the rows built from its figures do', async () => {
    const stored = await env.DB.prepare('SELECT school, totals_row FROM term_syncs WHERE term = ? ORDER BY school')
      .bind(PAST)
      .all<{ school: string; totals_row: string | null }>();
    expect(stored.results.map((r) => r.school)).toEqual(['GH01', 'WT01']);
    for (const r of stored.results) expect(JSON.parse(r.totals_row!)).toHaveProperty('indicators');

    const [json, csv] = [await read('json'), await read('csv')];
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const by = Object.fromEntries(json.json.rows.map((r: TotalsRow) => [r.key, r]));
    expect(json.json.rows.map((r: TotalsRow) => r.key)).toEqual(['DS01', 'GH01', 'WT01']);
    expect(by.GH01).toMatchObject({
      teachers: 2,
      pairings: 1,
      activities: 2,
      teachers_taking_part: 15,
      students_taking_part: 40,
      schools: 1,
      synced_rate: 1,
      reports_submitted: 0,
    });
    expect(by.WT01).toMatchObject({ teachers: 1, activities: 1, reporting_rate: 1, reports_submitted: 1, reports_approved: 1 });
    expect(by.DS01).toMatchObject({ synced_rate: 0, activities: 0, teachers: 0 });
    // Every month of the past term (September to January) has ended: GH01 held activities in
    // September and November, WT01 in December.
    expect([by.GH01.months_without_activity, by.WT01.months_without_activity]).toEqual([3, 4]);

    // The same answers built from the figures (a school derived before totals_row was kept).
    await env.DB.prepare('UPDATE term_syncs SET totals_row = NULL').run();
    const [json2, csv2] = [await read('json'), await read('csv')];
    expect(json2.json).toEqual(json.json);
    expect(csv2.text).toBe(csv.text);
  });

  it('follows what changes without a sync: teachers another school lists, and a report', async () => {
    const before = (await read('json')).json.rows.find((r: TotalsRow) => r.key === 'WT01');
    // GH01 lists a second WT01 teacher: WT01 counts her, with no sync of its own.
    expect((await sync(t.gh, [teacher('W2', 'WT01')], { term: PAST })).json.applied).toHaveLength(1);
    await env.DB.prepare("UPDATE report_state SET state = 'returned' WHERE school = 'WT01'").run();
    const after = (await read('json')).json.rows.find((r: TotalsRow) => r.key === 'WT01');
    expect(after.teachers).toBe(before.teachers + 1);
    expect(after).toMatchObject({ reports_submitted: 1, reports_approved: 0 });
  });
});
