/** GET /api/v1/rows a page at a time: every row once, in (revision, table, id) order, pages bounded. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAGE_BYTES } from '../../worker/src/routes/rows';
import { utf8Length } from '../../core/utf8';
import { activity, api, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

type Page = {
  revision: number;
  rows: { table: string; id: string; revision: number; deleted: boolean; values: unknown }[];
  next: string | null;
};

/** Every page from `query`, following `next`. */
async function allPages(query: string): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const r = await api('GET', `/api/v1/rows?term=${TERM}${query}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`, {
      token: t.gh,
    });
    expect(r.status, r.text).toBe(200);
    pages.push(r.json);
    after = r.json.next;
  } while (after !== null && pages.length < 100);
  return pages;
}

const key = (r: Page['rows'][number]) => `${r.revision}|${r.table}|${r.id}|${r.deleted}`;

describe('GET /api/v1/rows in pages', () => {
  beforeEach(async () => {
    await sync(t.gh, [
      ...['T1', 'T2', 'T3', 'T4', 'T5'].map((id) => teacher(id, 'GH01')),
      activity('A1', '2026-09-10'),
      activity('A2', '2026-09-11'),
      activity('A3', '2026-09-12'),
    ]);
    // Ids whose order differs between UTF-16 units and code points (what SQLite compares).
    await sync(
      t.gh,
      ['Ｔ9', '😀1', 'a1', '\uffff'].map((id) => teacher(id, 'GH01')),
    );
    await sync(t.gh, [
      { ...teacher('T2', 'GH01', '新教师', { name: '王老师' }), base_version: 1 },
      { table: 'schedule', id: 'A1', base_version: 1, deleted: true },
    ]);
  });

  it('gives every row once, in the same order, whatever the page size', async () => {
    const [whole] = await allPages('');
    expect(whole.next).toBeNull();
    expect(whole.rows).toHaveLength(12);
    expect(whole.revision).toBe(3);
    const order = whole.rows.map(key);
    expect(order.slice(-2)).toEqual(['3|schedule|A1|true', '3|teachers|T2|false']);
    expect(whole.rows.filter((r) => r.revision === 2).map((r) => r.id)).toEqual(['a1', 'Ｔ9', '\uffff', '😀1']);
    for (const limit of [1, 2, 5, 11, 12]) {
      const pages = await allPages(`&limit=${limit}`);
      expect(pages.flatMap((p) => p.rows).map(key), `limit ${limit}`).toEqual(order);
      expect(pages.every((p) => p.rows.length <= limit)).toBe(true);
      expect(pages[pages.length - 1].next).toBeNull();
      expect(pages[pages.length - 1].revision).toBe(3);
    }
  });

  it('pages only what changed after `since`', async () => {
    const pages = await allPages('&since=1&limit=2');
    expect(pages.flatMap((p) => p.rows).map((r) => r.id)).toEqual(['a1', 'Ｔ9', '\uffff', '😀1', 'A1', 'T2']);
  });

  it('refuses a cursor it did not give and a page size out of range, saying which', async () => {
    for (const [q, field] of [
      ['&after=not-a-cursor', 'after'],
      [`&after=${btoa(JSON.stringify([1, 'users', 'x']))}`, 'after'],
      ['&limit=0', 'limit'],
      ['&limit=5001', 'limit'],
    ]) {
      const r = await api('GET', `/api/v1/rows?term=${TERM}${q}`, { token: t.gh });
      expect(r.status, q).toBe(400);
      expect(r.json.error.message, q).toMatch(new RegExp(`^${field}`));
    }
  });
});

describe('GET /api/v1/rows page size', () => {
  it('stops a page at its budget of UTF-8 bytes, and the pages after it hold the rest', async () => {
    // 3,000 characters of Chinese are 9,000 bytes: 500 rows pass the budget in bytes, not in characters.
    const long = '长'.repeat(3_000);
    const rows = Array.from({ length: 500 }, (_, i) => teacher(`T${i}`, 'GH01', '新教师', { name: long }));
    const r = await sync(t.gh, rows);
    expect(r.status, r.text).toBe(200);
    expect(r.json.applied).toHaveLength(500);
    const pages = await allPages('');
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) {
      const values = p.rows.reduce((n, x) => n + utf8Length(JSON.stringify(x.values)), 0);
      expect(values).toBeLessThanOrEqual(MAX_PAGE_BYTES);
    }
    const ids = pages.flatMap((p) => p.rows.map((x) => x.id));
    expect(new Set(ids).size).toBe(500);
    expect(ids).toHaveLength(500);
  });
});
