import { env } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../core/rules';
import { ADMIN, activity, api, resetDb, seedCounties, sync, teacher, TERM, type Tokens } from './helpers';
import type { ComplianceAnswer } from '../../core/api/totals';

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
});

describe('GET /api/v1/compliance', () => {
  it("lists each school's open warnings by code and the schools that have not synced", async () => {
    await sync(t.gh, [teacher('T1', 'GH01'), activity('A1', '2026-09-10')]);
    const r = await api('GET', `/api/v1/compliance?term=${TERM}`, { token: t.bureau });
    expect(r.status).toBe(200);
    const body = r.json as ComplianceAnswer;
    expect(body.county).toBe('CTY01');
    const gh = body.schools.find((s) => s.code === 'GH01')!;
    expect(gh.synced).toBe(true);
    expect(gh.warnings['schedule.leaders_meetings_short']).toBe(1);
    expect(gh.open).toBe(Object.values(gh.warnings).reduce((a, b) => a + b, 0));
    expect(body.not_synced.map((s) => s.code)).toEqual(['DS01', 'WT01']);
  });

  it('is for the bureau of the county (or the admin naming one)', async () => {
    expect((await api('GET', `/api/v1/compliance?term=${TERM}`, { token: t.gh })).status).toBe(403);
    expect((await api('GET', `/api/v1/compliance?term=${TERM}&county=CTY01`, { token: t.bureau2 })).status).toBe(403);
    expect((await api('GET', `/api/v1/compliance?term=${TERM}`, { token: ADMIN })).status).toBe(400);
    const admin = await api('GET', `/api/v1/compliance?term=${TERM}&county=CTY02`, { token: ADMIN });
    expect(admin.json.not_synced).toEqual([{ code: 'OT01', name: 'OT01 school' }]);
  });
});

describe('rules', () => {
  it('serves defaults, then what the bureau puts, to its schools', async () => {
    const before = await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.gh });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ term: TERM, county: 'CTY01', rules: DEFAULT_RULES, overrides: {}, updated_at: null });
    const put = await api('PUT', '/api/v1/rules', {
      token: t.bureau,
      body: { term: TERM, rules: { min_activities_per_month: 2, term1_start: '08-25' } },
    });
    expect(put.status).toBe(200);
    await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, rules: { mentor_max_mentees: 3 } } });
    const after = await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.wt });
    expect(after.json.overrides).toEqual({ min_activities_per_month: 2, term1_start: '08-25', mentor_max_mentees: 3 });
    expect(after.json.rules.min_activities_per_month).toBe(2);
    expect(after.json.rules.mentee_min_classes_attended).toBe(DEFAULT_RULES.mentee_min_classes_attended);
    // Another county and another term keep the defaults.
    expect((await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.ot })).json.overrides).toEqual({});
    expect((await api('GET', `/api/v1/rules?term=2026-2027-2`, { token: t.gh })).json.overrides).toEqual({});
  });

  it('takes six_ones as core reads it and stores the six split keys, a split key in the same PUT winning', async () => {
    const six = (r: Record<string, unknown>) =>
      ['intro', 'report', 'lecture', 'unit_analysis', 'courseware', 'paper'].map((k) => r[`six_ones_${k}`]);
    const numbers = await api('PUT', '/api/v1/rules', {
      token: t.bureau,
      body: { term: TERM, rules: { six_ones: [1, 1, 1, 1, 5, 1], six_ones_paper: 2 } },
    });
    expect(numbers.status).toBe(200);
    expect(numbers.json.overrides).not.toHaveProperty('six_ones');
    expect(six(numbers.json.overrides)).toEqual([1, 1, 1, 1, 5, 2]);
    const labelled = await api('PUT', '/api/v1/rules', {
      token: t.bureau,
      body: { term: TERM, rules: { six_ones: '入门课2、汇报课1、讲座1、单元教材分析1、课件4、论文/反思1' } },
    });
    expect(labelled.status).toBe(200);
    const got = await api('GET', `/api/v1/rules?term=${TERM}`, { token: t.gh });
    expect(six(got.json.rules)).toEqual([2, 1, 1, 1, 4, 1]);
    expect(got.json.rules).not.toHaveProperty('six_ones');
    for (const bad of ['lots', [1, 1, 1], '1、1、1、1、3、2000', 7]) {
      const r = await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, rules: { six_ones: bad } } });
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.json.error.message).toMatch(/^rules\.six_ones: /);
    }
  });

  it('uses the county rules in the server-side checks', async () => {
    await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, rules: { min_leaders_meetings_per_term: 0 } } });
    await sync(t.gh, [activity('A1', '2026-09-10')]);
    const w = await env.DB.prepare("SELECT COUNT(*) AS n FROM warnings WHERE code = 'schedule.leaders_meetings_short'").first('n');
    expect(w).toBe(0);
  });

  it('refuses unknown keys, bad values, schools and other counties', async () => {
    const unknown = await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, rules: { max_fun: 1 } } });
    expect(unknown.status).toBe(400);
    const neg = await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, rules: { mentor_max_mentees: -1 } } });
    expect(neg.status).toBe(400);
    expect(neg.json.error.message).toMatch(/^rules\.mentor_max_mentees/);
    expect((await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, rules: { term1_end: '13-01' } } })).status).toBe(400);
    expect((await api('PUT', '/api/v1/rules', { token: t.gh, body: { term: TERM, rules: {} } })).status).toBe(403);
    expect((await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term: TERM, county: 'CTY02', rules: {} } })).status).toBe(403);
    expect((await api('GET', `/api/v1/rules?term=${TERM}&county=CTY02`, { token: t.gh })).status).toBe(403);
  });
});

describe('rules: term dates', () => {
  const put = (term: string, rules: Record<string, unknown>) => api('PUT', '/api/v1/rules', { token: t.bureau, body: { term, rules } });
  const T2 = '2026-2027-2';

  it('refuses a month-day that does not exist (02-30, 04-31), naming the rule, as core reads it', async () => {
    for (const [key, value] of [
      ['term2_start', '02-30'],
      ['term2_end', '04-31'],
      ['term1_end', '11-31'],
      ['term1_start', '00-10'],
      ['term2_end', '6-30'],
      ['term2_end', ''],
    ]) {
      const r = await put(T2, { [key]: value });
      expect(r.status, `${key} ${value}`).toBe(400);
      expect(r.json.error.message).toMatch(new RegExp(`^rules\\.${key}: a real month and day as MM-DD`));
      expect(r.json.error.details[0].path).toBe(`rules.${key}`);
    }
    expect((await api('GET', `/api/v1/rules?term=${T2}`, { token: t.gh })).json.overrides).toEqual({});
    // 02-29 is a day (core reads it as 02-28 in a common year).
    const leap = await put(T2, { term2_start: '02-29' });
    expect(leap.status).toBe(200);
    expect(leap.json.rules.term2_start).toBe('02-29');
  });

  it('refuses term dates that give the term no day, judged as core computes the range (term 1 crosses the new year)', async () => {
    // Term 1 from September to January: the end is in the next year, a term.
    expect((await put(TERM, { term1_start: '09-01', term1_end: '01-31' })).status).toBe(200);
    expect((await put(TERM, { term1_start: '12-01', term1_end: '12-01' })).status).toBe(200);
    // The end month before the start month is the next year's: 09-15 .. 08-31 is a (long) term.
    expect((await put(TERM, { term1_start: '09-15', term1_end: '08-31' })).status).toBe(200);
    // The same month, an earlier day: no day at all.
    const t1 = await put(TERM, { term1_start: '09-15', term1_end: '09-10' });
    expect(t1.status).toBe(400);
    expect(t1.json.error.message).toBe(
      'rules.term1_end: term 1 would end on 2026-09-10, before it starts on 2026-09-15 (term1_start 09-15, term1_end 09-10)',
    );
    // Term 2 lies in one calendar year.
    const t2 = await put(T2, { term2_start: '06-30', term2_end: '02-01' });
    expect(t2.status).toBe(400);
    expect(t2.json.error.details).toEqual([
      { path: 'rules.term2_end', message: expect.stringMatching(/2027-02-01, before it starts on 2027-06-30/) },
    ]);
    // Judged over what the bureau set before: a start alone after the stored end is refused, named.
    expect((await put(T2, { term2_end: '05-31' })).status).toBe(200);
    const late = await put(T2, { term2_start: '06-01' });
    expect(late.status).toBe(400);
    expect(late.json.error.message).toMatch(/^rules\.term2_start: term 2 would end on 2027-05-31, before it starts on 2027-06-01/);
    const stored = await api('GET', `/api/v1/rules?term=${T2}`, { token: t.gh });
    expect(stored.json.overrides).toEqual({ term2_end: '05-31' });
    // A PUT that names no term date is not judged by them.
    expect((await put(T2, { min_activities_per_month: 2 })).status).toBe(200);
  });
});

describe('term locks', () => {
  it('answers 423 to a sync of a locked term, and syncs again once unlocked', async () => {
    const lock = await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau });
    expect(lock.status).toBe(200);
    expect(lock.json).toEqual({ term: TERM, county: 'CTY01', locked: true });
    const r = await sync(t.gh, [teacher('T1', 'GH01')]);
    expect(r.status).toBe(423);
    expect(r.json.error.code).toBe('term_locked');
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM t_teachers').first('n')).toBe(0);
    // Other counties and other terms are open.
    expect((await sync(t.ot, [teacher('T1', 'OT01')])).status).toBe(200);
    expect((await sync(t.gh, [teacher('T1', 'GH01')], { term: '2026-2027-2' })).status).toBe(200);
    expect((await api('POST', `/api/v1/terms/${TERM}/unlock`, { token: t.bureau })).json.locked).toBe(false);
    expect((await sync(t.gh, [teacher('T1', 'GH01')])).status).toBe(200);
  });

  it('is for a bureau (or the admin naming the county), with a valid term', async () => {
    expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.gh })).status).toBe(403);
    expect((await api('POST', `/api/v1/terms/${TERM}/lock?county=CTY02`, { token: t.bureau })).status).toBe(403);
    expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: ADMIN })).status).toBe(400);
    expect((await api('POST', `/api/v1/terms/${TERM}/lock?county=CTY02`, { token: ADMIN })).status).toBe(200);
    expect((await sync(t.ot, [teacher('T1', 'OT01')])).status).toBe(423);
    expect((await api('POST', '/api/v1/terms/autumn/lock', { token: t.bureau })).status).toBe(400);
  });

  it("refuses the admin's lock, unlock and rules of a county no school is in (a mistyped code), storing nothing", async () => {
    for (const county of ['cty01', 'NOPE', '%00%E2%80%AE']) {
      for (const step of ['lock', 'unlock']) {
        const r = await api('POST', `/api/v1/terms/${TERM}/${step}?county=${county}`, { token: ADMIN });
        expect(r.status, r.text).toBe(404);
        expect(r.json.error.message).toContain('no school is registered in it');
      }
      if (county.startsWith('%')) continue; // the rules' body refuses such a code as malformed already (400)
      const put = await api('PUT', '/api/v1/rules', { token: ADMIN, body: { term: TERM, county, rules: { mentor_max_mentees: 2 } } });
      expect(put.status, put.text).toBe(404);
    }
    expect((await env.DB.prepare('SELECT COUNT(*) AS n FROM term_locks').first<number>('n')) ?? 0).toBe(0);
    expect(
      (await env.DB.prepare("SELECT COUNT(*) AS n FROM rules WHERE county <> 'CTY01' AND county <> 'CTY02'").first<number>('n')) ?? 0,
    ).toBe(0);
    // The real county is locked as before, and a county with only a name is one too.
    expect((await api('POST', `/api/v1/terms/${TERM}/lock?county=CTY01`, { token: ADMIN })).status).toBe(200);
    expect((await sync(t.gh, [teacher('T1', 'GH01')])).status).toBe(423);
  });
});
