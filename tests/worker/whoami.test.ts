/** GET /api/v1/whoami: each token learns its role and scope, and whether a term is locked. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, api, createToken, resetDb, seedCounties, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

describe('GET /api/v1/whoami', () => {
  it('names the role and scope of each kind of token', async () => {
    const school = await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'school', school: 'GH01', label: '教务处电脑' } });
    const me = await api('GET', '/api/v1/whoami', { token: school.json.token });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({
      role: 'school',
      token_id: school.json.id,
      county: 'CTY01',
      county_name: null,
      school: 'GH01',
      school_name: 'GH01 school',
      label: '教务处电脑',
    });

    const bureau = await api('GET', '/api/v1/whoami', { token: t.bureau });
    expect(bureau.json).toEqual({ role: 'bureau', token_id: expect.stringMatching(/^tok_/), county: 'CTY01', county_name: null });
    expect((await api('GET', '/api/v1/whoami', { token: ADMIN })).json).toEqual({ role: 'admin', token_id: 'admin' });
  });

  it('says whether the term is locked in the token’s county', async () => {
    const q = `/api/v1/whoami?term=${TERM}`;
    expect((await api('GET', q, { token: t.gh })).json).toMatchObject({ term: TERM, term_locked: false });
    expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau })).status).toBe(200);
    expect((await api('GET', q, { token: t.gh })).json).toMatchObject({ school: 'GH01', term_locked: true });
    expect((await api('GET', q, { token: t.bureau })).json).toMatchObject({ role: 'bureau', term_locked: true });
    // Another county's term is open, and its tokens cannot ask about CTY01.
    expect((await api('GET', q, { token: t.ot })).json).toMatchObject({ county: 'CTY02', term_locked: false });
    expect((await api('GET', `${q}&county=CTY01`, { token: t.bureau2 })).status).toBe(403);
    // The admin names the county, as on every county route.
    expect((await api('GET', q, { token: ADMIN })).status).toBe(400);
    expect((await api('GET', `${q}&county=CTY01`, { token: ADMIN })).json).toEqual({
      role: 'admin',
      token_id: 'admin',
      county: 'CTY01',
      term: TERM,
      term_locked: true,
    });
    // No term, no term_locked.
    expect((await api('GET', '/api/v1/whoami', { token: t.gh })).json).not.toHaveProperty('term_locked');
  });

  it('refuses a bad term, a revoked token and no token', async () => {
    const bad = await api('GET', '/api/v1/whoami?term=2026', { token: t.gh });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^term/);
    const token = await createToken({ role: 'school', school: 'WT01' });
    const me = await api('GET', '/api/v1/whoami', { token });
    expect((await api('DELETE', `/api/v1/tokens/${me.json.token_id}`, { token: ADMIN })).status).toBe(204);
    expect((await api('GET', '/api/v1/whoami', { token })).status).toBe(401);
    expect((await api('GET', '/api/v1/whoami')).status).toBe(401);
  });
});

describe('POST /api/v1/tokens by a bureau for a school outside its county', () => {
  it('answers the same 403 whether the school exists elsewhere or not at all; the admin still gets 404', async () => {
    const elsewhere = await api('POST', '/api/v1/tokens', { token: t.bureau, body: { role: 'school', school: 'OT01' } });
    const nowhere = await api('POST', '/api/v1/tokens', { token: t.bureau, body: { role: 'school', school: 'ZZ01' } });
    expect(elsewhere.status).toBe(403);
    expect(nowhere.status).toBe(403);
    expect(nowhere.json.error.message.replace('ZZ01', 'OT01')).toBe(elsewhere.json.error.message);
    expect(elsewhere.json.error.message).toMatch(/not a school of your county/);
    expect((await api('POST', '/api/v1/tokens', { token: ADMIN, body: { role: 'school', school: 'ZZ01' } })).status).toBe(404);
  });
});
