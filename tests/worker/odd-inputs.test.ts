/**
 * Odd but well-formed input on every route is a 4xx with a clear `{error: {code, message}}`, never a
 * 500: terms whose years are below 1000 or at 9999 and still match the pattern (0000-0001-1,
 * 0999-1000-1), codes at and past the length limit, in another case, with odd characters, ids of
 * odd characters, counties that do not exist. First every route × every odd term (the case of
 * issue 13: PUT /rules for 0999-1000-1 with term dates answered 500), then a fast-check property
 * over method × path × odd values × role.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, api, resetDb, seedCounties, TERM, type Tokens } from './helpers';

// Hundreds of requests through workerd on 2 shared cores.
vi.setConfig({ testTimeout: 240_000 });

let t: Tokens;
beforeAll(async () => {
  await resetDb();
  t = await seedCounties();
});

/** Swept on every route; the property draws from these and more. */
const SWEPT_TERMS = [
  '0000-0001-1',
  '0999-1000-1',
  '0999-1000-2',
  '1000-1001-2',
  '9998-9999-2',
  '9999-10000-1',
  '2026-2028-1',
  '２０２６-２０２７-１',
];
const ODD_TERMS = [
  ...SWEPT_TERMS,
  '0000-0001-2',
  '0001-0002-1',
  '9998-9999-1',
  '2026-2027-3',
  ' 2026-2027-1',
  '',
  '2026-2027-1\n',
  '9'.repeat(5000),
];
const ODD_CODES = [
  '',
  'A',
  'Z'.repeat(32),
  'Z'.repeat(33),
  'gh01',
  'GH01',
  'ot01',
  'a b',
  '%',
  '..',
  '学校',
  'x\u0000',
  '\uD800',
  '😀',
  'A-_',
  'NOPE',
];
const ODD_COUNTIES = ['CTY01', 'cty01', 'CTY02', 'CTY99', '', 'C'.repeat(33), '县', '%00'];
const ODD_IDS = ['tok_missing', 'tok_%00', '..', 'x'.repeat(2000), '学', '😀', 'tok_' + '0'.repeat(16)];

type Role = 'admin' | 'bureau' | 'school';
const tokenOf = (r: Role) => (r === 'admin' ? ADMIN : r === 'bureau' ? t.bureau : t.gh);
/** Percent-encoded; a lone surrogate becomes the bytes of invalid UTF-8 (%ED%A0%80) the worker must refuse, not crash on. */
const e = (s: string) =>
  s
    .split(/([\uD800-\uDFFF])/)
    .map((part, i) => (i % 2 ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

interface Odd {
  term: string;
  code: string;
  county: string;
  id: string;
}

/** Every route, given odd values: [method, path, body?]. Sync is a school's; the rest the bureau's or the admin's. */
const ROUTES: ((o: Odd) => [string, string, unknown?])[] = [
  (o) => ['GET', `/api/v1/rules?term=${e(o.term)}&county=${e(o.county)}`],
  (o) => ['GET', `/api/v1/rules?term=${e(o.term)}`],
  (o) => ['PUT', '/api/v1/rules', { term: o.term, county: o.county, rules: { mentor_max_mentees: 2 } }],
  (o) => ['PUT', '/api/v1/rules', { term: o.term, rules: { term1_start: '08-01', term2_end: '07-15' } }],
  (o) => ['PUT', '/api/v1/rules', { term: o.term, rules: { term1_start: '12-31', term1_end: '01-01', term2_start: '02-29' } }],
  (o) => ['GET', `/api/v1/totals?term=${e(o.term)}`],
  (o) => ['GET', `/api/v1/totals?term=${e(o.term)}&county=${e(o.county)}&group_by=town&format=csv`],
  (o) => ['GET', `/api/v1/totals?term=${e(o.term)}&group_by=county`],
  (o) => ['GET', `/api/v1/compliance?term=${e(o.term)}&county=${e(o.county)}`],
  (o) => ['GET', `/api/v1/rows?term=${e(o.term)}&after=${e(o.id)}`],
  (o) => ['POST', `/api/v1/terms/${e(o.term)}/lock?county=${e(o.county)}`],
  (o) => ['POST', `/api/v1/terms/${e(o.term)}/unlock?county=${e(o.county)}`],
  (o) => ['GET', `/api/v1/whoami?term=${e(o.term)}&county=${e(o.county)}`],
  (o) => ['POST', '/api/v1/schools', { code: o.code, name: '新校', county: o.county }],
  (o) => ['PUT', `/api/v1/schools/${e(o.code)}`, { name: '改名' }],
  (o) => ['POST', `/api/v1/schools/${e(o.code)}/retire`, { from_term: o.term }],
  (o) => ['POST', `/api/v1/schools/${e(o.code)}/unretire`],
  (o) => ['PUT', `/api/v1/counties/${e(o.county)}`, { name: '县' }],
  () => ['GET', '/api/v1/counties'],
  (o) => ['POST', '/api/v1/tokens', { role: 'school', school: o.code }],
  (o) => ['POST', '/api/v1/tokens', { role: 'bureau', county: o.county }],
  (o) => ['DELETE', `/api/v1/tokens/${e(o.id)}`],
  (o) => [
    'POST',
    '/api/v1/sync',
    {
      batch_id: `odd-${Math.random()}`,
      term: o.term,
      template_version: 1,
      school: 'GH01',
      rows: [
        { table: 'teachers', id: o.id.slice(0, 200) || 'T', values: { teacher_id: 'T1', name: '甲', school_code: o.code, role: '新教师' } },
        {
          table: 'support',
          id: 'S1',
          values: {
            support_id: 'S1',
            kind: 'rotation',
            from_school: o.code,
            to_school: 'WT01',
            teacher_id: 'T1',
            start_date: `${o.term.slice(0, 4)}-09-01`,
          },
        },
        {
          table: 'schedule',
          id: 'A1',
          values: { activity_id: 'A1', date: `${o.term.slice(0, 4)}-10-01`, type: '研讨会', status: '已完成' },
        },
      ],
    },
  ],
];

async function expectClear(role: Role, req: [string, string, unknown?]) {
  const [method, path, body] = req;
  const what = `${role} ${method} ${path.slice(0, 120)} ${JSON.stringify(body ?? '').slice(0, 160)}`;
  const r = await api(method, path, { token: tokenOf(role), body });
  expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.json, what).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    expect(
      Object.keys(r.json.error).every((k) => ['code', 'message', 'details'].includes(k)),
      what,
    ).toBe(true);
    expect(r.json.error.message.length, what).toBeGreaterThan(0);
    expect(r.text, what).not.toMatch(/\bat \S+ \(|\.(ts|js):\d+:\d+|Internal error/);
  }
  return r.status;
}

describe('odd but well-formed input on every route', () => {
  it('every route × every odd term, as the bureau and the admin: a 4xx or a 2xx, never a 500', async () => {
    const base: Odd = { term: TERM, code: 'GH01', county: 'CTY01', id: 'tok_missing' };
    let answered = 0;
    const started = Date.now();
    for (const route of ROUTES) {
      for (const term of SWEPT_TERMS) {
        const req = route({ ...base, term });
        // The bureau on its routes, the school on sync; the admin (who names the county) on every other case.
        await expectClear(req[1] === '/api/v1/sync' ? 'school' : answered % 2 ? 'bureau' : 'admin', req);
        answered++;
      }
    }
    console.log(`odd terms: ${answered} cases in ${Date.now() - started} ms`);
    expect(answered).toBe(ROUTES.length * SWEPT_TERMS.length);
    // The case of the issue: PUT /rules with term dates for 0999-1000-1 answered 500. Such a term is
    // no school year: a clear 400 naming the field, everywhere a term is read.
    for (const term of ['0999-1000-1', '0000-0001-1']) {
      const r = await api('PUT', '/api/v1/rules', { token: t.bureau, body: { term, rules: { term1_start: '08-01' } } });
      expect(r.status).toBe(400);
      expect(r.json.error).toEqual({
        code: 'bad_request',
        message: 'term: the school year starts in 1000 or later (2026-2027-1)',
        details: expect.any(Array),
      });
      const q = await api('GET', `/api/v1/totals?term=${term}`, { token: t.bureau });
      expect(q.json.error.message).toMatch(/^term: the school year starts in 1000/);
    }
    // The lowest and highest school years that are: their term dates are judged as any other's.
    const low = await api('PUT', '/api/v1/rules', {
      token: t.bureau,
      body: { term: '1000-1001-1', rules: { term1_start: '12-31', term1_end: '12-01' } },
    });
    expect(low.status).toBe(400);
    expect(low.json.error.message).toMatch(/^rules\.term1_end: term 1 would end on 1000-12-01, before it starts on 1000-12-31/);
    const high = await api('PUT', '/api/v1/rules', {
      token: t.bureau,
      body: { term: '9998-9999-2', rules: { term2_start: '02-29', term2_end: '07-15' } },
    });
    expect(high.status).toBe(200);
  });

  it('method × path × odd terms, codes, counties and ids × role: status < 500 and the error body', async () => {
    const odd = fc.record({
      term: fc.oneof(
        fc.constantFrom(...ODD_TERMS),
        fc
          .tuple(fc.integer({ min: 0, max: 9998 }), fc.constantFrom(1, 2))
          .map(([y, n]) => `${String(y).padStart(4, '0')}-${String(y + 1).padStart(4, '0')}-${n}`),
      ),
      code: fc.oneof(fc.constantFrom(...ODD_CODES), fc.string({ minLength: 0, maxLength: 40 })),
      county: fc.oneof(fc.constantFrom(...ODD_COUNTIES), fc.string({ maxLength: 40 })),
      id: fc.oneof(fc.constantFrom(...ODD_IDS), fc.string({ unit: 'grapheme', maxLength: 30 })),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: ROUTES.length - 1 }),
        odd,
        fc.constantFrom<Role>('admin', 'bureau', 'school', 'school'),
        async (i, o, role) => {
          await expectClear(role, ROUTES[i](o));
          n++;
        },
      ),
      { numRuns: 120 },
    );
    expect(n).toBeGreaterThanOrEqual(120);
  });
});
