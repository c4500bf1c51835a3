/**
 * Running the Jiedui worker locally: wrangler dev on local D1 (SQLite through workerd).
 *
 * Exports (used by scripts/dev-worker.mjs, scripts/start.mjs and tests/e2e/worker-dev.test.ts):
 *   ensureDevVars(): string
 *       Writes worker/.dev.vars with a random dev ADMIN_TOKEN when absent; returns the ADMIN_TOKEN.
 *   applyLocalMigrations({ persistTo?, log?, signal? }?): Promise<void>
 *       `wrangler d1 migrations apply DB --local` (persistTo: a local state directory; default
 *       wrangler's worker/.wrangler/state). Aborting `signal` ends wrangler's whole process group.
 *   startWorker({ port = 8787, extraArgs = [], persistTo?, adminToken?, log?, signal?, checkPort = true }?):
 *       Promise<{ url, port, adminToken, child, stop(): Promise<void> }>
 *       Checks that 127.0.0.1:<port> is free (else rejects at once, error code EADDRINUSE), spawns
 *       `wrangler dev --ip 127.0.0.1 --port <port>` detached in its own process group, waits for
 *       wrangler's "Ready on" line and /healthz (so another worker already on the port is never
 *       taken for this one; wrangler's "Address already in use" rejects with code EADDRINUSE), and
 *       returns stop(), which ends the whole group: SIGTERM, then SIGKILL after a short grace.
 *       Aborting `signal` does the same from the moment wrangler is spawned, and rejects. Output
 *       goes to `log` (a function taking a line; default: nothing) so a caller can show it.
 *   seedDemo({ port = 8787, url?, adminToken?, quiet? }?):
 *       Promise<{ url, admin, bureau, schools: { GH01, WT01, DS01 } }>
 *       Through the HTTP API: schools GH01 国河中心小学 (supporting), WT01 湾头小学 and DS01 大山小学
 *       (aided) in county 示范县 CTY01, a bureau token for CTY01, one token per school (new tokens each
 *       run), and GH01's sync of the demo workbook's own rows (scripts/demo-seed.ts: the rows the
 *       pane sends from `npx jiedui demo`, same ids and values) so the totals have figures. Prints
 *       the tokens unless quiet.
 *   freePort(): Promise<number>
 *   portAvailable(port, host = '127.0.0.1'): Promise<boolean>   whether a server could listen there now
 *   nextFreePort(after, host = '127.0.0.1'): Promise<number>    the first free port above `after`
 *   jieduiWorkerAt(port): Promise<boolean>   whether what answers on 127.0.0.1:<port> is a Jiedui worker
 *   portTakenError(port, host?): Error       code EADDRINUSE, with .port
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = join(ROOT, 'worker');
const CONFIG = join(WORKER, 'wrangler.jsonc');
const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const DEV_VARS = join(WORKER, '.dev.vars');

export const DEMO_COUNTY = 'CTY01';
export const DEMO_COUNTY_NAME = '示范县';
export const DEMO_TERM = '2026-2027-1';
export const DEMO_SCHOOLS = [
  { code: 'GH01', name: '国河中心小学', county: DEMO_COUNTY, town: '国河镇', level: 'primary' },
  { code: 'WT01', name: '湾头小学', county: DEMO_COUNTY, town: '国河镇', level: 'primary' },
  { code: 'DS01', name: '大山小学', county: DEMO_COUNTY, town: '大山乡', level: 'primary' },
];

// Wrangler must neither prompt nor phone home: the network is closed and nobody is at a terminal.
const QUIET_ENV = { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

export function ensureDevVars() {
  if (existsSync(DEV_VARS)) {
    const m = /^ADMIN_TOKEN\s*=\s*"?([^"\n]+)"?\s*$/m.exec(readFileSync(DEV_VARS, 'utf8'));
    if (m) return m[1].trim();
  }
  const token = `dev-admin-${randomBytes(16).toString('hex')}`;
  const previous = existsSync(DEV_VARS) ? readFileSync(DEV_VARS, 'utf8') : '';
  writeFileSync(DEV_VARS, `${previous}${previous && !previous.endsWith('\n') ? '\n' : ''}ADMIN_TOKEN=${token}\n`);
  return token;
}

/** How long wrangler gets to end after SIGTERM before its process group is killed. */
const GRACE_MS = 3000;

/**
 * Spawns wrangler detached, in its own process group (it starts workerd children, and node's
 * `detached` makes the group), and returns stop(), which ends the whole group: SIGTERM, SIGKILL
 * after GRACE_MS (wrangler ignores SIGTERM while it is starting), and a last SIGKILL for any
 * workerd left behind. stop() can be called any number of times, also after wrangler exited.
 */
function spawnGroup(args, log) {
  const child = spawn(WRANGLER, args, { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const take = (d) => {
    lines.push(String(d));
    if (lines.length > 200) lines.shift();
    log?.(String(d));
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise((r) => {
    child.once('exit', r);
    child.once('error', r);
  });
  const kill = (sig) => {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        kill('SIGTERM');
        const timer = setTimeout(() => kill('SIGKILL'), GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      // workerd may outlive its parent briefly; make sure nothing of the group stays.
      kill('SIGKILL');
    })());
  return { child, lines, exited, stop };
}

function abortError() {
  const e = new Error('stopped');
  e.name = 'AbortError';
  return e;
}

function run(args, { log, signal } = {}) {
  if (signal?.aborted) return Promise.reject(abortError());
  const g = spawnGroup(args, log);
  const onAbort = () => void g.stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve, reject) => {
    g.child.once('error', reject);
    g.child.once('exit', (code) => {
      signal?.removeEventListener('abort', onAbort);
      void g.stop();
      if (signal?.aborted) reject(abortError());
      else if (code === 0) resolve(g.lines.join(''));
      else reject(new Error(`wrangler ${args.join(' ')} failed (${code}):\n${g.lines.join('')}`));
    });
  });
}

export async function applyLocalMigrations({ persistTo, log, signal } = {}) {
  await run(['d1', 'migrations', 'apply', 'DB', '--local', '--config', CONFIG, ...(persistTo ? ['--persist-to', persistTo] : [])], {
    log,
    signal,
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Whether a server could listen on host:port now (false when the port is taken). */
export function portAvailable(port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (e) => (e.code === 'EADDRINUSE' ? resolve(false) : reject(e)));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** The first port above `after` that is free on host. */
export async function nextFreePort(after, host = '127.0.0.1') {
  for (let p = after + 1; p < Math.min(after + 100, 65536); p++) if (await portAvailable(p, host).catch(() => false)) return p;
  return freePort();
}

/** Whether a Jiedui worker answers on 127.0.0.1:<port> (its /healthz and its API docs page). */
export async function jieduiWorkerAt(port) {
  const get = async (path) => {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 2000);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: ac.signal });
      return res.ok ? await res.text() : '';
    } catch {
      return '';
    } finally {
      clearTimeout(timer);
    }
  };
  const [health, docs] = await Promise.all([get('/healthz'), get('/api/v1/docs')]);
  return /"ok"\s*:\s*true/.test(health) && docs.includes('Jiedui API');
}

export function portTakenError(port, host = '127.0.0.1') {
  const e = new Error(`Address already in use (${host}:${port})`);
  e.code = 'EADDRINUSE';
  e.port = port;
  return e;
}

// wrangler announces the port it bound; without that line (a quieter --log-level) /healthz alone decides.
const LOUD = (extraArgs) => {
  const i = extraArgs.findIndex((a) => a === '--log-level' || a.startsWith('--log-level='));
  const level = i < 0 ? 'log' : extraArgs[i].includes('=') ? extraArgs[i].split('=')[1] : extraArgs[i + 1];
  return !['none', 'error', 'warn'].includes(level);
};

async function waitHealthy(url, port, g, { timeoutMs, loud, signal }) {
  const until = Date.now() + timeoutMs;
  const ready = `Ready on ${url}`;
  while (Date.now() < until) {
    if (signal?.aborted) throw abortError();
    const out = g.lines.join('');
    if (/address already in use|EADDRINUSE/i.test(out)) throw portTakenError(port);
    if (g.child.exitCode !== null || g.child.signalCode !== null)
      throw new Error(`wrangler dev exited with ${g.child.exitCode ?? g.child.signalCode}`);
    if (!loud || out.includes(ready)) {
      try {
        const res = await fetch(`${url}/healthz`);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`wrangler dev did not answer ${url}/healthz within ${timeoutMs} ms`);
}

export async function startWorker({
  port = 8787,
  extraArgs = [],
  persistTo,
  adminToken,
  log,
  timeoutMs = 90_000,
  signal,
  checkPort = true,
} = {}) {
  const admin = adminToken ?? ensureDevVars();
  if (checkPort && !(await portAvailable(port))) throw portTakenError(port);
  const args = [
    'dev',
    '--config',
    CONFIG,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(await freePort()),
    '--show-interactive-dev-session=false',
    ...(persistTo ? ['--persist-to', persistTo] : []),
    ...(adminToken ? ['--var', `ADMIN_TOKEN:${adminToken}`] : []),
    ...extraArgs,
  ];
  if (signal?.aborted) throw abortError();
  // From here on, stop() (or aborting `signal`) ends wrangler and its workerd children.
  const g = spawnGroup(args, log);
  const onAbort = () => void g.stop();
  signal?.addEventListener('abort', onAbort, { once: true });
  g.child.once('exit', () => signal?.removeEventListener('abort', onAbort));

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, port, g, { timeoutMs, loud: LOUD(extraArgs), signal });
  } catch (e) {
    await g.stop();
    if (e.name === 'AbortError' || signal?.aborted) throw abortError();
    if (e.code === 'EADDRINUSE') {
      e.message = `wrangler dev: ${e.message}\n${g.lines.join('')}`;
      throw e;
    }
    throw new Error(`${e.message}\n${g.lines.join('')}`);
  }
  return { url, port, adminToken: admin, child: g.child, stop: g.stop };
}

async function call(url, token, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/**
 * The demo workbook's own rows and ids (scripts/demo-seed.ts, TypeScript run through tsx as the
 * CLI is): what the pane would send on the demo workbook's first sync as GH01, today in China.
 */
async function demoSeedRows() {
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport('./demo-seed.ts', import.meta.url);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return mod.demoSeedRows(today);
}

export async function seedDemo({ port = 8787, url, adminToken, quiet = false } = {}) {
  const base = url ?? `http://127.0.0.1:${port}`;
  const admin = adminToken ?? ensureDevVars();
  for (const s of DEMO_SCHOOLS) {
    const r = await call(base, admin, 'POST', '/api/v1/schools', s);
    if (r.status !== 201 && r.status !== 409) throw new Error(`seed school ${s.code}: ${r.status} ${JSON.stringify(r.json)}`);
  }
  const named = await call(base, admin, 'PUT', `/api/v1/counties/${DEMO_COUNTY}`, { name: DEMO_COUNTY_NAME });
  if (named.status !== 200) throw new Error(`seed county name: ${named.status} ${JSON.stringify(named.json)}`);
  const token = async (body) => {
    const r = await call(base, admin, 'POST', '/api/v1/tokens', body);
    if (r.status !== 201) throw new Error(`seed token: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.token;
  };
  const bureau = await token({ role: 'bureau', county: DEMO_COUNTY, label: 'demo bureau' });
  const schools = {};
  for (const s of DEMO_SCHOOLS) schools[s.code] = await token({ role: 'school', school: s.code, label: 'demo' });
  // GH01's rows are the demo workbook's own (same ids and values), so opening `npx jiedui demo` and
  // syncing it as GH01 changes nothing; that workbook never synced, so the pane first asks whether
  // to take the server's rows (a no-op merge) or replace them. The batch id follows the rows:
  // seeding twice replays; changed demo rows are a new batch (whose rows already stored come back
  // as conflicts, which is fine for a demo).
  const rows = await demoSeedRows();
  const digest = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 12);
  const r = await call(base, schools.GH01, 'POST', '/api/v1/sync', {
    batch_id: `demo-seed-GH01-${digest}`,
    term: DEMO_TERM,
    template_version: 1,
    school: 'GH01',
    rows,
  });
  if (r.status !== 200 || r.json.rejected.length) throw new Error(`seed sync GH01: ${r.status} ${JSON.stringify(r.json)}`);
  if (!quiet) {
    console.log(`Jiedui worker at ${base} (docs: ${base}/api/v1/docs). Dev tokens:`);
    console.log(`  admin          ${admin}`);
    console.log(`  bureau ${DEMO_COUNTY}    ${bureau}`);
    for (const s of DEMO_SCHOOLS) console.log(`  school ${s.code}    ${schools[s.code]}   ${s.name}`);
  }
  return { url: base, admin, bureau, schools };
}
