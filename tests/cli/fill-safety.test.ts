/**
 * `fill` never destroys or half-writes a file, never writes over a person's rows, and says clearly
 * (in the language asked for) why it did not write. Real .xlsx files: written by ExcelJS, or saved
 * by LibreOffice as a school might.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../cli/files';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const at = (f: string) => join(dir, f);
const load = async (f: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at(f));
  return wb;
};
/** Every cell of every sheet, as text: what a person would see. */
async function cells(f: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const ws of (await load(f)).worksheets) {
    ws.eachRow((row, r) => row.eachCell((c, col) => (out[`${ws.name}!${r}:${col}`] = JSON.stringify(c.value))));
  }
  return out;
}

/** Saves `src` through LibreOffice as .xlsx into `outDir` (tables come out with no tableStyleInfo). */
function libreOffice(src: string, outDir: string): Promise<void> {
  const profile = join(dir, 'lo-profile');
  const args = [
    '--headless',
    '--norestore',
    `-env:UserInstallation=file://${profile}`,
    '--convert-to',
    'xlsx:Calc MS Excel 2007 XML',
    '--outdir',
    outDir,
    src,
  ];
  return new Promise((res, rej) =>
    execFile('soffice', args, { timeout: 110_000 }, (err, _o, e) => (err ? rej(new Error(`${err.message} ${e}`)) : res())),
  );
}

beforeAll(async () => {
  expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
}, 60_000);

describe('a workbook saved by LibreOffice (tables without a style)', () => {
  beforeAll(async () => {
    mkdirSync(at('lo'), { recursive: true });
    await libreOffice(at('demo.xlsx'), at('lo'));
    const zip = await JSZip.loadAsync(readFileSync(at('lo/demo.xlsx')));
    const table = await zip.file(Object.keys(zip.files).find((n) => /^xl\/tables\/.*\.xml$/.test(n))!)!.async('string');
    // the case that crashed ExcelJS's writer
    expect(table).not.toContain('tableStyleInfo');
  }, 120_000);

  it('fills in place (-o the input), keeping every table with its header row', async () => {
    const before = statSync(at('lo/demo.xlsx')).size;
    const r = await jiedui(['fill', 'lo/demo.xlsx', '-o', 'lo/demo.xlsx', '--today', '2026-11-22'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(statSync(at('lo/demo.xlsx')).size).toBeGreaterThan(before / 2);
    expect(readdirSync(at('lo')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const wb = await load('lo/demo.xlsx');
    const a = wb.getWorksheet('考核')!;
    expect(a.getCell('P2').value).toBe('合格');
    const zip = await JSZip.loadAsync(readFileSync(at('lo/demo.xlsx')));
    const tables = await Promise.all(
      Object.keys(zip.files)
        .filter((n) => /^xl\/tables\/.*\.xml$/.test(n))
        .map((n) => zip.file(n)!.async('string')),
    );
    expect(tables.length).toBeGreaterThanOrEqual(7);
    for (const t of tables) {
      expect(t).toContain('headerRowCount="1"');
      expect(t).not.toContain('hiddenButton="1"');
    }
    const v = await jiedui(['validate', 'lo/demo.xlsx', '--json', '--today', '2026-11-22'], dir);
    expect(JSON.parse(v.stdout).summary.errors).toBe(2); // the demo's two deliberate errors
  });
});

describe('a table part that leaves out headerRowCount (as Excel writes it)', () => {
  it('keeps its header row after a fill', async () => {
    const zip = await JSZip.loadAsync(readFileSync(at('demo.xlsx')));
    for (const n of Object.keys(zip.files).filter((x) => /^xl\/tables\/.*\.xml$/.test(x))) {
      zip.file(n, (await zip.file(n)!.async('string')).replace(/ headerRowCount="1"/, ''));
    }
    writeFileSync(at('excel-style.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect((await jiedui(['fill', 'excel-style.xlsx', '-o', 'excel-style-f.xlsx', '--today', '2026-11-22'], dir)).code).toBe(0);
    const out = await JSZip.loadAsync(readFileSync(at('excel-style-f.xlsx')));
    // fill patches the package: a table part keeps its own attributes (no headerRowCount: 1, the default)
    for (const n of Object.keys(out.files).filter((x) => /^xl\/tables\/.*\.xml$/.test(x))) {
      const xml = await out.file(n)!.async('string');
      expect(xml, n).not.toContain('headerRowCount="0"');
      expect(xml, n).not.toContain('headerRowCount=');
    }
  });
});

describe('a write that fails', () => {
  it('leaves the target as it was and no temporary file behind', async () => {
    writeFileSync(at('keep.xlsx'), readFileSync(at('demo.xlsx')));
    const original = readFileSync(at('keep.xlsx'));
    const wb = await load('keep.xlsx');
    (wb.xlsx as unknown as { writeBuffer: () => Promise<never> }).writeBuffer = () => Promise.reject(new Error('disk on fire'));
    await expect(writeWorkbook(wb, at('keep.xlsx'))).rejects.toThrow();
    expect(readFileSync(at('keep.xlsx')).equals(original)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a sheet whose header row is not recognised, or lacks a required column', () => {
  beforeAll(async () => {
    // Schedule kept by hand: its own headers
    let wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目信息').addRows([
      ['学校代码', 'GH01'],
      ['学期', '2026-2027-1'],
    ]);
    wb.addWorksheet('教师名册').addRows([
      ['教师编号', '姓名', '学校代码', '职称', '骨干级别', '身份'],
      ['T001', '王', 'GH01', '高级', '市级', '指导教师'],
    ]);
    wb.addWorksheet('活动安排').addRows([
      ['时间', '活动内容', '地点'],
      ['9月8日', '启动仪式', '本校'],
      ['10月15日', '教学研讨', '湾头小学'],
    ]);
    await wb.xlsx.writeFile(at('own-schedule.xlsx'));
    // Pairings kept by hand
    wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目信息').addRows([
      ['学校代码', 'GH01'],
      ['学期', '2026-2027-1'],
    ]);
    wb.addWorksheet('教师名册').addRows([
      ['教师编号', '姓名', '学校代码', '学科', '职称', '骨干级别', '教龄', '身份'],
      ['T001', '王', 'GH01', '语文', '高级', '市级', 20, '指导教师'],
      ['T002', '刘', 'GH01', '语文', '初级', '无', 1, '新教师'],
    ]);
    wb.addWorksheet('师徒结对').addRows([
      ['师傅', '徒弟', '备注'],
      ['王老师', '刘老师', '2025年已结对，人工记录'],
    ]);
    await wb.xlsx.writeFile(at('own-pairings.xlsx'));
    // A person's own "Summary" sheet
    wb = new ExcelJS.Workbook();
    wb.addWorksheet('Program').addRows([
      ['School code', 'GH01'],
      ['Term', '2026-2027-1'],
    ]);
    wb.addWorksheet('Summary').addRows([['My notes for the principal'], ['Term went well'], ['Item', 'Count'], ['Visits', 3]]);
    await wb.xlsx.writeFile(at('own-summary.xlsx'));
    // Pairings with a header, but the mentee column named so the reader does not know it
    wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目信息').addRows([
      ['学校代码', 'GH01'],
      ['学期', '2026-2027-1'],
    ]);
    wb.addWorksheet('教师名册').addRows([
      ['教师编号', '姓名', '学校代码', '学科', '职称', '骨干级别', '教龄', '身份'],
      ['T001', '王', 'GH01', '语文', '高级', '市级', 20, '指导教师'],
      ['T002', '刘', 'GH01', '语文', '初级', '无', 1, '新教师'],
    ]);
    wb.addWorksheet('师徒结对').addRows([
      ['师徒编号', '指导教师编号', '徒弟'],
      ['M001', 'T001', '刘老师'],
    ]);
    await wb.xlsx.writeFile(at('no-mentee-column.xlsx'));
  });

  it.each([
    [
      'own-schedule.xlsx',
      ['--plan', '--today', '2026-08-01'],
      '活动安排',
      '「活动安排」中找不到标题行，未向这张表写入（其中的内容保持不变）：标题行应写明列名，如 活动编号、日期、活动类型、主办学校、参与学校',
    ],
    [
      'own-pairings.xlsx',
      ['--match', '--today', '2026-08-01'],
      '师徒结对',
      '「师徒结对」中找不到标题行，未向这张表写入（其中的内容保持不变）：标题行应写明列名，如 师徒编号、指导教师编号、青年教师编号、学科、开始日期',
    ],
    [
      'own-summary.xlsx',
      ['--today', '2026-11-22'],
      'Summary',
      'No header row found in “Summary”, so nothing was written to it (what it holds is left as it is): its header row should name the columns, such as Indicator, Target, Completed, Rate, Status',
    ],
    [
      'no-mentee-column.xlsx',
      ['--match', '--today', '2026-08-01'],
      '师徒结对',
      '「师徒结对」缺少列 青年教师编号，未向这张表写入（其中的内容保持不变）：请先在标题行添加这些列',
    ],
  ])('%s: leaves every cell of the sheet as it was and says why', async (file, flags, sheet, message) => {
    const out = file.replace('.xlsx', '-f.xlsx');
    const r = await jiedui(['fill', file, '-o', out, ...flags], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(message);
    expect(r.stdout).not.toMatch(/结对：|paired:/);
    const before = await cells(file);
    const after = await cells(out);
    const of = (c: Record<string, string>) => Object.fromEntries(Object.entries(c).filter(([k]) => k.startsWith(`${sheet}!`)));
    expect(of(after)).toEqual(of(before));
  });
});

describe('an -o that cannot be written', () => {
  beforeAll(() => mkdirSync(at('a-folder.xlsx'), { recursive: true }));

  it.each([
    [['template', '-o', 'missing-dir/t.xlsx'], 'missing-dir/t.xlsx: cannot be written, the folder'],
    [['demo', '-o', 'missing-dir/d.xlsx'], 'missing-dir/d.xlsx: cannot be written, the folder'],
    [['fill', 'demo.xlsx', '-o', 'missing-dir/f.xlsx'], 'missing-dir/f.xlsx: cannot be written, the folder'],
    [['fill', 'demo.xlsx', '-o', 'a-folder.xlsx'], 'a-folder.xlsx: is a folder; give a file name'],
    [['template', '-o', 'a-folder.xlsx'], 'a-folder.xlsx: is a folder; give a file name'],
  ])('%j exits 2 with a clear message', async (args, message) => {
    const r = await jiedui(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain('unexpected failure');
  });

  it('says so in Chinese with --lang zh', async () => {
    const r = await jiedui(['fill', 'demo.xlsx', '-o', 'missing-dir/f.xlsx', '--lang', 'zh'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^jiedui fill: missing-dir\/f\.xlsx：无法写入，文件夹 .*missing-dir 不存在\n$/);
  });
});

describe('usage and file errors in the language asked for', () => {
  it.each([
    [['validate', 'nope.xlsx', '--lang', 'zh'], 'nope.xlsx：文件不存在'],
    [['validate', '--lang', 'zh', '--bogus'], '未知选项 --bogus'],
    [['validate', 'demo.xlsx', '--lang', 'zh', '--today', '2026-02-30'], '--today 应为日期，如 2026-09-01，不能是“2026-02-30”'],
    [['fill', 'demo.xlsx', '--lang=zh'], '需要用 -o 文件.xlsx 指定输出文件'],
    [['validate', '--lang', 'zh'], '应给出一个要检查的 .xlsx 文件，实际给了 0 个'],
    [['frobnicate', '--lang', 'zh'], '未知命令“frobnicate”'],
  ])('%j', async (args, message) => {
    const r = await jiedui(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('shows the usage in Chinese after a usage error with --lang zh, in English without', async () => {
    expect((await jiedui(['validate', '--lang', 'zh'], dir)).stderr).toContain('用法：');
    expect((await jiedui(['validate'], dir)).stderr).toContain('Usage:');
    expect((await jiedui(['validate', 'nope.xlsx'], dir)).stderr).toContain('nope.xlsx: no such file');
  });
});

/** The worksheet part of a sheet, by its name. */
async function partOf(zip: JSZip, name: string): Promise<string> {
  const wb = await zip.file('xl/workbook.xml')!.async('string');
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  const tag = [...wb.matchAll(/<sheet [^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`name="${name}"`))!;
  const rid = / r:id="([^"]+)"/.exec(tag)![1];
  const rel = [...rels.matchAll(/<Relationship [^>]*>/g)].map((m) => m[0]).find((t) => t.includes(`Id="${rid}"`))!;
  return 'xl/' + / Target="([^"]+)"/.exec(rel)![1].replace(/^\/?xl\//, '');
}

describe('a dropdown whose list is on another sheet (x14 data validation)', () => {
  const ext =
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
    '<x14:dataValidations count="1"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">' +
    "<x14:formula1><xm:f>'考核标准'!$A$2:$A$21</xm:f></x14:formula1><xm:sqref>K2:K100</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>";

  it('is still there after a fill', async () => {
    const zip = await JSZip.loadAsync(readFileSync(at('demo.xlsx')));
    const part = await partOf(zip, '教师名册');
    // as Excel writes it: xm declared on the worksheet element, the extension last
    const xml = (await zip.file(part)!.async('string'))
      .replace('<worksheet ', '<worksheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" ')
      .replace('</worksheet>', `${ext}</worksheet>`);
    zip.file(part, xml);
    writeFileSync(at('x14.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const r = await jiedui(['fill', 'x14.xlsx', '-o', 'x14-f.xlsx', '--today', '2026-11-22'], dir);
    expect(r.code).toBe(0);
    const out = await JSZip.loadAsync(readFileSync(at('x14-f.xlsx')));
    const sheet = await out.file(await partOf(out, '教师名册'))!.async('string');
    // fill patches the package: the sheet's extension is where it was, as it was, xm declared on the worksheet
    expect(sheet).toContain(ext);
    expect(sheet).toContain('<worksheet xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" ');
    expect(sheet.trimEnd().endsWith('</extLst></worksheet>')).toBe(true);
    // the values written are there, and the file loads, in ExcelJS and in LibreOffice
    expect((await load('x14-f.xlsx')).getWorksheet('考核')!.getCell('P2').value).toBe('合格');
    await libreOffice(at('x14-f.xlsx'), at('x14-lo'));
    expect(statSync(at('x14-lo/x14-f.xlsx')).size).toBeGreaterThan(10_000);
  }, 120_000);
});
