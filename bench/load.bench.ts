/**
 * Load against `wrangler dev` on 127.0.0.1 (local D1): 50 schools syncing at once, 10 syncs each,
 * with replays mixed in (a client that lost the answer sends the same batch again, sometimes while
 * the first is still running), then the bureau's totals compared with the sum of what was sent.
 * tests/e2e/load.test.ts runs the same scenario and asserts on it; `npm run bench -- load` prints it.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyLocalMigrations, freePort, startWorker } from '../scripts/worker-local.mjs';
import type { TokenCreated } from '../core/api/admin';
import type { RowsAnswer, SyncAnswer } from '../core/api/sync';
import type { TotalsAnswer } from '../core/api/totals';
import type { BenchResult } from './run';

export const TERM = '2026-2027-1';
const COUNTY = 'LOAD01';

export interface LoadOptions {
  schools?: number;
  syncsPerSchool?: number;
  /** Every n-th sync is sent again after its answer (a lost response); every 2n-th also at the same time. */
  replayEvery?: number;
}

export interface LoadResult {
  schools: number;
  syncs: number;
  replays: number;
  requests: number;
  rowsSent: number;
  seconds: number;
  syncsPerSecond: number;
  rowsPerSecond: number;
  p50ms: number;
  p95ms: number;
  maxms: number;
  /** Statuses other than 200 a sync ended with (after its retries), by status. */
  failures: Record<string, number>;
  failureSamples: string[];
  /** Sync requests sent again after a 503 or a lost connection (counted once each time). */
  retried: number;
  /** Replays whose answer differed from the first answer. */
  replayMismatches: number;
  expected: Totals;
  county: Totals;
  perSchool: { code: string; expected: Totals; got: Totals; rows: number; expectedRows: number; revision: number }[];
}

export interface Totals {
  activities: number;
  teachers_taking_part: number;
  students_taking_part: number;
  donations_yuan: number;
  teachers: number;
}

interface Sent {
  table: string;
  id: string;
  base_version: number;
  deleted?: boolean;
  values?: Record<string, unknown>;
}

/** The rows of sync `n` of a school, given what it holds (id -> version): new rows, an update, a deletion. */
function rowsOf(code: string, n: number, held: Map<string, { version: number; values: Record<string, unknown>; table: string }>): Sent[] {
  const rows: Sent[] = [
    {
      table: 'teachers',
      id: `${code}-T${n}`,
      base_version: 0,
      values: { teacher_id: `${code}-T${n}`, name: `教师${n}`, school_code: code, role: '新教师', subject: '语文', years_teaching: 1 },
    },
    {
      table: 'schedule',
      id: `${code}-A${n}`,
      base_version: 0,
      values: {
        activity_id: `${code}-A${n}`,
        date: `2026-${String(9 + (n % 4)).padStart(2, '0')}-1${n % 10}`,
        type: '研讨会',
        teachers: 3 + n,
        students: n * 2,
        status: '已完成',
        evidence: '照片',
      },
    },
    {
      table: 'support',
      id: `${code}-D${n}`,
      base_version: 0,
      values: { record_id: `${code}-D${n}`, kind: '捐赠', amount: 100 * (n + 1), items: '图书' },
    },
  ];
  // From the fourth sync on: raise an earlier activity's teachers, and delete an earlier donation.
  if (n >= 3) {
    const a = held.get(`schedule|${code}-A${n - 3}`)!;
    rows.push({
      table: 'schedule',
      id: `${code}-A${n - 3}`,
      base_version: a.version,
      values: { ...a.values, teachers: Number(a.values.teachers) + 10 },
    });
    const d = held.get(`support|${code}-D${n - 3}`)!;
    if ((n - 3) % 2 === 0) rows.push({ table: 'support', id: `${code}-D${n - 3}`, base_version: d.version, deleted: true });
  }
  return rows;
}

function expectedOf(held: Map<string, { version: number; values: Record<string, unknown>; table: string; deleted?: boolean }>): Totals {
  const t: Totals = { activities: 0, teachers_taking_part: 0, students_taking_part: 0, donations_yuan: 0, teachers: 0 };
  for (const r of held.values()) {
    if (r.deleted) continue;
    if (r.table === 'schedule') {
      t.activities++;
      t.teachers_taking_part += Number(r.values.teachers);
      t.students_taking_part += Number(r.values.students);
    } else if (r.table === 'support') t.donations_yuan += Number(r.values.amount);
    else if (r.table === 'teachers') t.teachers++;
  }
  return t;
}

const pick = (r: Record<string, unknown>): Totals => ({
  activities: Number(r.activities),
  teachers_taking_part: Number(r.teachers_taking_part),
  students_taking_part: Number(r.students_taking_part),
  donations_yuan: Number(r.donations_yuan),
  teachers: Number(r.teachers),
});

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The longest one request is waited for (the slowest seen, on a loaded machine, took a few seconds). */
const REQUEST_MS = 30_000;

/**
 * The worker bundled once into `dir`: wrangler dev watches its sources and restarts the worker
 * mid-request when any of them is saved (other people edit core/ while this runs), so it is
 * served from this one file, which is all wrangler then watches.
 */
async function bundleWorker(dir: string): Promise<string> {
  const out = join(dir, 'worker.mjs');
  await build({
    entryPoints: [join(ROOT, 'worker/src/index.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return out;
}

export async function runLoad(opts: LoadOptions = {}): Promise<LoadResult> {
  const SCHOOLS = opts.schools ?? 50;
  const SYNCS = opts.syncsPerSchool ?? 10;
  const REPLAY_EVERY = opts.replayEvery ?? 3;
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-load-'));
  const admin = `load-admin-${Date.now()}`;
  await applyLocalMigrations({ persistTo });
  const script = await bundleWorker(persistTo);
  const worker = await startWorker({
    port: await freePort(),
    persistTo,
    adminToken: admin,
    extraArgs: ['--log-level', 'info', script],
    log: process.env.LOAD_LOG ? (l: string) => process.stderr.write(l) : undefined,
  });
  try {
    /** An answer of the API: its JSON as the contract in core/api types it, null when it had none or was not JSON. */
    type Reply<T> = { status: number; json: T | null; text: string };
    const call = async <T>(token: string, method: string, path: string, body?: unknown): Promise<Reply<T>> => {
      const res = await fetch(`${worker.url}${path}`, {
        // A request wrangler dev never answers (it restarted the worker under it) is a lost
        // response after 30 s: a sync is then sent again, as the add-in does, never waited on forever.
        signal: AbortSignal.timeout(REQUEST_MS),
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let json: T | null = null;
      try {
        json = text ? (JSON.parse(text) as T) : null;
      } catch {
        // Not JSON (wrangler's own error page): kept in text for the report.
      }
      return { status: res.status, json, text };
    };

    const codes = Array.from({ length: SCHOOLS }, (_, i) => `L${String(i).padStart(2, '0')}`);
    const tokens = new Map<string, string>();
    for (const code of codes) {
      const s = await call<unknown>(admin, 'POST', '/api/v1/schools', {
        code,
        name: `负载${code}`,
        county: COUNTY,
        town: `镇${Number(code.slice(1)) % 5}`,
      });
      if (s.status !== 201) throw new Error(`school ${code}: ${s.status} ${s.text}`);
      const t = await call<TokenCreated>(admin, 'POST', '/api/v1/tokens', { role: 'school', school: code });
      if (t.status !== 201) throw new Error(`token ${code}: ${t.status} ${t.text}`);
      tokens.set(code, t.json!.token);
    }
    const bureau = (await call<TokenCreated>(admin, 'POST', '/api/v1/tokens', { role: 'bureau', county: COUNTY })).json!.token;

    const latencies: number[] = [];
    const failures: Record<string, number> = {};
    const failureSamples: string[] = [];
    let syncs = 0;
    let replays = 0;
    let rowsSent = 0;
    let replayMismatches = 0;
    const models = new Map<string, Map<string, { version: number; values: Record<string, unknown>; table: string; deleted?: boolean }>>();

    let retried = 0;
    /**
     * One sync as the add-in's client sends it: a 503 (wrangler dev now and then restarts its
     * worker mid-request under this load) or a lost connection is retried with the same batch,
     * which is exactly the "retry after a lost response" the server must apply once.
     */
    const timed = async (token: string, body: unknown) => {
      const t0 = performance.now();
      let r: Reply<SyncAnswer> = { status: 0, json: null, text: '' };
      for (let attempt = 0; attempt < 8; attempt++) {
        try {
          r = await call<SyncAnswer>(token, 'POST', '/api/v1/sync', body);
        } catch (e) {
          r = { status: 0, json: null, text: String(e) };
        }
        if (r.status !== 503 && r.status !== 0) break;
        retried++;
        if (failureSamples.length < 3) failureSamples.push(`${r.status} ${r.text.slice(0, 160)} (retried)`);
        await new Promise((res) => setTimeout(res, 200 * (attempt + 1)));
      }
      latencies.push(performance.now() - t0);
      if (r.status !== 200) {
        failures[r.status] = (failures[r.status] ?? 0) + 1;
        if (failureSamples.length < 6) failureSamples.push(`${r.status} ${r.text.slice(0, 300)}`);
      }
      return r;
    };

    const school = async (code: string) => {
      const token = tokens.get(code)!;
      const held = new Map<string, { version: number; values: Record<string, unknown>; table: string; deleted?: boolean }>();
      models.set(code, held);
      for (let n = 0; n < SYNCS; n++) {
        const rows = rowsOf(code, n, held);
        const body = { batch_id: `${code}-b${n}`, term: TERM, template_version: 1, school: code, rows };
        rowsSent += rows.length;
        syncs++;
        const twice = n % (2 * REPLAY_EVERY) === REPLAY_EVERY;
        // A retry sent while the first is still running, as a client with a short timeout does.
        const [first, early] = await Promise.all([timed(token, body), twice ? timed(token, body) : Promise.resolve(null)]);
        if (early) {
          replays++;
          if (JSON.stringify(early.json) !== JSON.stringify(first.json)) replayMismatches++;
        }
        if (first.status !== 200) continue;
        for (const a of first.json!.applied) {
          const sent = rows.find((r) => r.table === a.table && r.id === a.id)!;
          held.set(`${a.table}|${a.id}`, { version: a.version, values: sent.values ?? {}, table: a.table, deleted: sent.deleted });
        }
        // The answer was lost: the client sends the batch again and must get the same answer.
        if (n % REPLAY_EVERY === REPLAY_EVERY - 1) {
          replays++;
          const again = await timed(token, body);
          if (JSON.stringify(again.json) !== JSON.stringify(first.json)) replayMismatches++;
        }
      }
    };

    const t0 = performance.now();
    await Promise.all(codes.map(school));
    const seconds = (performance.now() - t0) / 1000;

    const totals = await call<TotalsAnswer>(bureau, 'GET', `/api/v1/totals?term=${TERM}&group_by=school`);
    const county = await call<TotalsAnswer>(bureau, 'GET', `/api/v1/totals?term=${TERM}&group_by=county`);
    if (totals.status !== 200 || county.status !== 200) throw new Error(`totals: ${totals.status} ${county.status}`);
    const perSchool = [];
    for (const code of codes) {
      const rows = await call<RowsAnswer>(tokens.get(code)!, 'GET', `/api/v1/rows?term=${TERM}`);
      const held = models.get(code)!;
      perSchool.push({
        code,
        expected: expectedOf(held),
        got: pick(totals.json!.rows.find((r) => r.key === code) ?? {}),
        rows: rows.json!.rows.length,
        expectedRows: held.size,
        revision: rows.json!.revision,
      });
    }
    const expected = perSchool.reduce<Totals>(
      (a, s) => ({
        activities: a.activities + s.expected.activities,
        teachers_taking_part: a.teachers_taking_part + s.expected.teachers_taking_part,
        students_taking_part: a.students_taking_part + s.expected.students_taking_part,
        donations_yuan: a.donations_yuan + s.expected.donations_yuan,
        teachers: a.teachers + s.expected.teachers,
      }),
      { activities: 0, teachers_taking_part: 0, students_taking_part: 0, donations_yuan: 0, teachers: 0 },
    );
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      schools: SCHOOLS,
      syncs,
      replays,
      requests: latencies.length,
      rowsSent,
      seconds,
      syncsPerSecond: latencies.length / seconds,
      rowsPerSecond: rowsSent / seconds,
      p50ms: percentile(sorted, 50),
      p95ms: percentile(sorted, 95),
      maxms: sorted[sorted.length - 1] ?? 0,
      failures,
      retried,
      failureSamples,
      replayMismatches,
      expected,
      county: pick(county.json!.rows[0] ?? {}),
      perSchool,
    };
  } finally {
    await worker.stop();
    rmSync(persistTo, { recursive: true, force: true });
  }
}

export function summary(r: LoadResult): string {
  return (
    `load: ${r.schools} schools x ${r.syncs / r.schools} syncs + ${r.replays} replays = ${r.requests} sync requests, ` +
    `${r.rowsSent} rows sent in ${r.seconds.toFixed(1)} s: ${r.syncsPerSecond.toFixed(1)} requests/s, ` +
    `${r.rowsPerSecond.toFixed(0)} rows/s, p50 ${r.p50ms.toFixed(0)} ms, p95 ${r.p95ms.toFixed(0)} ms, max ${r.maxms.toFixed(0)} ms; ` +
    `retried after a 503 or lost connection: ${r.retried}; non-200 after retries: ${JSON.stringify(r.failures)}${r.failureSamples.length ? ' e.g. ' + r.failureSamples.join(' | ') : ''}`
  );
}

export async function run(): Promise<BenchResult> {
  const r = await runLoad();
  const lost = r.perSchool.filter((s) => JSON.stringify(s.got) !== JSON.stringify(s.expected)).length;
  return {
    title: 'Load: 50 schools x 10 syncs against wrangler dev (local D1), replays mixed in',
    rows: [
      {
        schools: r.schools,
        'sync requests': r.requests,
        replays: r.replays,
        'rows sent': r.rowsSent,
        seconds: r.seconds.toFixed(1),
        'requests/s': r.syncsPerSecond.toFixed(1),
        'rows/s': r.rowsPerSecond.toFixed(0),
        'p50 ms': r.p50ms.toFixed(0),
        'p95 ms': r.p95ms.toFixed(0),
        'max ms': r.maxms.toFixed(0),
        'retried (503)': r.retried,
        'non-200': JSON.stringify(r.failures),
        'schools with totals off': lost,
      },
    ],
    notes: [summary(r), `county totals ${JSON.stringify(r.county)} vs sent ${JSON.stringify(r.expected)}`],
  };
}
