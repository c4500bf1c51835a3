/// <reference lib="dom" />
/**
 * The page in Chromium (file mode) against a real local worker (wrangler dev on local D1, started
 * and stopped here): Check lists the duplicate teacher id, Test connection learns the school
 * role, Sync sends the demo workbook with a progress bar and asks for no totals (no 403), a second
 * Sync after the download and reopen sends nothing; a bureau token pulls totals into a Totals
 * sheet that is downloaded and reopened with the figures. A typo in Program's school code stops
 * Sync with a note naming both schools; synced as the typo all the same, the workbook keeps the
 * state it had, so once Program is corrected a sync sends nothing. "Take the server's" for a
 * conflict, after a row was inserted above it with no check since, writes into the moved row.
 */
import ExcelJS from 'exceljs';
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
/** The demo after its first sync, downloaded (the sync state in its very hidden sheet), and the school's token. */
let syncedPath: string;
let schoolToken: string;

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
    schoolToken = tok.json.token as string;
    expect((await api('PUT', '/api/v1/counties/CTY01', ADMIN, { name: '示范县' })).status).toBe(200);

    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${pane.url}/taskpane.html?mode=file&lang=en&today=2026-10-15`);
    await page.waitForSelector('body[data-ready="file"]');

    // Settings: address and token stay in the browser, never in the workbook.
    await page.click('#settings-panel summary');
    await page.fill('#server-url', worker.url);
    await page.fill('#token', schoolToken);
    await page.click('#save-settings');
    await page.click('#test-connection');
    await page.waitForFunction(() => /Connected|not valid|Cannot reach/.test(document.getElementById('connection')?.textContent ?? ''));
    expect(await page.textContent('#connection')).toContain('a school token (county 示范县 CTY01)');

    await page.setInputFiles('#file-input', demoPath);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('demo.xlsx'));
    await page.click('#check');
    const dup = page.locator('button.issue[data-code="row.duplicate_id"]');
    await dup.waitFor();
    expect(await dup.getAttribute('data-cell')).toBe('A13');
    expect(await dup.textContent()).toContain('T005');

    await page.click('#sync');
    await page.waitForFunction(() => /Synced:|not finished|went wrong/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
    const status = (await page.textContent('#status')) ?? '';
    expect(status).toMatch(/Synced: \d+ rows sent, \d+ taken by the server; 0 unchanged/);
    expect(await page.getAttribute('#sync-progress', 'value')).toBe(await page.getAttribute('#sync-progress', 'max'));
    expect(await page.textContent('#sync-count')).toMatch(/(\d+) of \1 rows sent \(request 1 of 1\)/);
    // A school asks for no county totals: no 403 in the console.
    expect(errors.filter((e) => /403|Forbidden/i.test(e))).toEqual([]);

    // The download carries the very hidden sync state: reopened, a sync sends nothing.
    await page.waitForSelector('body:not(.busy)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const synced = join(tempDir(), 'synced.xlsx');
    await download.saveAs(synced);
    syncedPath = synced;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(synced);
    expect(wb.getWorksheet('_jiedui_sync')?.state).toBe('veryHidden');
    await page.setInputFiles('#file-input', synced);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('synced.xlsx'));
    await page.click('#sync');
    await page.waitForFunction(() => /Synced:|not finished|went wrong/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
    expect(await page.textContent('#status')).toMatch(/Synced: 0 rows sent, 0 taken by the server; \d+ unchanged/);
    await page.close();

    const totals = await api('GET', '/api/v1/totals?term=2026-2027-1&county=CTY01&group_by=school', ADMIN);
    expect(totals.status).toBe(200);
    const row = (totals.json.rows as { key: string; teachers: number }[]).find((r) => r.key === 'GH01');
    // 12 teacher rows in the demo, one a duplicate id held back: 11 teachers.
    expect(row?.teachers).toBe(11);
  });

  it('a typo in Program’s school code asks before syncing, and never costs the workbook its sync state', async () => {
    /** The file with Program's school code (B2 of 项目信息) set to `code`. */
    const withSchool = async (from: string, code: string, name: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(from);
      wb.getWorksheet('项目信息')!.getCell('B2').value = code;
      const out = join(tempDir(), name);
      await wb.xlsx.writeFile(out);
      return out;
    };
    const revision = async () => ((await api('GET', '/api/v1/rows?term=2026-2027-1&since=999999', schoolToken)).json.revision as number);
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${pane.url}/taskpane.html?mode=file&lang=en&today=2026-10-15`);
    await page.waitForSelector('body[data-ready="file"]');
    await page.click('#settings-panel summary');
    await page.fill('#server-url', worker.url);
    await page.fill('#token', schoolToken);
    await page.click('#save-settings');
    const syncNow = async () => {
      await page.click('#sync');
      await page.waitForFunction(() => /Synced:|not finished|went wrong|was synced as/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
      return (await page.textContent('#status')) ?? '';
    };
    const open = async (path: string, name: string) => {
      await page.setInputFiles('#file-input', path);
      await page.waitForFunction((n) => document.getElementById('status')?.textContent?.includes(n), name);
    };

    await open(await withSchool(syncedPath, 'GH0l', 'typo.xlsx'), 'typo.xlsx');
    const before = await revision();
    expect(await syncNow()).toContain('This workbook was synced as GH01 2026-2027-1; Program now says GH0l 2026-2027-1');
    expect(await page.textContent('#sync-note-text')).toContain('correct Program and sync again');
    expect(await revision()).toBe(before);

    // The person says it is right: it syncs as GH0l (the server, which has every row, answers conflicts).
    await page.click('#sync-new-scope');
    await page.waitForFunction(() => /Synced:|not finished|went wrong/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
    expect(await page.textContent('#status')).toMatch(/Synced: \d+ rows sent, 0 taken by the server/);
    expect(await revision()).toBe(before);
    await page.waitForSelector('body:not(.busy)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const typoSynced = join(tempDir(), 'typo-synced.xlsx');
    await download.saveAs(typoSynced);

    // Corrected: the state GH01 had is still there, and nothing is sent.
    await open(await withSchool(typoSynced, 'GH01', 'fixed.xlsx'), 'fixed.xlsx');
    expect(await syncNow()).toMatch(/Synced: 0 rows sent, 0 taken by the server; \d+ unchanged/);
    await page.close();
  });

  it('a bureau pulls totals into a Totals sheet that is downloaded and reopened with the figures', async () => {
    const bureau = (await api('POST', '/api/v1/tokens', ADMIN, { role: 'bureau', county: 'CTY01' })).json.token as string;
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${pane.url}/taskpane.html?mode=file&lang=en&today=2026-10-15`);
    await page.waitForSelector('body[data-ready="file"]');
    await page.click('#settings-panel summary');
    await page.fill('#server-url', worker.url);
    await page.fill('#token', bureau);
    await page.click('#test-connection');
    await page.waitForSelector('#bureau-panel');
    expect(await page.locator('#sync').count()).toBe(0);
    await page.fill('#totals-term', '2026-2027-1');
    await page.click('#pull-totals');
    await page.waitForFunction(() => /Wrote "Totals"|went wrong|cannot/i.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await page.textContent('#status')).toMatch(/Wrote "Totals": 1 row of totals, 1 school needs attention\. File mode cannot draw the chart/);
    // Refresh: in place, still one Totals sheet.
    await page.click('#pull-totals');
    await page.waitForFunction(() => /Wrote "Totals"/.test(document.getElementById('status')?.textContent ?? ''));
    await page.waitForSelector('body:not(.busy)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const out = join(tempDir(), 'totals.xlsx');
    await download.saveAs(out);
    await page.close();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Totals']);
    const ws = wb.getWorksheet('Totals')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const gh = (ws.getRow(2).values as unknown[]).slice(1);
    expect(gh[0]).toBe('GH01');
    expect(gh[header.indexOf('Teachers')]).toBe(11);
    expect(Number(gh[header.indexOf('Activities')])).toBeGreaterThan(0);
    // The compliance list names GH01 with its open warnings (the demo has some on purpose).
    const texts: unknown[][] = [];
    ws.eachRow((r) => texts.push((r.values as unknown[]).slice(1)));
    const title = texts.findIndex((r) => String(r[0]).startsWith('Compliance'));
    expect(title).toBeGreaterThan(1);
    expect(texts[title + 2][0]).toBe('GH01');
    expect(Number(texts[title + 2][5])).toBeGreaterThan(0);
  });
  it('Test connection says a locked term is closed before the person tries to sync', async () => {
    expect((await api('POST', '/api/v1/schools', ADMIN, { code: 'LK01', name: '锁定小学', county: 'CTY09' })).status).toBe(201);
    const tok = await api('POST', '/api/v1/tokens', ADMIN, { role: 'school', school: 'LK01' });
    expect(tok.status).toBe(201);
    const page = await browser.newPage();
    await page.goto(`${pane.url}/taskpane.html?mode=file&lang=en&today=2026-10-15`);
    await page.waitForSelector('body[data-ready="file"]');
    await page.click('#settings-panel summary');
    await page.fill('#server-url', worker.url);
    await page.fill('#token', tok.json.token as string);
    await page.click('#save-settings');

    const tested = () =>
      page.waitForFunction(() => /Connected|closed reporting|not valid|Cannot reach/.test(document.getElementById('connection')?.textContent ?? ''));
    await page.click('#test-connection');
    await tested();
    expect(await page.textContent('#connection')).toContain('a school token');

    expect((await api('POST', '/api/v1/terms/2026-2027-1/lock?county=CTY09', ADMIN)).status).toBe(200);
    // The pane renders again after a test; the settings the person opened stay open.
    expect(await page.isVisible('#test-connection')).toBe(true);
    await page.click('#test-connection');
    await page.waitForFunction(() => /closed reporting/.test(document.getElementById('connection')?.textContent ?? ''));
    expect(await page.getAttribute('#connection', 'class')).toBe('bad');
    await page.close();
  });

  it('“take the server’s” after a row was inserted above the conflict writes into the moved row, not the inserted one', async () => {
    const TERM = '2026-2027-1';
    const SERVER_NAME = '李建国（服务器）';
    const MY_NAME = '李建国（本校）';
    const page = await browser.newPage();
    await page.goto(`${pane.url}/taskpane.html?mode=file&lang=en&today=2026-10-15`);
    await page.waitForSelector('body[data-ready="file"]');
    await page.click('#settings-panel summary');
    await page.fill('#server-url', worker.url);
    await page.fill('#token', schoolToken);
    await page.click('#save-settings');
    await page.setInputFiles('#file-input', syncedPath);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('synced.xlsx'));

    // Another client changes T002's name on the server: its copy is now newer than the workbook's.
    const rows = (await api('GET', `/api/v1/rows?term=${TERM}`, schoolToken)).json.rows as { table: string; id: string; version: number; values: Record<string, unknown> }[];
    const t002 = rows.find((r) => r.table === 'teachers' && r.id === 'T002')!;
    expect(t002.values.name).toBe('李建国');
    const other = await api('POST', '/api/v1/sync', schoolToken, {
      batch_id: `other-client-${Date.now()}`,
      term: TERM,
      template_version: 1,
      rows: [{ table: 'teachers', id: 'T002', base_version: t002.version, values: { ...t002.values, name: SERVER_NAME } }],
    });
    expect(other.status).toBe(200);
    expect(other.json.conflicts).toEqual([]);

    /** Every non-empty cell of the page's workbook (the sync state sheet left out), `sheet!A1 -> value`. */
    const cells = () =>
      page.evaluate(() => {
        const wb = (window as unknown as { __jiedui: { port: { wb: ExcelJS.Workbook } } }).__jiedui.port.wb;
        const out: Record<string, unknown> = {};
        wb.eachSheet((ws) => {
          if (ws.name === '_jiedui_sync') return;
          ws.eachRow((row) =>
            row.eachCell((cell) => {
              const v = cell.value instanceof Date ? cell.value.toISOString() : cell.value;
              if (v !== null && v !== undefined && v !== '') out[`${ws.name}!${cell.address}`] = v;
            }),
          );
        });
        return out;
      });

    // The workbook changes T002's name too (row 3 of 教师名册) and syncs: the conflict is listed.
    await page.evaluate((name) => {
      const wb = (window as unknown as { __jiedui: { port: { wb: ExcelJS.Workbook } } }).__jiedui.port.wb;
      const ws = wb.getWorksheet('教师名册')!;
      if (ws.getCell('A3').value !== 'T002') throw new Error(`A3 is ${String(ws.getCell('A3').value)}`);
      ws.getCell('B3').value = name;
    }, MY_NAME);
    await page.click('#sync');
    await page.waitForFunction(() => /Synced:|not finished|went wrong/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
    const conflict = page.locator('li[data-key="teachers:T002"]');
    await conflict.waitFor();
    // The sync still pulls the bureau's rules after its status: a click while it is busy is dropped.
    await page.waitForSelector('body:not(.busy)');

    // A new teacher is inserted above T002, and no check runs: T002 is now on row 4.
    const NEW_TEACHER = ['T012', '何新', 'GH01', '语文', '初级', '无', 1, '新教师', '否'];
    await page.evaluate((values) => {
      const wb = (window as unknown as { __jiedui: { port: { wb: ExcelJS.Workbook } } }).__jiedui.port.wb;
      wb.getWorksheet('教师名册')!.insertRow(3, values);
    }, NEW_TEACHER);
    const before = await cells();
    expect(before['教师名册!A3']).toBe('T012');
    expect(before['教师名册!A4']).toBe('T002');
    expect(before['教师名册!B4']).toBe(MY_NAME);

    await conflict.locator('button.take-server').click();
    await page.waitForFunction(() => /server’s values were written|went wrong|no longer/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 30_000 });
    expect(await page.textContent('#status')).toContain('The server’s values were written into the row.');
    expect(await page.locator('li[data-key="teachers:T002"]').count()).toBe(0);

    // T002's row (one lower now) has the server's name; the inserted row and every other cell are as they were.
    const after = await cells();
    expect(after).toEqual({ ...before, '教师名册!B4': SERVER_NAME });
    expect(NEW_TEACHER.map((_, i) => after[`教师名册!${String.fromCharCode(65 + i)}3`])).toEqual(NEW_TEACHER);
    await page.close();
  });
});
