#!/usr/bin/env node
/**
 * `npm start`: everything for local development in one command.
 *  0. checks that the worker's and the pane's ports are free; if one is taken (another `npm start`,
 *     or another program) it says which and how to choose others, and exits 1 having changed nothing;
 *  1. applies the migrations to a local D1 and starts the worker on http://127.0.0.1:8787;
 *  2. seeds the demo county, schools and tokens, and prints the dev tokens;
 *  3. builds the task pane (with a manifest for its address) and serves it on https://localhost:3000
 *     (office-addin-dev-certs' certificate; where none can be installed it says what to do and
 *     serves http);
 *  4. prints how to sideload the manifest into Excel, and the address of file mode.
 * Ctrl-C (or SIGTERM, SIGHUP) stops everything, the worker's workerd children included, also while
 * it is still starting.
 *
 * Environment: JIEDUI_WORKER_PORT (default 8787) and JIEDUI_PANE_PORT (default 3000) choose the
 * ports. With another pane port the manifest to sideload is addin/dist/manifest.xml (built for that
 * port); the repository's manifest.xml stays the one for port 3000. For tests: JIEDUI_STATE_DIR
 * (the local D1's directory instead of worker/.wrangler/state) and JIEDUI_DIST_DIR (the build's
 * directory instead of addin/dist).
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAddin, DEV_BASE_URL } from './build-addin.mjs';
import { serveAddin } from './serve-addin.mjs';
import {
  applyLocalMigrations,
  ensureDevVars,
  jieduiWorkerAt,
  nextFreePort,
  portAvailable,
  seedDemo,
  startWorker,
} from './worker-local.mjs';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const step = (s) => console.log(`\n▶ ${s}`);

function portFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`npm start: ${name}=${raw} is not a port number (1 to 65535).`);
    process.exit(2);
  }
  return n;
}
const WORKER_PORT = portFromEnv('JIEDUI_WORKER_PORT', 8787);
const PANE_PORT = portFromEnv('JIEDUI_PANE_PORT', 3000);
if (WORKER_PORT === PANE_PORT) {
  console.error(
    `npm start: JIEDUI_WORKER_PORT and JIEDUI_PANE_PORT are both ${WORKER_PORT}; the worker and the task pane need a port each.`,
  );
  process.exit(2);
}
const PANE_HOST = 'localhost';
const PANE_BASE = `https://localhost:${PANE_PORT}`;
const STATE_DIR = process.env.JIEDUI_STATE_DIR ? resolve(process.env.JIEDUI_STATE_DIR) : undefined;
const DIST_DIR = process.env.JIEDUI_DIST_DIR ? resolve(process.env.JIEDUI_DIST_DIR) : join(ROOT, 'addin/dist');
const shown = (p) => {
  const r = relative(ROOT, p);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : p;
};
// The repository's manifest.xml is for https://localhost:3000; for another port, the built one.
const MANIFEST = PANE_BASE === DEV_BASE_URL ? 'manifest.xml' : shown(join(DIST_DIR, 'manifest.xml'));

// --- stopping: installed before anything is spawned ------------------------------------------------
const abort = new AbortController();
let starting; // the wrangler step under way (migrations, then the worker); settles once it is ended
let worker;
let pane;
let stopping = false;

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  abort.abort();
  await Promise.allSettled([starting, pane?.close(), worker?.stop()]);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stopAll(0));

// --- ports ------------------------------------------------------------------------------------------
/** Whether what answers on the pane's port is a Jiedui task pane (https with the dev certificate, or http). */
function jieduiPaneAt(port) {
  const probe = (get, url) =>
    new Promise((ok) => {
      let answered = false;
      const req = get(url, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => ok(res.statusCode === 200 && body.includes('Jiedui')));
        res.on('error', () => ok(false));
      });
      // A request destroyed on its timeout may end in 'close' without an 'error': answer then too.
      req.on('timeout', () => req.destroy());
      req.on('error', () => ok(false));
      req.on('close', () => answered || ok(false));
    });
  return probe(httpsGet, `https://${PANE_HOST}:${port}/taskpane.html`).then(
    (yes) => yes || probe(httpGet, `http://${PANE_HOST}:${port}/taskpane.html`),
  );
}

/** What to tell when `taken` ports (the worker's, the pane's or both) are in use. */
async function portsTakenMessage(taken, { changedNothing }) {
  const lines = [];
  for (const which of taken) {
    const port = which === 'worker' ? WORKER_PORT : PANE_PORT;
    const jiedui = which === 'worker' ? await jieduiWorkerAt(port) : await jieduiPaneAt(port);
    const what = which === 'worker' ? `the worker's port (JIEDUI_WORKER_PORT)` : `the task pane's port (JIEDUI_PANE_PORT)`;
    const by = jiedui
      ? `by another Jiedui ${which === 'worker' ? 'worker' : 'task pane'}: probably another \`npm start\`${which === 'worker' ? ' or `npm run dev:worker`' : ''} still running`
      : 'by another program (not Jiedui)';
    lines.push(`Port ${port}, ${what}, is already in use ${by}.`);
  }
  const workerPort = taken.includes('worker') ? await nextFreePort(WORKER_PORT) : WORKER_PORT;
  let panePort = taken.includes('pane') ? await nextFreePort(PANE_PORT, PANE_HOST) : PANE_PORT;
  if (panePort === workerPort) panePort = await nextFreePort(panePort, PANE_HOST);
  lines.push(
    `${changedNothing ? 'Nothing was started or changed. ' : ''}Stop the other one (Ctrl-C in its terminal), or choose other ports, e.g.`,
    `  JIEDUI_WORKER_PORT=${workerPort} JIEDUI_PANE_PORT=${panePort} npm start`,
  );
  return lines.join('\n');
}

async function takenPorts() {
  const taken = [];
  if (!(await portAvailable(WORKER_PORT, '127.0.0.1'))) taken.push('worker');
  if (!(await portAvailable(PANE_PORT, PANE_HOST))) taken.push('pane');
  return taken;
}

// --- the run ----------------------------------------------------------------------------------------
try {
  // Before anything is written (the local D1, addin/dist) or spawned.
  const taken = await takenPorts();
  if (taken.length) {
    console.error(`\nnpm start: ${await portsTakenMessage(taken, { changedNothing: true })}`);
    process.exit(1);
  }

  step('Local D1: applying migrations');
  const admin = ensureDevVars();
  starting = applyLocalMigrations({ persistTo: STATE_DIR, signal: abort.signal });
  await starting;

  step(`Worker: starting on http://127.0.0.1:${WORKER_PORT}`);
  const origins = [`https://localhost:${PANE_PORT}`, `http://localhost:${PANE_PORT}`, `http://127.0.0.1:${PANE_PORT}`].join(',');
  starting = startWorker({
    port: WORKER_PORT,
    persistTo: STATE_DIR,
    adminToken: admin,
    extraArgs: ['--var', `CORS_ORIGINS:${origins}`],
    signal: abort.signal,
  });
  worker = await starting;
  worker.child.on('exit', (code) => {
    if (!stopping) {
      console.error(`The worker stopped (exit ${code}).`);
      void stopAll(1);
    }
  });

  step('Demo data: schools, tokens and a first sync');
  const seed = await seedDemo({ url: worker.url, adminToken: admin });

  step('Task pane: building');
  await buildAddin({ outDir: DIST_DIR, baseUrl: PANE_BASE });

  step(`Task pane: serving on port ${PANE_PORT}`);
  pane = await serveAddin({ dir: DIST_DIR, port: PANE_PORT, host: PANE_HOST, https: true });
  if (pane.warning) console.warn(`\n⚠ ${pane.warning}`);

  const base = pane.url;
  const manifestNote =
    MANIFEST === 'manifest.xml' ? `it points at ${PANE_BASE}` : `built for ${PANE_BASE}; the repository's manifest.xml is for port 3000`;
  console.log(`
Jiedui is running.
  Worker API     ${worker.url}   (docs: ${worker.url}/api/v1/docs)
  Task pane      ${base}/taskpane.html
  File mode      ${base}/taskpane.html?mode=file   (any browser: open an .xlsx, check, fill, download)
  In the pane's Settings use server ${worker.url} and the school token of GH01 printed above
  (${seed.schools.GH01}).

Sideload ${MANIFEST} (${manifestNote}):
  • Excel on Windows: put ${MANIFEST} in a shared folder, add that folder under File > Options >
    Trust Center > Trust Center Settings > Trusted Add-in Catalogs (tick "Show in Menu"), restart
    Excel, then Home > Add-ins > More add-ins > SHARED FOLDER > Jiedui.
  • Excel on Mac: copy ${MANIFEST} to
    ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/ (create wef if needed), restart
    Excel, then Home > Add-ins > My Add-ins > Jiedui.
  • Excel on the web: open a workbook, Home > Add-ins > More Settings (or Insert > Office Add-ins) >
    Upload My Add-in, and choose ${MANIFEST}.
  • Windows or Mac, from a terminal: npx office-addin-debugging@7.0.0 start ${MANIFEST}
    (it could not be installed in this project's environment; it sideloads and opens Excel for you).
  Excel loads the pane only over trusted https: if the certificate step above warned, run
  "npx office-addin-dev-certs install" on the machine that runs Excel and start again.

Press Ctrl-C to stop everything.`);
} catch (e) {
  // Ctrl-C while starting ends the step under way with an AbortError: stopAll is already at work.
  if (!stopping) {
    console.error(`\nnpm start failed: ${e.message}`);
    if (e.code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(e.message)) {
      // Taken between the check and the start (wrangler's own "Address already in use", or the pane's listen).
      const which = e.port === PANE_PORT ? ['pane'] : e.port === WORKER_PORT ? ['worker'] : await takenPorts();
      console.error(await portsTakenMessage(which.length ? which : ['worker'], { changedNothing: false }));
    }
    await stopAll(1);
  }
}
