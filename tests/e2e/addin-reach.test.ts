/// <reference lib="dom" />
/**
 * The page's reach in headless Chromium: Office.js from the project (no request to Microsoft's
 * CDN, file mode reached through Office.onReady), the page working offline once visited (service
 * worker), and file mode as a working surface (the row around an issue, visible Clear marks, a
 * download that carries the marks under a name that says so).
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TODAY, checkInPane, filePage, openFileInPane, useDemoPane, downloadTo, fillAllInPane } from './addin-helpers';

const env = useDemoPane();

const openDemo = (page: Page) => openFileInPane(page, env.demoPath);

describe('Office.js from the project', () => {
  it('loads the local @microsoft/office-js (no CDN request) and reaches file mode through Office.onReady', async () => {
    const page = await env.browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${env.pane.url}/taskpane.html?lang=en&sw=off`);
    await page.waitForSelector('body[data-ready="file"]', { state: 'attached', timeout: 15_000 });
    expect(await page.getAttribute('body', 'data-office')).toBe('outside');
    expect(requests).toContain(`${env.pane.url}/office-js/office.js`);
    expect(requests.filter((u) => u.includes('appsforoffice.microsoft.com'))).toEqual([]);
    expect(await page.evaluate(() => typeof Office !== 'undefined' && typeof Office.onReady === 'function')).toBe(true);
    expect(await page.textContent('#mode')).toContain('File mode');
    await page.close();
  });
});

describe('offline once loaded', () => {
  it('starts, opens a workbook, checks, fills and downloads with the network cut after the first visit', async () => {
    const context: BrowserContext = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    const url = `${env.pane.url}/taskpane.html?mode=file&lang=en&today=${TODAY}`;
    await page.goto(url);
    await page.waitForSelector('body[data-ready="file"]', { state: 'attached' });
    // The worker is installed with every file of the build kept, then controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 10_000 }).toBe(true);
    const kept = await page.evaluate(async () => {
      const names = await caches.keys();
      const c = await caches.open(names.find((n) => n.startsWith('jiedui-'))!);
      return (await c.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(kept).toContain('/taskpane.html');
    expect(kept.some((p) => p.startsWith('/chunks/'))).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('body[data-ready="file"]', { state: 'attached', timeout: 15_000 });
    await openDemo(page);
    await checkInPane(page);
    await fillAllInPane(page);
    const out = join(env.dir, 'offline.xlsx');
    await downloadTo(page, out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('教师名册')).toBeDefined();
    await context.close();
  });
});

describe('file mode as a working surface', () => {
  async function openChecked(lang: 'zh' | 'en'): Promise<Page> {
    const page = await filePage(env, lang, { query: '&sw=off' });
    await openDemo(page);
    await checkInPane(page);
    return page;
  }

  it('shows the row around a clicked issue with the bad cell highlighted', async () => {
    const page = await openChecked('en');
    await page.click('button.issue[data-code="row.duplicate_id"]');
    const grid = page.locator('#row-view table.row-view');
    await grid.waitFor();
    expect(await grid.getAttribute('data-sheet')).toBe('教师名册');
    expect(await grid.getAttribute('data-row')).toBe('13');
    // The bad cell is A13: the duplicated id, under its header.
    expect(await page.textContent('#row-view td.bad')).toBe('T005');
    const header = await page.$$eval('#row-view tr:nth-child(2) th', (ths) => ths.map((t) => t.textContent));
    expect(header[1]).toBe('教师编号');
    const cols = await page.$$eval('#row-view tr:first-child th', (ths) => ths.map((t) => t.textContent));
    expect(cols.slice(1, 3)).toEqual(['A', 'B']);
    await page.close();
  });

  it('Clear marks visibly changes the pane: the marks count goes to 0 and the highlight goes', async () => {
    const page = await openChecked('en');
    const count = await page.textContent('#marks-count');
    expect(Number(/^(\d+) cells? marked/.exec(count ?? '')?.[1])).toBeGreaterThan(0);
    await page.click('button.issue[data-code="row.duplicate_id"]');
    await page.locator('#row-view td.bad').waitFor();
    await page.click('#clear-marks');
    await expect.poll(() => page.textContent('#marks-count')).toBe('0 cells marked.');
    expect(await page.locator('#row-view td.bad').count()).toBe(0);
    expect(await page.textContent('#status')).toBe('Marks cleared.');
    await page.close();
  });

  it('downloads the checked copy with its marks when asked, under a name that says so', async () => {
    const page = await openChecked('zh');
    await page.check('#download-marks');
    const out = join(env.dir, 'checked.xlsx');
    const download = await downloadTo(page, out);
    expect(download.suggestedFilename()).toBe('demo-已检查.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const a13 = wb.getWorksheet('教师名册')!.getCell('A13');
    expect(JSON.stringify(a13.fill)).toContain('FFC7CE');
    expect(String(a13.note)).toContain('T005');
    await page.close();
  });

  it('downloads the filled copy without marks by default, named as filled (en)', async () => {
    const page = await openChecked('en');
    await fillAllInPane(page);
    const out = join(env.dir, 'filled-nomarks.xlsx');
    const download = await downloadTo(page, out);
    expect(download.suggestedFilename()).toBe('demo-filled.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('教师名册')!.getCell('A13').note).toBeUndefined();
    await page.close();
  });
});

describe('a sync made offline', () => {
  it('waits, says so, and goes by itself when the browser is back online', async () => {
    const context = await env.browser.newContext({ viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    const server = 'http://jiedui-server.test';
    const seen: string[] = [];
    // A route answers before Chromium's offline emulation: while "offline" it fails like a cut network.
    let offline = false;
    await context.route(`${server}/**`, (r) => {
      if (offline) return r.abort('internetdisconnected');
      seen.push(new URL(r.request().url()).pathname);
      return r.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal', message: 'test server' } }),
      });
    });
    await page.goto(`${env.pane.url}/taskpane.html?mode=file&lang=en&today=${TODAY}&sw=off`);
    await page.waitForSelector('body[data-ready="file"]', { state: 'attached' });
    await page.click('#settings-panel summary');
    await page.fill('#server-url', server);
    await page.fill('#token', 'jd_school_test');
    await page.click('#save-settings');
    await openDemo(page);
    // Save tried the token (this server answers 500): what counts is what the sync asks while offline.
    await page.waitForSelector('#connection.bad', { timeout: 15_000 });
    seen.length = 0;

    offline = true;
    await context.setOffline(true);
    await page.click('#sync');
    await expect.poll(() => page.textContent('#status'), { timeout: 15_000 }).toMatch(/sync by itself once the server can be reached/);
    expect(seen).toEqual([]);

    offline = false;
    await context.setOffline(false);
    // The browser's online event runs the sync again: the server is asked without another click.
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('#status'), { timeout: 15_000 }).not.toMatch(/sync by itself/);
    await context.close();
  });
});

describe('an old Excel', () => {
  /** An Office.js standing for Excel at ExcelApi `max`: onReady says Excel, isSetSupported answers by version. */
  const oldExcel = (max: string) => `
    window.Office = {
      HostType: { Excel: 'Excel' },
      context: {
        displayLanguage: 'en-US',
        requirements: { isSetSupported: function (name, v) {
          var a = String(v || '1.1').split('.').map(Number), b = ${JSON.stringify(max)}.split('.').map(Number);
          return name === 'ExcelApi' && (a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]));
        } },
      },
      onReady: function () { return Promise.resolve({ host: 'Excel', platform: 'PC' }); },
    };`;

  it('starts the pane and says in one line what this Excel cannot do and what still works', async () => {
    for (const [max, expected] of [
      [
        '1.1',
        /^This Excel: no re-check after edits, so press Check after editing; marks are a fill colour only.*sync record sheet _jiedui_sync cannot be hidden.*Check, marks, Clear marks, fills, sync and totals still work\.$/,
      ],
      ['1.20', null],
    ] as const) {
      const page = await env.browser.newPage();
      await page.route('**/office.js', (r) => r.fulfill({ contentType: 'text/javascript', body: oldExcel(max) }));
      await page.goto(`${env.pane.url}/taskpane.html?lang=en&sw=off`);
      await page.waitForSelector('body[data-ready="office"]', { state: 'attached', timeout: 15_000 });
      if (expected) expect(await page.textContent('#host-limits')).toMatch(expected);
      else expect(await page.locator('#host-limits').count()).toBe(0);
      await page.close();
    }
  });
});
