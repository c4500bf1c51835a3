/**
 * Shared by the tests that run against a real local worker: wrangler dev on a fresh local D1, on a
 * free port, started before the file's tests and stopped after them; its HTTP API as an admin or a
 * token holder; the schools and tokens the tests make. Every request is bounded, and a test that
 * fails shows what wrangler said last.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { applyLocalMigrations, DEMO_SCHOOLS, freePort, startWorker, type RunningWorker } from '../../scripts/worker-local.mjs';

export const ADMIN = 'e2e-admin-token';

/** How long one request may take: wrangler dev under load is slow, never this slow. */
const REQUEST_MS = 30_000;
/** How much of wrangler's output a failure shows. */
const OUTPUT_CHUNKS = 200;

export type ApiAnswer = { status: number; json: Record<string, unknown> };

export interface LocalWorker {
  /** The worker's address, once beforeAll has run. */
  readonly url: string;
  /** What wrangler said last (its output, the latest chunks). */
  output(): string;
  api(method: string, path: string, token: string, body?: unknown): Promise<ApiAnswer>;
}

/**
 * A worker for this file's tests. `corsOrigin`: the page allowed to call it (the served pane's
 * address, read when the worker starts, so the pane's beforeAll must come first).
 */
export function useLocalWorker(opts: { corsOrigin?: () => string } = {}): LocalWorker {
  let worker: RunningWorker | undefined;
  let persistTo: string | undefined;
  const chunks: string[] = [];
  const output = () => chunks.join('');
  const env: LocalWorker = {
    get url() {
      if (!worker) throw new Error('the local worker has not started (its beforeAll failed or has not run)');
      return worker.url;
    },
    output,
    api: (method, path, token, body) => request(env, method, path, token, body),
  };
  beforeAll(async () => {
    persistTo = mkdtempSync(join(tmpdir(), 'jiedui-d1-'));
    await applyLocalMigrations({ persistTo });
    const origin = opts.corsOrigin?.();
    worker = await startWorker({
      port: await freePort(),
      persistTo,
      adminToken: ADMIN,
      extraArgs: origin ? ['--var', `CORS_ORIGINS:${origin}`] : [],
      log: (line) => {
        chunks.push(line);
        if (chunks.length > OUTPUT_CHUNKS) chunks.shift();
      },
    });
  }, 180_000);
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') console.error(`wrangler dev said last:\n${output()}`);
  });
  afterAll(async () => {
    await worker?.stop();
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  });
  return env;
}

/**
 * One request to the worker, bounded. wrangler dev may answer 503 "worker restarted mid-request"
 * under load: asked again, a bounded number of times. A request that gets no answer fails with
 * what wrangler said last.
 */
async function request(w: LocalWorker, method: string, path: string, token: string, body?: unknown): Promise<ApiAnswer> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(`${w.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_MS),
      });
    } catch (e) {
      throw new Error(`${method} ${path}: ${(e as Error).message}\nwrangler dev said last:\n${w.output()}`);
    }
    if (res.status === 503 && attempt < 3) continue;
    const text = await res.text();
    return { status: res.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> };
  }
}

export type School = { code: string; name: string; county: string; town?: string; level?: string };

/** The demo's supporting school, as scripts/worker-local.mjs seeds it: GH01 国河中心小学 of CTY01. */
export const GH01: School = DEMO_SCHOOLS[0];

/** Adds a school (as the admin); expects it new. */
export async function addSchool(w: LocalWorker, school: School): Promise<void> {
  const r = await w.api('POST', '/api/v1/schools', ADMIN, school);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
}

/** A new token (as the admin): a school's, or a bureau's for its county. */
export async function newToken(
  w: LocalWorker,
  body: { role: 'school'; school: string; label?: string } | { role: 'bureau'; county: string; label?: string },
): Promise<string> {
  const r = await w.api('POST', '/api/v1/tokens', ADMIN, body);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.token as string;
}
