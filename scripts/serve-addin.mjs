#!/usr/bin/env node
/**
 * Serves addin/dist. Excel needs https: with `--https` (what npm start uses) it takes the
 * certificate office-addin-dev-certs installs, and where none can be had it says so and serves
 * http, which a plain browser (file mode) still opens.
 *   node scripts/serve-addin.mjs [--port 3000] [--https] [--dir addin/dist]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

/** @microsoft/office-js's files: a development build under Excel loads its host scripts from here. */
const OFFICE_DIST = join(ROOT, 'node_modules/@microsoft/office-js/dist');

/** A path inside `base`, or null for one that climbs out of it. */
function inside(base, path) {
  const file = normalize(join(base, path));
  return file === base || file.startsWith(base + sep) ? file : null;
}

function handler(dir) {
  const base = resolve(dir);
  return (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = inside(base, path === '/' ? '/taskpane.html' : path);
    if (!file) {
      res.writeHead(403).end('forbidden');
      return;
    }
    // A development build copies only what a plain browser needs of Office.js; the rest (the host
    // scripts Excel asks for) comes from the project's @microsoft/office-js.
    if (path.startsWith('/office-js/') && !existsSync(file)) file = inside(OFFICE_DIST, path.slice('/office-js/'.length)) ?? file;
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  };
}

/** The dev certificate's https options, or the reason there is none. */
export async function devCertificate() {
  try {
    const certs = await import('office-addin-dev-certs');
    const api = certs.default ?? certs;
    // Installing asks the system for trust (sudo, a keychain prompt); never wait on it forever.
    const opts = await Promise.race([
      api.getHttpsServerOptions(30),
      new Promise((_, fail) => setTimeout(() => fail(new Error('installing the certificate did not finish within 60 s')), 60_000).unref()),
    ]);
    return { options: opts };
  } catch (e) {
    return { reason: e?.message ?? String(e) };
  }
}

/**
 * Starts the server; resolves with its URL and a close(). `https: true` tries the dev certificate
 * and falls back to http with `warning` set.
 */
export async function serveAddin({ dir = join(ROOT, 'addin/dist'), port = 3000, host = '127.0.0.1', https = false } = {}) {
  if (!existsSync(join(dir, 'taskpane.html'))) throw new Error(`${dir}/taskpane.html is missing: run npm run build first`);
  let server;
  let protocol = 'http';
  let warning;
  if (https) {
    const cert = await devCertificate();
    if (cert.options) {
      server = createHttps(cert.options, handler(dir));
      protocol = 'https';
    } else {
      warning = `No trusted development certificate (${cert.reason}). Serving http instead: Excel will not load the pane from it, but a plain browser opens file mode. To fix, run "npx office-addin-dev-certs install" on this machine (it adds a certificate authority to the system store and needs sudo, or the keychain on a Mac); as root on Linux without sudo: cp ~/.office-addin-dev-certs/ca.crt /usr/local/share/ca-certificates/office-addin-dev-ca.crt && update-ca-certificates. Then npm start again.`;
    }
  }
  server ??= createHttp(handler(dir));
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actual = server.address().port;
  const shownHost = protocol === 'https' ? 'localhost' : host;
  return {
    url: `${protocol}://${shownHost}:${actual}`,
    protocol,
    port: actual,
    warning,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (n) => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
  serveAddin({
    port: Number(opt('--port') ?? 3000),
    https: args.includes('--https'),
    dir: opt('--dir') ? resolve(opt('--dir')) : undefined,
  })
    .then((s) => {
      if (s.warning) console.warn(s.warning);
      console.log(`task pane at ${s.url}/taskpane.html (file mode: ${s.url}/taskpane.html?mode=file)`);
    })
    .catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
}
