import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHEETS } from '../../core/template';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const load = async (f: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, f));
  return wb;
};

/** Types the school code and term into the Program sheet, as a person starting a workbook does. */
async function startWorkbook(src: string, dst: string) {
  const wb = await load(src);
  const ws = wb.worksheets[0];
  ws.getCell('B2').value = 'GH01';
  ws.getCell('B7').value = '2026-2027-1';
  await wb.xlsx.writeFile(join(dir, dst));
}

beforeAll(async () => {
  expect((await jiedui(['template', '-o', 'zh.xlsx'], dir)).code).toBe(0);
  expect((await jiedui(['template', '--lang', 'en', '-o', 'en.xlsx'], dir)).code).toBe(0);
}, 60_000);

describe('jiedui template', () => {
  it('has every sheet with its table, unique headers, a frozen header and dropdowns', async () => {
    for (const [file, lang] of [
      ['zh.xlsx', 'zh'],
      ['en.xlsx', 'en'],
    ] as const) {
      const wb = await load(file);
      expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS.map((s) => s[lang]));
      for (const s of SHEETS) {
        const ws = wb.getWorksheet(s[lang])!;
        expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        if (s.kind === 'keyvalue') continue;
        const tables = Object.values(
          (ws as unknown as { tables: Record<string, { table: { name: string; tableRef: string; columns: { name: string }[] } }> }).tables,
        );
        expect(tables).toHaveLength(1);
        const t = tables[0].table;
        expect(t.name).toMatch(/^tbl[A-Za-z]+$/);
        expect(t.columns.map((c) => c.name)).toEqual(s.columns.map((c) => c[lang]));
        expect(ws.getRow(1).values).toEqual([undefined, ...s.columns.map((c) => c[lang])]);
        s.columns.forEach((c, i) => expect(ws.getColumn(i + 1).width).toBeGreaterThanOrEqual(8));
        const enumCol = s.columns.findIndex((c) => c.type === 'enum');
        if (enumCol >= 0) {
          const dv = ws.getCell(5, enumCol + 1).dataValidation;
          expect(dv).toMatchObject({ type: 'list' });
        }
      }
      const rules = wb.getWorksheet(lang === 'zh' ? '考核标准' : 'Rules')!;
      expect(rules.getCell('A2').value).toBe('min_activities_per_month');
      // The rule's name in the template's language beside its key, then the value (core/rule-rows.ts).
      expect(rules.getCell('B2').value).toBe(lang === 'zh' ? '每月至少开展活动次数' : 'Activities per month, at least');
      expect(rules.getCell('C2').value).toBe(1);
    }
  });

  it('round trips: a started template validates with exit 0 and no issue', async () => {
    await startWorkbook('zh.xlsx', 'zh-started.xlsx');
    const r = await jiedui(['validate', 'zh-started.xlsx', '--json', '--today', '2026-08-20'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.summary.errors).toBe(0);
    // only the term's months without activities may be warned about in an empty workbook
    expect(j.issues.filter((i: { code: string }) => !i.code.startsWith('schedule.'))).toEqual([]);
  });

  it('the bare template has only the missing school code as an error, located on Program', async () => {
    const r = await jiedui(['validate', 'en.xlsx', '--json'], dir);
    expect(r.code).toBe(1);
    const errors = JSON.parse(r.stdout).issues.filter((i: { severity: string }) => i.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sheet: 'Program', cell: 'B2' });
  });
});

describe('jiedui validate', () => {
  beforeAll(async () => {
    expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  }, 60_000);

  it('prints the documented JSON and exits 1 when there are errors', async () => {
    const r = await jiedui(['validate', 'demo.xlsx', '--json', '--today', '2026-11-20'], dir);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['file', 'issues', 'summary']);
    expect(j.file).toBe('demo.xlsx');
    expect(Object.keys(j.summary)).toEqual(['errors', 'warnings', 'infos']);
    expect(j.summary.errors).toBe(j.issues.filter((i: { severity: string }) => i.severity === 'error').length);
    const dup = j.issues.find((i: { code: string }) => i.code === 'row.duplicate_id');
    expect(dup).toMatchObject({ sheet: '教师名册', cell: 'A13', row: 13, column: 'teacher_id', severity: 'error' });
    expect(dup.message).toContain('T005');
    for (const i of j.issues) {
      expect(Object.keys(i).filter((k) => !['sheet', 'cell', 'row', 'column', 'code', 'severity', 'message'].includes(k))).toEqual([]);
      expect(i.message).not.toMatch(/\{[a-z_]+\}/);
    }
    const month = j.issues.find((i: { code: string }) => i.code === 'schedule.month_without_activity');
    expect(month.sheet).toBe('活动安排');
    expect(month.cell).toBeUndefined();
  });

  it('follows the workbook language, or --lang', async () => {
    const zh = JSON.parse((await jiedui(['validate', 'demo.xlsx', '--json', '--today', '2026-11-20'], dir)).stdout);
    const en = JSON.parse((await jiedui(['validate', 'demo.xlsx', '--json', '--lang', 'en', '--today', '2026-11-20'], dir)).stdout);
    expect(zh.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    // English sentences; the header label quoted in them stays as the workbook writes it
    expect(en.issues[0].message).toMatch(/^Duplicate /);
    expect(en.issues[0].message).not.toBe(zh.issues[0].message);
    expect(en.issues.map((i: { code: string }) => i.code)).toEqual(zh.issues.map((i: { code: string }) => i.code));
  });

  it('prints a readable table without --json', async () => {
    const r = await jiedui(['validate', 'demo.xlsx', '--today', '2026-11-20', '--lang', 'en'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Severity\s+Sheet\s+Cell\s+Message/);
    expect(r.stdout).toMatch(/error\s+教师名册\s+A13/);
    expect(r.stdout).toMatch(/demo\.xlsx: 2 error\(s\)/);
  });

  it('exits 2 with a clear message for a missing, non-xlsx or corrupt file', async () => {
    writeFileSync(join(dir, 'notes.xlsx'), 'just some text');
    writeFileSync(join(dir, 'broken.xlsx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const missing = await jiedui(['validate', 'nope.xlsx'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.xlsx: no such file');
    const text = await jiedui(['validate', 'notes.xlsx'], dir);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('not an .xlsx workbook');
    const broken = await jiedui(['validate', 'broken.xlsx', '--json'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('cannot be read');
    expect(broken.stdout).toBe('');
    // In Chinese, why the zip is damaged is Chinese too (it was the reader's English inside the Chinese).
    const zh = await jiedui(['validate', 'broken.xlsx', '--lang', 'zh'], dir);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('找不到 zip 目录：文件不完整');
    expect(zh.stderr).not.toContain('no zip directory');
    expect(zh.stderr).not.toContain('cut short');
  });

  it('exits 2 on bad usage', async () => {
    expect((await jiedui(['validate', 'demo.xlsx', '--today', '2026-02-30'], dir)).code).toBe(2);
    expect((await jiedui(['validate', 'demo.xlsx', '--lang', 'fr'], dir)).code).toBe(2);
    expect((await jiedui(['frobnicate'], dir)).code).toBe(2);
  });
});
