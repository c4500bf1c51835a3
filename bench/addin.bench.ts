/**
 * The add-in's costs: round trips and request bytes per check and per fill at 1k, 10k and 100k
 * rows (the Office adapter under a counting fake of Excel's RequestContext, which sizes requests
 * and responses as the UTF-8 JSON Excel on the web sends and counts against its 5 MB a request);
 * the sync state written and read back; the task pane's gzipped size; and time to interactive of
 * the page in headless Chromium (file mode).
 */
import type { BenchResult } from './run';
import { checkWorkbook } from '../core/check';
import { fillAll } from '../core/fill';
import { OfficePort } from '../addin/src/office-port';
import { localRows } from '../addin/src/sync-client';
import { SyncState } from '../addin/src/sync-state';
import { bigWorkbook } from '../tests/addin/big-workbook';
import { FakeExcel } from '../tests/addin/fake-excel';
import { launchChromium, servePane } from '../tests/e2e/addin-helpers';

const TODAY = '2026-10-15';
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const most = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), 0);

async function roundTrips(n: number, apiVersion?: string) {
  const xl = new FakeExcel(apiVersion ? { apiVersion } : {});
  for (const s of bigWorkbook(n)) xl.addSheet(s.name, s.rows);
  const port = new OfficePort(xl.runner());
  const t0 = performance.now();
  const input = await port.readSheets();
  const { read, issues } = checkWorkbook(input, { today: TODAY });
  const check = {
    syncs: xl.syncCount,
    req: xl.requestBytes,
    res: xl.responseBytes,
    maxRes: most(xl.syncs.map((s) => s.responseBytes)),
    ms: performance.now() - t0,
  };
  xl.reset();
  const t1 = performance.now();
  let fillStat: { syncs: number | string; req: number; maxReq: number; res: number; ms: number; cells: number | string };
  try {
    const fill = fillAll(input, { today: TODAY, plan: false, match: false });
    await port.applyWrites(fill);
    fillStat = {
      syncs: xl.syncCount,
      req: xl.requestBytes,
      maxReq: most(xl.syncs.map((s) => s.requestBytes)),
      res: xl.responseBytes,
      ms: performance.now() - t1,
      cells: fill.writes.length,
    };
  } catch (e) {
    // The core's fill is not the adapter: report its failure and keep measuring the rest.
    fillStat = { syncs: `core failed: ${(e as Error).message.slice(0, 40)}`, req: 0, maxReq: 0, res: 0, ms: 0, cells: '-' };
  }
  // The sync state of this workbook once every readable row is synced: written, then read back.
  const state = new SyncState({ server: 'https://jiedui.example.org', school: 'GH01', term: '2026-2027-1' });
  for (const r of localRows(read, issues).rows.values()) state.set(r.table, r.id, { version: 1, hash: r.hash });
  xl.reset();
  await port.writeState(state.toRows());
  const stateWrite = { rows: state.rows.size, syncs: xl.syncCount, maxReq: most(xl.syncs.map((s) => s.requestBytes)) };
  xl.reset();
  await port.readState();
  const stateRead = { syncs: xl.syncCount, maxRes: most(xl.syncs.map((s) => s.responseBytes)) };
  xl.reset();
  await port.setMarks(
    issues
      .filter((i) => i.cell && i.sheetName)
      .map((i) => ({ sheetName: i.sheetName!, cell: i.cell!, severity: i.severity, message: i.code })),
  );
  const marks = { syncs: xl.syncCount, req: xl.requestBytes };
  return { check, fill: fillStat, marks, stateWrite, stateRead };
}

export async function run(): Promise<BenchResult> {
  const rows: BenchResult['rows'] = [];
  for (const [n, apiVersion] of [[1_000], [10_000], [100_000], [10_000, '1.1']] as [number, string?][]) {
    const r = await roundTrips(n, apiVersion);
    rows.push({
      rows: apiVersion ? `${n} at ExcelApi ${apiVersion}` : n,
      'check syncs': r.check.syncs,
      'check request': kb(r.check.req),
      'check response': kb(r.check.res),
      'check max response/sync': mb(r.check.maxRes),
      'check ms (read+rules)': Math.round(r.check.ms),
      'fill syncs': r.fill.syncs,
      'fill cells': r.fill.cells,
      'fill request': kb(r.fill.req),
      'fill max request/sync': mb(r.fill.maxReq),
      'fill ms': Math.round(r.fill.ms),
      'marks syncs': r.marks.syncs,
      'state rows': r.stateWrite.rows,
      'state write syncs / max request': `${r.stateWrite.syncs} / ${mb(r.stateWrite.maxReq)}`,
      'state read syncs / max response': `${r.stateRead.syncs} / ${mb(r.stateRead.maxRes)}`,
    });
  }
  const pane = await servePane();
  const browser = await launchChromium();
  const times: number[] = [];
  let offline: Awaited<ReturnType<typeof firstLoadAndOffline>> | null = null;
  try {
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage();
      const t0 = performance.now();
      await page.goto(`${pane.url}/taskpane.html?mode=file&lang=zh`);
      await page.waitForSelector('body[data-ready="file"]');
      times.push(performance.now() - t0);
      await page.close();
    }
    offline = await firstLoadAndOffline(browser, pane.url);
  } finally {
    await browser.close();
    await pane.close();
  }
  times.sort((a, b) => a - b);
  return {
    title: 'Excel add-in: round trips, request bytes, pane size, time to interactive',
    rows,
    notes: [
      `task pane gzipped (own code, Fluent button, core; no ExcelJS): ${kb(pane.sizes.paneGzipBytes)} (budget 250 KB)`,
      `chunks loaded later (file mode: the package reader and patch writer with fflate, no ExcelJS; the .docx report), loaded only when used: ${kb(pane.sizes.fileModeGzipBytes)} gzipped`,
      `time to interactive in headless Chromium, file mode, median of 5: ${Math.round(times[2])} ms (min ${Math.round(times[0])}, max ${Math.round(times[4])})`,
      ...(offline
        ? [
            `first visit (empty cache, service worker installing): ${Math.round(offline.firstMs)} ms, ${kb(offline.firstBytes)} over the network; the worker then keeps ${offline.precacheFiles} files, ${kb(offline.precacheBytes)}`,
            `offline start (network cut, everything from the worker's cache), median of 5: ${Math.round(offline.offlineMs)} ms, ${kb(offline.offlineBytes)} over the network`,
          ]
        : []),
      `Office.js in this development build: ${pane.sizes.officeJs === 'local' ? "the project's @microsoft/office-js" : "Microsoft's CDN"}`,
      "a check reads in 3 syncs until a read passes 200,000 cells per sync (3.6 MB if every cell were five Chinese characters; under the 5 MB of UTF-8 Excel on the web takes a request); then the values come in chunks, a sheet's first at 200,000 cells, the next sized from its measured bytes per cell to ~3.5 MB a sync",
      'a fill writes in syncs of at most ~3 MB of UTF-8 values, all in one Excel.run (one undo step); the sync state in chunks of ~3 MB',
    ],
  };
}

/**
 * The page's first visit (a fresh context: nothing cached) and its start with the network cut once
 * the service worker has kept it. Bytes are response bodies as Chromium saw them.
 */
async function firstLoadAndOffline(browser: Awaited<ReturnType<typeof launchChromium>>, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  let t0 = performance.now();
  await page.goto(`${url}/taskpane.html?mode=file&lang=zh`);
  await page.waitForSelector('body[data-ready="file"]', { state: 'attached' });
  const firstMs = performance.now() - t0;
  const firstBytes = bytes;
  const kept = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const c = await caches.open((await caches.keys()).find((n) => n.startsWith('jiedui-'))!);
    const rs = await Promise.all((await c.keys()).map((k) => c.match(k)));
    const sizes = await Promise.all(rs.map(async (r) => (r ? (await r.arrayBuffer()).byteLength : 0)));
    return { files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
  });
  await context.setOffline(true);
  const times: number[] = [];
  let offlineBytes = 0;
  for (let i = 0; i < 5; i++) {
    bytes = 0;
    t0 = performance.now();
    await page.reload();
    await page.waitForSelector('body[data-ready="file"]', { state: 'attached' });
    times.push(performance.now() - t0);
    offlineBytes = bytes;
  }
  await context.close();
  times.sort((a, b) => a - b);
  return { firstMs, firstBytes, precacheFiles: kept.files, precacheBytes: kept.bytes, offlineMs: times[2], offlineBytes };
}
