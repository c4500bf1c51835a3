/** The Jiedui worker: Hono on D1. Every request gets a D1 session so read replicas can be enabled later. */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { recordRefusal } from './audit';
import { authenticate } from './auth';
import { ApiError, errorBody } from './errors';
import type { AppEnv } from './env';
import { docsPage, openApiDocument } from './openapi';
import { SERVICE_ROUTES } from '../../core/api/service';
import { declaredRoutes, route } from './route';
import { complianceRoutes } from './routes/compliance';
import { countyRoutes } from './routes/counties';
import { lockRoutes } from './routes/locks';
import { rowsRoutes } from './routes/rows';
import { rulesRoutes } from './routes/rules';
import { refuseRetiredSync, schoolRoutes } from './routes/schools';
import { syncRoutes } from './routes/sync';
import { syncStatusRoutes } from './routes/sync-status';
import { tokenRoutes } from './routes/tokens';
import { totalsRoutes } from './routes/totals';
import { reportRoutes } from './routes/reports';
import { whoamiRoutes } from './routes/whoami';

export type { Env } from './env';

const BOOKMARK = 'x-d1-bookmark';

const app = new Hono<AppEnv>();

/** Answers no one authenticates: the liveness probe and the API's documentation. */
const PUBLIC_PATHS = new Set(['/healthz', '/api/v1/openapi.json', '/api/v1/docs']);

// Every answer, errors and 404s included: no content sniffing. Every answer of an authenticated
// route (JSON, CSV, its errors, 401 and 429 too): never stored by a browser or a proxy.
app.use('*', async (c, next) => {
  await next();
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  if (!PUBLIC_PATHS.has(c.req.path)) c.res.headers.set('Cache-Control', 'no-store');
});

app.use('*', async (c, next) => {
  const origins = (c.env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return cors({
    origin: (o) => (origins.includes(o) ? o : null),
    allowHeaders: ['Authorization', 'Content-Type', BOOKMARK],
    exposeHeaders: [BOOKMARK, 'Retry-After'],
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  })(c, next);
});

app.use('*', async (c, next) => {
  // A client that passes back the bookmark it got reads at least what it wrote.
  const session = c.env.DB.withSession(c.req.header(BOOKMARK) || 'first-unconstrained');
  c.set('db', session);
  await next();
  const bookmark = session.getBookmark();
  if (bookmark) c.header(BOOKMARK, bookmark);
});

route(app, SERVICE_ROUTES.health, (c) => c.json({ ok: true }));
route(app, SERVICE_ROUTES.openapi, (c) => c.json(openApiDocument(declaredRoutes(app))));
route(app, SERVICE_ROUTES.docs, (c) => c.html(docsPage(declaredRoutes(app))));

app.use('/api/v1/*', authenticate);
// Each routes/*.ts is a sub-app, mounted in the order its routes and middleware match. None sets an
// error handler (onError below answers for all): Hono then mounts their handlers as they are, and
// route.ts still finds each one's declaration.
app.post('/api/v1/sync', refuseRetiredSync);
app.route('/', schoolRoutes);
app.route('/', countyRoutes);
app.route('/', tokenRoutes);
// Before syncRoutes: it wraps POST /api/v1/sync to keep the workbook of each sync.
app.route('/', syncStatusRoutes);
app.route('/', syncRoutes);
app.route('/', rowsRoutes);
app.route('/', totalsRoutes);
app.route('/', complianceRoutes);
app.route('/', rulesRoutes);
app.route('/', lockRoutes);
app.route('/', whoamiRoutes);
app.route('/', reportRoutes);

app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}`), 404));

app.onError(async (err, c) => {
  if (err instanceof ApiError) {
    // A 403 is a refusal the operator should see (audit.ts); a failure to record it must not change the answer.
    if (err.status === 403) await recordRefusal(c, 403, err.message).catch((e) => console.error('refusal not recorded', e));
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  // Never a stack trace to the client; the log keeps it.
  console.error(err);
  return c.json(errorBody('internal', 'Internal error'), 500);
});

export default app;
