/**
 * A replay of the very same text is answered from the sync log by the text's hash, before the body
 * is validated (routes/sync.ts quickReplay, migration 0011); anything else under a logged batch id
 * goes the whole way, where the validated body's hash decides (422 batch_id_reused for another body).
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../worker/src/crypto';
import { api, batch, resetDb, seedCounties, teacher, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const log = (batchId: string) =>
  env.DB.prepare('SELECT body_hash, text_hash, workbook FROM sync_log WHERE school = ? AND batch_id = ?')
    .bind('GH01', batchId)
    .first<{ body_hash: string; text_hash: string | null; workbook: string | null }>();

describe('replaying a sync by its exact text', () => {
  it('keeps the hash of the exact text and answers the same text from the log, without the whole way', async () => {
    const body = batch([teacher('T1', 'GH01'), teacher('T2', 'GH01')]);
    const text = JSON.stringify(body);
    const first = await api('POST', '/api/v1/sync', { token: t.gh, raw: text });
    expect(first.status).toBe(200);
    expect((await log(body.batch_id))?.text_hash).toBe(await sha256Hex(text));
    // Spoil the validated body's hash: only the exact-text look-up can still answer this batch.
    await env.DB.prepare("UPDATE sync_log SET body_hash = 'spoilt' WHERE batch_id = ?").bind(body.batch_id).run();
    const same = await api('POST', '/api/v1/sync', { token: t.gh, raw: text });
    expect(same.status).toBe(200);
    expect(same.headers.get('content-type')).toMatch(/^application\/json/);
    expect(same.json).toEqual(first.json);
    // The same JSON with other white space is other text: the whole way, where the body's hash decides.
    const spaced = await api('POST', '/api/v1/sync', { token: t.gh, raw: JSON.stringify(body, null, 2) });
    expect(spaced.status).toBe(422);
    expect(spaced.json.error.code).toBe('batch_id_reused');
    expect(await env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first('revision')).toBe(1);
  });

  it('refuses another body under the batch id, and answers it as before when only the white space differs', async () => {
    const body = batch([teacher('T1', 'GH01')]);
    const first = await api('POST', '/api/v1/sync', { token: t.gh, body });
    const other = await api('POST', '/api/v1/sync', { token: t.gh, body: { ...body, rows: [teacher('T9', 'GH01')] } });
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe('batch_id_reused');
    const spaced = await api('POST', '/api/v1/sync', { token: t.gh, raw: JSON.stringify(body, null, 1) });
    expect(spaced.status).toBe(200);
    expect(spaced.json).toEqual(first.json);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM t_teachers WHERE id = 'T9'").first('n')).toBe(0);
  });

  it("answers another school's same text by that school's own way, never from this school's log", async () => {
    const body = batch([teacher('T1', 'GH01')]);
    const text = JSON.stringify(body);
    expect((await api('POST', '/api/v1/sync', { token: t.gh, raw: text })).status).toBe(200);
    const wt = await api('POST', '/api/v1/sync', { token: t.wt, raw: text });
    expect(wt.status).toBe(409);
    expect(wt.json.error.code).toBe('wrong_school');
  });

  it('keeps the workbook a replay names when the first answer kept none', async () => {
    const body = batch([teacher('T1', 'GH01')], { workbook: 'wb-1' });
    const text = JSON.stringify(body);
    expect((await api('POST', '/api/v1/sync', { token: t.gh, raw: text })).status).toBe(200);
    expect((await log(body.batch_id))?.workbook).toBe('wb-1');
    await env.DB.prepare('UPDATE sync_log SET workbook = NULL WHERE batch_id = ?').bind(body.batch_id).run();
    expect((await api('POST', '/api/v1/sync', { token: t.gh, raw: text })).status).toBe(200);
    expect((await log(body.batch_id))?.workbook).toBe('wb-1');
  });
});
