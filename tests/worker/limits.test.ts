import { SELF, env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { api, batch, clientIp, resetDb, seedCounties, teacher, type Tokens } from './helpers';
import { MAX_STORED_ANSWER, packAnswer, unpackAnswer } from '../../worker/src/sync/answer';
import { MAX_LISTED_ISSUES } from '../../worker/src/sync/plan';
import { ApiError } from '../../worker/src/errors';
import { MAX_CELL_CHARS } from '../../worker/src/schemas';
import { formatIssue } from '../../core/messages';

const activityRow = (id: string) => ({ table: 'schedule', id, values: { activity_id: id, date: '2026-09-10', type: '研讨会' } });

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const MB8 = 8 * 1024 * 1024;

describe('body limits and formats', () => {
  it('answers 413 when Content-Length says over 8 MB', async () => {
    const r = await api('POST', '/api/v1/sync', { token: t.gh, raw: '{}', headers: { 'content-length': String(MB8 + 1) } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('too_large');
  });

  it('answers 413 when the body streamed is over 8 MB without a Content-Length', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 9) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await SELF.fetch('https://jiedui.test/api/v1/sync', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.gh}`, 'content-type': 'application/json', 'cf-connecting-ip': clientIp },
      body: stream,
      // @ts-expect-error duplex is required for a streamed body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
  });

  it('answers 413 for more than 50,000 rows', async () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => ({ table: 'teachers', id: `T${i}` }));
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body: batch(rows) });
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/50000/);
  });

  it('answers 415 for another content type', async () => {
    const r = await api('POST', '/api/v1/sync', { token: t.gh, raw: JSON.stringify(batch([])), headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.json.error.code).toBe('unsupported_media_type');
  });

  it('answers 400 for malformed JSON, a non-object and missing fields, never 500', async () => {
    for (const raw of [
      '{"batch_id": ',
      'null',
      '[]',
      '"text"',
      '{}',
      '{"batch_id":"x","term":"2026-2027-1","template_version":1,"rows":"no"}',
    ]) {
      const r = await api('POST', '/api/v1/sync', { token: t.gh, raw });
      expect(r.status, raw).toBe(400);
      expect(r.json.error.code).toBe('bad_request');
      expect(r.text).not.toMatch(/at .*\.ts:\d+/);
    }
    const bad = await api('POST', '/api/v1/schools', { token: t.bureau, raw: '{"code": 12}' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^code:/);
  });

  it('stores a batch of mostly Chinese text past 2 MB of UTF-8 (D1 takes values in bytes, not characters)', async () => {
    // 700 rows of 3,000 characters (9 KB each): 2.1 million characters, 6.3 MB of UTF-8, under the 8 MB body limit.
    const rows = Array.from({ length: 700 }, (_, i) => teacher(`C${i}`, 'GH01', '新教师', { name: '长'.repeat(3_000) }));
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body: batch(rows) });
    expect(r.status, r.text).toBe(200);
    expect(r.json.applied).toHaveLength(700);
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n, MAX(LENGTH(raw)) AS len FROM t_teachers WHERE school = 'GH01'").first<{
      n: number;
      len: number;
    }>();
    expect(stored).toEqual({ n: 700, len: expect.any(Number) });
    expect(stored!.len).toBeGreaterThan(3_000);
  });

  it('takes a batch of 50,000 rows and answers its replay the same (the kept answer is gzipped)', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => activityRow(`ACT-${String(i).padStart(6, '0')}`));
    const body = batch(rows);
    const first = await api('POST', '/api/v1/sync', { token: t.gh, body });
    expect(first.status, first.text.slice(0, 200)).toBe(200);
    expect(first.json.applied).toHaveLength(50_000);
    expect(first.text.length).toBeGreaterThan(2_000_000);
    const again = await api('POST', '/api/v1/sync', { token: t.gh, body });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    const kept = await env.DB.prepare('SELECT LENGTH(answer_gz) AS n FROM sync_log').first<number>('n');
    expect(kept).toBeLessThan(MAX_STORED_ANSWER);
  }, 120_000);

  it('lists at most MAX_LISTED_ISSUES issues one by one; later rejected rows say how many they have', async () => {
    const bad = (id: string) => ({
      table: 'schedule',
      id,
      values: { activity_id: id, date: 'x', type: 'y', teachers: 'z', students: 'w', status: 'v' },
    });
    const rows = Array.from({ length: 5_000 }, (_, i) => bad(`B${i}`));
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body: batch(rows) });
    expect(r.status).toBe(200);
    const rejected = r.json.rejected as { id: string; issues: { code: string; params: Record<string, unknown> }[] }[];
    expect(rejected).toHaveLength(5_000);
    expect(rejected.map((x) => x.id)).toEqual(rows.map((x) => x.id));
    const perRow = rejected[0].issues.length;
    expect(perRow).toBeGreaterThan(1);
    const full = Math.floor(MAX_LISTED_ISSUES / perRow);
    expect(rejected[full - 1].issues).toHaveLength(perRow);
    expect(rejected[full].issues).toEqual([
      { code: 'sync.issues_left_out', severity: 'error', sheet: 'schedule', params: { count: perRow } },
    ]);
    expect(rejected.reduce((n, x) => n + x.issues.length, 0)).toBe(full * perRow + (5_000 - full));
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM t_schedule').first<number>('n')).toBe(0);
  }, 60_000);

  it('refuses, before writing, a batch whose answer is too large to keep even gzipped', async () => {
    const noise = Array.from({ length: 40_000 }, () => ({ id: crypto.randomUUID() + crypto.randomUUID() + crypto.randomUUID() }));
    const e = await packAnswer({ rejected: noise }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 413, code: 'too_large' });
    expect((e as Error).message).toMatch(/40000 rows rejected.*send fewer rows/);
    expect(await unpackAnswer({ answer: '', answer_gz: (await packAnswer({ rejected: [1, 2] })).buffer as ArrayBuffer })).toEqual({
      rejected: [1, 2],
    });
    expect(await unpackAnswer({ answer: '{"rejected":[]}', answer_gz: null })).toEqual({ rejected: [] });
  });

  it("takes a cell up to Excel's 32,767 characters; a longer one rejects its row only, naming the column and the limit", async () => {
    const rows = [
      activityRow('OK-1'),
      {
        table: 'schedule',
        id: 'FULL',
        values: { activity_id: 'FULL', date: '2026-09-10', type: '研讨会', evidence: '照'.repeat(MAX_CELL_CHARS) },
      },
      {
        table: 'schedule',
        id: 'LONG',
        values: {
          activity_id: 'LONG',
          date: '2026-09-10',
          type: '研讨会',
          evidence: '照'.repeat(MAX_CELL_CHARS + 1),
          extra: 'x'.repeat(40_000),
        },
      },
      activityRow('OK-2'),
    ];
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body: batch(rows) });
    expect(r.status, r.text.slice(0, 300)).toBe(200);
    expect(r.json.applied.map((x: { id: string }) => x.id)).toEqual(['OK-1', 'FULL', 'OK-2']);
    expect(r.json.rejected).toEqual([
      {
        table: 'schedule',
        id: 'LONG',
        issues: [
          {
            code: 'sync.cell_too_long',
            severity: 'error',
            sheet: 'schedule',
            column: 'evidence',
            params: { column: '佐证材料', length: 32_768, max: 32_767 },
          },
          {
            code: 'sync.cell_too_long',
            severity: 'error',
            sheet: 'schedule',
            column: 'extra',
            params: { column: 'extra', length: 40_000, max: 32_767 },
          },
        ],
      },
    ]);
    expect(formatIssue(r.json.rejected[0].issues[0], 'en')).toBe(
      '“Evidence” holds 32768 characters, over the 32767 a cell may hold; the server did not take this row',
    );
    const back = await api('GET', '/api/v1/rows?term=2026-2027-1', { token: t.gh });
    expect(back.json.rows.find((x: { id: string }) => x.id === 'FULL').values.evidence).toHaveLength(MAX_CELL_CHARS);
    // Past 100,000 characters of JSON a row is still too large, cell by cell within the limit.
    const wide = {
      table: 'schedule',
      id: 'WIDE',
      values: Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`x${i}`, 'x'.repeat(30_000)])),
    };
    const w = await api('POST', '/api/v1/sync', { token: t.gh, body: batch([wide]) });
    expect(w.json.rejected[0].issues.map((i: { code: string }) => i.code)).toEqual(['sync.row_too_large']);
  });

  it('handles a large valid batch in one request', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => teacher(`T${i}`, 'GH01', i % 3 ? '新教师' : '指导教师'));
    const r = await api('POST', '/api/v1/sync', { token: t.gh, body: batch(rows) });
    expect(r.status).toBe(200);
    expect(r.json.applied).toHaveLength(3000);
    const back = await api('GET', '/api/v1/rows?term=2026-2027-1', { token: t.gh });
    expect(back.json.rows).toHaveLength(3000);
  });
});
