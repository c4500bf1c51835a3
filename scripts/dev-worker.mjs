#!/usr/bin/env node
/**
 * `npm run dev:worker -- <wrangler dev args>`: applies the local D1 migrations, then runs
 * `wrangler dev` on 127.0.0.1 with the arguments passed through (e.g. `--port 8788`; a
 * `--persist-to DIR` is used for the migrations too). `--seed` (ours, not wrangler's) also
 * registers the demo county, schools and tokens. A taken port is reported before anything starts.
 * Ctrl-C (or SIGTERM, SIGHUP) ends wrangler's whole process group, also while it is starting.
 */
import {
  applyLocalMigrations,
  ensureDevVars,
  jieduiWorkerAt,
  nextFreePort,
  portAvailable,
  seedDemo,
  startWorker,
} from './worker-local.mjs';

const args = process.argv.slice(2);
const seed = args.includes('--seed');
let extraArgs = args.filter((a) => a !== '--seed');
/** Takes `--name value` or `--name=value` out of extraArgs. */
const take = (name) => {
  const i = extraArgs.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const value = extraArgs[i].includes('=') ? extraArgs[i].slice(name.length + 1) : extraArgs[i + 1];
  extraArgs = extraArgs.filter((_, j) => j !== i && (extraArgs[i].includes('=') || j !== i + 1));
  return value;
};
const portArg = take('--port');
const port = portArg === undefined ? 8787 : Number(portArg);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`dev:worker: --port ${portArg} is not a port number (1 to 65535).`);
  process.exit(2);
}
const persistTo = take('--persist-to');
/**
 * `--var ADMIN_TOKEN:x` (or `--var=ADMIN_TOKEN:x`) sets the token the worker runs with: taken out
 * and handed to startWorker, which passes it on and seeds with it (other `--var`s go through).
 */
function takeAdminToken() {
  const at = extraArgs.findIndex(
    (a, i) => a.startsWith('--var=ADMIN_TOKEN:') || (a === '--var' && extraArgs[i + 1]?.startsWith('ADMIN_TOKEN:')),
  );
  if (at < 0) return undefined;
  const joined = extraArgs[at].startsWith('--var=');
  const value = (joined ? extraArgs[at].slice('--var='.length) : extraArgs[at + 1]).slice('ADMIN_TOKEN:'.length);
  extraArgs = extraArgs.filter((_, j) => j !== at && (joined || j !== at + 1));
  return value;
}
const adminToken = takeAdminToken();
const log = (l) => process.stdout.write(l);

const abort = new AbortController();
let starting;
let worker;
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  abort.abort();
  await Promise.allSettled([starting, worker?.stop()]);
  process.exit(code);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void shutdown(0));

async function portTaken() {
  const by = (await jieduiWorkerAt(port))
    ? 'by another Jiedui worker (another `npm run dev:worker` or `npm start`)'
    : 'by another program (not Jiedui)';
  return `Port ${port} on 127.0.0.1 is already in use ${by}. Stop it, or choose another port: npm run dev:worker -- --port ${await nextFreePort(port)}`;
}

try {
  if (!(await portAvailable(port))) {
    console.error(`dev:worker: ${await portTaken()}\nNothing was started or changed.`);
    process.exit(1);
  }
  ensureDevVars();
  starting = applyLocalMigrations({ persistTo, log, signal: abort.signal });
  await starting;
  starting = startWorker({ port, persistTo, extraArgs, adminToken, log, signal: abort.signal });
  worker = await starting;
  worker.child.on('exit', (code) => {
    if (!stopping) void shutdown(code ?? 1);
  });
  console.log(`\nJiedui worker ready at ${worker.url}  (Ctrl-C stops it)`);
  if (seed) await seedDemo({ url: worker.url, adminToken: worker.adminToken });
} catch (e) {
  if (!stopping) {
    console.error(`dev:worker failed: ${e.message}`);
    if (e.code === 'EADDRINUSE') console.error(await portTaken());
    await shutdown(1);
  }
}
