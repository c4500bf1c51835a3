/** The OpenAPI 3.1 document, built from the same zod schemas the routes validate with. */
import { z } from 'zod';
import { SYNC_TABLES } from './tables';
import * as S from './schemas';
import { REPORT_SCHEMAS } from './report-schemas';

type Op = {
  summary: string;
  roles: string;
  query?: [name: string, required: boolean, description: string][];
  body?: string;
  ok: [status: number, schema: string | null, contentType?: string];
  errors: number[];
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const OPS: Record<string, Record<string, Op>> = {
  '/healthz': { get: { summary: 'Liveness', roles: 'none', ok: [200, null], errors: [] } },
  '/api/v1/schools': {
    post: { summary: 'Register a school', roles: 'admin; bureau inside its county', body: 'SchoolCreate', ok: [201, 'School'], errors: [400, 401, 403, 409, 413, 415, 429] },
  },
  '/api/v1/schools/{code}': {
    put: {
      summary: "Change a school's name, town or level (the fields named; town and level may be null); audited with old and new values",
      roles: "admin; bureau for a school of its county (another county's school is a 404, as a missing one)",
      body: 'SchoolUpdate',
      ok: [200, 'SchoolRecord'],
      errors: [400, 401, 403, 404, 413, 415, 429],
    },
  },
  '/api/v1/schools/{code}/retire': {
    post: {
      summary: 'Retire a school from a term on: not counted in the totals of that term and later ones, its syncs of them answer 409 school_retired; its rows and earlier totals stay',
      roles: "admin; bureau for a school of its county (another county's school is a 404, as a missing one)",
      body: 'SchoolRetire',
      ok: [200, 'SchoolRecord'],
      errors: [400, 401, 403, 404, 413, 415, 429],
    },
  },
  '/api/v1/schools/{code}/unretire': {
    post: {
      summary: 'Reverse a retirement: the school counts again in every term',
      roles: "admin; bureau for a school of its county (another county's school is a 404, as a missing one)",
      ok: [200, 'SchoolRecord'],
      errors: [401, 403, 404, 429],
    },
  },
  '/api/v1/counties': {
    get: { summary: 'Counties and their names: the admin every one, anyone else their own', roles: 'any token', ok: [200, 'Counties'], errors: [401, 429] },
  },
  '/api/v1/counties/{code}': {
    put: { summary: "Name a county (shown by the totals and whoami)", roles: 'admin; bureau for its own county', body: 'CountyName', ok: [200, 'County'], errors: [400, 401, 403, 413, 415, 429] },
  },
  '/api/v1/tokens': {
    post: { summary: 'Issue a token (shown once)', roles: 'admin; bureau for schools of its county', body: 'TokenCreate', ok: [201, 'TokenCreated'], errors: [400, 401, 403, 404, 413, 415, 429] },
  },
  '/api/v1/tokens/{id}': {
    delete: { summary: 'Revoke a token; it fails with 401 from then on', roles: 'admin; bureau for school tokens of its county', ok: [204, null], errors: [401, 403, 404, 429] },
  },
  '/api/v1/sync': {
    post: {
      summary: 'Send a batch of rows: checked again, applied atomically, replayable by batch_id',
      roles: 'school',
      body: 'SyncRequest',
      ok: [200, 'SyncAnswer'],
      errors: [400, 401, 403, 409, 413, 415, 422, 423, 429],
    },
  },
  '/api/v1/sync/status': {
    get: {
      summary: "What the school holds on the server for a term: live rows, when it last synced, from how many workbooks",
      roles: 'school',
      query: [['term', true, 'Term id, e.g. 2026-2027-1']],
      ok: [200, 'SyncStatus'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/rows': {
    get: {
      summary: "The school's own rows changed since a revision, a page at a time",
      roles: 'school',
      query: [
        ['term', true, 'Term id, 2026-2027-1'],
        ['since', false, 'Revision already held (default 0)'],
        ['after', false, "The previous page's `next`"],
        ['limit', false, 'Rows per page, 1 to 5000 (default 5000); a page also stops near 4 MB of values'],
      ],
      ok: [200, 'RowsAnswer'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/rows/{table}/{id}/history': {
    get: {
      summary: "A row's old versions, newest first (kept when a sync changes or deletes it), a page at a time",
      roles: 'school (its own rows); bureau (schools of its county) and admin, with ?school=',
      query: [
        ['term', true, 'Term id, 2026-2027-1'],
        ['school', false, 'School code: required for a bureau or admin token'],
        ['after', false, "The previous page's `next`"],
        ['limit', false, 'Old versions per page, 1 to 100 (default 100)'],
      ],
      ok: [200, 'RowHistoryAnswer'],
      errors: [400, 401, 403, 404, 429],
    },
  },
  '/api/v1/totals': {
    get: {
      summary: 'Figures per school, town or county (JSON, or CSV for Excel)',
      roles: 'bureau of the county; admin',
      query: [
        ['term', true, 'Term id'],
        ['county', false, "County code (a bureau's own by default; the admin may omit it for all)"],
        ['group_by', false, 'school | town | county (default school)'],
        ['format', false, 'json | csv (default json)'],
      ],
      ok: [200, 'TotalsAnswer'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/compliance': {
    get: {
      summary: "Each school's open warnings by code, and the schools that have not synced",
      roles: 'bureau; admin with county',
      query: [['term', true, 'Term id'], ['county', false, 'County code']],
      ok: [200, 'ComplianceAnswer'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/rules': {
    get: {
      summary: 'Rule values for a term and county (defaults where the bureau set none)',
      roles: 'any token (a school: its county)',
      query: [['term', true, 'Term id'], ['county', false, 'County code']],
      ok: [200, 'RulesAnswer'],
      errors: [400, 401, 403, 429],
    },
    put: { summary: 'Set rule values for a term and county', roles: 'bureau; admin', body: 'RulesPut', ok: [200, 'RulesAnswer'], errors: [400, 401, 403, 413, 415, 429] },
  },
  '/api/v1/whoami': {
    get: {
      summary: "The token's role and scope; with ?term= whether the county's term is locked",
      roles: 'any token',
      query: [['term', false, 'Term id: adds term_locked'], ['county', false, 'County code (the admin, with term)']],
      ok: [200, 'WhoAmI'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/terms/{term}/lock': {
    post: { summary: "Close a term's reporting for the county (syncs answer 423)", roles: 'bureau; admin with ?county=', ok: [200, 'LockAnswer'], errors: [400, 401, 403, 429] },
  },
  '/api/v1/terms/{term}/unlock': {
    post: { summary: "Reopen a term's reporting", roles: 'bureau; admin with ?county=', ok: [200, 'LockAnswer'], errors: [400, 401, 403, 429] },
  },
  '/api/v1/reports': {
    get: {
      summary: "Each school's term report: not_submitted, submitted, returned or approved",
      roles: 'bureau; admin with county',
      query: [['term', true, 'Term id'], ['county', false, 'County code']],
      ok: [200, 'ReportList'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/reports/county.docx': {
    get: {
      summary: 'The county report as Word: figures per town and school, reporting rate, schools not reported, approved/returned, commonest gaps',
      roles: 'bureau; admin with county',
      query: [['term', true, 'Term id'], ['county', false, 'County code'], ['lang', false, 'zh | en (default zh)']],
      ok: [200, null, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      errors: [400, 401, 403, 429],
    },
  },
  '/api/v1/reports/{term}': {
    get: { summary: "The school's own report: state, versions, the bureau's comment and items", roles: 'school', ok: [200, 'ReportStatus'], errors: [400, 401, 403, 429] },
  },
  '/api/v1/reports/{term}/submit': {
    post: {
      summary: "Submit the term report: a snapshot of the school's figures at its revision, a new version each time (body optional)",
      roles: 'school',
      body: 'ReportSubmit',
      ok: [201, 'ReportSubmitted'],
      errors: [400, 401, 403, 409, 413, 415, 429],
    },
  },
  '/api/v1/reports/{term}/{school}/return': {
    post: { summary: 'Return a submitted report with a comment and items to fix', roles: "bureau of the school's county", body: 'ReportReturn', ok: [200, 'ReportReviewed'], errors: [400, 401, 403, 404, 409, 413, 415, 429] },
  },
  '/api/v1/reports/{term}/{school}/approve': {
    post: { summary: "Approve a submitted report: the school's term is locked (syncs answer 423 report_approved)", roles: "bureau of the school's county", body: 'ReportApprove', ok: [200, 'ReportReviewed'], errors: [400, 401, 403, 404, 409, 413, 415, 429] },
  },
  '/api/v1/reports/{term}/{school}/reopen': {
    post: { summary: 'Reopen an approved report (it becomes returned, the term unlocked for the school)', roles: "bureau of the school's county", body: 'ReportReopen', ok: [200, 'ReportReviewed'], errors: [400, 401, 403, 404, 409, 413, 415, 429] },
  },
  '/api/v1/reports/{term}/{school}/issues': {
    get: {
      summary: "The school's open issues now, each on its row (table, id) and column, in words: what the bureau picks a return's items from",
      roles: "bureau of the school's county; admin",
      query: [['lang', false, 'zh | en (default zh)']],
      ok: [200, 'ReportIssues'],
      errors: [400, 401, 403, 404, 429],
    },
  },
  '/api/v1/reports/{term}/{school}/report.docx': {
    get: {
      summary: 'A submitted report as Word, rendered from its snapshot (the current version, or ?version=)',
      roles: "bureau of the school's county; the school itself; admin",
      query: [['version', false, 'A version number (default: the current one)']],
      ok: [200, null, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      errors: [400, 401, 403, 404, 429],
    },
  },
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad JSON or wrong types',
  401: 'No valid token',
  403: 'Outside the token’s scope',
  404: 'Not found',
  409: 'Taken (code_taken), a code that cannot be had (code_unavailable), a retired school (school_retired), a sync body naming another school than the token (wrong_school), busy (retry), or a step the report’s state does not allow (report_state, not_synced)',
  413: 'Over 8 MB or 50,000 rows, or a sync answer too large to keep for a replay',
  415: 'Not application/json',
  422: 'Batch id reused with another body, or another template version',
  423: 'Term locked by the bureau (term_locked), or the school’s report approved (report_approved)',
  429: 'Too many failed authentications',
};

let cached: unknown;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const named = [
    S.ErrorBody, S.SchoolCreate, S.School, S.TokenCreate, S.TokenCreated, S.SyncRow, S.SyncRequest, S.SyncAnswer,
    S.IssueSchema, S.RowsAnswer, S.TotalsRow, S.TotalsAnswer, S.ComplianceAnswer, S.RulesValues, S.RulesPut,
    S.RulesAnswer, S.LockAnswer, S.WhoAmI, S.CountyName, S.County, S.Counties, S.SchoolUpdate, S.SchoolRetire, S.SchoolRecord, S.RowHistoryAnswer, ...SYNC_TABLES.map((t) => S.TableValues[t]),
    S.SyncStatus,
    ...REPORT_SCHEMAS,
  ];
  const registry = z.registry<{ id: string }>();
  for (const s of named) registry.add(s, { id: (z.globalRegistry.get(s) as { id: string }).id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, ops] of Object.entries(OPS)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(ops)) {
      const params = [
        ...[...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
        ...(op.query ?? []).map(([name, required, description]) => ({ name, in: 'query', required, description, schema: { type: 'string' } })),
      ];
      const [status, schema] = op.ok;
      paths[path][method] = {
        summary: op.summary,
        description: `Who: ${op.roles}.`,
        ...(path === '/healthz' ? { security: [] } : {}),
        ...(params.length ? { parameters: params } : {}),
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } } : {}),
        responses: {
          [status]: {
            description: 'OK',
            ...(schema
              ? {
                  content: {
                    'application/json': { schema: ref(schema) },
                    ...(path === '/api/v1/totals' ? { 'text/csv': { schema: { type: 'string' } } } : {}),
                  },
                }
              : op.ok[2]
                ? { content: { [op.ok[2]]: { schema: { type: 'string', format: 'binary' } } } }
                : {}),
          },
          ...Object.fromEntries(
            op.errors.map((e) => [e, { description: STATUS_TEXT[e], content: { 'application/json': { schema: ref('Error') } } }]),
          ),
        },
      };
    }
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Jiedui API',
      version: '1.0.0',
      description: 'School pairing-assistance programs: schools sync their workbook rows; the bureau pulls totals.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas },
    paths,
  };
  return cached;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A plain page rendered on the server: the network is closed, so no CDN viewer. */
export function docsPage(): string {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { summary: string; description: string }>>; components: { schemas: Record<string, unknown> } };
  const routes = Object.entries(doc.paths)
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => `<tr><td><code>${m.toUpperCase()}</code></td><td><code>${esc(p)}</code></td><td>${esc(op.summary)}</td><td>${esc(op.description)}</td></tr>`),
    )
    .join('\n');
  const schemas = Object.entries(doc.components.schemas)
    .map(([id, s]) => `<details><summary><code>${esc(id)}</code></summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Jiedui API</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:70em}td{padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}pre{background:#f6f6f6;padding:1em;overflow:auto}</style>
</head><body><h1>Jiedui API</h1>
<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>{"error": {"code", "message"}}</code>.
The machine-readable document is <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
<h2>Routes</h2><table>${routes}</table><h2>Schemas</h2>${schemas}</body></html>`;
}
