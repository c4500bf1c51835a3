/**
 * Row history: the old values of a changed or deleted row are kept in the sync's own batch, and
 * read newest first with GET /api/v1/rows/:table/:id/history by the school and its county's bureau
 * (anyone else: the 404 of an unknown row), a page at a time, bounded per row and per term.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_HISTORY_PER_ROW, MAX_HISTORY_PER_TERM } from '../../worker/src/sync/history';
import { api, sync, resetDb, seedCounties, teacher, TERM, type Row, type Tokens } from './helpers';

let t: Tokens;
let ghTokenId: string;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
  ghTokenId = (await env.DB.prepare("SELECT id FROM tokens WHERE school = 'GH01'").first<string>('id'))!;
});

const history = (token: string, table: string, id: string, query = '') =>
  api('GET', `/api/v1/rows/${table}/${encodeURIComponent(id)}/history?term=${TERM}${query}`, { token });
const on = (row: Row, base: number): Row => ({ ...row, base_version: base });
type Entry = { version: number; values: Record<string, unknown>; deleted: boolean };
const entries = () => env.DB.prepare('SELECT COUNT(*) AS n FROM row_history').first<number>('n');

describe('row history', () => {
  it('keeps the old values of each change and delete, newest first, with when, by whom and whether a delete', async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '新教师', { name: '张一' })]);
    await sync(t.gh, [on(teacher('T1', 'GH01', '新教师', { name: '张二' }), 1)]);
    // Re-sent unchanged: nothing written, nothing kept.
    await sync(t.gh, [on(teacher('T1', 'GH01', '新教师', { name: '张二' }), 2)]);
    const del = await sync(t.gh, [{ table: 'teachers', id: 'T1', base_version: 2, deleted: true }]);
    expect(del.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 3 }]);

    const r = await history(t.gh, 'teachers', 'T1');
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ table: 'teachers', id: 'T1', term: TERM, school: 'GH01', next: null });
    expect(r.json.current).toEqual({ version: 3, deleted: true, updated_at: expect.any(String), updated_by: ghTokenId });
    expect(r.json.history.map((h: Entry) => [h.version, h.values.name, h.deleted])).toEqual([
      [2, '张二', true],
      [1, '张一', false],
    ]);
    for (const h of r.json.history) {
      expect(h.changed_by).toBe(ghTokenId);
      expect(h.updated_by).toBe(ghTokenId);
      expect(Date.parse(h.changed_at)).toBeGreaterThanOrEqual(Date.parse(h.updated_at));
    }
    expect(r.json.history[0].values).toEqual(teacher('T1', 'GH01', '新教师', { name: '张二' }).values);

    // Made again after the delete: the tombstone replaced leaves no entry.
    await sync(t.gh, [teacher('T1', 'GH01', '新教师', { name: '张三' })]);
    const again = await history(t.gh, 'teachers', 'T1');
    expect(again.json.current).toMatchObject({ version: 4, deleted: false });
    expect(again.json.history).toHaveLength(2);
    // A new row has an empty history.
    await sync(t.gh, [teacher('T2', 'GH01')]);
    expect((await history(t.gh, 'teachers', 'T2')).json.history).toEqual([]);
  }, 30_000);

  it('is written in the sync batch: a replayed batch adds nothing, a refused one nothing', async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    const body = {
      batch_id: 'hist-replay',
      term: TERM,
      template_version: 1,
      school: 'GH01',
      rows: [on(teacher('T1', 'GH01', '新教师', { name: '改' }), 1)],
    };
    expect((await api('POST', '/api/v1/sync', { token: t.gh, body })).status).toBe(200);
    expect((await api('POST', '/api/v1/sync', { token: t.gh, body })).status).toBe(200);
    expect(await entries()).toBe(1);
    // A conflict (stale base) and a rejected row write nothing, so keep nothing.
    await sync(t.gh, [
      on(teacher('T1', 'GH01', '新教师', { name: '旧' }), 1),
      on({ ...teacher('T1x', 'GH01'), values: { teacher_id: '' } }, 0),
    ]);
    expect(await entries()).toBe(1);
  }, 30_000);

  it("is the school's and its county's bureau's; another school or county gets the 404 of an unknown row", async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '新教师', { name: 'SECRET-GH' })]);
    await sync(t.gh, [on(teacher('T1', 'GH01', '新教师', { name: 'SECRET-GH-2' }), 1)]);
    const own = await history(t.gh, 'teachers', 'T1');
    const bureau = await history(t.bureau, 'teachers', 'T1', '&school=GH01');
    expect(bureau.status).toBe(200);
    expect(bureau.json).toEqual(own.json);
    expect((await history(t.gh, 'teachers', 'T1', '&school=GH01')).json).toEqual(own.json);

    const unknownRow = await history(t.bureau, 'teachers', 'NOPE', '&school=GH01');
    expect(unknownRow.status).toBe(404);
    const cases = [
      // Another county's bureau, about a row that exists, and about a school that does not.
      [await history(t.bureau2, 'teachers', 'T1', '&school=GH01'), 'GH01'],
      [await history(t.bureau2, 'teachers', 'T1', '&school=ZZ99'), 'ZZ99'],
      // Another school of the same county, naming GH01.
      [await history(t.wt, 'teachers', 'T1', '&school=GH01'), 'GH01'],
      [await history(t.bureau, 'teachers', 'T1', '&school=ZZ99'), 'ZZ99'],
    ] as const;
    for (const [r, code] of cases) {
      expect(r.status, r.text).toBe(404);
      expect(r.json.error.code).toBe('not_found');
      expect(r.json.error.message).toBe(`No row teachers/T1 of ${code} in ${TERM}`);
      expect(r.text).not.toContain('SECRET');
    }
    // Its own rows only: WT01 has no T1.
    const wtOwn = await history(t.wt, 'teachers', 'T1');
    expect(wtOwn.status).toBe(404);
    expect(wtOwn.text).not.toContain('SECRET');

    expect((await history(t.bureau, 'teachers', 'T1')).status).toBe(400);
    expect((await history(t.gh, 'nosuch', 'T1')).status).toBe(404);
    expect((await api('GET', `/api/v1/rows/teachers/T1/history?term=2026-2028-1`, { token: t.gh })).status).toBe(400);
    expect((await api('GET', `/api/v1/rows/teachers/T1/history?term=${TERM}`)).status).toBe(401);
  }, 30_000);

  it('reads ids with slashes, spaces and Chinese text', async () => {
    for (const id of ['a/b', '教师 一', '😀?#&']) {
      await sync(t.gh, [teacher(id, 'GH01')]);
      await sync(t.gh, [on(teacher(id, 'GH01', '新教师', { name: '改' }), 1)]);
      const r = await history(t.gh, 'teachers', id);
      expect(r.status, `${id}: ${r.text}`).toBe(200);
      expect(r.json.id).toBe(id);
      expect(r.json.history).toHaveLength(1);
    }
  }, 30_000);

  it(`keeps the ${MAX_HISTORY_PER_ROW} newest of a row, paged newest first like GET /rows`, async () => {
    await sync(t.gh, [teacher('T1', 'GH01', '新教师', { name: 'v1' })]);
    for (let v = 1; v <= 12; v++) {
      const r = await sync(t.gh, [on(teacher('T1', 'GH01', '新教师', { name: `v${v + 1}` }), v)]);
      expect(r.json.applied[0].version).toBe(v + 1);
    }
    const whole = await history(t.gh, 'teachers', 'T1');
    expect(whole.json.history.map((h: Entry) => h.version)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(whole.json.history.map((h: Entry) => h.values.name)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((v) => `v${v}`));
    const pages: number[][] = [];
    let after: string | null = null;
    do {
      const r = await history(t.gh, 'teachers', 'T1', `&limit=3${after ? `&after=${after}` : ''}`);
      expect(r.status, r.text).toBe(200);
      pages.push(r.json.history.map((h: Entry) => h.version));
      after = r.json.next;
    } while (after && pages.length < 10);
    expect(pages).toEqual([[12, 11, 10], [9, 8, 7], [6, 5, 4], [3]]);
    expect((await history(t.gh, 'teachers', 'T1', '&after=nonsense')).status).toBe(400);
    expect((await history(t.gh, 'teachers', 'T1', '&limit=0')).status).toBe(400);
  }, 30_000);

  it(`keeps at most ${MAX_HISTORY_PER_TERM} entries of a school's term, dropping the oldest`, async () => {
    await sync(t.gh, [teacher('T1', 'GH01')]);
    // A term's worth of old entries of other rows, and one of another school that stays.
    await env.DB.prepare(
      `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?1)
       INSERT INTO row_history (school, term, tbl, id, version, raw, vals, updated_at, updated_by, changed_at, changed_by, deleted)
       SELECT 'GH01', ?2, 'schedule', 'OLD' || i, 1, '{}', '{}', 'x', 'x', 'x', 'x', 0 FROM k`,
    )
      .bind(MAX_HISTORY_PER_TERM, TERM)
      .run();
    await env.DB.prepare(
      `INSERT INTO row_history (school, term, tbl, id, version, raw, vals, updated_at, updated_by, changed_at, changed_by, deleted)
       VALUES ('WT01', ?1, 'schedule', 'W', 1, '{}', '{}', 'x', 'x', 'x', 'x', 0)`,
    )
      .bind(TERM)
      .run();
    await sync(t.gh, [on(teacher('T1', 'GH01', '新教师', { name: '改' }), 1)]);
    const gh = await env.DB.prepare(
      "SELECT COUNT(*) AS n, MIN(id) AS oldest FROM row_history WHERE school = 'GH01' AND tbl = 'schedule'",
    ).first<{ n: number }>();
    expect(gh!.n).toBe(MAX_HISTORY_PER_TERM - 1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM row_history WHERE school = 'GH01' AND id = 'OLD0'").first<number>('n')).toBe(0);
    expect((await history(t.gh, 'teachers', 'T1')).json.history).toHaveLength(1);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM row_history WHERE school = 'WT01'").first<number>('n')).toBe(1);
  }, 60_000);
});
