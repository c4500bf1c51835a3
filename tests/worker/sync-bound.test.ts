/**
 * At most MAX_STORED_ROWS live rows (all tables) per school and term: a sync that would leave more
 * answers 413 too_many_rows naming the count and the limit, and writes nothing. Each sync here
 * derives a school of 50,000 rows (seconds on a loaded machine): the tests' time limits say so.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_STORED_ROWS } from '../../worker/src/sync/plan';
import { activity, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

/** `n` rows of `table` stored for GH01 straight in D1 (ids P0..), as a sync would have left them. */
async function storeRows(table: string, prefix: string, n: number, deleted = 0) {
  await env.DB.prepare(
    `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?1)
     INSERT INTO t_${table} (school, term, id, version, revision, deleted, raw, vals, updated_at, updated_by)
     SELECT 'GH01', ?2, ?3 || i, 1, 1, ?4, '{}', '{}', '2026-09-01T00:00:00Z', 'seed' FROM k`,
  )
    .bind(n, TERM, prefix, deleted)
    .run();
}

const live = async () => {
  let n = 0;
  for (const table of ['teachers', 'schedule']) {
    n += (await env.DB.prepare(`SELECT COUNT(*) AS n FROM t_${table} WHERE school = 'GH01' AND deleted = 0`).first<number>('n'))!;
  }
  return n;
};
const revision = () => env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first<number>('revision');

describe('rows stored per school and term', () => {
  beforeEach(async () => {
    // 50,000 live rows over two tables, and tombstones, which do not count.
    await storeRows('teachers', 'T', 20_000);
    await storeRows('schedule', 'A', MAX_STORED_ROWS - 20_000);
    await storeRows('schedule', 'D', 500, 1);
  }, 60_000);

  it('refuses a sync past the bound with 413 too_many_rows naming the count and the limit, writing nothing', async () => {
    const before = await revision();
    const r = await sync(t.gh, [activity('NEW-1', '2026-09-10'), teacher('NEW-T', 'GH01')]);
    expect(r.status, r.text).toBe(413);
    expect(r.json.error.code).toBe('too_many_rows');
    expect(r.json.error.message).toContain(`${MAX_STORED_ROWS + 2} rows`);
    expect(r.json.error.message).toContain(String(MAX_STORED_ROWS));
    expect(r.json.error.details).toEqual({ count: MAX_STORED_ROWS + 2, limit: MAX_STORED_ROWS });
    expect(await live()).toBe(MAX_STORED_ROWS);
    expect(await revision()).toBe(before);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM sync_log WHERE school = 'GH01'").first<number>('n')).toBe(0);
    // A row brought back from a tombstone is a live row again, and counts.
    const back = await sync(t.gh, [activity('D7', '2026-09-10')]);
    expect(back.status).toBe(413);
    expect(back.json.error.details).toEqual({ count: MAX_STORED_ROWS + 1, limit: MAX_STORED_ROWS });
  }, 120_000);

  it('takes a sync that stays at the bound: a delete beside a new row, an edit; other schools are not counted', async () => {
    const r = await sync(t.gh, [{ table: 'schedule', id: 'A0', base_version: 1, deleted: true }, activity('NEW-1', '2026-09-10')]);
    expect(r.status, r.text).toBe(200);
    expect(r.json.applied).toHaveLength(2);
    expect(await live()).toBe(MAX_STORED_ROWS);
    const edit = await sync(t.gh, [{ ...activity('A1', '2026-09-11'), base_version: 1 }]);
    expect(edit.status, edit.text).toBe(200);
    const other = await sync(t.wt, [activity('W-1', '2026-09-10')]);
    expect(other.status).toBe(200);
  }, 120_000);

  it('lets a school already over the bound (stored before it) delete and edit, not grow', async () => {
    await storeRows('teachers', 'X', 10);
    const del = await sync(t.gh, [{ table: 'teachers', id: 'X0', base_version: 1, deleted: true }]);
    expect(del.status, del.text).toBe(200);
    const edit = await sync(t.gh, [{ ...teacher('X1', 'GH01'), base_version: 1 }]);
    expect(edit.status, edit.text).toBe(200);
    const grow = await sync(t.gh, [teacher('X-NEW', 'GH01')]);
    expect(grow.status).toBe(413);
    expect(grow.json.error.details).toEqual({ count: MAX_STORED_ROWS + 10, limit: MAX_STORED_ROWS });
  }, 120_000);
});
