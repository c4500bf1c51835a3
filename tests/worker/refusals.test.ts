/**
 * Refusals recorded: failed authentications and 403s leave a row (time, hashed client address,
 * method, path, status, reason, the token id for a 403), never token material, and the table stays
 * bounded.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { REFUSALS_KEPT } from '../../worker/src/audit';
import { AUTH_FAILURES_PER_MINUTE } from '../../worker/src/auth';
import { api, resetDb, seedCounties, TERM } from './helpers';

interface Refusal {
  seq: number;
  at: string;
  client: string;
  method: string;
  path: string;
  status: number;
  reason: string;
  actor: string | null;
}

const refusals = async () => (await env.DB.prepare('SELECT * FROM refusals ORDER BY seq').all<Refusal>()).results;

/** Every value of every table of ours, as text. */
async function everything(): Promise<string> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  expect(tables.results.map((t) => t.name)).toEqual(expect.arrayContaining(['refusals', 'audit', 'auth_failures', 'tokens']));
  const parts: string[] = [];
  for (const { name } of tables.results) parts.push(JSON.stringify((await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results));
  return parts.join('\n');
}

/** Every run of 8 characters of a token's random part: none may be stored. */
const pieces = (token: string) => Array.from({ length: token.length - 10 }, (_, i) => token.slice(3 + i, 11 + i));

beforeEach(async () => {
  await resetDb();
  await env.DB.prepare('DELETE FROM refusals').run();
});

describe('refusals', () => {
  it('record a failed authentication and a 403, with no token material and no plain address', async () => {
    const t = await seedCounties();
    const guess = 'jd_Zk3xQv9TnP2mW7rL5sY8bH4cJ6dF1gA0eU-iO_q';
    const ip = { 'cf-connecting-ip': '203.0.113.57' };
    expect((await api('GET', `/api/v1/rows?term=${TERM}&token=${guess}`, { token: guess, headers: ip })).status).toBe(401);
    expect((await api('GET', '/api/v1/whoami', { headers: ip })).status).toBe(401);
    const forbidden = await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.gh, headers: ip });
    expect(forbidden.status).toBe(403);
    const rows = await refusals();
    const ghId = (await env.DB.prepare("SELECT id FROM tokens WHERE school = 'GH01'").first<string>('id'))!;
    expect(rows).toEqual([
      {
        seq: expect.any(Number),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        client: expect.stringMatching(/^[0-9a-f]{32}$/),
        method: 'GET',
        path: '/api/v1/rows',
        status: 401,
        reason: 'bad_token',
        actor: null,
      },
      expect.objectContaining({ method: 'GET', path: '/api/v1/whoami', status: 401, reason: 'no_token', actor: null }),
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/totals',
        status: 403,
        reason: expect.stringMatching(/bureau or admin/),
        actor: ghId,
      }),
    ]);
    // One client, one hash; another client, another.
    expect(new Set(rows.map((r) => r.client)).size).toBe(1);
    await api('GET', '/api/v1/whoami', { headers: { 'cf-connecting-ip': '203.0.113.58' } });
    expect((await refusals()).at(-1)!.client).not.toBe(rows[0].client);
    // Nothing of either token, nor the address, anywhere in the database.
    const all = await everything();
    for (const token of [guess, t.gh]) {
      expect(all.includes(token)).toBe(false);
      for (const p of pieces(token)) expect(all.includes(p), p).toBe(false);
    }
    expect(all).not.toContain('203.0.113.57');
  });

  it('record the 403s of every scope check (a bureau outside its county, a school on a bureau route)', async () => {
    const t = await seedCounties();
    expect((await api('GET', `/api/v1/compliance?term=${TERM}&county=CTY02`, { token: t.bureau })).status).toBe(403);
    expect((await api('POST', '/api/v1/schools', { token: t.bureau, body: { code: 'X1', name: 'x', county: 'CTY02' } })).status).toBe(403);
    expect((await api('POST', '/api/v1/tokens', { token: t.gh, body: { role: 'school', school: 'GH01' } })).status).toBe(403);
    const rows = await refusals();
    expect(rows.map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/api/v1/compliance', 403],
      ['POST', '/api/v1/schools', 403],
      ['POST', '/api/v1/tokens', 403],
    ]);
    expect(rows.every((r) => r.actor?.startsWith('tok_'))).toBe(true);
  });

  it('stay bounded: one client adds at most the limit and one 429 a minute, and the table keeps the newest rows only', async () => {
    for (let i = 0; i < 25; i++) await api('GET', '/api/v1/whoami', { token: `jd_flood_${i}` });
    const rows = await refusals();
    expect(rows.length).toBe(AUTH_FAILURES_PER_MINUTE + 1);
    expect(rows.at(-1)).toMatchObject({ status: 429, reason: 'rate_limited' });
    // A table full to the cap: a new refusal pushes the oldest out.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO refusals (at, client, method, path, status, reason) SELECT '2026-01-01T00:00:00Z', 'old', 'GET', '/x', 401, 'no_token' FROM n`,
    )
      .bind(REFUSALS_KEPT)
      .run();
    await api('GET', '/api/v1/whoami', { headers: { 'cf-connecting-ip': '198.51.100.200' } });
    const kept = await env.DB.prepare('SELECT COUNT(*) AS n, MIN(seq) AS first, MAX(seq) AS last FROM refusals').first<{
      n: number;
      first: number;
      last: number;
    }>();
    expect(kept!.n).toBe(REFUSALS_KEPT);
    expect(kept!.last - kept!.first + 1).toBe(REFUSALS_KEPT);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM refusals WHERE client != 'old'").first('n')).toBe(1);
  });
});
