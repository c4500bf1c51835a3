/**
 * `jiedui report`: the term report as a .docx, read back from its package (word/document.xml) and
 * opened by LibreOffice headless, converted to text and to PDF. The Summary figures in it are the
 * ones `jiedui fill` writes into the Summary sheet on the same day.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import { indicators } from '../../core/fill/summary';
import { readWorkbook } from '../../core/read';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const TODAY = '2026-12-01';

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('');
/** Each table row as its cells' texts joined by `|`. */
const rowsOf = (xml: string) =>
  [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => textOf(tc[0])).join('|'),
  );

async function part(file: string, name: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(join(dir, file)));
  return zip.file(name)!.async('string');
}

/** The Summary sheet `fill` writes: [indicator, target, completed, rate, status] per row. */
async function summaryRows(file: string, sheet: string): Promise<(string | number | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, file));
  const ws = wb.getWorksheet(sheet)!;
  const out: (string | number | null)[][] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    out.push([1, 2, 3, 4, 5].map((c) => row.getCell(c).value as string | number | null));
  });
  return out;
}

const pct = (r: number | null) => (r == null ? '—' : `${Math.round(r * 1000) / 10}%`);

function soffice(args: string[]): Promise<{ code: number; stderr: string }> {
  const profile = join(dir, 'lo-profile');
  return new Promise((res) =>
    execFile(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, ...args],
      { timeout: 110_000 },
      (err, _o, e) => res({ code: err ? 1 : 0, stderr: e }),
    ),
  );
}

beforeAll(async () => {
  expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  for (const [args, name] of [
    [['report', 'demo.xlsx', '-o', 'report-zh.docx', '--today', TODAY], 'zh'],
    [['report', 'demo.xlsx', '-o', 'report-en.docx', '--today', TODAY, '--lang', 'en'], 'en'],
    [['fill', 'demo.xlsx', '-o', 'filled-zh.xlsx', '--today', TODAY], 'fill zh'],
  ] as const) {
    const r = await jiedui([...args], dir);
    expect(r.code, `${name}: ${r.stderr}`).toBe(0);
  }
}, 120_000);

describe('jiedui report', () => {
  it('writes the school, the term, every Summary figure fill writes, and the signature block (zh)', async () => {
    const xml = await part('report-zh.docx', 'word/document.xml');
    const text = textOf(xml);
    expect(text).toContain('国河中心小学2026-2027学年第一学期结对帮扶工作总结');
    expect(text).toContain('GH01');
    const rows = rowsOf(xml);
    const summary = await summaryRows('filled-zh.xlsx', '目标完成情况');
    expect(summary.length).toBe(7);
    for (const [indicator, target, completed, rate, status] of summary) {
      expect(rows).toContain(`${indicator}|${target}|${completed}|${pct(rate as number | null)}|${status}`);
    }
    for (const s of [
      '一、结对关系',
      '三、逐月活动开展情况',
      '2026年09月',
      '四、师徒结对',
      '王丽华（T001） → 刘芳（T005）',
      '五、考核结果',
      '六、支教与捐赠',
      '七、存在问题与下一步工作',
    ]) {
      expect(text).toContain(s);
    }
    for (const s of ['校长签字', '学校盖章', '日期：']) expect(text).toContain(s);
  });

  it('writes it in English with --lang en, with the figures of the Summary', async () => {
    const xml = await part('report-en.docx', 'word/document.xml');
    const text = textOf(xml);
    expect(text).toContain('Term 1, 2026-2027');
    const rows = rowsOf(xml);
    const summary = await summaryRows('filled-zh.xlsx', '目标完成情况');
    const english = indicators(readWorkbook(demoWorkbook()), TODAY).map((i) => i.en);
    summary.forEach(([, target, completed, rate, status], i) => {
      expect(rows).toContain(`${english[i]}|${target}|${completed}|${pct(rate as number | null)}|${status === '已完成' ? 'Met' : 'Short'}`);
    });
    expect(text).toContain('Problems and next steps');
    for (const s of ['校长签字', '学校盖章', '日期']) expect(text).toContain(s);
  });

  it('declares 宋体 (SimSun) for the body and 黑体 (SimHei) for headings as East Asian fonts', async () => {
    const styles = await part('report-zh.docx', 'word/styles.xml');
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
    expect(defaults).toMatch(/<w:rFonts [^>]*w:eastAsia="SimSun"/);
    expect(defaults).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    for (const id of ['Title', 'Heading1', 'Heading2']) {
      const style = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0];
      expect(style, id).toMatch(/<w:rFonts [^>]*w:eastAsia="SimHei"/);
    }
  });

  it('opens in LibreOffice: its text holds the report, and it converts to PDF', async () => {
    const out = join(dir, 'lo');
    const txt = await soffice(['--convert-to', 'txt:Text (encoded):UTF8', '--outdir', out, join(dir, 'report-zh.docx')]);
    expect(txt.code, txt.stderr).toBe(0);
    const text = readFileSync(join(out, 'report-zh.txt'), 'utf8');
    for (const s of ['国河中心小学', '2026-2027学年第一学期', '活动达标月数', '校长签字', '学校盖章']) expect(text).toContain(s);
    const pdf = await soffice(['--convert-to', 'pdf', '--outdir', out, join(dir, 'report-zh.docx'), join(dir, 'report-en.docx')]);
    expect(pdf.code, pdf.stderr).toBe(0);
    for (const f of ['report-zh.pdf', 'report-en.pdf']) {
      expect(existsSync(join(out, f)), f).toBe(true);
      const head = readFileSync(join(out, f)).subarray(0, 5).toString('latin1');
      expect(head).toBe('%PDF-');
      expect(statSync(join(out, f)).size).toBeGreaterThan(10_000);
    }
  }, 120_000);

  it('exits 2 for a file it cannot read and for bad usage, and writes nothing', async () => {
    writeFileSync(join(dir, 'not.xlsx'), 'plain text');
    const bad = await jiedui(['report', 'not.xlsx', '-o', 'bad.docx'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('not.xlsx');
    expect(existsSync(join(dir, 'bad.docx'))).toBe(false);
    expect((await jiedui(['report', 'missing.xlsx', '-o', 'bad.docx'], dir)).code).toBe(2);
    const noOut = await jiedui(['report', 'demo.xlsx'], dir);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('-o');
    expect((await jiedui(['report', 'demo.xlsx', '-o', 'x.docx', '--lang', 'fr'], dir)).code).toBe(2);
    expect((await jiedui(['report', '-o', 'x.docx'], dir)).code).toBe(2);
    expect(existsSync(join(dir, 'x.docx'))).toBe(false);
  });
});
