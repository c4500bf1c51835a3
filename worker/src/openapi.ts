/**
 * The OpenAPI 3.1 document, made from the routes the app serves (route.ts: each handler bound to
 * its declaration in core/api) and the same zod schemas the routes validate with.
 */
import { z } from 'zod';
import * as Api from '../../core/api';
import type { RouteSpec } from '../../core/api/route';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** The id a schema is named by in the document (its `.meta({ id })`). */
const idOf = (s: z.ZodType): string | undefined => (z.globalRegistry.get(s) as { id?: string } | undefined)?.id;

/** Every named schema of the contract: each export of core/api with an id, and the per-table values. */
function namedSchemas(): z.ZodType[] {
  const all: unknown[] = [...Object.values(Api), ...Object.values(Api.TableValues)];
  return [...new Set(all.filter((v): v is z.ZodType => v instanceof z.ZodType && idOf(v) !== undefined))];
}

/** A route's query string as OpenAPI parameters, from its query schema (as the request gives it). */
function queryParams(query: z.ZodObject | undefined) {
  if (!query) return [];
  const json = z.toJSONSchema(query, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

/** A file answer's schema by its media type. */
const fileSchema = (type: string) =>
  type === 'application/json' ? { type: 'object' } : type.startsWith('text/') ? { type: 'string' } : { type: 'string', format: 'binary' };

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

function operation(s: RouteSpec) {
  const params = [
    ...[...s.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
    ...queryParams(s.query),
  ];
  const body = s.body && idOf(s.body);
  const answer = s.ok.answer && idOf(s.ok.answer);
  const content = answer
    ? { 'application/json': { schema: ref(answer) }, ...(s.ok.csv ? { 'text/csv': { schema: { type: 'string' } } } : {}) }
    : s.ok.file
      ? { [s.ok.file]: { schema: fileSchema(s.ok.file) } }
      : undefined;
  return {
    summary: s.summary,
    description: `Who: ${s.who}.`,
    ...(s.roles === 'public' ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(body) } } } } : {}),
    responses: {
      [s.ok.status]: { description: 'OK', ...(content ? { content } : {}) },
      ...Object.fromEntries(
        s.errors.map((e) => [e, { description: STATUS_TEXT[e], content: { 'application/json': { schema: ref('Error') } } }]),
      ),
    },
  };
}

let cached: unknown;

/** The document of `routes` (the app's declared routes, route.ts); made once. */
export function openApiDocument(routes: RouteSpec[]): unknown {
  if (cached) return cached;
  const registry = z.registry<{ id: string }>();
  for (const s of namedSchemas()) registry.add(s, { id: idOf(s)! });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[r.method] = operation(r);
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
export function docsPage(declared: RouteSpec[]): string {
  const doc = openApiDocument(declared) as {
    paths: Record<string, Record<string, { summary: string; description: string }>>;
    components: { schemas: Record<string, unknown> };
  };
  const routes = Object.entries(doc.paths)
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(
        ([m, op]) =>
          `<tr><td><code>${m.toUpperCase()}</code></td><td><code>${esc(p)}</code></td><td>${esc(op.summary)}</td><td>${esc(op.description)}</td></tr>`,
      ),
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
