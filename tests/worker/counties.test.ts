/** Counties' display names: who may name which county, and where the name shows. */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, api, createSchool, resetDb, seedCounties, TERM, type Tokens } from './helpers';
import type { County } from '../../core/api/admin';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const name = (code: string, value: unknown, token: string) => api('PUT', `/api/v1/counties/${code}`, { token, body: { name: value } });

describe('county names', () => {
  it('a bureau names its own county, not another; the admin names any', async () => {
    const own = await name('CTY01', ' 示范县 ', t.bureau);
    expect(own.status, own.text).toBe(200);
    expect(own.json).toMatchObject({ code: 'CTY01', name: '示范县' });
    expect((await name('CTY02', '外县', t.bureau)).status).toBe(403);
    expect((await name('CTY01', '示范县', t.gh)).status).toBe(403);
    expect((await api('PUT', '/api/v1/counties/CTY02', { body: { name: 'x' } })).status).toBe(401);
    const renamed = await name('CTY01', '示范新县', ADMIN);
    expect(renamed.json.name).toBe('示范新县');
    const audit = await env.DB.prepare("SELECT actor, target FROM audit WHERE action = 'county.name' ORDER BY rowid").all<{
      actor: string;
      target: string;
    }>();
    expect(audit.results.map((r) => r.target)).toEqual(['CTY01', 'CTY01']);
  });

  it('refuses a bad code or name, saying which', async () => {
    for (const [code, value, field] of [
      ['CTY 01', '县', 'code'],
      ['CTY01', '', 'name'],
      ['CTY01', '   ', 'name'],
      ['CTY01', 'x'.repeat(101), 'name'],
      ['CTY01', 7, 'name'],
    ] as const) {
      const r = await name(encodeURIComponent(code), value, ADMIN);
      expect(r.status, `${code} ${value}`).toBe(400);
      expect(r.json.error.message).toMatch(new RegExp(`^${field}`));
    }
    const extra = await api('PUT', '/api/v1/counties/CTY01', { token: ADMIN, body: { name: '县', code: 'CTY02' } });
    expect(extra.status).toBe(400);
  });

  it('lists every county for the admin and only its own for anyone else', async () => {
    await name('CTY01', '示范县', t.bureau);
    await createSchool('NEW1', 'CTY09');
    const all = await api('GET', '/api/v1/counties', { token: ADMIN });
    expect(all.json.counties.map((c: County) => [c.code, c.name])).toEqual([
      ['CTY01', '示范县'],
      ['CTY02', null],
      ['CTY09', null],
    ]);
    expect((await api('GET', '/api/v1/counties', { token: t.bureau2 })).json.counties).toEqual([
      { code: 'CTY02', name: null, updated_at: null },
    ]);
    expect((await api('GET', '/api/v1/counties', { token: t.gh })).json.counties.map((c: County) => c.name)).toEqual(['示范县']);
  });

  it('shows the name in the county totals and in whoami, and the code until there is one', async () => {
    const before = await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, { token: t.bureau });
    expect(before.json.rows[0]).toMatchObject({ key: 'CTY01', name: 'CTY01' });
    expect((await api('GET', '/api/v1/whoami', { token: t.gh })).json).toMatchObject({ county: 'CTY01', county_name: null });
    await name('CTY01', '示范县', t.bureau);
    const after = await api('GET', `/api/v1/totals?term=${TERM}&group_by=county`, { token: t.bureau });
    expect(after.json.rows[0]).toMatchObject({ key: 'CTY01', name: '示范县' });
    const csv = await api('GET', `/api/v1/totals?term=${TERM}&group_by=county&format=csv`, { token: t.bureau });
    expect(csv.text).toContain('CTY01,示范县');
    expect((await api('GET', '/api/v1/whoami', { token: t.gh })).json).toMatchObject({ county: 'CTY01', county_name: '示范县' });
    expect((await api('GET', '/api/v1/whoami', { token: t.bureau })).json).toMatchObject({ county: 'CTY01', county_name: '示范县' });
  });
});
