/// <reference lib="dom" />
/**
 * The task pane in headless Chromium, file mode (the page outside Excel): open the demo workbook,
 * see the issues grouped by sheet, click one, fill, download, reopen, and check that the fills are
 * there and nothing else changed. Also the language switch, and screenshots for the user guide.
 */
import ExcelJS from 'exceljs';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fillAll } from '../../core/fill';
import { workbookToInput } from '../../xlsx/to-input';
import type { ZipFile } from '../../xlsx/zip';
import { openZip } from '../../xlsx/zip-node';
import {
  TODAY,
  cellMap,
  checkInPane,
  filePage,
  openFileInPane,
  pageWorkbook,
  useDemoPane,
  downloadTo,
  fillAllInPane,
  libreOffice,
} from './addin-helpers';

const env = useDemoPane();

const openPane = (lang: 'zh' | 'en') => filePage(env, lang);

const openDemo = (page: Page) => openFileInPane(page, env.demoPath);

describe('task pane in file mode', () => {
  it('starts in file mode when Office.js cannot load, without waiting on the CDN', async () => {
    const page = await env.browser.newPage();
    await page.route('**/office.js', (r) => r.abort());
    const t0 = Date.now();
    await page.goto(`${env.pane.url}/taskpane.html?lang=en`);
    await page.waitForSelector('body[data-ready="file"]', { timeout: 15_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await page.textContent('#mode')).toContain('File mode');
    await page.close();
  });

  it('checks the demo workbook: issues grouped by sheet with counts, errors first; a click selects the cell', async () => {
    const page = await openPane('en');
    await openDemo(page);
    await page.click('#check');
    const dup = page.locator('button.issue[data-code="row.duplicate_id"]');
    await dup.waitFor();
    expect(await dup.getAttribute('data-cell')).toBe('A13');
    expect(await dup.getAttribute('data-sheet')).toBe('教师名册');
    expect(await dup.textContent()).toContain('T005');
    // Groups: the sheets with errors come before those with only warnings.
    const groups = await page.$$eval('#issues details.group', (els) =>
      els.map((e) => ({ sheet: e.getAttribute('data-sheet'), counts: e.querySelector('summary')!.textContent })),
    );
    expect(groups[0].sheet).toBe('教师名册');
    expect(groups[0].counts).toMatch(/Error 1/);
    const firstWarningOnly = groups.findIndex((g) => !/Error/.test(g.counts ?? ''));
    const lastWithError = groups.map((g) => /Error/.test(g.counts ?? '')).lastIndexOf(true);
    expect(lastWithError).toBeLessThan(firstWarningOnly);
    // Within a sheet, errors first.
    const sevs = await page.$$eval('#issues details.group[data-sheet="教师名册"] button.issue', (els) => els.map((e) => e.className));
    expect(sevs[0]).toContain('error');
    expect(await page.textContent('#status')).toMatch(/2 errors, \d+ warnings/);
    await dup.click();
    await expect.poll(() => page.textContent('#selected')).toBe('教师名册!A13');
    await page.close();
  });

  it('marks the cells in the open workbook and removes exactly its own marks', async () => {
    const page = await openPane('en');
    await openDemo(page);
    await checkInPane(page);
    // the marks are what the download with marks carries (the workbook itself is left as it was)
    const state = async () => {
      const wb = await pageWorkbook(page, true);
      const cell = wb.getWorksheet('教师名册')!.getCell('A13');
      const other = wb.getWorksheet('教师名册')!.getCell('B13');
      return { fill: JSON.stringify(cell.fill ?? null), note: cell.note ?? null, other: JSON.stringify(other.fill ?? null) };
    };
    const marked = await state();
    expect(marked.fill).toContain('FFFFC7CE');
    expect(String(marked.note)).toContain('T005');
    expect(marked.other).toBe('null');
    expect(JSON.stringify((await pageWorkbook(page)).getWorksheet('教师名册')!.getCell('A13').fill ?? null)).not.toContain('FFFFC7CE');
    await page.click('#clear-marks');
    await expect.poll(async () => (await state()).note).toBeNull();
    expect((await state()).fill).not.toContain('FFFFC7CE');
    await page.close();
  });

  it('fills, downloads, and the reopened file has the fills and nothing else changed', async () => {
    const page = await openPane('en');
    await openDemo(page);
    await fillAllInPane(page);
    const outPath = join(env.dir, 'filled.xlsx');
    await downloadTo(page, outPath);
    await page.close();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(env.demoPath);
    const expected = fillAll(workbookToInput(wb), { today: TODAY, plan: false, match: false });
    expect(expected.writes.length).toBeGreaterThan(0);

    const before = await cellMap(env.demoPath);
    const after = await cellMap(outPath);
    const written = new Map<string, unknown>();
    for (const w of expected.writes) {
      const addr = `${w.sheetName}!${ExcelJS ? colName(w.col) : ''}${w.row}`;
      written.set(addr, w.value);
    }
    for (const [addr, value] of written) {
      if (value === null || value === '') continue;
      expect(after.get(addr), addr).toEqual(value);
    }
    for (const [addr, value] of before) {
      if (written.has(addr)) continue;
      expect(after.get(addr), addr).toEqual(value);
    }
    for (const addr of after.keys()) if (!before.has(addr)) expect(written.has(addr), `${addr} appeared`).toBe(true);

    // The check's marks are a view, not data: the download carries none.
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(outPath);
    expect(out.getWorksheet('教师名册')!.getCell('A13').note).toBeUndefined();
  });

  it('a fill downloaded keeps the parts ExcelJS dropped (WPS cell images, media, custom properties) byte for byte, and opens in LibreOffice', async () => {
    // the demo with WPS's in-cell pictures and custom document properties
    const wps = await JSZip.loadAsync(readFileSync(resolve(__dirname, '../fixtures/sheetjs-wps-image.xlsx')));
    const zip = await JSZip.loadAsync(readFileSync(env.demoPath));
    for (const n of Object.keys(wps.files).filter(
      (n) => /^xl\/(cellimages\.xml|_rels\/cellimages\.xml\.rels|media\/)/.test(n) && !wps.files[n].dir,
    ))
      zip.file(n, await wps.file(n)!.async('nodebuffer'));
    zip.file(
      'docProps/custom.xml',
      '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="学校"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">GH01</vt:lpwstr></property></Properties>',
    );
    const extrasPath = join(env.dir, 'extras.xlsx');
    writeFileSync(extrasPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const page = await openPane('en');
    await page.setInputFiles('#file-input', extrasPath);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('extras.xlsx'));
    await fillAllInPane(page);
    const outPath = join(env.dir, 'extras-filled.xlsx');
    await downloadTo(page, outPath);
    await page.close();

    const stored = async (z: ZipFile, name: string) => {
      const parts: Uint8Array[] = [];
      for await (const c of z.rawChunks(z.entries.get(name)!)) parts.push(c);
      return Buffer.concat(parts);
    };
    const a = await openZip(extrasPath);
    const b = await openZip(outPath);
    try {
      const extras = [...a.entries.keys()].filter((n) => /cellimages|media\/|docProps\/custom\.xml/.test(n));
      expect(extras.length).toBeGreaterThanOrEqual(3);
      for (const n of extras) {
        expect(b.has(n), n).toBe(true);
        expect((await stored(a, n)).equals(await stored(b, n)), `${n}: stored bytes`).toBe(true);
        expect(Buffer.from(await a.bytes(n)).equals(Buffer.from(await b.bytes(n))), `${n}: bytes`).toBe(true);
      }
      // the fill wrote something: a sheet part changed
      let changed = 0;
      for (const n of a.entries.keys()) if (!Buffer.from(await a.bytes(n)).equals(Buffer.from(await b.bytes(n)))) changed++;
      expect(changed).toBeGreaterThan(0);
    } finally {
      await a.close();
      await b.close();
    }

    // LibreOffice opens it: every sheet exported, the teachers as they were
    const profile = join(env.dir, 'lo-profile');
    await libreOffice(profile, [
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      join(env.dir, 'csv'),
      outPath,
    ]);
    const made = readdirSync(join(env.dir, 'csv')).filter((f) => f.startsWith('extras-filled-'));
    expect(made).toContain('extras-filled-教师名册.csv');
    expect(readFileSync(join(env.dir, 'csv/extras-filled-教师名册.csv'), 'utf8')).toContain('T005');
  }, 180_000);

  it('keeps the answer when cells cannot be marked, says why in the pane’s language, and checks an edit made during an action', async () => {
    const page = await openPane('en');
    await openDemo(page);
    await page.evaluate(() => {
      const app = (window as unknown as { __jiedui: { port: { setMarks: () => Promise<unknown> } } }).__jiedui;
      app.port.setMarks = async () => {
        throw new Error('AccessDenied');
      };
    });
    await checkInPane(page);
    await expect
      .poll(() => page.textContent('#status'))
      .toMatch(/^\d+ errors, \d+ warnings, \d+ notes Excel could not mark the cells \(AccessDenied\)/);
    await page.click('#lang');
    expect(await page.textContent('#status')).toMatch(/^\d+ 个错误.*Excel 未能标记单元格（AccessDenied）/);
    await page.click('#clear-marks');
    expect(await page.textContent('#status')).toBe('标记已清除。');
    await page.click('#lang');
    expect(await page.textContent('#status')).toBe('Marks cleared.');

    // An edit while another action runs (a slow read here) is checked once that action ends.
    const checks = await page.evaluate(async () => {
      type Port = { readSheets: () => Promise<unknown> };
      const app = (window as unknown as { __jiedui: { port: Port; check: () => Promise<void>; scheduleRecheck: () => void } }).__jiedui;
      const read = app.port.readSheets.bind(app.port);
      let reads = 0;
      app.port.readSheets = async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 1800));
        return read();
      };
      const first = app.check();
      app.scheduleRecheck(); // fires at 1.2 s, while the first check still reads
      await first;
      await new Promise((r) => setTimeout(r, 2500));
      return reads;
    });
    expect(checks).toBe(2);
    await page.close();
  });

  it('still says which sheet was not marked after a fill', async () => {
    const page = await openPane('en');
    await openDemo(page);
    await page.evaluate(() => {
      const app = (window as unknown as { __jiedui: { port: { setMarks: () => Promise<unknown> } } }).__jiedui;
      app.port.setMarks = async () => ({ notMarked: ['教师名册'] });
    });
    await page.click('#fill-all');
    await expect
      .poll(() => page.textContent('#status'))
      .toMatch(/^Wrote \d+ cells\. Sheet 教师名册 is protected: its cells were not marked/);
    await page.close();
  });

  it('switches between Chinese and English and keeps screenshots for the user guide', async () => {
    const page = await openPane('zh');
    expect(await page.textContent('#check')).toBe('检查');
    await openDemo(page);
    await checkInPane(page);
    expect(await page.textContent('#status')).toMatch(/个错误/);
    const docs = join(process.cwd(), 'docs');
    if (!existsSync(docs)) mkdirSync(docs);
    await page.screenshot({ path: join(env.dir, 'pane-zh.png'), fullPage: true });
    await page.click('#lang');
    expect(await page.textContent('#check')).toBe('Check');
    // The open file is still named after the re-render, in the new language.
    expect(await page.textContent('#file-name')).toBe('Open file: demo.xlsx');
    expect(await page.textContent('#file-label')).toContain('Open an Excel file');
    expect(await page.textContent('#status')).toMatch(/errors/);
    expect(await page.locator('button.issue[data-code="row.duplicate_id"]').textContent()).toContain('Duplicate');
    await page.screenshot({ path: join(env.dir, 'pane-en.png'), fullPage: true });
    // Screenshots land in docs/ only when asked (npm run screenshots): CI must not rewrite tracked files.
    if (process.env.JIEDUI_SCREENSHOTS) {
      copyFileSync(join(env.dir, 'pane-zh.png'), join(docs, 'addin-pane-zh.png'));
      copyFileSync(join(env.dir, 'pane-en.png'), join(docs, 'addin-pane-en.png'));
    }
    await page.close();
  });

  it('suggests mentors; the person drops one and writes the rest', async () => {
    const page = await openPane('en');
    await openDemo(page);
    await page.click('#suggest');
    await page.locator('#suggestions input.accept').first().waitFor();
    const offered = await page.locator('#suggestions input.accept').count();
    expect(offered).toBeGreaterThan(0);
    const pairings = async () => (await pageWorkbook(page)).getWorksheet('师徒结对')!.actualRowCount;
    const before = await pairings();
    if (offered > 1) await page.locator('#suggestions input.accept').first().uncheck();
    await page.click('#apply-suggestions');
    await page.waitForFunction(() => /Wrote \d+ cells/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await pairings()).toBe(before + (offered > 1 ? offered - 1 : offered));
    await page.close();
  });

  it('starts a new workbook from the template in the chosen language', async () => {
    const page = await openPane('zh');
    await page.click('#new-workbook');
    await page.waitForFunction(
      () =>
        (document.getElementById('status')?.textContent ?? '').length > 0 && !/正在/.test(document.getElementById('status')!.textContent!),
    );
    const names = await page.evaluate(() =>
      (window as unknown as { __jiedui: { port: { sheetNames(): Promise<string[]> } } }).__jiedui.port.sheetNames(),
    );
    expect(names).toEqual(expect.arrayContaining(['项目信息', '教师名册', '师徒结对', '活动安排', '考核', '考核标准']));
    await page.close();
  });

  it('keeps the task pane under 250 KB gzipped; no ExcelJS anywhere in the page, file mode reads and writes the package with fflate', () => {
    expect(env.pane.sizes.paneGzipBytes).toBeLessThan(250 * 1024);
    expect(env.pane.sizes.panePackages).not.toContain('exceljs');
    expect(env.pane.sizes.panePackages).not.toContain('fflate');
    expect(env.pane.sizes.lazyPackages).not.toContain('exceljs');
    expect(env.pane.sizes.lazyPackages).toContain('fflate');
  });
});

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
