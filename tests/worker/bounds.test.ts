/**
 * Issue 14 point 2: numbers people type are bounded (DOMAIN "Numbers people type are bounded"), so
 * no sum of them can overflow or become infinite. The worker reads every row through core's
 * readRecord: a value past its bound rejects its row with the located error naming the bound.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { activity, resetDb, seedCounties, sync, type Tokens } from './helpers';
import { formatIssue } from '../../core/messages';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const count = async (sql: string) => (await env.DB.prepare(sql).first<number>('n')) ?? 0;

describe('bounded numbers at sync', () => {
  it('rejects teachers: 9007199254740991 and an amount of 1.7e308 with the located error, and takes the rows at their bounds', async () => {
    const r = await sync(t.gh, [
      activity('A1', '2026-09-10', '启动仪式', { teachers: 9007199254740991 }),
      activity('A2', '2026-09-11', '启动仪式', { teachers: 100_000, students: 100_000 }),
      { table: 'support', id: 'S1', values: { record_id: 'S1', kind: '捐赠', amount: 1.7e308, items: '图书' } },
      { table: 'support', id: 'S2', values: { record_id: 'S2', kind: '捐赠', amount: 100_000_000 } },
    ]);
    expect(r.status).toBe(200);
    expect(r.json.applied.map((a: { id: string }) => a.id).sort()).toEqual(['A2', 'S2']);
    const rejected = Object.fromEntries(r.json.rejected.map((x: { id: string; issues: unknown[] }) => [x.id, x.issues]));
    expect(rejected.A1).toEqual([
      expect.objectContaining({
        code: 'cell.too_large',
        severity: 'error',
        column: 'teachers',
        params: expect.objectContaining({ max: 100_000 }),
      }),
    ]);
    expect(rejected.S1).toEqual([
      expect.objectContaining({
        code: 'cell.too_large',
        severity: 'error',
        column: 'amount',
        params: expect.objectContaining({ max: 100_000_000 }),
      }),
    ]);
    expect(formatIssue(rejected.A1[0], 'zh')).toContain('上限 100000');
    expect(formatIssue(rejected.S1[0], 'en')).toContain('100000000');
    expect(await count("SELECT COUNT(*) AS n FROM t_schedule WHERE id = 'A1'")).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM t_support WHERE id = 'S1'")).toBe(0);
  });

  it('reads a date without a year in the batch term, as the workbook reads it', async () => {
    const r = await sync(t.gh, [activity('A3', '9月22日', '研讨会')]);
    expect(r.json.applied.map((a: { id: string }) => a.id)).toEqual(['A3']);
    expect(await env.DB.prepare("SELECT date FROM t_schedule WHERE id = 'A3'").first('date')).toBe('2026-09-22');
  });
});
