/// <reference lib="dom" />
/**
 * The page's reach in headless Chromium: Office.js from the project (no request to Microsoft's
 * CDN, file mode reached through Office.onReady), the page working offline once visited (service
 * worker), and file mode as a working surface (the row around an issue, visible Clear marks, a
 * download that carries the marks under a name that says so).
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { inputToXlsx, launchChromium, servePane, tempDir, type ServedPane } from './addin-helpers';

const TODAY = '2026-10-15';
let pane: ServedPane;
let browser: Browser;
let dir: string;
let demoPath: string;

beforeAll(async () => {
  dir = tempDir();
  demoPath = join(dir, 'demo.xlsx');
  await inputToXlsx(demoWorkbook(), demoPath);
  pane = await servePane();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await pane?.close();
});

async function openDemo(page: Page): Promise<void> {
  await page.setInputFiles('#file-input', demoPath);
  await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('demo.xlsx'));
}

describe('Office.js from the project', () => {
  it('loads the local @microsoft/office-js (no CDN request) and reaches file mode through Office.onReady', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${pane.url}/taskpane.html?lang=en&sw=off`);
    await page.waitForSelector('body[data-ready="file"]', { state: 'attached', timeout: 15_000 });
    expect(await page.getAttribute('body', 'data-office')).toBe('outside');
    expect(requests).toContain(`${pane.url}/office-js/office.js`);
    expect(requests.filter((u) => u.includes('appsforoffice.microsoft.com'))).toEqual([]);
    expect(await page.evaluate(() => typeof Office !== 'undefined' && typeof Office.onReady === 'function')).toBe(true);
    expect(await page.textContent('#mode')).toContain('File mode');
    await page.close();
  });
});

describe('offline once loaded', () => {
  it('starts, opens a workbook, checks, fills and downloads with the network cut after the first visit', async () => {
    const context: BrowserContext = await browser.newContext({ acceptDownloads: true, viewport: { width: 420, height: 900 } });
    const page = await context.newPage();
    const url = `${pane.url}/taskpane.html?mode=file&lang=en&today=${TODAY}`;
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
    await page.click('#check');
    await page.locator('button.issue').first().waitFor();
    await page.click('#fill-all');
    await page.waitForFunction(() => /Wrote \d+ cells/.test(document.getElementById('status')?.textContent ?? ''));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const out = join(dir, 'offline.xlsx');
    await download.saveAs(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet('教师名册')).toBeDefined();
    await context.close();
  });
});
