/** Response headers: nosniff everywhere, no-store on what a token reads, the totals CSV's Chinese file name (RFC 5987). */
import { beforeAll, describe, expect, it } from 'vitest';
import { attachment } from '../../worker/src/csv';
import { ADMIN, api, resetDb, seedCounties, TERM, type Tokens } from './helpers';

let t: Tokens;
beforeAll(async () => {
  await resetDb();
  t = await seedCounties();
});

/** The file name of a Content-Disposition's `filename*=UTF-8''…`, decoded. */
const extName = (cd: string) => decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(cd)![1]);

describe('headers', () => {
  it('names the totals CSV in Chinese (filename*) with an ASCII fallback, per grouping', async () => {
    for (const [g, zh] of [
      ['school', '学校'],
      ['town', '乡镇'],
      ['county', '县区'],
    ] as const) {
      const r = await api('GET', `/api/v1/totals?term=${TERM}&group_by=${g}&format=csv`, { token: t.bureau });
      expect(r.status).toBe(200);
      const cd = r.headers.get('content-disposition')!;
      expect(cd).toMatch(new RegExp(`^attachment; filename="totals-${TERM}-${g}\\.csv"; filename\\*=UTF-8''[A-Za-z0-9%._-]+$`));
      expect(extName(cd)).toBe(`汇总-${TERM}-${zh}.csv`);
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('encodes what RFC 5987 does not allow bare and keeps the fallback ASCII without quotes', () => {
    const cd = attachment('a"b\\c-é.csv', "汇总 (1)'*.csv");
    expect(cd).toBe(`attachment; filename="a_b_c-_.csv"; filename*=UTF-8''%E6%B1%87%E6%80%BB%20%281%29%27%2A.csv`);
    expect(extName(cd)).toBe("汇总 (1)'*.csv");
  });

  it('sends nosniff on every answer and no-store on every authenticated one, errors, 401, 404 and 429 included', async () => {
    const cases: [string, string, Record<string, string>, number, boolean][] = [
      ['GET', '/healthz', {}, 200, false],
      ['GET', '/api/v1/openapi.json', {}, 200, false],
      ['GET', '/api/v1/docs', {}, 200, false],
      ['GET', '/no-such-page', {}, 404, true],
      ['GET', '/api/v1/whoami', { authorization: `Bearer ${ADMIN}` }, 200, true],
      ['GET', '/api/v1/nothing', { authorization: `Bearer ${ADMIN}` }, 404, true],
      ['GET', '/api/v1/totals?term=bad', { authorization: `Bearer ${t.bureau}` }, 400, true],
      ['GET', `/api/v1/totals?term=${TERM}`, { authorization: `Bearer ${t.gh}` }, 403, true],
      ['GET', '/api/v1/whoami', {}, 401, true],
    ];
    for (const [method, path, headers, status, private_] of cases) {
      const r = await api(method, path, { headers });
      expect(r.status, path).toBe(status);
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('cache-control'), path).toBe(private_ ? 'no-store' : null);
    }
    const ip = { 'cf-connecting-ip': '198.51.100.9' };
    for (let i = 0; i < 11; i++) await api('GET', '/api/v1/whoami', { headers: { ...ip, authorization: `Bearer x${i}` } });
    const limited = await api('GET', '/api/v1/whoami', { headers: ip });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('cache-control')).toBe('no-store');
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
