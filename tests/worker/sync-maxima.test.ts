/**
 * A valid batch never answers 500: every statement a sync runs stays within D1's limits (100 bound
 * parameters, ~2 MB a bound value; the local workerd SQLite refuses larger with SQLITE_TOOBIG),
 * however many rows the school holds and however long their ids are.
 *
 * The documented maxima are 50,000 rows a batch (MAX_ROWS) and 200-character ids (MAX_ID_LENGTH),
 * but a body is at most 8 MB (MAX_BODY_BYTES): 50,000 rows of 200-character ids cannot be one
 * request (the ids alone are 10 MB). The largest request of 200-character ids is about 27,000
 * schedule rows; so the school reaches 50,000 stored rows of 200-character ids in two batches of
 * 25,000, which are each re-sent unchanged and edited with the other 25,000 stored.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH } from '../../core/row-id';
import { MAX_BODY_BYTES, MAX_ROWS } from '../../worker/src/schemas';
import { api, batch, resetDb, seedCounties, type Row, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  await env.DB.prepare('DELETE FROM row_history').run();
  t = await seedCounties();
});

/** A schedule row with an id of exactly MAX_ID_LENGTH characters. */
const longId = (i: number) => `${String(i).padStart(8, '0')}-`.padEnd(MAX_ID_LENGTH, 'x');
const row = (i: number, extra: Partial<Row> = {}): Row => ({
  table: 'schedule',
  id: longId(i),
  values: { activity_id: `A${i}`, date: '2026-09-10', type: '研讨会' },
  ...extra,
});
const count = () => env.DB.prepare("SELECT COUNT(*) AS n FROM t_schedule WHERE school = 'GH01' AND deleted = 0").first<number>('n');

async function post(rows: Row[]) {
  const body = batch(rows);
  const bytes = new TextEncoder().encode(JSON.stringify(body)).byteLength;
  expect(bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
  return api('POST', '/api/v1/sync', { token: t.gh, body });
}

describe('the documented maxima', () => {
  it(`stores ${MAX_ROWS} rows of ${MAX_ID_LENGTH}-character ids, takes them re-sent unchanged and edited: never a 500`, async () => {
    expect(longId(1)).toHaveLength(MAX_ID_LENGTH);
    const half = MAX_ROWS / 2;
    const first = Array.from({ length: half }, (_, i) => row(i));
    const second = Array.from({ length: half }, (_, i) => row(half + i));
    for (const rows of [first, second]) {
      const r = await post(rows);
      expect(r.status, r.text.slice(0, 300)).toBe(200);
      expect(r.json.applied).toHaveLength(half);
      expect(r.json.rejected).toEqual([]);
    }
    expect(await count()).toBe(MAX_ROWS);

    // All 25,000 again on the version stored, with 50,000 stored: every one ignored, nothing written.
    for (const rows of [first, second]) {
      const again = await post(rows.map((r) => ({ ...r, base_version: 1 })));
      expect(again.status, again.text.slice(0, 300)).toBe(200);
      expect(again.json.ignored).toBe(half);
      expect(again.json.revision).toBe(2);
    }

    // Some edited (every 10th), some deleted (every 1,000th), the rest unchanged.
    const edited = second.map((r, i) =>
      i % 1000 === 0
        ? { table: r.table, id: r.id, base_version: 1, deleted: true }
        : { ...r, base_version: 1, values: i % 10 === 0 ? { ...r.values, topic: '改' } : r.values },
    );
    const e = await post(edited);
    expect(e.status, e.text.slice(0, 300)).toBe(200);
    expect(e.json.ignored).toBe(half - half / 10);
    expect(e.json.revision).toBe(3);
    expect(await count()).toBe(MAX_ROWS - half / 1000);
    const topic = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM t_schedule WHERE school = 'GH01' AND json_extract(raw, '$.topic') = '改'",
    ).first<number>('n');
    expect(topic).toBe(half / 10 - half / 1000);
    // Their old versions kept in the same batch (row history), ids chunked like the rows.
    const kept = await env.DB.prepare(
      "SELECT COUNT(*) AS n, SUM(deleted) AS d, MIN(LENGTH(id)) AS len FROM row_history WHERE school = 'GH01'",
    ).first();
    expect(kept).toEqual({ n: half / 10, d: half / 1000, len: MAX_ID_LENGTH });
  }, 300_000);

  it('counts ids in UTF-8 bytes: 200 Chinese characters are 600 bytes, and as many rows as fit in 8 MB are taken', async () => {
    const zhId = (i: number) => `${String(i).padStart(6, '0')}`.padEnd(MAX_ID_LENGTH, '行');
    const rows = Array.from({ length: 10_800 }, (_, i) => ({ ...row(i), id: zhId(i) }));
    const r = await post(rows);
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.json.applied).toHaveLength(10_800);
    const again = await post(rows.map((x) => ({ ...x, base_version: 1 })));
    expect(again.status, again.text.slice(0, 300)).toBe(200);
    expect(again.json.ignored).toBe(10_800);
    expect(await count()).toBe(10_800);
  }, 300_000);
});
