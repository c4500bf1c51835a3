import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUTH_FAILURES_PER_MINUTE } from '../../worker/src/auth';
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

  it('limits failing guesses, never a valid token: after 10+ failures from one address its school and bureau tokens answer 200, the next guess 429', async () => {
    const t = await seedCounties();
    for (let i = 0; i < 12; i++) {
      const r = await api('GET', `/api/v1/rules?term=${TERM}`, { token: `bad-${i}` });
      expect(r.status).toBe(i < AUTH_FAILURES_PER_MINUTE ? 401 : 429);
    }
    // The school and its bureau behind the same NAT are answered.
    expect((await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.gh })).status).toBe(200);
    expect((await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau })).status).toBe(200);
    expect((await api('GET', '/api/v1/whoami', { token: ADMIN })).status).toBe(200);
    // Only the guesses are held back: the next bad one, and one with no token at all.
    for (const headers of [{ authorization: 'Bearer jd_still_guessing' }, {} as Record<string, string>]) {
      const blocked = await api('GET', `/api/v1/rules?term=${TERM}`, { headers });
      expect(blocked.status).toBe(429);
      expect(blocked.json).toEqual({ error: { code: 'too_many_requests', message: expect.stringMatching(/valid token/) } });
      const wait = Number(blocked.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
    }
    // Another client's guesses are its own.
    const other = await api('GET', `/api/v1/rules?term=${TERM}`, { token: 'bad', headers: { 'cf-connecting-ip': '192.0.2.77' } });
    expect(other.status).toBe(401);
  });

  it('counts failures atomically: of 30 guesses at once, exactly the limit are 401 and the rest 429', async () => {
    const t = await seedCounties();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api('GET', `/api/v1/rules?term=${TERM}`, { token: `jd_parallel_${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBe(AUTH_FAILURES_PER_MINUTE);
    expect(statuses.filter((s) => s === 429).length).toBe(30 - AUTH_FAILURES_PER_MINUTE);
    // Valid tokens sent at the same time as a flood of guesses are all answered.
    const mixed = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => api('GET', `/api/v1/rules?term=${TERM}`, { token: `jd_more_${i}` })),
      ...Array.from({ length: 5 }, () => api('GET', `/api/v1/rules?term=${TERM}`, { token: t.gh })),
      ...Array.from({ length: 5 }, () => api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau })),
    ]);
    expect(mixed.slice(0, 10).every((a) => a.status === 429)).toBe(true);
    expect(mixed.slice(10).map((a) => a.status)).toEqual(Array(10).fill(200));
    const counted = await env.DB.prepare('SELECT SUM(count) AS n FROM auth_failures').first<number>('n');
    expect(counted).toBe(40);
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
      headers: {
        origin: 'https://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://localhost:3000');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const bad = await api('OPTIONS', '/api/v1/sync', {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('returns a D1 session bookmark on API answers', async () => {
    const r = await api('POST', '/api/v1/schools', { token: ADMIN, body: { code: 'B01', name: 'B', county: 'C1' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-d1-bookmark')).toBeTruthy();
  });
});
