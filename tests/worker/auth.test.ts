import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, api, resetDb, seedCounties, TERM } from './helpers';

beforeEach(resetDb);

describe('authentication', () => {
  it('lets /healthz through without a token and answers 401 elsewhere', async () => {
    expect((await api('GET', '/healthz')).status).toBe(200);
    const r = await api('GET', `/api/v1/rules?term=${TERM}`);
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  it('rejects an unknown token, a malformed header and an empty admin secret match', async () => {
    expect((await api('GET', `/api/v1/rules?term=${TERM}`, { token: 'jd_nope' })).status).toBe(401);
    expect((await api('GET', `/api/v1/rules?term=${TERM}`, { headers: { authorization: ADMIN } })).status).toBe(401);
    expect((await api('GET', `/api/v1/rules?term=${TERM}`, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('accepts the admin token and stores issued tokens only as SHA-256', async () => {
    const t = await seedCounties();
    const rows = await env.DB.prepare('SELECT hash FROM tokens').all<{ hash: string }>();
    expect(rows.results.length).toBe(6);
    for (const r of rows.results) {
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(t)).not.toContain(r.hash);
    }
    expect(t.gh).toMatch(/^jd_[A-Za-z0-9_-]{43}$/);
  });

  it('answers 429 after 10 failed attempts a minute from one client, even for a good token', async () => {
    const t = await seedCounties();
    for (let i = 0; i < 10; i++) {
      expect((await api('GET', `/api/v1/rules?term=${TERM}`, { token: `bad-${i}` })).status).toBe(401);
    }
    const blocked = await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.gh });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('too_many_requests');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not affected.
    const other = await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.gh, headers: { 'cf-connecting-ip': '192.0.2.77' } });
    expect(other.status).toBe(200);
  });
});

describe('errors and plumbing', () => {
  it('answers an unknown route with a JSON 404', async () => {
    const r = await api('GET', '/api/v1/nothing-here', { token: ADMIN });
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });

  it('sends CORS headers only to configured origins', async () => {
    const ok = await api('OPTIONS', '/api/v1/sync', {
      headers: { origin: 'https://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const bad = await api('OPTIONS', '/api/v1/sync', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('returns a D1 session bookmark on API answers', async () => {
    const r = await api('POST', '/api/v1/schools', { token: ADMIN, body: { code: 'B01', name: 'B', county: 'C1' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-d1-bookmark')).toBeTruthy();
  });
});
