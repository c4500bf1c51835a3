/**
 * The right school and one copy of each row (issue 13, points 1 and 2): a sync body names the
 * workbook's school, and another school's is refused (409 wrong_school) before anything is written;
 * GET /api/v1/sync/status tells a workbook that never synced what the school already holds.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../../worker/src/routes/sync-status';
import { api, batch, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
  // Names the refusal can tell apart from codes.
  await env.DB.batch([
    env.DB.prepare("UPDATE schools SET name = '国河中心小学' WHERE code = 'GH01'"),
    env.DB.prepare("UPDATE schools SET name = '湾头小学' WHERE code = 'WT01'"),
    env.DB.prepare("UPDATE schools SET name = '外县远山学校' WHERE code = 'OT01'"),
  ]);
});

/** Everything a sync could have written, as counts and the school's revision. */
async function footprint() {
  const n = (sql: string) => env.DB.prepare(sql).first<number>('n');
  return {
    log: await n('SELECT COUNT(*) AS n FROM sync_log'),
    audit: await n('SELECT COUNT(*) AS n FROM audit'),
    teachers: await n('SELECT COUNT(*) AS n FROM t_teachers'),
    terms: await n('SELECT COUNT(*) AS n FROM term_syncs'),
    warnings: await n('SELECT COUNT(*) AS n FROM warnings'),
    revisions: (await env.DB.prepare('SELECT school, revision FROM school_state ORDER BY school').all()).results,
  };
}

describe('POST /api/v1/sync names the workbook’s school', () => {
  it('refuses another school’s workbook with 409 wrong_school, naming both schools, and writes nothing', async () => {
    expect((await sync(t.gh, [teacher('T1', 'GH01')])).status).toBe(200);
    const before = await footprint();
    const r = await api('POST', '/api/v1/sync', { token: t.wt, body: batch([teacher('T2', 'GH01')], { school: 'GH01' }) });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('wrong_school');
    expect(r.json.error.message).toContain('国河中心小学 (GH01)');
    expect(r.json.error.message).toContain('湾头小学 (WT01)');
    expect(r.json.error.details).toEqual({
      workbook_school: { code: 'GH01', name: '国河中心小学' },
      token_school: { code: 'WT01', name: '湾头小学' },
    });
    expect(await footprint()).toEqual(before);
    // Nothing of GH01's changed, and WT01 has no rows.
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: t.wt })).json.rows).toEqual([]);
  });

  it('refuses before any other check: a locked term or a bad template still answers wrong_school', async () => {
    expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau })).status).toBe(200);
    const r = await sync(t.wt, [teacher('T2', 'GH01')], { school: 'GH01', template_version: 99 });
    expect([r.status, r.json.error.code]).toEqual([409, 'wrong_school']);
  });

  it('names another county’s school by its code only: no answer tells a school about another county', async () => {
    const r = await sync(t.gh, [teacher('T1', 'GH01')], { school: 'OT01' });
    expect(r.status).toBe(409);
    expect(r.json.error.details).toEqual({
      workbook_school: { code: 'OT01', name: null },
      token_school: { code: 'GH01', name: '国河中心小学' },
    });
    expect(r.text).not.toContain('外县远山学校');
    // A code no school has: the same answer.
    const none = await sync(t.gh, [], { school: 'ZZ99' });
    expect(none.json.error.details.workbook_school).toEqual({ code: 'ZZ99', name: null });
  });

  it('compares codes as the checks do: despite case, spaces and full-width forms', async () => {
    for (const [i, school] of ['gh01', ' GH01 ', 'ＧＨ０１', 'Gh01'].entries()) {
      const r = await sync(t.gh, [teacher(`T${i}`, 'GH01')], { school });
      expect([school, r.status]).toEqual([school, 200]);
    }
  });

  it('requires the school: a body without it is a 400 naming the field', async () => {
    const body: Record<string, unknown> = batch([teacher('T1', 'GH01')]);
    delete body.school;
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/^school:/);
    expect((await api('POST', '/api/v1/sync', { token: t.gh, body: { ...body, school: '' } })).status).toBe(400);
  });
});

describe('GET /api/v1/sync/status', () => {
  const status = async (token: string, term = TERM) => api('GET', `/api/v1/sync/status?term=${term}`, { token });

  it('says a school that never synced has nothing', async () => {
    const r = await status(t.gh);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json).toMatchObject({
      term: TERM,
      school: 'GH01',
      school_name: '国河中心小学',
      rows: 0,
      last_sync_at: null,
      last_sync_local: null,
      workbooks: 0,
      unnamed_syncs: 0,
    });
  });

  it('counts the live rows, the last sync (also in Asia/Shanghai) and the workbooks that sent them', async () => {
    expect((await sync(t.gh, [teacher('T1', 'GH01'), teacher('T2', 'GH01'), teacher('T3', 'GH01')], { workbook: 'book-A' })).status).toBe(
      200,
    );
    expect((await sync(t.gh, [{ table: 'teachers', id: 'T3', base_version: 1, deleted: true }], { workbook: 'book-A' })).status).toBe(200);
    const b = batch(
      [
        {
          table: 'schedule',
          id: 'A1',
          values: { activity_id: 'A1', date: '2026-09-10', type: '研讨会', teachers: 3, status: '已完成', evidence: 'x' },
        },
      ],
      { workbook: 'book-B' },
    );
    expect((await api('POST', '/api/v1/sync', { token: t.gh, body: b })).status).toBe(200);
    // A replay is the same sync: it adds no workbook and no sync.
    expect((await api('POST', '/api/v1/sync', { token: t.gh, body: b })).status).toBe(200);
    // Another client that names no workbook.
    expect((await sync(t.gh, [teacher('T4', 'GH01')])).status).toBe(200);
    // Another school's and another term's rows are not counted.
    expect((await sync(t.wt, [teacher('W1', 'WT01')], { workbook: 'book-W' })).status).toBe(200);
    expect((await sync(t.gh, [teacher('T9', 'GH01')], { term: '2025-2026-2', workbook: 'book-C' })).status).toBe(200);

    const r = await status(t.gh);
    const last = await env.DB.prepare('SELECT last_sync_at FROM term_syncs WHERE school = ? AND term = ?')
      .bind('GH01', TERM)
      .first<string>('last_sync_at');
    expect(r.json).toEqual({
      term: TERM,
      school: 'GH01',
      school_name: '国河中心小学',
      rows: 4,
      by_table: { partnerships: 0, teachers: 3, pairings: 0, schedule: 1, assessment: 0, support: 0, summary: 0 },
      last_sync_at: last,
      last_sync_local: shanghaiTime(last),
      workbooks: 2,
      unnamed_syncs: 1,
    });
    expect((await status(t.wt)).json).toMatchObject({ rows: 1, workbooks: 1 });
  });

  it('shows a UTC time as Asia/Shanghai reads it', () => {
    expect(shanghaiTime('2026-10-15T18:30:00.000Z')).toBe('2026-10-16 02:30');
    expect(shanghaiTime(null)).toBeNull();
    expect(shanghaiTime('not a time')).toBeNull();
  });

  it('is a school’s: a bureau or the admin is refused, and a bad term is a 400', async () => {
    expect((await status(t.bureau)).status).toBe(403);
    expect((await api('GET', `/api/v1/sync/status?term=${TERM}`, { token: 'test-admin-token' })).status).toBe(403);
    expect((await status(t.gh, '2026')).status).toBe(400);
    expect((await api('GET', '/api/v1/sync/status', { token: t.gh })).status).toBe(400);
  });
});
