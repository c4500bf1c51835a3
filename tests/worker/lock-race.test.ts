/**
 * A term lock committed while a sync is in flight: after the route read term_locks and planned,
 * before it wrote. The bureau's lock is made to land exactly there, from inside loadRules (which the
 * route calls between planning and writing), so the write batch itself must refuse.
 */
import { env } from 'cloudflare:test';
import type { Hono } from 'hono';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from '../../worker/src/env';
import { api, batch, clientIp, resetDb, seedCounties, teacher, TERM, type Row, type Tokens } from './helpers';

const hook = vi.hoisted(() => ({ beforeRules: null as null | (() => Promise<void>) }));

vi.mock('../../worker/src/rules-store', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../worker/src/rules-store')>();
  return {
    ...real,
    loadRules: async (...args: Parameters<typeof real.loadRules>) => {
      const run = hook.beforeRules;
      hook.beforeRules = null;
      if (run) await run();
      return real.loadRules(...args);
    },
  };
});

let t: Tokens;
beforeEach(async () => {
  await resetDb();
  t = await seedCounties();
  hook.beforeRules = null;
});

/**
 * The sync route in an app of its own, made as worker/src/index.ts makes it: SELF runs the worker's
 * own copy of the modules, which vi.mock does not reach. Everything else goes through SELF.
 */
let app: Hono<AppEnv>;
beforeAll(async () => {
  // The worker's modules may be loaded already, with the real rules-store: load them again.
  vi.resetModules();
  // Hono of the same load as the routes' sub-app: Hono mounts a sub-app's handlers as they are only
  // when its error handler is the default one of the same Hono (else they would answer a text 500
  // of their own, not this app's onError).
  const { Hono } = await import('hono');
  app = new Hono<AppEnv>();
  const { authenticate } = await import('../../worker/src/auth');
  const { ApiError, errorBody } = await import('../../worker/src/errors');
  const { syncRoutes } = await import('../../worker/src/routes/sync');
  app.use('*', async (c, next) => {
    c.set('db', c.env.DB.withSession('first-unconstrained'));
    await next();
  });
  app.use('/api/v1/*', authenticate);
  app.route('/', syncRoutes);
  app.onError((err, c) =>
    err instanceof ApiError ? c.json(errorBody(err.code, err.message), err.status) : c.json(errorBody('internal', String(err)), 500),
  );
});

/** Sends a body as it is (a batch sent twice keeps its batch_id). */
async function syncBody(token: string, body: unknown) {
  const res = await app.request(
    'https://jiedui.test/api/v1/sync',
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'cf-connecting-ip': clientIp },
      body: JSON.stringify(body),
    },
    env,
  );
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

const sync = (token: string, rows: Row[]) => syncBody(token, batch(rows));

const count = async (sql: string) => (await env.DB.prepare(sql).first<number>('n')) ?? 0;

describe('a term lock during a sync', () => {
  it('stops a sync planned before the lock: 423, nothing written', async () => {
    await sync(t.gh, [teacher('T0', 'GH01')]);
    hook.beforeRules = async () => {
      const lock = await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau });
      expect(lock.status).toBe(200);
    };
    const r = await sync(t.gh, [teacher('T1', 'GH01'), { ...teacher('T0', 'GH01', '指导教师'), base_version: 1 }]);
    expect(hook.beforeRules).toBeNull();
    expect(r.status, r.text).toBe(423);
    expect(r.json.error.code).toBe('term_locked');
    expect(await count("SELECT COUNT(*) AS n FROM t_teachers WHERE id = 'T1'")).toBe(0);
    expect(await count("SELECT version AS n FROM t_teachers WHERE id = 'T0'")).toBe(1);
    expect(await env.DB.prepare("SELECT revision FROM school_state WHERE school = 'GH01'").first('revision')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM sync_log')).toBe(1);
    // Unlocked, the same batch goes through.
    await api('POST', `/api/v1/terms/${TERM}/unlock`, { token: t.bureau });
    const again = await sync(t.gh, [teacher('T1', 'GH01')]);
    expect(again.status).toBe(200);
    expect(again.json.applied).toEqual([{ table: 'teachers', id: 'T1', version: 1 }]);
  });

  it('answers a retry of a batch a copy of it applied meanwhile with its stored answer, even once locked', async () => {
    const b = batch([teacher('T1', 'GH01')]);
    let first: Awaited<ReturnType<typeof syncBody>> | undefined;
    hook.beforeRules = async () => {
      // The first copy of the same batch (the add-in's retry after a timeout) commits meanwhile...
      first = await syncBody(t.gh, b);
      expect(first.status, first.text).toBe(200);
      // ... and then the bureau locks the term.
      expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau })).status).toBe(200);
    };
    const r = await syncBody(t.gh, b);
    expect(hook.beforeRules).toBeNull();
    // The batch was applied: its answer, not 423 (the stored answer is checked before the lock).
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual(first!.json);
    expect(await count("SELECT COUNT(*) AS n FROM t_teachers WHERE id = 'T1'")).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM sync_log')).toBe(1);
    // Another batch is refused: the term is locked.
    const other = await sync(t.gh, [teacher('T2', 'GH01')]);
    expect(other.status).toBe(423);
  });

  it("is not stopped by another county's lock taken meanwhile", async () => {
    hook.beforeRules = async () => {
      expect((await api('POST', `/api/v1/terms/${TERM}/lock`, { token: t.bureau2 })).status).toBe(200);
    };
    const r = await sync(t.gh, [teacher('T1', 'GH01')]);
    expect(hook.beforeRules).toBeNull();
    expect(r.status).toBe(200);
    expect(r.json.applied).toHaveLength(1);
  });
});
