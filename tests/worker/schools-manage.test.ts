/**
 * Schools after registration: codes unique whatever their case, what a refused code tells a bureau,
 * PUT /api/v1/schools/:code, retiring from a term on (totals, syncs, history), all audited with old
 * and new values.
 */
import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, api, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

const post = (token: string, body: Record<string, unknown>) => api('POST', '/api/v1/schools', { token, body: { name: '新校', ...body } });
const auditOf = async (target: string) =>
  (
    await env.DB.prepare('SELECT actor, action, detail FROM audit WHERE target = ? ORDER BY seq')
      .bind(target)
      .all<{ actor: string; action: string; detail: string }>()
  ).results.map((a) => ({ ...a, detail: JSON.parse(a.detail) }));

describe('school codes', () => {
  it('are unique whatever their case: b1 beside B1 is refused as taken, for the admin and the bureau', async () => {
    expect((await post(t.bureau, { code: 'B1', county: 'CTY01' })).status).toBe(201);
    for (const token of [t.bureau, ADMIN]) {
      const r = await post(token, { code: 'b1', county: 'CTY01' });
      expect(r.status).toBe(409);
      expect(r.json.error.code).toBe('code_taken');
      expect(r.json.error.message).toMatch(/as B1/);
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM schools WHERE code IN ('B1', 'b1')").first('n')).toBe(1);
  });

  it('hold when two registrations of one code in two cases race: one 201, one 409', async () => {
    const [a, b] = await Promise.all([post(ADMIN, { code: 'RACE', county: 'CTY01' }), post(ADMIN, { code: 'race', county: 'CTY02' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM schools WHERE code = 'race' COLLATE NOCASE").first('n')).toBe(1);
  });

  it("tell a bureau nothing of another county's code: the same code_unavailable for OT01 in any case, no name, no county", async () => {
    const answers = await Promise.all(['OT01', 'ot01', 'Ot01'].map((code) => post(t.bureau, { code, county: 'CTY01' })));
    for (const [i, r] of answers.entries()) {
      expect(r.status).toBe(409);
      expect(r.json).toEqual({
        error: {
          code: 'code_unavailable',
          message: `School code ${['OT01', 'ot01', 'Ot01'][i]} cannot be registered; choose another code`,
        },
      });
      expect(r.text).not.toMatch(/CTY02|OT01 school|Other|case/);
    }
    // Its own county's code names its own school, which it sees anyway.
    const own = await post(t.bureau, { code: 'gh01', county: 'CTY01' });
    expect(own.json.error).toEqual({
      code: 'code_taken',
      message: 'School code gh01 is taken by GH01 school of your county (as GH01: codes are the same whatever their case)',
    });
    // The admin sees every county.
    const admin = await post(ADMIN, { code: 'ot01', county: 'CTY01' });
    expect(admin.json.error.code).toBe('code_taken');
    expect(admin.json.error.message).toContain('CTY02');
  });
});

describe('PUT /api/v1/schools/:code', () => {
  it("changes the fields named for the county's bureau and the admin, audited with old and new values", async () => {
    const r = await api('PUT', '/api/v1/schools/WT01', { token: t.bureau, body: { name: '湾头中心小学', level: 'primary' } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      code: 'WT01',
      name: '湾头中心小学',
      county: 'CTY01',
      town: '国河镇',
      level: 'primary',
      created_at: expect.any(String),
      retired_from: null,
    });
    // Partial: only town, and cleared with null; the path's code in another case finds the school.
    const town = await api('PUT', '/api/v1/schools/wt01', { token: ADMIN, body: { town: null } });
    expect(town.json).toMatchObject({ code: 'WT01', name: '湾头中心小学', town: null, level: 'primary' });
    const audit = await auditOf('WT01');
    expect(audit.slice(1)).toEqual([
      {
        actor: expect.stringMatching(/^tok_/),
        action: 'school.update',
        detail: { old: { name: 'WT01 school', level: null }, new: { name: '湾头中心小学', level: 'primary' } },
      },
      { actor: 'admin', action: 'school.update', detail: { old: { town: '国河镇' }, new: { town: null } } },
    ]);
    // The totals show the new name.
    const totals = await api('GET', `/api/v1/totals?term=${TERM}`, { token: t.bureau });
    expect(totals.json.rows.find((x: { key: string }) => x.key === 'WT01').name).toBe('湾头中心小学');
    // Nothing changed: 200, no audit row.
    expect((await api('PUT', '/api/v1/schools/WT01', { token: ADMIN, body: { level: 'primary' } })).status).toBe(200);
    expect((await auditOf('WT01')).length).toBe(3);
  });

  it("answers another county's bureau as for a school that does not exist, a school token 403, a bad body 400 with its field", async () => {
    const other = await api('PUT', '/api/v1/schools/GH01', { token: t.bureau2, body: { name: 'x' } });
    const none = await api('PUT', '/api/v1/schools/ZZ99', { token: t.bureau2, body: { name: 'x' } });
    expect(other.status).toBe(404);
    expect(other.json.error.message.replace('GH01', 'ZZ99')).toBe(none.json.error.message);
    expect(other.json.error.code).toBe(none.json.error.code);
    expect((await api('PUT', '/api/v1/schools/GH01', { token: t.gh, body: { name: 'x' } })).status).toBe(403);
    for (const [body, field] of [
      [{}, '(body)'],
      [{ level: 'university' }, 'level'],
      [{ name: '' }, 'name'],
      [{ code: 'X' }, '(body)'],
      [{ county: 'CTY02' }, '(body)'],
    ] as const) {
      const r = await api('PUT', '/api/v1/schools/GH01', { token: t.bureau, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.message.startsWith(`${field}:`), r.json.error.message).toBe(true);
    }
    expect((await api('GET', '/api/v1/whoami', { token: t.gh })).json.school_name).toBe('GH01 school');
  });
});

describe('retiring a school from a term on', () => {
  const LATER = '2027-2028-1';

  it('stops it counting in that term and later ones; its history, earlier totals and reads stay', async () => {
    expect((await sync(t.wt, [teacher('T1', 'WT01')])).status).toBe(200);
    expect((await sync(t.wt, [teacher('T1', 'WT01')], { term: LATER })).status).toBe(200);
    const r = await api('POST', '/api/v1/schools/WT01/retire', { token: t.bureau, body: { from_term: LATER } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ code: 'WT01', retired_from: LATER });
    const totals = async (term: string) =>
      (await api('GET', `/api/v1/totals?term=${term}&group_by=county`, { token: t.bureau })).json.rows[0];
    // Before: three schools of CTY01, WT01 among them, and its teacher counted.
    expect(await totals(TERM)).toMatchObject({ schools: 3, teachers: 1, synced_rate: 0.3333, reporting_rate: 0 });
    // From LATER on: two schools, none of which synced.
    expect(await totals(LATER)).toMatchObject({ schools: 2, synced_rate: 0, reporting_rate: 0 });
    expect(await totals('2030-2031-2')).toMatchObject({ schools: 2 });
    const bySchool = await api('GET', `/api/v1/totals?term=${LATER}`, { token: t.bureau });
    expect(bySchool.json.rows.map((x: { key: string }) => x.key)).toEqual(['DS01', 'GH01']);
    // Its token still reads its rows of every term.
    const rows = await api('GET', `/api/v1/rows?term=${LATER}`, { token: t.wt });
    expect(rows.status).toBe(200);
    expect(rows.json.rows.map((x: { id: string }) => x.id)).toEqual(['T1']);
    expect((await auditOf('WT01')).at(-1)).toEqual({
      actor: expect.stringMatching(/^tok_/),
      action: 'school.retire',
      detail: { old: { retired_from: null }, new: { retired_from: LATER } },
    });
  });

  it('leaves it out of the compliance list in that term and later ones, not "not synced"; earlier terms list it', async () => {
    expect((await sync(t.wt, [teacher('T1', 'WT01')])).status).toBe(200);
    expect((await api('POST', '/api/v1/schools/WT01/retire', { token: t.bureau, body: { from_term: LATER } })).status).toBe(200);
    const compliance = async (term: string) => (await api('GET', `/api/v1/compliance?term=${term}`, { token: t.bureau })).json;
    for (const term of [LATER, '2031-2032-2']) {
      const c = await compliance(term);
      expect(
        c.schools.map((s: { code: string }) => s.code),
        term,
      ).toEqual(['DS01', 'GH01']);
      expect(
        c.not_synced.map((s: { code: string }) => s.code),
        term,
      ).toEqual(['DS01', 'GH01']);
    }
    const before = await compliance(TERM);
    expect(before.schools.map((s: { code: string }) => s.code)).toEqual(['DS01', 'GH01', 'WT01']);
    expect(before.schools.find((s: { code: string }) => s.code === 'WT01').synced).toBe(true);
    // Unretired, it is listed again as not synced in LATER.
    expect((await api('POST', '/api/v1/schools/WT01/unretire', { token: t.bureau })).status).toBe(200);
    expect((await compliance(LATER)).not_synced.map((s: { code: string }) => s.code)).toEqual(['DS01', 'GH01', 'WT01']);
  });

  it('refuses its syncs of that term and later ones with 409 school_retired, writing nothing; earlier terms still sync; unretire reverses it', async () => {
    expect((await api('POST', '/api/v1/schools/WT01/retire', { token: ADMIN, body: { from_term: LATER } })).status).toBe(200);
    for (const term of [LATER, '2027-2028-2', '2031-2032-1']) {
      const r = await sync(t.wt, [teacher('T9', 'WT01')], { term });
      expect(r.status, term).toBe(409);
      expect(r.json.error.code).toBe('school_retired');
      expect(r.json.error.message).toContain(LATER);
    }
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM t_teachers WHERE school = 'WT01'").first('n')).toBe(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM term_syncs WHERE school = 'WT01'").first('n')).toBe(0);
    expect((await sync(t.wt, [teacher('T1', 'WT01')])).status).toBe(200);
    // A body that is not JSON is still the sync route's own 400, not a retirement.
    expect((await api('POST', '/api/v1/sync', { token: t.wt, raw: '{"term": ' })).status).toBe(400);
    // Another school of the county is not affected.
    expect((await sync(t.gh, [teacher('T1', 'GH01')], { term: LATER })).status).toBe(200);
    const back = await api('POST', '/api/v1/schools/WT01/unretire', { token: t.bureau });
    expect(back.json.retired_from).toBeNull();
    expect((await sync(t.wt, [teacher('T9', 'WT01')], { term: LATER })).status).toBe(200);
    expect((await auditOf('WT01')).map((a) => a.action).slice(-2)).toEqual(['school.retire', 'school.unretire']);
  });

  it("is for the county's bureau and the admin: another bureau 404, a school 403, a bad term 400", async () => {
    expect((await api('POST', '/api/v1/schools/WT01/retire', { token: t.bureau2, body: { from_term: LATER } })).status).toBe(404);
    expect((await api('POST', '/api/v1/schools/WT01/unretire', { token: t.bureau2 })).status).toBe(404);
    expect((await api('POST', '/api/v1/schools/WT01/retire', { token: t.wt, body: { from_term: LATER } })).status).toBe(403);
    const bad = await api('POST', '/api/v1/schools/WT01/retire', { token: t.bureau, body: { from_term: '2027-2029-1' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^from_term:/);
    expect(await env.DB.prepare("SELECT retired_from FROM schools WHERE code = 'WT01'").first('retired_from')).toBeNull();
  });
});
