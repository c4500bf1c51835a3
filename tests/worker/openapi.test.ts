import { describe, expect, it } from 'vitest';
import app from '../../worker/src/index';
import { liveRoutes } from '../../worker/src/route';
import { SYNC_TABLES } from '../../worker/src/tables';
import apiDoc from '../../docs/api.md?raw';
import { api } from './helpers';

/** The routes the app serves, as `METHOD /path/:param`. */
const served = () => liveRoutes(app).map((r) => `${r.method} ${r.path}`);

/** The routes docs/api.md's Routes table lists: each backticked `METHOD /path` of its first column, the query left out. */
function documented(md: string): string[] {
  const table = md.slice(md.indexOf('## Routes'), md.indexOf('### ', md.indexOf('## Routes')));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...l.split('|')[1].matchAll(/`(GET|POST|PUT|DELETE) ([^`?]+)(?:\?[^`]*)?`/g)].map((m) => `${m[1]} ${m[2]}`));
}

describe('the routes declare themselves', () => {
  it('every route the app serves was registered with its declaration (core/api, worker/src/route.ts)', () => {
    const routes = liveRoutes(app);
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => !r.spec).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    for (const r of routes) expect(`${r.spec!.method.toUpperCase()} ${r.spec!.path}`).toBe(`${r.method} ${r.path}`);
  });

  it('docs/api.md lists every route the app serves, and no other', () => {
    expect(documented(apiDoc).sort()).toEqual(served().sort());
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document with every route and the zod-made schemas', async () => {
    const r = await api('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json;
    expect(doc.openapi).toBe('3.1.0');
    // Every route the app serves, by method, and nothing else.
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(operations.sort()).toEqual(served().sort());
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/api/v1/sync', '/api/v1/reports/{term}/{school}/report.docx']),
    );
    // Query parameters come from the query schemas the routes validate with.
    const rows = doc.paths['/api/v1/rows'].get.parameters;
    expect(rows.map((p: { name: string }) => p.name)).toEqual(['term', 'since', 'after', 'limit']);
    expect(rows.find((p: { name: string }) => p.name === 'term').required).toBe(true);
    expect(rows.find((p: { name: string }) => p.name === 'limit')).toMatchObject({ required: false, schema: { maximum: 5000 } });
    expect(
      doc.paths['/api/v1/rows/{table}/{id}/history'].get.parameters
        .slice(0, 2)
        .map((p: { name: string; in: string }) => `${p.in}:${p.name}`),
    ).toEqual(['path:table', 'path:id']);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/totals'].get.responses['200'].content['text/csv']).toBeDefined();
    expect(doc.paths['/api/v1/schools'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/SchoolCreate');
    const s = doc.components.schemas;
    expect(s.SyncRequest.required).toEqual(expect.arrayContaining(['batch_id', 'term', 'template_version', 'rows', 'school']));
    expect(s.SyncRequest.required).not.toContain('workbook');
    expect(s.SyncRequest.properties.rows.items.$ref).toBe('#/components/schemas/SyncRow');
    expect(s.SyncRequest.properties.rows.maxItems).toBe(50000);
    expect(s.TotalsRow.required).toEqual(expect.arrayContaining(['teachers', 'pairings', 'reporting_rate', 'warnings']));
    for (const t of SYNC_TABLES) expect(s[`Values_${t}`], t).toBeDefined();
    expect(Object.keys(s.Values_schedule.properties)).toEqual(expect.arrayContaining(['date', 'type', 'teachers', 'students']));
    expect(doc.paths['/api/v1/sync'].post.responses['423'].content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    // Every $ref points at a schema that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) expect(s[ref], ref).toBeDefined();
  });

  it('renders a docs page without outside scripts', async () => {
    const r = await api('GET', '/api/v1/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.text).toContain('/api/v1/sync');
    expect(r.text).toContain('SyncRequest');
    expect(r.text).not.toMatch(/<script[^>]+src=/);
  });
});
