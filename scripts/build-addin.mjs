#!/usr/bin/env node
/**
 * Builds the task pane into addin/dist/: taskpane.html/.css/.js (with the file-mode chunk, the
 * package reader and patch writer, loaded only outside Excel), the template per language as
 * templates/jiedui-zh.xlsx and -en.xlsx (file mode's New workbook), the icons, and manifest.xml
 * for a base URL.
 *   node scripts/build-addin.mjs [--base-url https://addin.example.org] [--out addin/dist] [--no-minify]
 * The repository's manifest.xml points at https://localhost:3000 for local development; the
 * build rewrites every URL in it to the given base, so production needs no hand edits.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEV_BASE_URL = 'https://localhost:3000';
export const ICON_SIZES = [16, 32, 64, 80, 128, 192, 512];
/** The browsers the pane's bundle is built for (the check bench builds its pane figure the same). */
export const PANE_TARGET = ['es2020', 'chrome100', 'safari15', 'edge100'];
/** Microsoft's CDN copy of Office.js: what taskpane.html references and production builds keep. */
export const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Where a development build serves Office.js from (@microsoft/office-js, pinned in package.json). */
export const OFFICE_LOCAL = 'office-js/office.js';

/**
 * Which Office.js a build references: a development build (the localhost base URL) the project's
 * copy of @microsoft/office-js, so the browser tests and a plain browser load the real library
 * without the network; any other base URL Microsoft's CDN, which store add-ins must use.
 */
export function officeJsFor(baseUrl) {
  const u = new URL(baseUrl);
  return u.hostname === 'localhost' || u.hostname === '127.0.0.1' ? 'local' : 'cdn';
}

/** taskpane.html with Office.js from the CDN or the local copy. */
export function paneHtml(officeJs, source = readFileSync(join(ROOT, 'addin/src/taskpane.html'), 'utf8')) {
  if (!source.includes(OFFICE_CDN)) throw new Error(`taskpane.html no longer references ${OFFICE_CDN}`);
  return officeJs === 'local' ? source.split(OFFICE_CDN).join(OFFICE_LOCAL) : source;
}

/** The files of @microsoft/office-js a page outside Office loads (office.js and its strings). */
const OFFICE_FILES = ['office.js', 'o15apptofilemappingtable.js', 'en-us/office_strings.js', 'zh-cn/office_strings.js'];

/** The production manifest: every development URL replaced by `baseUrl`. */
export function manifestFor(baseUrl, source = readFileSync(join(ROOT, 'manifest.xml'), 'utf8')) {
  let u;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new Error(`--base-url: expected an absolute URL like https://addin.example.org, got "${baseUrl}"`);
  }
  if (u.protocol !== 'https:' && u.hostname !== 'localhost' && u.hostname !== '127.0.0.1') {
    throw new Error(`--base-url: Office loads add-ins only over https, got "${baseUrl}"`);
  }
  const base = baseUrl.replace(/\/+$/, '');
  return source.split(DEV_BASE_URL).join(base);
}

// --- icons: drawn here so the repository needs no binary design files -------------------------
function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** Two linked rings (a pair) on Office's brand blue, as an RGBA PNG. */
export function iconPng(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const r = size * 0.24,
    w = Math.max(1.2, size * 0.085);
  const c1 = [size * 0.38, size * 0.5],
    c2 = [size * 0.62, size * 0.5];
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const px = x + 0.5,
        py = y + 0.5;
      const rad = size * 0.18;
      const inside =
        px > rad && px < size - rad
          ? py >= 0 && py <= size
          : py > rad && py < size - rad
            ? true
            : Math.min(
                ...[
                  [rad, rad],
                  [size - rad, rad],
                  [rad, size - rad],
                  [size - rad, size - rad],
                ].map(([cx, cy]) => Math.hypot(px - cx, py - cy)),
              ) <= rad;
      const ring = (c) => Math.abs(Math.hypot(px - c[0], py - c[1]) - r) <= w / 2;
      if (!inside) {
        raw.writeUInt32BE(0x00000000, o);
        continue;
      }
      if (ring(c1) || ring(c2)) raw.writeUInt32BE(0xffffffff, o);
      else raw.writeUInt32BE(0x0f6cbdff, o);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function writeIcons(dir = join(ROOT, 'addin/assets')) {
  mkdirSync(dir, { recursive: true });
  for (const s of ICON_SIZES) writeFileSync(join(dir, `icon-${s}.png`), iconPng(s));
}

const statBytes = (f) => readFileSync(f).length;

/** Every file under `dir`, relative, with forward slashes. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/**
 * sw.js for the built folder: the list of files to keep offline (everything the page can ask for:
 * pane, chunks, icons, Office.js where local, the web app manifest) and a version from their bytes.
 * Not kept: manifest.xml (Office's, not the page's), commands.html, sizes.json.
 */
function writeServiceWorker(outDir) {
  const skip = new Set(['manifest.xml', 'sizes.json', 'sw.js', 'commands.html']);
  const files = filesUnder(outDir)
    .filter((f) => !skip.has(f))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
  const sw = readFileSync(join(ROOT, 'addin/src/sw.js'), 'utf8')
    .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 12)))
    .replace("'__PRECACHE__'", JSON.stringify(JSON.stringify(files)));
  writeFileSync(join(outDir, 'sw.js'), sw);
  return files;
}

/**
 * The template's bytes per language, as `jiedui template` writes them (xlsx/template-bytes.ts, run
 * here at build time through esbuild), into outDir/templates: the page carries no ExcelJS.
 */
async function writeTemplates(outDir) {
  // beside node_modules, so the bundle's imports (ExcelJS) resolve
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const tmp = join(ROOT, `node_modules/.cache/jiedui-template-bytes-${process.pid}-${Date.now()}.mjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['xlsx/template-bytes.ts'],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  try {
    const { templateBytes } = await import(`${pathToFileURL(tmp).href}?t=${Date.now()}`);
    mkdirSync(join(outDir, 'templates'), { recursive: true });
    for (const lang of ['zh', 'en']) writeFileSync(join(outDir, `templates/jiedui-${lang}.xlsx`), await templateBytes(lang));
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Builds everything; returns sizes so the benchmark and tests can hold the pane to its budget. */
export async function buildAddin({
  outDir = join(ROOT, 'addin/dist'),
  baseUrl = DEV_BASE_URL,
  minify = true,
  quiet = false,
  officeJs = officeJsFor(baseUrl),
} = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { taskpane: 'addin/src/main.ts' },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: PANE_TARGET,
    minify,
    sourcemap: false,
    metafile: true,
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  writeFileSync(join(outDir, 'taskpane.html'), paneHtml(officeJs));
  if (officeJs === 'local') {
    const from = join(ROOT, 'node_modules/@microsoft/office-js/dist');
    for (const f of OFFICE_FILES) {
      mkdirSync(dirname(join(outDir, 'office-js', f)), { recursive: true });
      copyFileSync(join(from, f), join(outDir, 'office-js', f));
    }
  }
  copyFileSync(join(ROOT, 'addin/src/taskpane.css'), join(outDir, 'taskpane.css'));
  copyFileSync(join(ROOT, 'addin/src/commands.html'), join(outDir, 'commands.html'));
  if (!ICON_SIZES.every((s) => existsSync(join(ROOT, `addin/assets/icon-${s}.png`)))) writeIcons();
  for (const s of ICON_SIZES) copyFileSync(join(ROOT, `addin/assets/icon-${s}.png`), join(outDir, `assets/icon-${s}.png`));
  writeFileSync(join(outDir, 'manifest.xml'), manifestFor(baseUrl));
  copyFileSync(join(ROOT, 'addin/src/manifest.webmanifest'), join(outDir, 'manifest.webmanifest'));
  await writeTemplates(outDir);
  const precache = writeServiceWorker(outDir);

  // The pane's own code: the entry and every chunk it imports statically (not the file-mode chunk).
  const outputs = result.metafile.outputs;
  const key = (p) => Object.keys(outputs).find((k) => resolve(ROOT, k) === resolve(p));
  const entry = key(join(outDir, 'taskpane.js'));
  const eager = new Set();
  const walk = (k) => {
    if (!k || eager.has(k)) return;
    eager.add(k);
    for (const imp of outputs[k].imports) if (imp.kind === 'import-statement') walk(imp.path);
  };
  walk(entry);
  const gz = (k) => gzipSync(readFileSync(resolve(ROOT, k))).length;
  const paneGzip =
    [...eager].reduce((n, k) => n + gz(k), 0) +
    gzipSync(readFileSync(join(outDir, 'taskpane.css'))).length +
    gzipSync(readFileSync(join(outDir, 'taskpane.html'))).length;
  const lazy = Object.keys(outputs).filter((k) => k.endsWith('.js') && !eager.has(k));
  const lazyGzip = lazy.reduce((n, k) => n + gz(k), 0);
  const precacheBytes = precache.reduce((n, f) => n + statBytes(join(outDir, f)), 0);
  // the libraries each part of the page carries (the pane's own, and the chunks loaded later)
  const packagesOf = (keys) =>
    [
      ...new Set(
        keys
          .flatMap((k) => Object.keys(outputs[k].inputs))
          .map((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1])
          .filter(Boolean),
      ),
    ].sort();
  const sizes = {
    paneGzipBytes: paneGzip,
    fileModeGzipBytes: lazyGzip,
    officeJs,
    precache,
    precacheBytes,
    eager: [...eager],
    lazy,
    panePackages: packagesOf([...eager]),
    lazyPackages: packagesOf(lazy),
  };
  writeFileSync(join(outDir, 'sizes.json'), JSON.stringify(sizes, null, 2));
  if (!quiet) {
    console.log(`add-in built in ${outDir}`);
    console.log(
      `  task pane: ${(paneGzip / 1024).toFixed(1)} KB gzipped (budget 250 KB); file mode chunk (package reader and writer): ${(lazyGzip / 1024).toFixed(1)} KB gzipped, loaded only outside Excel`,
    );
    console.log(`  manifest for ${baseUrl}: ${join(outDir, 'manifest.xml')}`);
  }
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  buildAddin({
    baseUrl: opt('--base-url') ?? DEV_BASE_URL,
    outDir: opt('--out') ? resolve(opt('--out')) : undefined,
    minify: !args.includes('--no-minify'),
  }).catch((e) => {
    console.error(`build failed: ${e.message}`);
    process.exit(1);
  });
}
