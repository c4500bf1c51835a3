/// <reference lib="dom" />
/**
 * The page's file mode (Chromium) on workbooks not saved by Excel: the demo as WPS saves it
 * (tests/wps-files.ts: x14 list validation, a cell image with its DISPIMG formula, WPS's Chinese
 * date format, its custom properties) and the demo after a LibreOffice round trip (.xlsx → .ods →
 * .xlsx, soffice, bounded). Each opens, checks with exactly the issues of the Excel-saved demo
 * (no false errors), fills as many cells, and its filled download reads back as the filled demo.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../core/read';
import JSZip from 'jszip';
import { asWps, readXlsxFile, x14Lists } from '../wps-files';
import { jiedui } from '../cli/helpers';
import { checkInPane, filePage, openFileInPane, useDemoPane, libreOffice } from './addin-helpers';

const env = useDemoPane();
/** The demo as `jiedui demo` writes it: the template's dropdowns in every sheet. */
let demoPath: string;
let wpsPath: string;
let loPath: string;

beforeAll(async () => {
  const dir = env.dir;
  const made = await jiedui(['demo', '-o', 'demo-cli.xlsx'], dir);
  expect(made.code, made.stderr).toBe(0);
  demoPath = join(dir, 'demo-cli.xlsx');
  wpsPath = join(dir, 'wps.xlsx');
  writeFileSync(
    wpsPath,
    await asWps(readFileSync(demoPath), {
      crossSheetList: { sheetPart: 'xl/worksheets/sheet3.xml', sqref: 'E2:E2000', ref: "'考核标准'!$A$2:$A$5" },
      imageCell: { sheetPart: 'xl/worksheets/sheet5.xml', cell: 'L2' },
    }),
  );
  await libreOffice(`${dir}/lo`, ['--convert-to', 'ods', '--outdir', join(dir, 'ods'), demoPath]);
  await libreOffice(`${dir}/lo`, ['--convert-to', 'xlsx', '--outdir', join(dir, 'back'), join(dir, 'ods/demo-cli.ods')]);
  loPath = join(dir, 'libreoffice.xlsx');
  writeFileSync(loPath, readFileSync(join(dir, 'back/demo-cli.xlsx')));
}, 240_000);

const pane = () => filePage(env, 'en', { query: '&sw=off' });

/** Opens a file, checks it, fills it and downloads the filled copy: the issues, the count and the copy. */
async function checkAndFill(page: Page, path: string, out: string): Promise<{ issues: string[]; wrote: number; status: string }> {
  await openFileInPane(page, path);
  await checkInPane(page);
  const issues = (
    await page.$$eval('#issues button.issue', (els) =>
      els.map((e) => `${e.getAttribute('data-code')} ${e.getAttribute('data-sheet')}!${e.getAttribute('data-cell')}`),
    )
  ).sort();
  const status = (await page.textContent('#status')) ?? '';
  await page.click('#fill-all');
  await page.waitForFunction(() => /Wrote \d+ cells|went wrong/.test(document.getElementById('status')?.textContent ?? ''), null, {
    timeout: 30_000,
  });
  const wrote = Number(/Wrote (\d+) cells/.exec((await page.textContent('#status')) ?? '')?.[1] ?? -1);
  await page.waitForSelector('body:not(.busy)', { state: 'attached', timeout: 15_000 });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click('#download')]);
  await download.saveAs(out);
  return { issues, wrote, status };
}

/** The records a file holds, the photo cell's DISPIMG text put back as the demo has it. */
async function records(path: string): Promise<unknown> {
  const read = readWorkbook(await readXlsxFile(path));
  return JSON.parse(JSON.stringify(read.sheets).replace(/=DISPIMG\(\\"[^\\]*\\",1\)/g, '照片、签到表'));
}

describe('file mode on workbooks saved by WPS and by LibreOffice', () => {
  let excel: { issues: string[]; wrote: number; status: string };

  it('checks and fills the Excel-saved demo (the measure for the others)', async () => {
    const page = await pane();
    excel = await checkAndFill(page, demoPath, join(env.dir, 'demo-filled.xlsx'));
    expect(excel.issues.length).toBeGreaterThan(3);
    expect(excel.wrote).toBeGreaterThan(10);
    await page.close();
  });

  for (const [label, file] of [
    ['WPS', () => wpsPath],
    ['LibreOffice (.xlsx → .ods → .xlsx)', () => loPath],
  ] as const) {
    it(`${label}: the same issues, the same cells filled, and the filled copy holds the filled demo's records`, async () => {
      const page = await pane();
      const out = join(env.dir, `${label.slice(0, 3)}-filled.xlsx`);
      const got = await checkAndFill(page, file(), out);
      expect(got.issues).toEqual(excel.issues);
      expect(got.status).toBe(excel.status);
      expect(got.wrote).toBe(excel.wrote);
      expect(await records(out)).toEqual(await records(join(env.dir, 'demo-filled.xlsx')));
      if (label === 'WPS') {
        // The download keeps WPS's x14 dropdowns and its cell images as they were.
        const [a, b] = await Promise.all([JSZip.loadAsync(readFileSync(file())), JSZip.loadAsync(readFileSync(out))]);
        for (const n of Object.keys(a.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)))
          expect([...x14Lists(await b.file(n)!.async('string'))], n).toEqual([...x14Lists(await a.file(n)!.async('string'))]);
        expect(x14Lists(await b.file('xl/worksheets/sheet3.xml')!.async('string')).size).toBeGreaterThan(0);
        expect(await b.file('xl/cellimages.xml')?.async('string')).toBe(await a.file('xl/cellimages.xml')!.async('string'));
      }
      await page.close();
    });
  }
});
