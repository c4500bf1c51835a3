/**
 * Rows re-sent unchanged (the server's version, the values it holds) are answered as applied at
 * that version and not written: no version, revision or audit entry for them. What the server
 * derives from all rows (warnings, Assessment scores) stays what a full recomputation gives.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkRecords, type CheckModel } from '../../core/check';
import { readRecord } from '../../core/read';
import { DEFAULT_RULES } from '../../core/rules';
import { SHEET_BY_KEY } from '../../core/template';
import { SYNC_TABLES } from '../../worker/src/tables';
import { todayInChina } from '../../worker/src/sync/warnings';
import { activity, api, pairing, resetDb, seedCounties, sync, teacher, TERM, type Row, type Tokens } from './helpers';
import type { SyncAnswer } from '../../core/api/sync';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const stored = (table: string, id: string) =>
  env.DB.prepare(
    `SELECT version, revision, updated_at, raw${table === 'assessment' ? ', role, score, result' : ''} FROM t_${table} WHERE school = 'GH01' AND id = ?`,
  )
    .bind(id)
    .first<Record<string, unknown>>();
const lastAudit = async () =>
  JSON.parse((await env.DB.prepare("SELECT detail FROM audit WHERE action = 'sync' ORDER BY seq DESC LIMIT 1").first<string>('detail'))!);
const revision = () => env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first<number>('revision');
const on = (row: Row, base: number): Row => ({ ...row, base_version: base });

describe('unchanged rows', () => {
  it('are answered as applied at the same version, not rewritten, not audited, and bump nothing', async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '指导教师'), teacher('T2', 'GH01')]);
    const before = await stored('teachers', 'T1');
    const r = await sync(t.gh, [on(teacher('T1', 'GH01', '指导教师'), 1), on(teacher('T2', 'GH01', '新教师', { name: '王老师' }), 1)]);
    expect(r.status).toBe(200);
    expect(r.json.applied).toEqual([
      { table: 'teachers', id: 'T1', version: 1 },
      { table: 'teachers', id: 'T2', version: 2 },
    ]);
    expect(r.json.ignored).toBe(1);
    expect(r.json.revision).toBe(2);
    expect(await stored('teachers', 'T1')).toEqual(before);
    expect((await stored('teachers', 'T2'))?.revision).toBe(2);
    expect((await lastAudit()).changed).toEqual([{ table: 'teachers', id: 'T2', version: 2 }]);

    // Everything again, unchanged: nothing moves, and a second workstation has nothing to pull.
    const again = await sync(t.gh, [on(teacher('T1', 'GH01', '指导教师'), 1), on(teacher('T2', 'GH01', '新教师', { name: '王老师' }), 2)]);
    expect(again.json).toMatchObject({ revision: 2, ignored: 2, conflicts: [], rejected: [] });
    expect(again.json.applied.map((a: SyncAnswer['applied'][number]) => a.version)).toEqual([1, 2]);
    expect(await revision()).toBe(2);
    expect((await lastAudit()).changed).toEqual([]);
    const pulled = await api('GET', `/api/v1/rows?term=${TERM}&since=2`, { token: t.gh });
    expect(pulled.json.rows).toEqual([]);
  });

  it('still writes a changed value or another key order, and still refuses a stale base', async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    const values = teacher('T1', 'GH01').values!;
    const reordered = Object.fromEntries(Object.entries(values).reverse());
    const r = await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 1, values: reordered }]);
    expect(r.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 2 }]);
    expect(r.json.ignored).toBe(0);
    const stale = await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 1, values: reordered }]);
    expect(stale.json.conflicts).toEqual([{ table: 'teachers', id: 'T1', server_version: 2 }]);
    expect(stale.json.applied).toEqual([]);
    const changed = await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 2, values: { ...reordered, years_teaching: 3 } }]);
    expect(changed.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 3 }]);
    expect(await revision()).toBe(3);
  });

  it('treat a delete of a tombstone as unchanged', async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 1, deleted: true }]);
    const r = await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 2, deleted: true }]);
    expect(r.json).toMatchObject({ revision: 2, ignored: 1, applied: [{ table: 'teachers', id: 'T1', version: 2 }] });
    expect((await stored('teachers', 'T1'))?.version).toBe(2);
  });
});

describe('what the server derives from every row', () => {
  const assess = (teacherId: string): Row => ({
    table: 'assessment',
    id: `${teacherId}|${TERM}`,
    values: { teacher_id: teacherId, term: TERM, intro_lessons: 1, summary_submitted: '是' },
  });

  it('rescores a stored Assessment row when its pairing comes, changes or goes, without rewriting the row', async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '指导教师'), teacher('T2', 'GH01'), assess('T2')]);
    expect(await stored('assessment', `T2|${TERM}`)).toMatchObject({ version: 1, role: null, score: null, result: null });
    await sync(t.gh, [pairing('P1', 'T1', 'T2')]);
    const scored = await stored('assessment', `T2|${TERM}`);
    expect(scored).toMatchObject({ version: 1, revision: 1, role: 'mentee', result: 'fail' });
    expect(typeof scored?.score).toBe('number');
    // Re-sent unchanged: ignored, and the scores stay.
    const r = await sync(t.gh, [on(assess('T2'), 1)]);
    expect(r.json.ignored).toBe(1);
    expect(await stored('assessment', `T2|${TERM}`)).toEqual(scored);
    await sync(t.gh, [{ table: 'pairings', id: 'P1', base_version: 1, deleted: true }]);
    expect(await stored('assessment', `T2|${TERM}`)).toMatchObject({ version: 1, role: null, score: null, result: null });
  });

  it('keeps the stored warnings equal to core’s checkRecords over the stored rows, whatever was ignored', async () => {
    const rows = [
      teacher('T1', 'GH01', '指导教师', { title: '初级', backbone_level: '无' }), // an ineligible mentor
      teacher('T2', 'GH01'),
      teacher('T3', 'GH01'),
      pairing('P1', 'T1', 'T2'),
      pairing('P2', 'T9', 'T3'), // an unknown mentor
      activity('A1', '2026-09-10'),
      assess('T2'),
    ];
    await sync(t.gh, rows);
    // Everything again on version 1, one activity changed and one teacher deleted.
    await sync(t.gh, [
      ...rows.filter((r) => r.id !== 'A1' && r.id !== 'T3').map((r) => on(r, 1)),
      on(activity('A1', '2026-10-10', '联席会议'), 1),
      { table: 'teachers', id: 'T3', base_version: 1, deleted: true },
    ]);

    const sheets: CheckModel['sheets'] = {};
    for (const table of SYNC_TABLES) {
      const live = await env.DB.prepare(`SELECT id, raw FROM t_${table} WHERE school = 'GH01' AND term = ? AND deleted = 0 ORDER BY id`)
        .bind(TERM)
        .all<{ id: string; raw: string }>();
      sheets[table] = {
        name: SHEET_BY_KEY[table].zh,
        rows: live.results.map((x) => {
          const raw = JSON.parse(x.raw);
          return { row: 0, values: readRecord(table, raw).values, raw, hasErrors: false };
        }),
      };
    }
    const school = (await env.DB.prepare("SELECT * FROM schools WHERE code = 'GH01'").first<{
      name: string;
      town: string | null;
      level: string | null;
    }>())!;
    const program = {
      school_code: 'GH01',
      school_name: school.name,
      county: 'CTY01',
      town: school.town,
      school_level: school.level,
      term: TERM,
    };
    const expected: Record<string, number> = {};
    for (const i of checkRecords({ program, rules: DEFAULT_RULES, sheets }, { today: todayInChina() }))
      expected[i.code] = (expected[i.code] ?? 0) + 1;
    const got = await env.DB.prepare("SELECT code, count FROM warnings WHERE school = 'GH01' AND term = ?")
      .bind(TERM)
      .all<{ code: string; count: number }>();
    expect(Object.fromEntries(got.results.map((w) => [w.code, w.count]))).toEqual(expected);
    expect(expected['pairing.mentor_ineligible']).toBe(1);
    expect(expected['teacher.unknown']).toBeGreaterThanOrEqual(1);
  });
});
