import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const load = async (f: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, f));
  return wb;
};
const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : JSON.stringify(v ?? null));

/** Cells the product owns in the demo after `fill --match`: Assessment results, Summary, new Pairings rows, empty ids. */
function owned(sheet: string, row: number, col: number, before: ExcelJS.Worksheet): boolean {
  if (sheet === '目标完成情况') return true;
  if (sheet === '考核') return col >= 14 && col <= 17;
  if (sheet === '师徒结对') return row > before.actualRowCount;
  return false;
}

beforeAll(async () => {
  expect((await jiedui(['demo', '-o', 'demo.xlsx'], dir)).code).toBe(0);
  // What a person adds: formats, an extra column, a note sheet
  const wb = await load('demo.xlsx');
  const teachers = wb.getWorksheet('教师名册')!;
  teachers.getCell('B3').font = { bold: true, color: { argb: 'FFFF0000' } };
  teachers.getCell('B4').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  teachers.getCell('K1').value = '备注';
  teachers.getCell('K2').value = '教研组长';
  wb.getWorksheet('考核')!.getCell('C2').numFmt = '0"节"';
  const notes = wb.addWorksheet('备注');
  notes.getCell('A1').value = '本学期重点：青年教师成长';
  notes.getCell('C5').value = { formula: '1+1', result: 2 } as ExcelJS.CellFormulaValue;
  await wb.xlsx.writeFile(join(dir, 'person.xlsx'));
}, 60_000);

describe('jiedui fill', () => {
  it('leaves every cell, format and sheet it does not own as it was', async () => {
    const r = await jiedui(['fill', 'person.xlsx', '-o', 'out.xlsx', '--match', '--today', '2026-11-20'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('T004');
    const before = await load('person.xlsx');
    const after = await load('out.xlsx');
    expect(after.worksheets.map((w) => w.name)).toEqual(before.worksheets.map((w) => w.name));
    let compared = 0;
    for (const b of before.worksheets) {
      const a = after.getWorksheet(b.name)!;
      const rows = Math.max(a.rowCount, b.rowCount);
      const cols = Math.max(a.columnCount, b.columnCount);
      for (let row = 1; row <= rows; row++) {
        for (let col = 1; col <= cols; col++) {
          if (owned(b.name, row, col, b)) continue;
          const cb = b.getCell(row, col);
          const ca = a.getCell(row, col);
          expect(plain(ca.value), `${b.name}!${ca.address}`).toBe(plain(cb.value));
          expect(JSON.stringify(ca.style), `${b.name}!${ca.address} style`).toBe(JSON.stringify(cb.style));
          compared++;
        }
        expect(a.getRow(row).height).toBe(b.getRow(row).height);
      }
      for (let col = 1; col <= cols; col++) expect(a.getColumn(col).width).toBe(b.getColumn(col).width);
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('writes the owned cells: results, the summary, and the accepted pairing in the table', async () => {
    const after = await load('out.xlsx');
    const a = after.getWorksheet('考核')!;
    expect([2, 3].map((r) => [a.getCell(r, 14).value, a.getCell(r, 16).value])).toEqual([
      ['指导教师', '合格'],
      ['指导教师', '不合格'],
    ]);
    expect(a.getCell(3, 17).value).toBe('听课节数 6/8');
    const p = after.getWorksheet('师徒结对')!;
    expect(p.getRow(6).values).toEqual([undefined, 'M005', 'T004', 'T010', '科学', new Date(Date.UTC(2026, 8, 1))]);
    const table = Object.values((p as unknown as { tables: Record<string, { table: { tableRef: string } }> }).tables)[0];
    expect(table.table.tableRef).toBe('A1:G6');
    expect(after.getWorksheet('目标完成情况')!.getCell('A2').value).toBe('活动达标月数');
  });

  it('plans a term into the empty Schedule of a started template, and the result validates clean', async () => {
    expect((await jiedui(['template', '--lang', 'en', '-o', 'en.xlsx'], dir)).code).toBe(0);
    const wb = await load('en.xlsx');
    wb.worksheets[0].getCell('B2').value = 'GH01';
    wb.worksheets[0].getCell('B7').value = '2026-2027-2';
    const t = wb.getWorksheet('Teachers')!;
    t.getRow(2).values = ['T1', 'Wang', 'GH01', 'Chinese', 'Senior', 'City', 20, 'Mentor', 'Yes'];
    await wb.xlsx.writeFile(join(dir, 'started.xlsx'));
    const f = await jiedui(['fill', 'started.xlsx', '-o', 'planned.xlsx', '--plan', '--today', '2027-01-15'], dir);
    expect(f.code).toBe(0);
    const v = await jiedui(['validate', 'planned.xlsx', '--json', '--today', '2027-01-15'], dir);
    const j = JSON.parse(v.stdout);
    expect(j.issues.filter((i: { severity: string }) => i.severity !== 'info')).toEqual([]);
    expect(v.code).toBe(0);
    const s = (await load('planned.xlsx')).getWorksheet('Schedule')!;
    expect(s.actualRowCount).toBeGreaterThan(8);
    expect(s.getCell('C2').value).toBe('Leaders meeting');
    expect(s.getCell('B2').value).toBeInstanceOf(Date);
  });

  it('exits 2 for an unreadable input and writes nothing', async () => {
    const r = await jiedui(['fill', 'missing.xlsx', '-o', 'x.xlsx'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.xlsx: no such file');
  });
});
