import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { syncStatements } from '../../worker/src/sync/write';
import { activity, api, batch, pairing, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';
import type { SyncAnswer } from '../../core/api/sync';

type Rejected = SyncAnswer['rejected'][number];

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const count = async (sql: string, ...args: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...args)
    .first<number>('n')) ?? 0;

describe('POST /api/v1/sync', () => {
  it('applies good rows, rejects rows core reads an error in, and stores typed columns', async () => {
    const r = await sync(t.gh, [
      teacher('T1', 'GH01', '指导教师'),
      teacher('T2', 'GH01'),
      activity('A1', '2026/9/10', '启动仪式'),
      activity('A2', '2026-13-45'),
      { table: 'teachers', id: 'T3', values: { teacher_id: 'T3', school_code: 'GH01', role: '新教师' } },
    ]);
    expect(r.status).toBe(200);
    expect(r.json.revision).toBe(1);
    expect(r.json.applied).toEqual([
      { table: 'teachers', id: 'T1', version: 1 },
      { table: 'teachers', id: 'T2', version: 1 },
      { table: 'schedule', id: 'A1', version: 1 },
    ]);
    expect(r.json.conflicts).toEqual([]);
    const rejected = Object.fromEntries(r.json.rejected.map((x: Rejected) => [x.id, x.issues.map((i) => [i.code, i.column])]));
    expect(rejected.A2).toContainEqual(['cell.type', 'date']);
    expect(rejected.T3).toContainEqual(['cell.required', 'name']);
    const a1 = await env.DB.prepare("SELECT date, month, type, status, raw FROM t_schedule WHERE id = 'A1'").first<{
      date: string;
      month: string;
      type: string;
      status: string;
      raw: string;
    }>();
    expect(a1).toMatchObject({ date: '2026-09-10', month: '2026-09', type: 'launch', status: 'done' });
    expect(JSON.parse(a1!.raw).date).toBe('2026/9/10');
    expect(await count('SELECT COUNT(*) AS n FROM t_schedule')).toBe(1);
  });

  it('bumps versions on update and answers a stale base_version as a conflict, not an overwrite', async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    const up = await sync(t.gh, [{ ...teacher('T1', 'GH01', '新教师', { name: '王老师' }), base_version: 1 }]);
    expect(up.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 2 }]);
    expect(up.json.revision).toBe(2);
    const stale = await sync(t.gh, [{ ...teacher('T1', 'GH01', '新教师', { name: '李老师' }), base_version: 1 }]);
    expect(stale.json.conflicts).toEqual([{ table: 'teachers', id: 'T1', server_version: 2 }]);
    expect(stale.json.applied).toEqual([]);
    expect(stale.json.revision).toBe(2);
    const fresh = await sync(t.gh, [teacher('T1', 'GH01')]);
    expect(fresh.json.conflicts).toEqual([{ table: 'teachers', id: 'T1', server_version: 2 }]);
    expect(await env.DB.prepare("SELECT name FROM t_teachers WHERE id = 'T1'").first('name')).toBe('王老师');
  });

  it('deletes with a tombstone that a second workstation sees, and lets the id be created again', async () => {
    await sync(t.gh, [teacher('T1', 'GH01'), teacher('T2', 'GH01')]);
    const del = await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 1, deleted: true }]);
    expect(del.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 2 }]);
    const since = await api('GET', `/api/v1/rows?term=${TERM}&since=1`, { token: t.gh });
    expect(since.status).toBe(200);
    expect(since.json.revision).toBe(2);
    expect(since.json.rows).toEqual([{ table: 'teachers', id: 'T1', version: 2, revision: 2, deleted: true, values: {} }]);
    const again = await sync(t.gh, [teacher('T1', 'GH01')]);
    expect(again.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 3 }]);
  });

  it('rejects unknown tables and a row sent twice in one batch', async () => {
    const r = await sync(t.gh, [{ table: 'program', id: 'x', values: {} }, teacher('T1', 'GH01'), teacher('T1', 'GH01')]);
    expect(r.json.applied).toHaveLength(1);
    expect(r.json.rejected.map((x: Rejected) => x.issues[0].code)).toEqual(['sync.unknown_table', 'sync.duplicate_row']);
  });

  it('replays the same batch with the same answer and applies nothing twice', async () => {
    const body = batch([teacher('T1', 'GH01'), teacher('T2', 'GH01')]);
    const first = await api('POST', '/api/v1/sync', { token: t.gh, body });
    // The same JSON with other white space is the same batch.
    const second = await api('POST', '/api/v1/sync', { token: t.gh, raw: JSON.stringify(body, null, 2) });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    expect(await env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first('revision')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM t_teachers WHERE version = 1')).toBe(2);
    expect(await count("SELECT COUNT(*) AS n FROM audit WHERE action = 'sync'")).toBe(1);
  });

  it('answers 422 when a batch id comes back with a different body', async () => {
    const body = batch([teacher('T1', 'GH01')]);
    await api('POST', '/api/v1/sync', { token: t.gh, body });
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body: { ...body, rows: [teacher('T9', 'GH01')] } });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('batch_id_reused');
    expect(await count("SELECT COUNT(*) AS n FROM t_teachers WHERE id = 'T9'")).toBe(0);
  });

  it('scopes batch ids per school: another school may use the same id', async () => {
    const body = batch([teacher('T1', 'X')]);
    expect((await api('POST', '/api/v1/sync', { token: t.gh, body })).json.applied).toHaveLength(1);
    expect((await api('POST', '/api/v1/sync', { token: t.wt, body: { ...body, school: 'WT01' } })).json.applied).toHaveLength(1);
  });

  it('leaves nothing behind when a statement inside the batch fails', async () => {
    const db = env.DB.withSession('first-primary');
    const stmts = syncStatements(db, {
      school: 'GH01',
      county: 'CTY01',
      term: TERM,
      tokenId: 'test',
      batchId: 'atomic',
      bodyHash: 'h',
      expectedRevision: 7, // the stored revision is 0: the guard aborts the whole batch
      revision: 8,
      writes: [{ table: 'teachers', id: 'T1', version: 1, deleted: false, raw: { name: 'a' }, vals: { name: 'a' } }],
      warnings: [{ code: 'schedule.month_without_activity', severity: 'warning', count: 1 }],
      answer: new Uint8Array(0),
    });
    await expect(db.batch(stmts)).rejects.toThrow(/CHECK constraint/);
    expect(await count('SELECT COUNT(*) AS n FROM t_teachers')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM warnings')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM sync_log')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM term_syncs')).toBe(0);
    expect(await env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first('revision')).toBe(0);
  });

  it('refuses a write batch once the term is locked, though the sync planned before the lock', async () => {
    // The route read term_locks (no lock) and planned; the bureau's lock commits before the write.
    await env.DB.prepare("INSERT INTO term_locks (county, term, locked_at, locked_by) VALUES ('CTY01', ?, 'now', 'test')").bind(TERM).run();
    const db = env.DB.withSession('first-primary');
    const stmts = syncStatements(db, {
      school: 'GH01',
      county: 'CTY01',
      term: TERM,
      tokenId: 'test',
      batchId: 'late-lock',
      bodyHash: 'h',
      expectedRevision: 0,
      revision: 1,
      writes: [{ table: 'teachers', id: 'T1', version: 1, deleted: false, raw: { name: 'a' }, vals: { name: 'a' } }],
      warnings: [],
      answer: new Uint8Array(0),
    });
    await expect(db.batch(stmts)).rejects.toThrow(/CHECK constraint/);
    expect(await count('SELECT COUNT(*) AS n FROM t_teachers')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM sync_log')).toBe(0);
    expect(await env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first('revision')).toBe(0);
    // Another county's lock, or another term's, does not stop it.
    await env.DB.prepare("UPDATE term_locks SET county = 'CTY02'").run();
    await db.batch(stmts);
    expect(await count('SELECT COUNT(*) AS n FROM t_teachers')).toBe(1);
  });

  it('refuses ids, table names and batch ids that are not well-formed UTF-16 (a lone surrogate), naming the field', async () => {
    // D1 stores UTF-8: a lone surrogate came back as U+FFFD, so the row could never be updated
    // (a conflict with server_version 0) and X\uD800 and X\uD801 were one row.
    for (const [rows, extra, field] of [
      [[teacher('T1', 'GH01'), teacher('X\uD800', 'GH01')], {}, 'rows.1.id'],
      [[teacher('X\uDC00Y', 'GH01')], {}, 'rows.0.id'],
      [[{ ...teacher('T2', 'GH01'), table: 'teachers\uD83D' }], {}, 'rows.0.table'],
      [[teacher('T3', 'GH01')], { batch_id: 'b-\uDBFF' }, 'batch_id'],
    ] as const) {
      const r = await sync(t.gh, [...rows], extra);
      expect(r.status, field).toBe(400);
      expect(r.json.error.message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: not well-formed text`));
      expect(r.json.error.details[0].path).toBe(field);
    }
    expect(await count('SELECT COUNT(*) AS n FROM t_teachers')).toBe(0);
    // A pair (an emoji, CJK extension B) is well formed: stored and updated as any id.
    const ok = await sync(t.gh, [teacher('E😀', 'GH01'), teacher('𠀀', 'GH01')]);
    expect(ok.json.applied).toHaveLength(2);
    const up = await sync(t.gh, [{ ...teacher('E😀', 'GH01', '新教师', { name: '王老师' }), base_version: 1 }]);
    expect(up.json.applied).toEqual([{ table: 'teachers', id: 'E😀', version: 2 }]);
    expect(up.json.conflicts).toEqual([]);
    // Names stored as text columns and grouped by (a town) are held to the same rule.
    const school = await api('POST', '/api/v1/schools', {
      token: t.bureau,
      body: { code: 'LS01', name: 'L', county: 'CTY01', town: '镇\uD800' },
    });
    expect(school.status).toBe(400);
    expect(school.json.error.message).toMatch(/^town: not well-formed text/);
    const county = await api('PUT', '/api/v1/counties/CTY01', { token: t.bureau, body: { name: '县\uDFFF' } });
    expect(county.json.error.message).toMatch(/^name: not well-formed text/);
    // workerd has String.prototype.isWellFormed; the worker's own check agrees with it.
    const { isWellFormed } = await import('../../worker/src/schemas');
    for (const s of ['', 'abc', 'X\uD800', '\uDC00', 'E😀', '\uD83D\uDE00\uD83D', '𠀀']) {
      expect(isWellFormed(s), JSON.stringify(s)).toBe((s as unknown as { isWellFormed(): boolean }).isWellFormed());
    }
  });

  it('stores the open warnings that core finds over the stored rows, replacing them each sync', async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '指导教师'), teacher('T2', 'GH01'), pairing('P1', 'T1', 'T2'), activity('A1', '2026-09-10')]);
    const codes = await env.DB.prepare("SELECT code, count FROM warnings WHERE school = 'GH01' AND term = ?")
      .bind(TERM)
      .all<{ code: string; count: number }>();
    const byCode = Object.fromEntries(codes.results.map((w) => [w.code, w.count]));
    expect(byCode['schedule.leaders_meetings_short']).toBe(1);
    await sync(t.gh, [activity('A2', '2026-10-10', '联席会议'), activity('A3', '2026-11-10', '联席会议')]);
    expect(await count("SELECT COUNT(*) AS n FROM warnings WHERE code = 'schedule.leaders_meetings_short'")).toBe(0);
  });

  it('refuses another template version (422) and wrong types (400)', async () => {
    const v = await sync(t.gh, [teacher('T1', 'GH01')], { template_version: 99 });
    expect(v.status).toBe(422);
    expect(v.json.error.code).toBe('template_version');
    const types = await sync(t.gh, [{ table: 'teachers', id: 'T1', values: { name: { nested: true } } }]);
    expect(types.status).toBe(400);
    expect(types.json.error.message).toMatch(/^rows\.0\.values\.name/);
    const term = await sync(t.gh, [], { term: '2026-2028-1' });
    expect(term.status).toBe(400);
    expect(term.json.error.message).toMatch(/^term:/);
  });

  it('needs a school token', async () => {
    expect((await sync(t.bureau, [teacher('T1', 'GH01')])).status).toBe(403);
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.bureau })).status).toBe(403);
  });
});

describe('school scope', () => {
  it("keeps school A's rows away from school B", async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    await sync(t.wt, [teacher('T1', 'WT01')]);
    const gh = await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.gh });
    const wt = await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.wt });
    expect(gh.json.rows).toHaveLength(1);
    expect(gh.json.rows[0].values.school_code).toBe('GH01');
    expect(wt.json.rows[0].values.school_code).toBe('WT01');
    // B writing the same id changes only its own row: A's version stays 1.
    await sync(t.wt, [{ ...teacher('T1', 'WT01', '指导教师'), base_version: 1 }]);
    expect(await env.DB.prepare("SELECT version FROM t_teachers WHERE school = 'GH01' AND id = 'T1'").first('version')).toBe(1);
    expect((await api('GET', `/api/v1/rows?term=${TERM}&since=0`, { token: t.ds })).json.rows).toEqual([]);
  });

  it('keeps terms apart', async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    await sync(t.gh, [teacher('T1', 'GH01')], { term: '2026-2027-2' });
    expect((await api('GET', `/api/v1/rows?term=2026-2027-2`, { token: t.gh })).json.rows).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS n FROM t_teachers')).toBe(2);
  });
});
