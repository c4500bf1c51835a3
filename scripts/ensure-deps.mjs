#!/usr/bin/env node
/**
 * Runs before `npm start` and `npm test`: on a fresh clone it installs the locked dependencies
 * (`npm ci`), so the quick start is the two commands the README gives. It uses only node itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('Installing dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm ci failed: see the messages above (Node 20.3 or later and the npm registry are needed).');
    process.exit(r.status ?? 1);
  }
}
