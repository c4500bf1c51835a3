import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, api, resetDb, seedCounties, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

describe('POST /api/v1/schools', () => {
  it('registers a school for the admin (201) and refuses a taken code (409)', async () => {
    const r = await api('POST', '/api/v1/schools', {
      token: ADMIN,
      body: { code: 'NEW1', name: '新学校', county: 'CTY01', town: '镇', level: 'middle' },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ code: 'NEW1', name: '新学校', county: 'CTY01', town: '镇', level: 'middle' });
    const again = await api('POST', '/api/v1/schools', { token: ADMIN, body: { code: 'NEW1', name: 'x', county: 'CTY01' } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('code_taken');
  });

  it('lets a bureau register only inside its county', async () => {
    expect((await api('POST', '/api/v1/schools', { token: t.bureau, body: { code: 'B1', name: 'b', county: 'CTY01' } })).status).toBe(201);
    const out = await api('POST', '/api/v1/schools', { token: t.bureau, body: { code: 'B2', name: 'b', county: 'CTY02' } });
    expect(out.status).toBe(403);
    expect(out.json.error.code).toBe('forbidden');
  });

  it('refuses a school token (403) and a bad body (400) with the field named', async () => {
    expect((await api('POST', '/api/v1/schools', { token: t.gh, body: { code: 'X1', name: 'x', county: 'CTY01' } })).status).toBe(403);
    const bad = await api('POST', '/api/v1/schools', { token: ADMIN, body: { code: 'has space', name: 'x', county: 'CTY01' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^code:/);
    const level = await api('POST', '/api/v1/schools', {
      token: ADMIN,
      body: { code: 'L1', name: 'x', county: 'CTY01', level: 'university' },
    });
    expect(level.status).toBe(400);
    expect(level.json.error.message).toMatch(/^level:/);
  });
});

describe('POST /api/v1/tokens and DELETE /api/v1/tokens/:id', () => {
  it('issues a school token that works, and after revocation fails with 401', async () => {
    const r = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'school', school: 'GH01', label: 'office PC' } });
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^jd_/), role: 'school', school: 'GH01' });
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: r.json.token })).status).toBe(200);
    const del = await api('DELETE', `/api/v1/tokens/${r.json.id}`, { token: ADMIN });
    expect(del.status).toBe(204);
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: r.json.token })).status).toBe(401);
    const audit = await env.DB.prepare('SELECT action FROM audit WHERE target = ?').bind(r.json.id).all();
    expect(audit.results.map((a) => a.action)).toEqual(['token.create', 'token.revoke']);
  });

  it('issues a bureau token for the admin only', async () => {
    const r = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'bureau', county: 'CTY09' } });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ role: 'bureau', county: 'CTY09' });
    expect((await api('POST', '/api/v1/tokens', { token: t.bureau, body: { role: 'bureau', county: 'CTY01' } })).status).toBe(403);
    expect((await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'bureau' } })).status).toBe(400);
  });

  it('lets a bureau issue and revoke tokens for schools of its county only', async () => {
    const own = await api('POST', '/api/v1/tokens', { token: t.bureau, body: { role: 'school', school: 'WT01' } });
    expect(own.status).toBe(201);
    expect((await api('POST', '/api/v1/tokens', { token: t.bureau, body: { role: 'school', school: 'OT01' } })).status).toBe(403);
    const other = await api('POST', '/api/v1/tokens', { token: t.bureau2, body: { role: 'school', school: 'OT01' } });
    expect(other.status).toBe(201);
    // Revoking another county's token looks like a missing one.
    expect((await api('DELETE', `/api/v1/tokens/${other.json.id}`, { token: t.bureau })).status).toBe(404);
    expect((await api('DELETE', `/api/v1/tokens/${own.json.id}`, { token: t.bureau })).status).toBe(204);
    expect((await api('GET', `/api/v1/rows?term=${TERM}`, { token: other.json.token })).status).toBe(200);
  });

  it('answers 404 for an unknown school or token, 403 for a school token, 400 for a bad role', async () => {
    expect((await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'school', school: 'NOPE' } })).status).toBe(404);
    expect((await api('DELETE', '/api/v1/tokens/tok_missing', { token: ADMIN })).status).toBe(404);
    expect((await api('POST', '/api/v1/tokens', { token: t.gh, body: { role: 'school', school: 'GH01' } })).status).toBe(403);
    expect((await api('DELETE', '/api/v1/tokens/tok_x', { token: t.gh })).status).toBe(403);
    const bad = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'root' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^role:/);
  });
});
