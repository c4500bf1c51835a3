/* global self, caches */
/**
 * The task pane's service worker: the page works offline once it has been opened. At install it
 * keeps every file of this build (PRECACHE, written in by scripts/build-addin.mjs): the pane, the
 * file-mode chunk with ExcelJS and the template, the icons and, in a development build, Office.js.
 * A page (taskpane.html) is asked of the network first and falls back to the kept copy, so a new
 * build is seen as soon as there is a network; every other kept file is answered from the cache.
 * Requests to other origins (the sync server, Microsoft's CDN) are never touched.
 * A new build has a new VERSION: its cache replaces the old one once it is installed.
 */
const VERSION = '__VERSION__';
const PRECACHE = JSON.parse('__PRECACHE__');
const CACHE = `jiedui-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE.map((p) => new Request(p, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('jiedui-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

const scope = () => new URL(self.registration.scope);
const kept = (url) => {
  const rel = url.pathname.slice(scope().pathname.length);
  return PRECACHE.includes(rel === '' ? 'taskpane.html' : rel) ? rel || 'taskpane.html' : null;
};

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== scope().origin) return;
  const rel = kept(url);
  if (rel === null) return;
  const fromCache = () => caches.open(CACHE).then((c) => c.match(rel));
  if (req.mode === 'navigate' || rel.endsWith('.html')) {
    event.respondWith(fetch(req).catch(() => fromCache().then((r) => r ?? Response.error())));
    return;
  }
  event.respondWith(fromCache().then((r) => r ?? fetch(req)));
});
