#!/usr/bin/env node
/**
 * `npm start`: everything for local development in one command.
 *  1. applies the migrations to a local D1 and starts the worker on http://127.0.0.1:8787;
 *  2. seeds the demo county, schools and tokens, and prints the dev tokens;
 *  3. builds the task pane and serves it on https://localhost:3000 (office-addin-dev-certs'
 *     certificate; where none can be installed it says what to do and serves http);
 *  4. prints how to sideload manifest.xml into Excel, and the address of file mode.
 * Ctrl-C stops everything, the worker's workerd children included.
 */
import { buildAddin } from './build-addin.mjs';
import { serveAddin } from './serve-addin.mjs';
import { applyLocalMigrations, ensureDevVars, seedDemo, startWorker } from './worker-local.mjs';

const WORKER_PORT = Number(process.env.JIEDUI_WORKER_PORT ?? 8787);
const PANE_PORT = Number(process.env.JIEDUI_PANE_PORT ?? 3000);
const step = (s) => console.log(`\n▶ ${s}`);

let worker;
let pane;
let stopping = false;

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  await Promise.allSettled([pane?.close(), worker?.stop()]);
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  step('Local D1: applying migrations');
  const admin = ensureDevVars();
  await applyLocalMigrations();

  step(`Worker: starting on http://127.0.0.1:${WORKER_PORT}`);
  const origins = [`https://localhost:${PANE_PORT}`, `http://localhost:${PANE_PORT}`, `http://127.0.0.1:${PANE_PORT}`].join(',');
  worker = await startWorker({ port: WORKER_PORT, adminToken: admin, extraArgs: ['--var', `CORS_ORIGINS:${origins}`] });
  worker.child.on('exit', (code) => {
    if (!stopping) {
      console.error(`The worker stopped (exit ${code}).`);
      void stopAll(1);
    }
  });

  step('Demo data: schools, tokens and a first sync');
  const seed = await seedDemo({ url: worker.url, adminToken: admin });

  step('Task pane: building');
  await buildAddin();

  step(`Task pane: serving on port ${PANE_PORT}`);
  pane = await serveAddin({ port: PANE_PORT, host: 'localhost', https: true });
  if (pane.warning) console.warn(`\n⚠ ${pane.warning}`);

  const base = pane.url;
  console.log(`
Jiedui is running.
  Worker API     ${worker.url}   (docs: ${worker.url}/api/v1/docs)
  Task pane      ${base}/taskpane.html
  File mode      ${base}/taskpane.html?mode=file   (any browser: open an .xlsx, check, fill, download)
  In the pane's Settings use server ${worker.url} and the school token of GH01 printed above
  (${seed.schools.GH01}).

Sideload manifest.xml (it points at https://localhost:${PANE_PORT}):
  • Excel on Windows: put manifest.xml in a shared folder, add that folder under File > Options >
    Trust Center > Trust Center Settings > Trusted Add-in Catalogs (tick "Show in Menu"), restart
    Excel, then Home > Add-ins > More add-ins > SHARED FOLDER > Jiedui.
  • Excel on Mac: copy manifest.xml to
    ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/ (create wef if needed), restart
    Excel, then Home > Add-ins > My Add-ins > Jiedui.
  • Excel on the web: open a workbook, Home > Add-ins > More Settings (or Insert > Office Add-ins) >
    Upload My Add-in, and choose manifest.xml.
  • Windows or Mac, from a terminal: npx office-addin-debugging@7.0.0 start manifest.xml
    (it could not be installed in this project's environment; it sideloads and opens Excel for you).
  Excel loads the pane only over trusted https: if the certificate step above warned, run
  "npx office-addin-dev-certs install" on the machine that runs Excel and start again.

Press Ctrl-C to stop everything.`);
} catch (e) {
  console.error(`\nnpm start failed: ${e.message}`);
  if (/EADDRINUSE/.test(e.message)) console.error(`A port is taken: set JIEDUI_WORKER_PORT or JIEDUI_PANE_PORT, or stop what uses it.`);
  await stopAll(1);
}
