/// <reference lib="dom" />
/**
 * Issue 2's thread end to end: the page in Chromium (file mode) reads the Teachers table through
 * the workbook port, Check lists the duplicate teacher id with its cell, Sync posts the rows to a
 * real local worker (wrangler dev on local D1, started and stopped here), and
 * GET /api/v1/totals counts the teachers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { applyLocalMigrations, freePort, startWorker, type RunningWorker } from '../../scripts/worker-local.mjs';
import { inputToXlsx, launchChromium, servePane, tempDir, type ServedPane } from './addin-helpers';

const ADMIN = 'e2e-admin-token';
let pane: ServedPane;
let worker: RunningWorker;
let browser: Browser;
let demoPath: string;

async function api(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  demoPath = join(tempDir(), 'demo.xlsx');
  await inputToXlsx(demoWorkbook(), demoPath);
  pane = await servePane();
  const persistTo = mkdtempSync(join(tmpdir(), 'jiedui-d1-'));
  await applyLocalMigrations({ persistTo });
  worker = await startWorker({
    port: await freePort(),
    persistTo,
    adminToken: ADMIN,
    extraArgs: ['--var', `CORS_ORIGINS:${pane.url}`],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await pane?.close();
});

describe('check and sync from the page to the worker', () => {
  it('lists the duplicate teacher id with its cell, syncs, and the totals count the teachers', async () => {
    expect((await api('POST', '/api/v1/schools', ADMIN, { code: 'GH01', name: '国河中心小学', county: 'CTY01', town: '国河镇', level: 'primary' })).status).toBe(201);
    const tok = await api('POST', '/api/v1/tokens', ADMIN, { role: 'school', school: 'GH01', label: 'e2e' });
    expect(tok.status).toBe(201);
    const schoolToken = tok.json.token as string;

    const page = await browser.newPage();
    page.on('console', (m) => m.type() === 'error' && console.log('page:', m.text()));
    await page.goto(`${pane.url}/taskpane.html?mode=file&lang=en&today=2026-10-15`);
    await page.waitForSelector('body[data-ready="file"]');

    // Settings: address and token stay in the browser, never in the workbook.
    await page.click('#settings-panel summary');
    await page.fill('#server-url', worker.url);
    await page.fill('#token', schoolToken);
    await page.click('#save-settings');

    await page.setInputFiles('#file-input', demoPath);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('demo.xlsx'));
    await page.click('#check');
    const dup = page.locator('button.issue[data-code="row.duplicate_id"]');
    await dup.waitFor();
    expect(await dup.getAttribute('data-cell')).toBe('A13');
    expect(await dup.textContent()).toContain('T005');

    await page.click('#sync');
    await page.waitForFunction(() => /Synced \d+ rows|Sync failed|went wrong/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
    const status = (await page.textContent('#status')) ?? '';
    expect(status).toMatch(/Synced \d+ rows/);
    await page.close();

    const totals = await api('GET', '/api/v1/totals?term=2026-2027-1&county=CTY01&group_by=school', ADMIN);
    expect(totals.status).toBe(200);
    const row = (totals.json.rows as { key: string; teachers: number }[]).find((r) => r.key === 'GH01');
    // 12 teacher rows in the demo, one a duplicate id held back: 11 teachers.
    expect(row?.teachers).toBe(11);
  });
});
