/**
 * What a sync loads of the rows it does not name: `vals` and the flags, not the raw values, but
 * the few raw cells a check reads (RAW_CELLS_READ_BY_CHECKS): a mentor's title, backbone level
 * or volunteer typed but unreadable is not judged ineligible by its null reading.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadStored } from '../../worker/src/sync/stored';
import { activity, pairing, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const warnings = async () =>
  (await env.DB.prepare("SELECT code, count FROM warnings WHERE school = 'GH01' ORDER BY code").all<{ code: string; count: number }>())
    .results;

describe('the rows a sync loads', () => {
  it('reads a stored raw cell a check asks about, so an unreadable title is not called ineligible', async () => {
    await sync(t.gh, [
      teacher('M1', 'GH01', '指导教师', { title: '初级', backbone_level: '无' }),
      teacher('M2', 'GH01', '指导教师'),
      teacher('E1', 'GH01'),
      teacher('E2', 'GH01'),
    ]);
    // Stored before a reader change: M2's title was read then, and reads null now, its cell unreadable.
    await env.DB.prepare(
      "UPDATE t_teachers SET raw = json_set(raw, '$.title', '教授', '$.backbone_level', ''), vals = json_set(vals, '$.title', json('null'), '$.backbone_level', json('null')) WHERE id = 'M2'",
    ).run();
    const r = await sync(t.gh, [pairing('P1', 'M1', 'E1'), pairing('P2', 'M2', 'E2')]);
    expect(r.status, r.text).toBe(200);
    // M1 (a junior title, no backbone level) is ineligible; M2 unreadable is not judged: one warning.
    expect((await warnings()).find((w) => w.code === 'pairing.mentor_ineligible')).toEqual({ code: 'pairing.mentor_ineligible', count: 1 });
    // A later sync of another row loads M2 without its raw text, and still finds the one.
    await sync(t.gh, [activity('A1', '2026-09-10')]);
    expect((await warnings()).find((w) => w.code === 'pairing.mentor_ineligible')).toEqual({ code: 'pairing.mentor_ineligible', count: 1 });
  }, 30_000);

  it('loads raw text only for the ids named; other rows give the cells checks read and refuse any other', async () => {
    await sync(t.gh, [teacher('M1', 'GH01', '指导教师'), teacher('E1', 'GH01', '新教师', { volunteer: '是' }), pairing('P1', 'M1', 'E1')]);
    const stored = await loadStored(env.DB.withSession(), 'GH01', TERM, new Map([['teachers', ['E1']]]));
    const e1 = stored.get('teachers\u0000E1')!;
    const m1 = stored.get('teachers\u0000M1')!;
    const p1 = stored.get('pairings\u0000P1')!;
    expect(e1.rawText).toContain('"volunteer":"是"');
    expect(e1.raw.name).toBe('教师E1');
    expect(m1.rawText).toBeUndefined();
    // M1's volunteer reads null and was not typed: the cell is loaded, empty.
    expect(m1.raw.volunteer).toBeUndefined();
    expect(() => m1.raw.name).toThrow(/RAW_CELLS_READ_BY_CHECKS/);
    expect(() => p1.raw.mentor_id).toThrow(/RAW_CELLS_READ_BY_CHECKS/);
    expect(m1.vals.title).toBe('senior');
  });
});
