import { describe, expect, it } from 'vitest';
import { SYNC_TABLES } from '../../worker/src/tables';
import { api } from './helpers';

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document with every route and the zod-made schemas', async () => {
    const r = await api('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/healthz', '/api/v1/schools', '/api/v1/counties', '/api/v1/counties/{code}', '/api/v1/tokens', '/api/v1/tokens/{id}', '/api/v1/sync', '/api/v1/rows',
        '/api/v1/totals', '/api/v1/compliance', '/api/v1/rules', '/api/v1/terms/{term}/lock', '/api/v1/terms/{term}/unlock',
        '/api/v1/whoami', '/api/v1/schools/{code}', '/api/v1/schools/{code}/retire', '/api/v1/schools/{code}/unretire', '/api/v1/sync/status',
        '/api/v1/rows/{table}/{id}/history',
        '/api/v1/reports', '/api/v1/reports/county.docx', '/api/v1/reports/{term}', '/api/v1/reports/{term}/submit',
        '/api/v1/reports/{term}/{school}/return', '/api/v1/reports/{term}/{school}/approve', '/api/v1/reports/{term}/{school}/reopen',
        '/api/v1/reports/{term}/{school}/report.docx', '/api/v1/reports/{term}/{school}/issues',
      ].sort(),
    );
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
