/**
 * Binds a handler to its route's declaration in the contract (core/api): method, path, roles,
 * request and answer. The declaration's roles are the route's gate (a role outside them gets 403
 * before the handler runs). The declaration is kept with the handler, so the routes the app serves
 * (`app.routes`) say what they are: the OpenAPI document is made from them (openapi.ts), and the
 * role matrix and docs/api.md are checked against them (tests/worker/roles-matrix.test.ts,
 * openapi.test.ts). A route registered without a declaration fails those tests.
 *
 * The routes of a `worker/src/routes/` file are declared on its own sub-app, mounted by index.ts
 * with `app.route('/', sub)`. Hono copies a sub-app's handlers as they are only while the sub-app
 * keeps the default error handler (an `onError` of its own wraps each one in a new function, whose
 * declaration `liveRoutes` would not find): errors are the main app's `onError`'s.
 */
import type { Handler } from 'hono';
import type { RouteSpec } from '../../core/api/route';
import type { App, AppEnv } from './env';
import { requireRole } from './auth';

const SPECS = new WeakMap<object, RouteSpec>();

/** Serves `spec.method spec.path` with `handler`, its declaration kept with it. */
export function route<S extends RouteSpec>(app: App, spec: S, handler: Handler<AppEnv, S['path']>): void {
  // A function of its own per route, so one handler serving two routes keeps both declarations.
  // The roles the declaration names are the route's gate: every role outside them is refused here,
  // before the handler, which never checks the role again.
  const h: Handler<AppEnv, S['path']> = async (c, next) => {
    if (spec.roles !== 'public') requireRole(c, ...spec.roles);
    return handler(c, next);
  };
  SPECS.set(h, spec);
  app.on(spec.method.toUpperCase(), spec.path, h);
}

export interface LiveRoute {
  method: string;
  path: string;
  /** The declaration of the route's handler; undefined when it was registered without one. */
  spec: RouteSpec | undefined;
}

/**
 * The routes the app serves, in the order they match: each method and path once (a middleware
 * registered on it, such as the retired-school guard on POST /sync, is not a route of its own),
 * with the declaration of its handler. Middleware of every method (`app.use`) is left out.
 */
export function liveRoutes(app: App): LiveRoute[] {
  const out = new Map<string, LiveRoute>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const seen = out.get(key) ?? { method: r.method, path: r.path, spec: undefined };
    seen.spec ??= SPECS.get(r.handler);
    out.set(key, seen);
  }
  return [...out.values()];
}

/** The declarations of the routes the app serves. */
export const declaredRoutes = (app: App): RouteSpec[] => liveRoutes(app).flatMap((r) => (r.spec ? [r.spec] : []));
