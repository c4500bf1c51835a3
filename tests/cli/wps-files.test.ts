/**
 * Files saved by WPS read and fill as Excel's do (issue 18 point 4), on the demo crafted as WPS
 * saves it (tests/wps-files.ts: list validation in the x14 extension, a cell image through
 * xl/cellimages.xml and a DISPIMG formula, dates under WPS's Chinese date format, WPS's custom
 * properties). `validate` finds exactly the issues of the Excel-saved demo (no false errors); `fill`
 * writes exactly the same cells and keeps every x14 list (each range and its formula, the one that
 * points at another sheet too), the cell image's parts byte for byte and the DISPIMG formula; the
 * filled file reads back as the filled Excel-saved demo does, and LibreOffice opens it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { fillAll } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { DISPIMG_ID, WPS_DATE, asWps, readXlsxFile, x14Lists } from '../wps-files';
import { jiedui, tempDir } from './helpers';

const TODAY = '2026-10-15';
const dir = tempDir();
const at = (f: string) => join(dir, f);
/** 教师名册 (sheet3) E2:E2000, the title list, pointed at another sheet's range as WPS stores such a list. */
const CROSS = { sheetPart: 'xl/worksheets/sheet3.xml', sqref: 'E2:E2000', ref: "'考核标准'!$A$2:$A$5" };
/** 活动安排 (sheet5) L2, the first activity's evidence: a photo in the cell. */
const IMAGE = { sheetPart: 'xl/worksheets/sheet5.xml', cell: 'L2' };

type Issue = { sheet: string; cell: string; code: string; severity: string };
const key = (i: Issue) => `${i.severity} ${i.code} ${i.sheet}!${i.cell}`;

async function validate(file: string): Promise<string[]> {
  const r = await jiedui(['validate', file, '--json', '--today', TODAY], dir);
  expect(r.code, r.stderr).toBe(1); // the demo has errors on purpose
  return (JSON.parse(r.stdout).issues as Issue[]).map(key).sort();
}

/** The records with the photo cell's DISPIMG text put back as the Excel-saved demo has it. */
function photoAsText(sheets: unknown): unknown {
  return JSON.parse(JSON.stringify(sheets).replace(/=DISPIMG\(\\"[^\\]*\\",1\)/g, '照片、签到表'));
}

async function parts(file: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(file));
}

beforeAll(async () => {
  expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  writeFileSync(at('wps.xlsx'), await asWps(readFileSync(at('demo.xlsx')), { crossSheetList: CROSS, imageCell: IMAGE }));
  for (const f of ['demo', 'wps']) {
    const r = await jiedui(['fill', `${f}.xlsx`, '-o', `${f}-filled.xlsx`, '--today', TODAY], dir);
    expect(r.code, `${f}: ${r.stderr}`).toBe(0);
  }
}, 200_000);

describe('a workbook saved by WPS', () => {
  it('is crafted as WPS saves: no main dataValidations, x14 lists, cell images, built-in date formats', async () => {
    const wps = await parts(at('wps.xlsx'));
    const teachers = await wps.file('xl/worksheets/sheet3.xml')!.async('string');
    expect(teachers).not.toContain('<dataValidations');
    expect(x14Lists(teachers).get('E2:E2000')).toBe(CROSS.ref);
    expect(x14Lists(teachers).get('D2:D2000')).toMatch(/^&quot;语文,数学,/);
    expect(await wps.file('xl/worksheets/sheet5.xml')!.async('string')).toContain(`<f>_xlfn.DISPIMG("${DISPIMG_ID}",1)</f>`);
    expect(await wps.file('xl/styles.xml')!.async('string')).toContain(WPS_DATE);
    expect(await wps.file('xl/styles.xml')!.async('string')).toMatch(/<xf numFmtId="14"/);
    expect(wps.file('xl/cellimages.xml')).not.toBeNull();
    expect(teachers).toContain('<dimension ref="A1"/>');
  });

  it('validates with exactly the issues of the same workbook saved by Excel: no false errors', async () => {
    const excel = await validate('demo.xlsx');
    expect(excel.length).toBeGreaterThan(3);
    expect(await validate('wps.xlsx')).toEqual(excel);
  });

  it('reads the records as Excel’s: dates under WPS’s Chinese date format and the built-in 14 are dates, the image cell is its text', async () => {
    const excel = readWorkbook(await readXlsxFile(at('demo.xlsx')));
    const wps = readWorkbook(await readXlsxFile(at('wps.xlsx')));
    expect(photoAsText(wps.sheets)).toEqual(photoAsText(excel.sheets));
    expect(wps.program).toEqual(excel.program);
    expect(JSON.stringify(wps.sheets)).toContain('DISPIMG');
  });

  it('fills the same cells as Excel’s, and keeps every x14 list, the cell image and its formula', async () => {
    const fill = async (f: string) => fillAll(await readXlsxFile(at(f)), { today: TODAY }).writes;
    const writes = await fill('demo.xlsx');
    expect(writes.length).toBeGreaterThan(10);
    expect(await fill('wps.xlsx')).toEqual(writes);
    // Read back, the filled copies hold the same records.
    const back = async (f: string) => photoAsText(readWorkbook(await readXlsxFile(at(f))).sheets);
    expect(await back('wps-filled.xlsx')).toEqual(await back('demo-filled.xlsx'));

    const before = await parts(at('wps.xlsx'));
    const after = await parts(at('wps-filled.xlsx'));
    let lists = 0;
    for (const n of Object.keys(before.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
      const was = x14Lists(await before.file(n)!.async('string'));
      const now = x14Lists(await after.file(n)!.async('string'));
      expect([...now], n).toEqual([...was]);
      lists += was.size;
    }
    expect(lists).toBeGreaterThan(8);
    for (const n of ['xl/cellimages.xml', 'xl/_rels/cellimages.xml.rels', 'xl/media/image1.png', 'docProps/custom.xml']) {
      expect(after.file(n), n).not.toBeNull();
      expect(Buffer.compare(await after.file(n)!.async('nodebuffer'), await before.file(n)!.async('nodebuffer')), n).toBe(0);
    }
    expect(await after.file('xl/_rels/workbook.xml.rels')!.async('string')).toContain('Target="cellimages.xml"');
    expect(await after.file('[Content_Types].xml')!.async('string')).toContain('/xl/cellimages.xml');
    expect(await after.file('xl/worksheets/sheet5.xml')!.async('string')).toContain(`<f>_xlfn.DISPIMG("${DISPIMG_ID}",1)</f>`);
  });

  it('opens in LibreOffice once filled', async () => {
    await new Promise<void>((res, rej) =>
      execFile(
        'soffice',
        [
          '--headless',
          '--norestore',
          `-env:UserInstallation=file://${dir}/lo`,
          '--convert-to',
          'ods',
          '--outdir',
          at('lo'),
          at('wps-filled.xlsx'),
        ],
        { timeout: 150_000 },
        (e, _o, err) => (e ? rej(new Error(`${e.message}\n${err}`)) : res()),
      ),
    );
    expect(existsSync(at('lo/wps-filled.ods'))).toBe(true);
  }, 180_000);
});
