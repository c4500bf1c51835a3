/**
 * `npm start` (scripts/start.mjs) and `npm run dev:worker` (scripts/dev-worker.mjs) as a user runs
 * them, on free ports, with a temporary HOME (the dev certificate), local D1 and build directory:
 * a taken port is refused before anything is touched, a second start beside a running one changes
 * nothing of it, a non-default pane port gets a manifest for that port, and Ctrl-C, also while the
 * worker is still starting, leaves no port taken and no wrangler or workerd behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort, portAvailable, startWorker } from '../../scripts/worker-local.mjs';

const ROOT = join(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'jiedui-start-'));
const HOME = join(tmp, 'home');
mkdirSync(HOME);
const launched: Run[] = [];

afterAll(() => {
  // Whatever a failed test left: end it (only the groups this file started), then the files.
  for (const r of launched) for (const g of r.groups) killGroup(g, 'SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

function killGroup(pgid: number, sig: NodeJS.Signals) {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* gone */
  }
}

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  cmd: string;
}
function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').join(' ');
      out.push({ pid: Number(d), state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), cmd });
    } catch {
      /* ended meanwhile */
    }
  }
  return out;
}
const alive = (p: Proc) => p.state !== 'Z' && p.state !== 'X';

interface Run {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
  /** Every process seen under the script and every process group they were in. */
  pids: Set<number>;
  groups: Set<number>;
  workerPort: number;
}

function launch(script: string, args: string[], env: Record<string, string>, workerPort: number): Run {
  // detached: its own session and process group, like a terminal's job; Ctrl-C is SIGINT to the group.
  const child = spawn(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, HOME, NO_COLOR: '1', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const run: Run = {
    child,
    out: () => text,
    exit: new Promise((r) => child.once('exit', (code) => r(code))),
    pids: new Set([child.pid!]),
    groups: new Set([child.pid!]),
    workerPort,
  };
  // Track the descendants (wrangler and workerd are spawned in their own group).
  const track = () => {
    const all = processes();
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of all) {
        if (run.pids.has(p.ppid) && !run.pids.has(p.pid)) {
          run.pids.add(p.pid);
          run.groups.add(p.pgid);
          grew = true;
        }
      }
    }
  };
  const timer = setInterval(track, 50);
  void run.exit.then(() => clearInterval(timer));
  launched.push(run);
  return run;
}

async function waitFor(run: Run, what: RegExp | (() => boolean), ms: number) {
  const until = Date.now() + ms;
  const ok = () => (typeof what === 'function' ? what() : what.test(run.out()));
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; output:\n${run.out()}`);
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode} before ${what}; output:\n${run.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const hasWrangler = (run: Run) => processes().some((p) => run.pids.has(p.pid) && alive(p) && /wrangler.* dev /.test(p.cmd));

/** Ctrl-C, then: it exits, its ports are free, nothing it started is left. */
async function interruptAndCheck(run: Run, ports: { worker: number; pane?: number }) {
  killGroup(run.child.pid!, 'SIGINT');
  const code = await Promise.race([run.exit, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
  expect(code, run.out()).not.toBe('timeout');
  const left = processes().filter(
    (p) =>
      alive(p) &&
      (run.pids.has(p.pid) ||
        run.groups.has(p.pgid) ||
        p.cmd.includes(`--port ${ports.worker} `) ||
        p.cmd.includes(`127.0.0.1:${ports.worker} `)),
  );
  expect(left.map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
  expect(await portAvailable(ports.worker)).toBe(true);
  if (ports.pane) expect(await portAvailable(ports.pane, 'localhost')).toBe(true);
}

interface HeldPort {
  /** Closes the server and every connection it holds, within 5 s whatever the other side does. */
  close(): Promise<void>;
}

/** Another program on `port`: it answers every connection by closing it. */
function holdPort(port: number): Promise<HeldPort> {
  return new Promise((ok, fail) => {
    const sockets = new Set<Socket>();
    const srv: Server = createServer((s) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.end();
    });
    srv.once('error', fail);
    srv.listen(port, '127.0.0.1', () =>
      ok({
        // server.close waits for open connections: a probe that never closes its side would hold
        // it forever (a 120 s timeout on a loaded machine), so they are destroyed first.
        close: () =>
          new Promise<void>((done) => {
            const timer = setTimeout(done, 5_000);
            for (const s of sockets) s.destroy();
            srv.close(() => {
              clearTimeout(timer);
              done();
            });
          }),
      }),
    );
  });
}

async function twoPorts() {
  const worker = await freePort();
  let pane = await freePort();
  while (pane === worker) pane = await freePort();
  return { worker, pane };
}

it('refuses a worker port another program holds, before migrating, building or spawning anything', async () => {
  const ports = await twoPorts();
  const dist = join(tmp, 'dist-refused');
  mkdirSync(dist);
  writeFileSync(join(dist, 'keep.txt'), 'untouched');
  const state = join(tmp, 'state-refused');
  const other = await holdPort(ports.worker);
  try {
    const run = launch(
      'scripts/start.mjs',
      [],
      { JIEDUI_WORKER_PORT: String(ports.worker), JIEDUI_PANE_PORT: String(ports.pane), JIEDUI_STATE_DIR: state, JIEDUI_DIST_DIR: dist },
      ports.worker,
    );
    const code = await Promise.race([run.exit, new Promise((r) => setTimeout(() => r('still running after 30 s'), 30_000))]);
    expect(code, run.out()).toBe(1);
    const out = run.out();
    expect(out).toContain(
      `Port ${ports.worker}, the worker's port (JIEDUI_WORKER_PORT), is already in use by another program (not Jiedui).`,
    );
    expect(out).toContain('Nothing was started or changed.');
    expect(out).toMatch(new RegExp(`JIEDUI_WORKER_PORT=\\d+ JIEDUI_PANE_PORT=${ports.pane} npm start`));
    expect(out).not.toContain('applying migrations');
    expect(readdirSync(dist)).toEqual(['keep.txt']);
    expect(existsSync(state)).toBe(false);
    expect([...run.pids]).toEqual([run.child.pid]);
  } finally {
    await other.close();
  }
});

it('runs on other ports with a manifest for the pane port; a second start changes nothing; Ctrl-C ends everything', async () => {
  const ports = await twoPorts();
  const env = {
    JIEDUI_WORKER_PORT: String(ports.worker),
    JIEDUI_PANE_PORT: String(ports.pane),
    JIEDUI_STATE_DIR: join(tmp, 'state-run'),
    JIEDUI_DIST_DIR: join(tmp, 'dist-run'),
  };
  const trackedManifest = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');
  const first = launch('scripts/start.mjs', [], env, ports.worker);
  await waitFor(first, /Press Ctrl-C to stop everything/, 60_000);

  // The manifest the output names is the one built for the pane's port; the tracked one is untouched.
  const built = join(env.JIEDUI_DIST_DIR, 'manifest.xml');
  expect(first.out()).toContain(`Sideload ${built} (built for https://localhost:${ports.pane};`);
  const manifest = readFileSync(built, 'utf8');
  expect(manifest).toContain(`https://localhost:${ports.pane}/taskpane.html`);
  expect(manifest).not.toContain('localhost:3000');
  expect(readFileSync(join(ROOT, 'manifest.xml'), 'utf8')).toBe(trackedManifest);
  expect(await (await fetch(`http://127.0.0.1:${ports.worker}/healthz`)).json()).toEqual({ ok: true });

  // A second `npm start` on the same ports: refused, the running one's build and database untouched.
  const builtAt = statSync(join(env.JIEDUI_DIST_DIR, 'taskpane.js')).mtimeMs;
  const second = launch('scripts/start.mjs', [], env, ports.worker);
  expect(await second.exit).toBe(1);
  expect(second.out()).toContain(
    `Port ${ports.worker}, the worker's port (JIEDUI_WORKER_PORT), is already in use by another Jiedui worker`,
  );
  expect(second.out()).toContain(
    `Port ${ports.pane}, the task pane's port (JIEDUI_PANE_PORT), is already in use by another Jiedui task pane`,
  );
  expect(second.out()).not.toContain('Dev tokens');
  expect(statSync(join(env.JIEDUI_DIST_DIR, 'taskpane.js')).mtimeMs).toBe(builtAt);
  expect([...second.pids]).toEqual([second.child.pid]);
  expect((await fetch(`http://127.0.0.1:${ports.worker}/healthz`)).ok).toBe(true);

  await interruptAndCheck(first, ports);
}, 90_000);

it('Ctrl-C while the worker is still starting leaves no wrangler or workerd behind', async () => {
  const ports = await twoPorts();
  const run = launch(
    'scripts/start.mjs',
    [],
    {
      JIEDUI_WORKER_PORT: String(ports.worker),
      JIEDUI_PANE_PORT: String(ports.pane),
      JIEDUI_STATE_DIR: join(tmp, 'state-early'),
      JIEDUI_DIST_DIR: join(tmp, 'dist-early'),
    },
    ports.worker,
  );
  await waitFor(run, /Worker: starting/, 30_000);
  await waitFor(run, () => hasWrangler(run), 10_000);
  await interruptAndCheck(run, ports);
  expect(run.out()).not.toContain('Jiedui is running');
  expect(run.out()).not.toContain('failed');
}, 60_000);

it('dev:worker: Ctrl-C while wrangler is starting ends its whole process group', async () => {
  const port = await freePort();
  const run = launch('scripts/dev-worker.mjs', ['--port', String(port), '--persist-to', join(tmp, 'state-dev')], {}, port);
  await waitFor(run, () => hasWrangler(run), 30_000);
  await interruptAndCheck(run, { worker: port });
  expect(run.out()).not.toContain('ready at');
}, 60_000);

it('dev:worker: --var ADMIN_TOKEN:x with --seed seeds with that token, and the worker answers to it', async () => {
  const port = await freePort();
  const token = 'dev-admin-token-for-the-seed-test-0123456789';
  const run = launch(
    'scripts/dev-worker.mjs',
    ['--port', String(port), '--persist-to', join(tmp, 'state-dev-var'), '--var', `ADMIN_TOKEN:${token}`, '--seed'],
    {},
    port,
  );
  await waitFor(run, /bureau CTY/, 90_000);
  expect(run.out()).not.toContain('failed');
  const who = await fetch(`http://127.0.0.1:${port}/api/v1/whoami`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(10_000),
  });
  expect(who.status).toBe(200);
  expect(((await who.json()) as { role: string }).role).toBe('admin');
  await interruptAndCheck(run, { worker: port });
}, 120_000);

it('startWorker: a taken port is refused, and wrangler\'s own "Address already in use" is recognised', async () => {
  const port = await freePort();
  const other = await holdPort(port);
  try {
    await expect(startWorker({ port, persistTo: join(tmp, 'state-taken') })).rejects.toMatchObject({ code: 'EADDRINUSE', port });
    // Without the check wrangler itself finds the port taken: rejected as such, not after a timeout.
    const t0 = Date.now();
    const err = await startWorker({ port, persistTo: join(tmp, 'state-taken'), checkPort: false, timeoutMs: 30_000 }).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({ code: 'EADDRINUSE', port });
    expect((err as Error).message).toMatch(/Address already in use/);
    expect(Date.now() - t0).toBeLessThan(25_000);
  } finally {
    await other.close();
  }
  const left = processes().filter((p) => alive(p) && p.cmd.includes(`--port ${port} `));
  expect(left.map((p) => p.cmd)).toEqual([]);
}, 60_000);
