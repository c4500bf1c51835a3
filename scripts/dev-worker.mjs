#!/usr/bin/env node
/**
 * `npm run dev:worker -- <wrangler dev args>`: applies the local D1 migrations, then runs
 * `wrangler dev` on 127.0.0.1 with the arguments passed through (e.g. `--port 8788`).
 * `--seed` (ours, not wrangler's) also registers the demo county, schools and tokens.
 */
import { applyLocalMigrations, ensureDevVars, seedDemo, startWorker } from './worker-local.mjs';

const args = process.argv.slice(2);
const seed = args.includes('--seed');
const passThrough = args.filter((a) => a !== '--seed');
const portAt = passThrough.indexOf('--port');
const port = portAt >= 0 ? Number(passThrough[portAt + 1]) : 8787;
const extraArgs = portAt >= 0 ? passThrough.filter((_, i) => i !== portAt && i !== portAt + 1) : passThrough;

ensureDevVars();
await applyLocalMigrations({ log: (l) => process.stdout.write(l) });
const worker = await startWorker({ port, extraArgs, log: (l) => process.stdout.write(l) });
console.log(`\nJiedui worker ready at ${worker.url}  (Ctrl-C stops it)`);
if (seed) {
  try {
    await seedDemo({ url: worker.url, adminToken: worker.adminToken });
  } catch (e) {
    console.error(e);
    await worker.stop();
    process.exit(1);
  }
}

const shutdown = async () => {
  await worker.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
worker.child.on('exit', (code) => process.exit(code ?? 0));
