/**
 * Issue 13 point 10: `validate` and `fill` answer every file within a bounded time and memory, and
 * name what a file is when it is not an .xlsx. Each case runs the real CLI as a child process with
 * its own timeout (a hang is a failure with the child's output, never a stuck suite), and asserts
 * exit 2 and the reason, in English and in Chinese (--lang zh).
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { deflatedRun, oleFile, rawZip, stored } from './craft';
import { jiedui, tempDir, type RunResult } from './helpers';

const dir = tempDir();
const FIXTURES = resolve(__dirname, '../fixtures');
/** Each child gets this long; a bounded reader answers these files in a second or two. */
const CHILD_MS = 40_000;

const run = (args: string[]) => jiedui(args, dir, CHILD_MS);

/**
 * Both commands on `file`, side by side: `validate` exits 2 with `en` in English and `zh` with
 * --lang zh, `fill` exits 2 with `en` and writes nothing.
 */
async function refusedBoth(file: string, en: RegExp, zh: RegExp): Promise<void> {
  const out = `out-${file}`;
  const [v, vzh, f] = await Promise.all([run(['validate', file]), run(['validate', file, '--lang', 'zh']), run(['fill', file, '-o', out])]);
  for (const [r, re, what] of [
    [v, en, 'validate'],
    [vzh, zh, 'validate --lang zh'],
    [f, en, 'fill'],
  ] as [RunResult, RegExp, string][]) {
    expect(r.code, `${what} ${file}: ${r.stderr}`).toBe(2);
    expect(r.stderr, what).toMatch(re);
    expect(r.stdout, what).toBe('');
  }
  expect(existsSync(join(dir, out))).toBe(false);
}

async function template(name: string): Promise<JSZip> {
  if (!existsSync(join(dir, 'template.xlsx'))) expect((await run(['template', '-o', 'template.xlsx'])).code).toBe(0);
  void name;
  return JSZip.loadAsync(readFileSync(join(dir, 'template.xlsx')));
}

async function save(zip: JSZip, name: string): Promise<void> {
  writeFileSync(join(dir, name), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

beforeAll(async () => {
  expect((await run(['template', '-o', 'template.xlsx'])).code).toBe(0);
}, 60_000);

describe('a stream that never ends', () => {
  it('a FIFO (mkfifo) or a device is refused at once, never read', async () => {
    execFileSync('mkfifo', [join(dir, 'pipe.xlsx')]);
    await refusedBoth('pipe.xlsx', /pipe\.xlsx: not a regular file/, /pipe\.xlsx：不是普通文件/);
    const zero = await run(['validate', '/dev/zero']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/not a regular file/);
  }, 60_000);
});

describe('a loop in the parts', () => {
  it('a sheet whose relationship points back at the workbook part', async () => {
    const zip = await template('loop');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    await save(
      zip.file('xl/_rels/workbook.xml.rels', rels.replace('Target="worksheets/sheet2.xml"', 'Target="workbook.xml"')),
      'loop.xlsx',
    );
    await refusedBoth('loop.xlsx', /points at the part xl\/workbook\.xml, which is the workbook itself/, /正是工作簿本身/);
  }, 60_000);

  it('two sheets pointing at one part (read again and again)', async () => {
    const zip = await template('twice');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    await save(
      zip.file('xl/_rels/workbook.xml.rels', rels.replace('Target="worksheets/sheet3.xml"', 'Target="/xl/worksheets/sheet2.xml"')),
      'twice.xlsx',
    );
    await refusedBoth('twice.xlsx', /xl\/worksheets\/sheet2\.xml, which another sheet already is/, /已作为另一张工作表读过/);
  }, 60_000);
});

describe('a zip bomb', () => {
  it('a part declaring a gigabyte (compressed to about a megabyte) is refused before it is inflated', async () => {
    const zip = await template('bomb');
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const entries = await Promise.all(names.map(async (n) => stored(n, await zip.file(n)!.async('nodebuffer'))));
    const big = await deflatedRun(1 << 30, ' ');
    expect(big.data.length).toBeLessThan(8 << 20);
    const i = entries.findIndex((e) => e.name === 'xl/worksheets/sheet2.xml');
    entries[i] = { name: entries[i].name, data: big.data, method: 8, size: 1 << 30, crc: big.crc };
    writeFileSync(join(dir, 'bomb.xlsx'), rawZip(entries));
    await refusedBoth(
      'bomb.xlsx',
      /xl\/worksheets\/sheet2\.xml inflates to 1024 MB, past the limit of 256 MB/,
      /解压后有 1024 MB，超过上限 256 MB/,
    );
  }, 90_000);

  it('a part inflating past the size it declares is stopped there', async () => {
    const zip = await template('liar');
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const entries = await Promise.all(names.map(async (n) => stored(n, await zip.file(n)!.async('nodebuffer'))));
    const big = await deflatedRun(200 << 20, ' ');
    const i = entries.findIndex((e) => e.name === 'xl/worksheets/sheet2.xml');
    entries[i] = { name: entries[i].name, data: big.data, method: 8, size: 4096, crc: big.crc };
    writeFileSync(join(dir, 'liar.xlsx'), rawZip(entries));
    await refusedBoth('liar.xlsx', /inflates past the 4096 bytes it declares/, /比它声明的 4096 字节更长/);
  }, 90_000);
});

describe('absurd dimensions', () => {
  it('a row numbered in the trillions is refused, as the POI fuzzer file (which hung validate) is', async () => {
    const zip = await template('rows');
    const xml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    await save(
      zip.file(
        'xl/worksheets/sheet2.xml',
        xml.replace('</sheetData>', '<row r="231999999999940"><c r="A231999999999940"><v>1</v></c></row></sheetData>'),
      ),
      'trillion.xlsx',
    );
    await refusedBoth(
      'trillion.xlsx',
      /has a row numbered 231999999999940, past Excel's last row, 1048576/,
      /行号 231999999999940，超过 Excel 的最后一行/,
    );
    copyFileSync(join(FIXTURES, 'poi-fuzzer-5937385319563264.xlsx'), join(dir, 'poi.xlsx'));
    await refusedBoth('poi.xlsx', /the sheet "Exp8" has a row numbered 231999999999940/, /工作表“Exp8”有行号 231999999999940/);
  }, 90_000);

  it('a cell past column XFD is refused', async () => {
    const zip = await template('cols');
    const xml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    await save(
      zip.file('xl/worksheets/sheet2.xml', xml.replace('</sheetData>', '<row r="40"><c r="XFE40"><v>1</v></c></row></sheetData>')),
      'wide.xlsx',
    );
    await refusedBoth('wide.xlsx', /has a cell XFE40, past Excel's last column, XFD/, /单元格 XFE40 超过 Excel 的最后一列/);
  }, 60_000);

  it('a whole-sheet dimension, whole-column dropdowns and merges are answered at the cost of the cells that exist', async () => {
    const zip = await template('dims');
    let xml = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    xml = xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>');
    xml = xml.replace(
      '</sheetData>',
      '</sheetData><mergeCells count="2"><mergeCell ref="Y1:Y1048576"/><mergeCell ref="Z1:XFD1048576"/></mergeCells>',
    );
    await save(zip.file('xl/worksheets/sheet2.xml', xml), 'dims.xlsx');
    const v = await run(['validate', 'dims.xlsx', '--json']);
    expect(v.code, v.stderr).toBe(1); // the bare template's missing school code, nothing else
    expect(JSON.parse(v.stdout).summary.errors).toBe(1);
    copyFileSync(join(FIXTURES, 'exceljs-test-issue-1842.xlsx'), join(dir, 'dv-1842.xlsx'));
    copyFileSync(join(FIXTURES, 'demo-whole-column-dropdowns.xlsx'), join(dir, 'dv-demo.xlsx'));
    for (const f of ['dv-1842.xlsx', 'dv-demo.xlsx']) {
      const r = await run(['validate', f, '--json']);
      expect(r.code, `${f}: ${r.stderr}`).toBe(1);
      expect(JSON.parse(r.stdout).summary.errors).toBeGreaterThan(0);
    }
  }, 90_000);
});

describe('a file that is not an .xlsx, whatever its name', () => {
  it('an encrypted (password-protected) workbook is named as one, with how to remove the password', async () => {
    writeFileSync(join(dir, 'secret.xlsx'), oleFile(['\u0006DataSpaces', 'EncryptionInfo', 'EncryptedPackage']));
    await refusedBoth(
      'secret.xlsx',
      /secret\.xlsx: this workbook is password-protected \(encrypted\).*File > Info > Protect Workbook > Encrypt with Password.*WPS: File > Document Encryption > Password Encryption/,
      /secret\.xlsx：这个工作簿设有打开密码（已加密）.*文件 > 信息 > 保护工作簿 > 用密码进行加密.*文件 > 文档加密 > 密码加密/,
    );
  }, 60_000);

  it('a WPS .et renamed .xlsx', async () => {
    writeFileSync(join(dir, 'wps.xlsx'), oleFile(['Workbook', '\u0005SummaryInformation'], Buffer.from('WPS Office 表格', 'utf8')));
    await refusedBoth(
      'wps.xlsx',
      /WPS Spreadsheets file \(\.et\).*File > Save As, file type "Excel file \(\*\.xlsx\)"/,
      /WPS 表格文件（\.et）.*文件 > 另存为/,
    );
  }, 60_000);

  it('an .xls (as LibreOffice saves one) and an .ods renamed .xlsx, each with its Save As', async () => {
    const profile = join(dir, 'lo-profile');
    const conv = (to: string) =>
      new Promise<void>((res, rej) =>
        execFile(
          'soffice',
          [
            '--headless',
            '--norestore',
            `-env:UserInstallation=file://${profile}`,
            '--convert-to',
            to,
            '--outdir',
            join(dir, to),
            join(dir, 'template.xlsx'),
          ],
          { timeout: 100_000 },
          (e, _o, err) => (e ? rej(new Error(`${e.message}\n${err}`)) : res()),
        ),
      );
    await conv('xls');
    await conv('ods');
    renameSync(join(dir, 'xls', 'template.xls'), join(dir, 'old.xlsx'));
    renameSync(join(dir, 'ods', 'template.ods'), join(dir, 'open.xlsx'));
    await refusedBoth(
      'old.xlsx',
      /old Excel 97-2003 workbook \(\.xls\).*File > Save As, type "Excel Workbook \(\*\.xlsx\)"/,
      /旧版 Excel 97-2003 工作簿（\.xls）.*另存为/,
    );
    await refusedBoth(
      'open.xlsx',
      /OpenDocument spreadsheet \(\.ods\).*LibreOffice: File > Save As, file type "Excel 2007-365 \(\.xlsx\)"/,
      /OpenDocument 电子表格（\.ods）.*LibreOffice 中：文件 > 另存为/,
    );
  }, 240_000);

  it('an .xlsb and a .numbers renamed .xlsx', async () => {
    writeFileSync(
      join(dir, 'binary.xlsx'),
      rawZip([
        stored('[Content_Types].xml', '<Types/>'),
        stored('_rels/.rels', '<Relationships/>'),
        stored('xl/workbook.bin', Buffer.alloc(64, 1)),
        stored('xl/worksheets/sheet1.bin', Buffer.alloc(64, 2)),
      ]),
    );
    writeFileSync(
      join(dir, 'mac.xlsx'),
      rawZip([
        stored('Index/Document.iwa', Buffer.alloc(64, 3)),
        stored('Metadata/DocumentIdentifier', 'x'),
        stored('preview.jpg', Buffer.alloc(16)),
      ]),
    );
    await refusedBoth('binary.xlsx', /Excel binary workbook \(\.xlsb\).*File > Save As/, /Excel 二进制工作簿（\.xlsb）/);
    await refusedBoth(
      'mac.xlsx',
      /Apple Numbers file \(\.numbers\).*File > Export To > Excel/,
      /Apple Numbers 文件.*文件 > 导出为 > Excel/,
    );
  }, 60_000);

  it('a zip without a workbook says so', async () => {
    writeFileSync(join(dir, 'photos.xlsx'), rawZip([stored('a.txt', 'hello')]));
    await refusedBoth(
      'photos.xlsx',
      /a zip archive, but no Excel workbook is in it \(xl\/workbook\.xml is missing\)/,
      /其中没有 Excel 工作簿/,
    );
  }, 60_000);
});
