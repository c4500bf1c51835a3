/**
 * The two ways the CLI reads an .xlsx — streamed for validate, loaded whole for fill — must read
 * the same values, and the values Excel's range.values gives: errors as their text, a merged
 * range's value in its top-left cell only, no table totals row as a record. Real files written by
 * ExcelJS, run in-process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/run';
import type { CellValue } from '../../core/types';
import { streamToInput } from '../../xlsx/node-files';
import { workbookToInput } from '../../xlsx/to-input';
import { jiedui, tempDir } from './helpers';

const dir = tempDir();
const at = (f: string) => join(dir, f);

/** Runs the CLI in this process, as `jiedui ...` would. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** Values with trailing empties dropped, so the two readers compare on what the sheets hold. */
function trimmed(sheets: { name: string; values: CellValue[][] }[]) {
  return sheets.map((s) => {
    const rows = s.values.map((r) => {
      const x = (r ?? []).map((v) => (v === undefined ? null : v));
      while (x.length > 0 && x[x.length - 1] === null) x.pop();
      return x;
    });
    while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
    return { name: s.name, values: rows };
  });
}

async function bothReaders(file: string) {
  const streamed = await streamToInput(at(file));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(at(file));
  return { streamed: trimmed(streamed.sheets), loaded: trimmed(workbookToInput(wb).sheets) };
}

const issuesOf = async (file: string, ...extra: string[]) => {
  const r = await cli(['validate', at(file), '--json', '--today', '2026-11-22', ...extra]);
  return {
    code: r.code,
    issues: JSON.parse(r.out || '{"issues":[]}').issues as { sheet: string; cell?: string; code: string; message: string }[],
    err: r.err,
  };
};

describe('validate on a file whose workbook part comes last (exceljs#3064)', () => {
  beforeAll(async () => {
    // A school's workbook: title rows, odd spacing, a date, then loaded and saved again with a
    // sheet added, as a person's second session does. ExcelJS stores xl/workbook.xml last; its
    // streaming reader failed on this file in about two runs of three.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目信息').addRows([['项目信息表'], [], ['学校代码 ', 'GH01'], ['学 期', '2026-2027学年第一学期'], ['学段', '小学']]);
    wb.addWorksheet(' 教师名册 ').addRows([
      ['2026学年教师名册'],
      ['填表人：张三'],
      ['备注', '身份＊', '姓　名', '教师编号', '学校代码', '职称', '骨干级别', '教龄', '学科', '自愿'],
      ['人工备注1', '指导教师', '王丽华', 'T001', 'GH01', '高级', '市级', '２２年', '语文', '√'],
      ['人工备注2', '新教师', '', 'T002', 'GH01', '初级', '无', '1', '语文', '×'],
    ]);
    wb.addWorksheet('师徒结对').addRows([
      ['师徒编号', '指导教师编号', '青年教师编号', '学科', '开始日期', '结束日期', '成长计划', '人工列'],
      [null, 'T001', 'T002', '语文', '2026年9月1日', null, '是', 'keep me'],
    ]);
    wb.addWorksheet('活动安排').addRows([
      ['活动编号', '日期', '活动类型', '主办学校', '主题', '状态', '佐证材料', '主讲教师', '参与教师数'],
      [null, '2026.9.8', '启动仪式', 'GH01', '启动', '已完成', '照片', null, '36人'],
      [null, '2026/10/15', '联席会议', 'GH01', '会议', '已完成', '纪要', null, '8'],
      [null, 46327, '联席会议', 'GH01', '会议', '已完成', '纪要', null, 8],
      [null, new Date(Date.UTC(2026, 10, 18)), '跟岗学习', 'GH01', '跟岗', '已完成', '日志', null, 2],
      [null, '2026-12-10', '示范课', 'GH01', '示范', '计划', null, 'T001', 20],
    ]);
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(await wb.xlsx.writeBuffer());
    again
      .addWorksheet('支教与援助')
      .addRows([['记录编号', '类型', '派出学校', '接收学校', '教师编号', '开始日期', '结束日期', '金额(元)', '物品', '受助学生数']]);
    await again.xlsx.writeFile(at('race.xlsx'));
  });

  it('is stored that way by ExcelJS', async () => {
    const zip = await JSZip.loadAsync(readFileSync(at('race.xlsx')));
    const names = Object.keys(zip.files).filter((n) => !n.endsWith('/'));
    expect(names[names.length - 1]).toBe('xl/workbook.xml');
  });

  it('gives the same issues and exit code on every one of 30 runs', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await cli(['validate', at('race.xlsx'), '--json', '--today', '2026-11-22']);
      seen.add(`${r.code} ${r.err} ${r.out}`);
    }
    expect(seen.size).toBe(1);
    const [only] = [...seen];
    expect(only.startsWith('1 ')).toBe(true);
    expect(JSON.parse(only.slice(2)).issues.find((i: { code: string }) => i.code === 'cell.required')).toMatchObject({
      sheet: ' 教师名册 ',
      cell: 'C5',
    });
  });
});

describe('Excel error values', () => {
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Program').addRows([
      ['School code', 'GH01'],
      ['Term', '2026-2027-1'],
    ]);
    const t = wb.addWorksheet('Teachers');
    t.addRow(['Teacher id', 'Name', 'School code', 'Title', 'Backbone level', 'Years teaching', 'Role', 'Volunteer']);
    t.addRow(['T001', { formula: 'VLOOKUP("x",Z:Z,1,0)', result: { error: '#N/A' } }, 'GH01', 'Senior', 'City', 20, 'Mentor', 'Yes']);
    t.addRow(['T002', 'Liu', 'GH01', 'Junior', 'None', { formula: '1/0', result: { error: '#DIV/0!' } }, 'New teacher', 'No']);
    t.addRow([
      { error: '#N/A' },
      { error: '#REF!' },
      'GH01',
      'Junior',
      'None',
      1,
      'New teacher',
      { formula: 'X()', result: { error: '#NAME?' } },
    ]);
    await wb.xlsx.writeFile(at('errors.xlsx'));
  });

  it("read as their text in both readers, a formula's error result too", async () => {
    const { streamed, loaded } = await bothReaders('errors.xlsx');
    expect(streamed).toEqual(loaded);
    expect(streamed[1].values.slice(1).map((r) => r.filter((v) => typeof v === 'string' && v.startsWith('#')))).toEqual([
      ['#N/A'],
      ['#DIV/0!'],
      ['#N/A', '#REF!', '#NAME?'],
    ]);
  });

  it('are each an error on their cell, never "required" and never an id or a name', async () => {
    const { code, issues } = await issuesOf('errors.xlsx');
    expect(code).toBe(1);
    const errs = issues.filter((i) => i.code === 'cell.excel_error');
    expect(errs.map((i) => i.cell)).toEqual(['B2', 'F3', 'A4', 'B4', 'H4']);
    expect(errs[0].message).toBe(
      '“Name” holds the Excel error #N/A (usually a formula that failed), not a value: expected text or a number',
    );
    expect(issues.filter((i) => i.code === 'cell.required')).toEqual([]);
  });
});

describe('merged cells', () => {
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目信息').addRows([
      ['学校代码', 'GH01'],
      ['学期', '2026-2027-1'],
    ]);
    const t = wb.addWorksheet('教师名册');
    t.addRows([
      ['教师编号', '姓名', '学校代码', '职称', '骨干级别', '身份'],
      ['T001', '王', 'GH01', '高级', '市级', '指导教师'],
      ['T002', '刘', null, '初级', '无', '新教师'],
      ['T003', '李', null, '初级', '无', '新教师'],
    ]);
    t.mergeCells('C2:C4');
    await wb.xlsx.writeFile(at('merged.xlsx'));
  });

  it('have their value in the top-left cell only, in both readers (as range.values gives it)', async () => {
    const { streamed, loaded } = await bothReaders('merged.xlsx');
    expect(streamed).toEqual(loaded);
    expect(streamed[1].values.map((r) => r[2] ?? null)).toEqual(['学校代码', 'GH01', null, null]);
  });

  it('say why a required cell covered by a merge is empty', async () => {
    const { issues } = await issuesOf('merged.xlsx');
    const merged = issues.filter((i) => i.code === 'cell.required_merged');
    expect(merged.map((i) => i.cell)).toEqual(['C3', 'C4']);
    expect(merged[0].message).toBe(
      '「学校代码」不能为空：此单元格在合并单元格 C2:C4 中，合并后的值只在左上角的 C2；请取消合并，在每一行填写',
    );
  });
});

/** A Support table with Excel's Total Row turned on: label in the id column, a SUBTOTAL under the amount. */
async function totalsWorkbook(file: string, schedule: 'none' | 'empty-with-totals') {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('项目信息').addRows([
    ['学校代码', 'GH01'],
    ['学期', '2026-2027-1'],
  ]);
  wb.addWorksheet('教师名册').addRows([
    ['教师编号', '姓名', '学校代码', '职称', '骨干级别', '身份'],
    ['T001', '王', 'GH01', '高级', '市级', '指导教师'],
  ]);
  const s = wb.addWorksheet('支教与援助');
  // totalsRowResult is in ExcelJS's model, not its typings
  s.addTable(<ExcelJS.TableProperties>{
    name: 'tblSupport',
    ref: 'A1',
    headerRow: true,
    totalsRow: true,
    columns: [
      { name: '记录编号', totalsRowLabel: '汇总' },
      { name: '类型' },
      { name: '派出学校' },
      { name: '接收学校' },
      { name: '金额(元)', totalsRowFunction: 'sum', totalsRowResult: 8000 },
      { name: '物品' },
    ],
    rows: [
      ['S001', '捐赠', 'GH01', 'WT01', 5000, null],
      ['S002', '捐赠', 'GH01', 'DS01', 3000, '图书'],
    ],
  });
  if (schedule === 'empty-with-totals') {
    const a = wb.addWorksheet('活动安排');
    a.addTable(<ExcelJS.TableProperties>{
      name: 'tblSchedule',
      ref: 'A1',
      headerRow: true,
      totalsRow: true,
      columns: ['活动编号', '日期', '活动类型', '主办学校', '参与学校', '主题', '学科', '主讲教师', '状态'].map((name, i) =>
        i === 0 ? { name, totalsRowLabel: '合计' } : i === 2 ? { name, totalsRowFunction: 'count' as const, totalsRowResult: 0 } : { name },
      ),
      rows: [],
    });
  }
  await wb.xlsx.writeFile(at(file));
}

describe('a table totals row', () => {
  beforeAll(async () => {
    await totalsWorkbook('totals.xlsx', 'none');
    await totalsWorkbook('totals-plan.xlsx', 'empty-with-totals');
  });

  it('is no record in either reader', async () => {
    const { streamed, loaded } = await bothReaders('totals.xlsx');
    expect(streamed).toEqual(loaded);
    expect(streamed[2].values).toHaveLength(3);
    const { issues } = await issuesOf('totals.xlsx');
    expect(issues.filter((i) => i.sheet === '支教与援助' && (i.cell?.endsWith('4') || i.code.startsWith('cell.')))).toEqual([]);
  });

  it('moves down below the rows a fill appends, and is never written over', async () => {
    const r = await cli(['fill', at('totals-plan.xlsx'), '-o', at('totals-planned.xlsx'), '--plan', '--today', '2026-08-01']);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at('totals-planned.xlsx'));
    const ws = wb.getWorksheet('活动安排')!;
    const table = Object.values(
      (ws as unknown as { tables: Record<string, { table: { tableRef: string; totalsRow: boolean } }> }).tables,
    )[0].table;
    const last = ws.actualRowCount;
    expect(last).toBeGreaterThan(6);
    expect(table.tableRef).toBe(`A1:I${last}`);
    expect(table.totalsRow).toBe(true);
    expect(ws.getCell(`A${last}`).value).toBe('合计');
    expect(ws.getCell(`C${last}`).value).toMatchObject({ formula: 'SUBTOTAL(103,tblSchedule[活动类型])' });
    expect(ws.getCell('A2').value).toBe('A0001');
    expect(ws.getCell(`A${last - 1}`).value).toMatch(/^A\d{4}$/);
    // the plan validates clean: no row is the totals row, no plan row was lost under it
    const v = await issuesOf('totals-planned.xlsx', '--today', '2026-08-01');
    expect(v.issues.filter((i) => i.sheet === '活动安排' && i.code.startsWith('cell.'))).toEqual([]);
    expect(v.issues.filter((i) => i.code === 'schedule.month_without_activity')).toEqual([]);
  });
});

describe('labels with a trailing colon', () => {
  it('are recognised on the Program sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('项目信息').addRows([
      ['学校代码：', 'GH01'],
      ['学期:', '2026-2027-1'],
      ['学校名称', '国河'],
    ]);
    await wb.xlsx.writeFile(at('colon.xlsx'));
    const { issues } = await issuesOf('colon.xlsx');
    expect(issues.filter((i) => i.sheet === '项目信息')).toEqual([]);
  });
});

describe('the CLI as a child process', () => {
  it('validates the race file the same way', async () => {
    const r = await jiedui(['validate', 'race.xlsx', '--today', '2026-11-22'], dir);
    expect(r.code).toBe(1);
  });
});
