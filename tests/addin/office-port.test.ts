/**
 * The Office adapter against a counting fake of Excel's RequestContext (office-addin-mock cannot
 * mock collections; see office-mock.test.ts for what it can): a check and a fill take the same
 * number of context.sync() round trips at 10 and at thousands of rows (more only where a request
 * would pass 5 MB); marks are set and removed,
 * restoring the fill a cell had; undo grouping is requested where the host supports it.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { fillAll } from '../../core/fill';
import { OfficePort, READ_LIMITS, columnRuns, isTemplateSheetName } from '../../addin/src/office-port';
import { NOTE_PREFIX } from '../../addin/src/port';
import { bigWorkbook } from './big-workbook';
import { FakeExcel, cellKey, fillAt, noteAt } from './fake-excel';

const TODAY = '2026-10-15';

function excelWith(n: number): FakeExcel {
  const xl = new FakeExcel();
  for (const s of bigWorkbook(n)) xl.addSheet(s.name, s.rows);
  xl.addSheet('草稿', [['a person’s own sheet', 1]]);
  return xl;
}

async function checkRoundTrips(n: number) {
  const xl = excelWith(n);
  const port = new OfficePort(xl.runner());
  const input = await port.readSheets();
  const readSyncs = xl.syncCount;
  const { issues } = checkWorkbook(input, { today: TODAY });
  return { xl, input, readSyncs, issues, port };
}

describe('OfficePort.readSheets', () => {
  it('reads every template sheet, values and origin, and skips other sheets', async () => {
    const { input } = await checkRoundTrips(10);
    expect(input.sheets.map((s) => s.name)).toEqual(['项目信息', '教师名册', '师徒结对', '活动安排', '考核']);
    const teachers = input.sheets[1];
    expect(teachers.origin).toEqual({ row: 1, col: 1 });
    expect(teachers.values.length).toBe(11);
    expect(teachers.values[1][0]).toBe('T000001');
  });

  it('takes the same three round trips for a check at 10 and at 5,000 rows, and chunks only where size demands', async () => {
    const small = await checkRoundTrips(10);
    const large = await checkRoundTrips(5_000);
    expect(small.readSyncs).toBe(3);
    expect(large.readSyncs).toBe(small.readSyncs);
    expect(large.input.sheets[1].values.length).toBe(5_001);
    // 10,000 teachers are ~300,000 cells: the values come in two syncs, none past Excel on the web's 5 MB.
    const larger = await checkRoundTrips(10_000);
    expect(larger.readSyncs).toBe(4);
    expect(larger.input.sheets[1].values.length).toBe(10_001);
    for (const s of larger.xl.syncs) expect(s.responseBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('reads in chunks only where one sync would pass the budget, and loses no row', async () => {
    const xl = excelWith(3000);
    const saved = READ_LIMITS.cellsPerSync;
    READ_LIMITS.cellsPerSync = 10_000;
    try {
      const input = await new OfficePort(xl.runner()).readSheets();
      expect(xl.syncCount).toBeGreaterThan(3);
      const teachers = input.sheets.find((s) => s.name === '教师名册')!;
      expect(teachers.values.length).toBe(3001);
      expect(teachers.values[3000][0]).toBe('T003000');
    } finally {
      READ_LIMITS.cellsPerSync = saved;
    }
  });

  it('retries with a smaller budget when Excel refuses a response for size', async () => {
    const xl = excelWith(2000);
    xl.failNextSyncOverBytes = 200_000;
    const input = await new OfficePort(xl.runner()).readSheets();
    expect(input.sheets.find((s) => s.name === '教师名册')!.values.length).toBe(2001);
    expect(xl.runs.length).toBeGreaterThan(1);
  });

  // The first sync of a sheet's values takes READ_LIMITS.cellsPerSync cells (safe if every cell were
  // five Chinese characters); the next ones are sized from the bytes a cell that sheet's values
  // weighed, to about READ_LIMITS.bytesPerSync. Before, every sync took 200,000 cells: 19 syncs of
  // at most 1.8 MB for this workbook's 2.95 million cells at ~6 bytes a cell.
  it('sizes a big read’s syncs from the bytes a cell measured: far fewer than 19 syncs at 100,000 rows, each under 4 MB', async () => {
    const xl = excelWith(100_000);
    const input = await new OfficePort(xl.runner()).readSheets();
    expect(xl.runs.length).toBe(1);
    expect(xl.syncCount).toBeLessThanOrEqual(10);
    for (const s of xl.syncs) expect(s.responseBytes).toBeLessThan(4_000_000);
    // The first values sync is at the safe budget; the rest carry about 3.5 MB.
    expect(xl.syncs[2].responseBytes).toBeLessThan(2_500_000);
    expect(Math.max(...xl.syncs.map((s) => s.responseBytes))).toBeGreaterThan(3_000_000);
    const teachers = input.sheets.find((s) => s.name === '教师名册')!;
    expect(teachers.values.length).toBe(100_001);
    expect(teachers.values[100_000][0]).toBe('T100000');
    const assessment = input.sheets.find((s) => s.name === '考核')!;
    expect(assessment.values.length).toBe(100_001);
    expect(assessment.values.map((r) => r[0])).toEqual(
      bigWorkbook(100_000)
        .find((s) => s.name === '考核')!
        .rows.map((r) => r[0]),
    );
  }, 60_000);

  it('does not size a sheet of Chinese text by what a sheet of short ids before it weighed', async () => {
    const xl = new FakeExcel();
    // ~4 bytes a cell: learnt across sheets, this would let the next sheet take ~900,000 cells a sync.
    xl.addSheet(
      '教师名册',
      Array.from({ length: 200_001 }, (_, i) => [`T${i}`, 1, 2, 3]),
    );
    // Five Chinese characters a cell: 18 bytes, the case the first-sync budget is sized for.
    const words = ['教研活动一', '示范课展示', '国河中心校', '湾头小学校', '专题讲座二', '听课与评课'];
    xl.addSheet(
      '活动安排',
      Array.from({ length: 60_001 }, (_, i) => Array.from({ length: 8 }, (_, j) => words[(i + j) % words.length])),
    );
    const input = await new OfficePort(xl.runner()).readSheets();
    expect(xl.runs.length).toBe(1);
    for (const s of xl.syncs) expect(s.responseBytes).toBeLessThan(4_000_000);
    expect(input.sheets.map((s) => s.values.length)).toEqual([200_001, 60_001]);
    expect(input.sheets[1].values[60_000][7]).toBe(words[(60_000 + 7) % words.length]);
  }, 60_000);

  it('reads text past the worst case the budget is sized for through the retry at half the budget', async () => {
    const xl = new FakeExcel();
    xl.addSheet(
      '教师名册',
      Array.from({ length: 1_001 }, (_, i) => [`T${i}`, 1]),
    );
    // Twelve Chinese characters a cell (39 bytes): 200,000 of them are 7.8 MB, which Excel refuses.
    const text = '示范课展示与听课评课活动';
    xl.addSheet(
      '活动安排',
      Array.from({ length: 30_001 }, (_, i) => Array.from({ length: 8 }, (_, j) => `${text}${(i + j) % 10}`)),
    );
    xl.failNextSyncOverBytes = 5 * 1024 * 1024;
    const input = await new OfficePort(xl.runner()).readSheets();
    expect(xl.runs.length).toBe(2);
    for (const s of xl.syncs) expect(s.responseBytes).toBeLessThan(5 * 1024 * 1024);
    expect(input.sheets.map((s) => s.values.length)).toEqual([1_001, 30_001]);
  }, 60_000);

  it('reads a table’s total row as empty, so it is no record, in the same three round trips', async () => {
    const xl = excelWith(10);
    const support = xl.addSheet('支教与援助', [
      ['记录编号', '类型', '派出学校', '接收学校', '教师编号', '开始日期', '结束日期', '金额(元)'],
      ['S1', '捐赠', 'GH01', 'WT01', '', '2026-09-10', '', 5000],
      ['S2', '捐赠', 'GH01', 'DS01', '', '2026-10-10', '', 3000],
      ['汇总', '', '', '', '', '', '', 8000],
    ]);
    support.cells.set(cellKey(3, 9), 'a person’s remark right of the table');
    xl.addTable('支教与援助', 'tblSupport', { r: 0, c: 0, nr: 4, nc: 8 }, true);
    const input = await new OfficePort(xl.runner()).readSheets();
    expect(xl.syncCount).toBe(3);
    const sheet = input.sheets.find((s) => s.name === '支教与援助')!;
    expect(sheet.values[3].slice(0, 8)).toEqual(['', '', '', '', '', '', '', '']);
    expect(sheet.values[3][9]).toBe('a person’s remark right of the table');
    const issues = checkWorkbook(input, { today: TODAY }).issues.filter((i) => i.sheet === 'support' && i.row === 4);
    expect(issues).toEqual([]);
    // Without the total row taken out, its empty kind is an error on row 4.
    xl.sheets.get('支教与援助')!.tables[0].totals = false;
    const again = checkWorkbook(await new OfficePort(xl.runner()).readSheets(), { today: TODAY }).issues;
    expect(again.some((i) => i.sheet === 'support' && i.row === 4 && i.code === 'cell.required')).toBe(true);
  });

  it('recognises template sheets by any spelling the template allows', () => {
    expect(isTemplateSheetName('教师名册')).toBe(true);
    expect(isTemplateSheetName(' Teachers ')).toBe(true);
    expect(isTemplateSheetName('ＴＥＡＣＨＥＲＳ')).toBe(true);
    expect(isTemplateSheetName('Sheet1')).toBe(false);
  });
});

describe('OfficePort.applyWrites', () => {
  async function fillRoundTrips(n: number, supportsUndoGroup = true) {
    const xl = excelWith(n);
    const port = new OfficePort(xl.runner({ supportsUndoGroup }));
    const input = await port.readSheets();
    const fill = fillAll(input, { today: TODAY, plan: false, match: false });
    xl.reset();
    const outcome = await port.applyWrites(fill);
    return { xl, fill, outcome };
  }

  it('writes a fill in two round trips (tables, writes) at 10 and at 10,000 rows, as one undo group', async () => {
    const small = await fillRoundTrips(10);
    const large = await fillRoundTrips(10_000);
    expect(small.fill.writes.length).toBeGreaterThan(10);
    expect(large.fill.writes.length).toBeGreaterThan(10_000);
    expect(small.xl.syncCount).toBe(2);
    expect(large.xl.syncCount).toBe(small.xl.syncCount);
    expect(large.xl.runs).toEqual([{ mergeUndoGroup: true }]);
    expect(large.outcome.undoGrouped).toBe(true);
    expect(large.outcome.cellsWritten).toBe(large.fill.writes.length);
    // Every write landed where the core asked.
    for (const w of large.fill.writes.slice(0, 200)) {
      const v = large.xl.sheets.get(w.sheetName)!.cells.get(cellKey(w.row - 1, w.col - 1));
      expect(v ?? '').toEqual(w.value ?? '');
    }
  });

  it('says when the host cannot group the writes into one undo step', async () => {
    const { xl, outcome } = await fillRoundTrips(10, false);
    expect(xl.runs).toEqual([{ mergeUndoGroup: false }]);
    expect(outcome.undoGrouped).toBe(false);
  });

  it('creates a new sheet with its header row frozen', async () => {
    const xl = new FakeExcel();
    const port = new OfficePort(xl.runner());
    await port.applyWrites({
      newSheets: [{ key: 'summary', name: '目标完成情况', headers: ['指标', '目标'] }],
      writes: [{ sheetName: '目标完成情况', row: 2, col: 1, value: '活动次数' }],
    });
    expect(xl.value('目标完成情况', 'A1')).toBe('指标');
    expect(xl.value('目标完成情况', 'A2')).toBe('活动次数');
    expect(xl.sheets.get('目标完成情况')!.frozenRows).toBe(1);
  });

  it('groups writes into column runs so a request stays small', () => {
    const runs = columnRuns([
      { sheetName: 'S', row: 3, col: 2, value: 'b' },
      { sheetName: 'S', row: 2, col: 2, value: 'a' },
      { sheetName: 'S', row: 5, col: 2, value: 'c' },
      { sheetName: 'S', row: 2, col: 3, value: 'x' },
    ]);
    expect(runs).toEqual([
      { sheetName: 'S', row: 2, col: 2, values: ['a', 'b'] },
      { sheetName: 'S', row: 5, col: 2, values: ['c'] },
      { sheetName: 'S', row: 2, col: 3, values: ['x'] },
    ]);
  });
});

describe('OfficePort marks', () => {
  it('marks cells with a fill and a note, and removes exactly its own marks, restoring fills', async () => {
    const { xl, issues, port } = await checkRoundTrips(10);
    const teachers = xl.sheets.get('教师名册')!;
    teachers.fills.set(cellKey(1, 0), '#00B050'); // A2 had a person's green fill
    teachers.notes.set(cellKey(2, 0), 'a person’s note'); // A3 had a person's note
    xl.reset();
    await port.setMarks([
      { sheetName: '教师名册', cell: 'A2', severity: 'error', message: 'bad id' },
      { sheetName: '教师名册', cell: 'A3', severity: 'warning', message: 'look' },
      { sheetName: '教师名册', cell: 'B4', severity: 'info', message: 'fyi' },
    ]);
    expect(xl.syncCount).toBe(3);
    expect(fillAt(xl, '教师名册', 'A2')).toBe('#FFC7CE');
    expect(noteAt(xl, '教师名册', 'A2')).toBe(`${NOTE_PREFIX}bad id`);
    expect(noteAt(xl, '教师名册', 'A3')).toBe('a person’s note');
    expect(fillAt(xl, '教师名册', 'B4')).toBe('#DDEBF7');

    // The next check replaces the marks: B4 is no longer an issue, A2 still is.
    xl.reset();
    await port.setMarks([{ sheetName: '教师名册', cell: 'A2', severity: 'warning', message: 'again' }]);
    expect(xl.syncCount).toBe(3);
    expect(fillAt(xl, '教师名册', 'B4')).toBeUndefined();
    expect(noteAt(xl, '教师名册', 'B4')).toBeUndefined();
    expect(fillAt(xl, '教师名册', 'A2')).toBe('#FFEB9C');
    expect(noteAt(xl, '教师名册', 'A2')).toBe(`${NOTE_PREFIX}again`);

    await port.clearMarks();
    expect(fillAt(xl, '教师名册', 'A2')).toBe('#00B050');
    expect(noteAt(xl, '教师名册', 'A2')).toBeUndefined();
    expect(fillAt(xl, '教师名册', 'A3')).toBeUndefined();
    expect(noteAt(xl, '教师名册', 'A3')).toBe('a person’s note');
    expect(issues.length).toBeGreaterThanOrEqual(0);
  });

  it('removes marks left by an earlier session (they are stored in the workbook settings)', async () => {
    const xl = excelWith(10);
    await new OfficePort(xl.runner()).setMarks([{ sheetName: '教师名册', cell: 'C5', severity: 'error', message: 'x' }]);
    expect(fillAt(xl, '教师名册', 'C5')).toBe('#FFC7CE');
    // A new pane session: a fresh port with no memory of the marks.
    await new OfficePort(xl.runner()).clearMarks();
    expect(fillAt(xl, '教师名册', 'C5')).toBeUndefined();
    expect(noteAt(xl, '教师名册', 'C5')).toBeUndefined();
  });

  it('takes the same round trips to mark 5 cells or 1,500', async () => {
    const counts: number[] = [];
    for (const k of [5, 1500]) {
      const xl = excelWith(2000);
      const port = new OfficePort(xl.runner());
      const marks = Array.from({ length: k }, (_, i) => ({
        sheetName: '教师名册',
        cell: `B${i + 2}`,
        severity: 'error' as const,
        message: 'm',
      }));
      await port.setMarks(marks);
      counts.push(xl.syncCount);
    }
    expect(counts[0]).toBe(3);
    expect(counts[1]).toBe(counts[0]);
  });

  it('marks with the fill alone where the host has no notes (before ExcelApi 1.18)', async () => {
    const xl = excelWith(10);
    await new OfficePort(xl.runner({ supportsNotes: false })).setMarks([
      { sheetName: '教师名册', cell: 'A2', severity: 'error', message: 'x' },
    ]);
    expect(fillAt(xl, '教师名册', 'A2')).toBe('#FFC7CE');
    expect(noteAt(xl, '教师名册', 'A2')).toBeUndefined();
  });
});

describe('OfficePort.createTemplate', () => {
  it('lays out every sheet in an empty workbook, in three round trips and one undo group, then deletes the blank sheet outside it', async () => {
    const xl = new FakeExcel();
    xl.addSheet('Sheet1');
    const ok = await new OfficePort(xl.runner()).createTemplate('zh');
    expect(ok).toBe(true);
    // Worksheet.delete has no undo support: inside the group Excel would throw UndoNotSupported.
    expect(xl.syncCount).toBe(4);
    expect(xl.runs).toEqual([{ mergeUndoGroup: true }, { mergeUndoGroup: false }]);
    expect([...xl.sheets.keys()]).toEqual([
      '项目信息',
      '结对学校',
      '教师名册',
      '师徒结对',
      '活动安排',
      '考核',
      '支教与援助',
      '目标完成情况',
      '考核标准',
      '汇总',
    ]);
    expect(xl.value('教师名册', 'A1')).toBe('教师编号');
    expect(xl.value('考核标准', 'A2')).toBe('min_activities_per_month');
    expect(xl.sheets.get('教师名册')!.frozenRows).toBe(1);
    expect(xl.tables.map((t) => t.name)).toContain('tblTeachers');
    const role = xl.validations.find((v) => v.sheet === '教师名册' && v.col === 8)!;
    expect(role.source).toBe('指导教师,新教师,管理人员,普通教师');
    expect(role.strict).toBe(true);
    // Subjects are an open list: a local subject may be typed.
    expect(xl.validations.find((v) => v.sheet === '教师名册' && v.col === 4)!.strict).toBe(false);
    // The check reads the new workbook without a crash: Program is there, nothing else is wrong.
    const input = await new OfficePort(xl.runner()).readSheets();
    const { issues } = checkWorkbook(input, { today: TODAY });
    expect(issues.filter((i) => i.code.startsWith('header.'))).toEqual([]);
  });

  it('writes English headers when English is chosen', async () => {
    const xl = new FakeExcel();
    xl.addSheet('Sheet1');
    await new OfficePort(xl.runner()).createTemplate('en');
    expect(xl.value('Teachers', 'A1')).toBe('Teacher id');
  });

  it('refuses a workbook that holds anything, writing nothing', async () => {
    const xl = new FakeExcel();
    xl.addSheet('Sheet1', [['a person’s note']]);
    const ok = await new OfficePort(xl.runner()).createTemplate('zh');
    expect(ok).toBe(false);
    expect([...xl.sheets.keys()]).toEqual(['Sheet1']);
  });
});

describe('OfficePort.watchEdits', () => {
  it('calls back on a person’s edit, not on the add-in’s own writes, and stops when asked', async () => {
    const xl = excelWith(10);
    const port = new OfficePort(xl.runner());
    let edits = 0;
    const stop = await port.watchEdits(() => edits++);
    expect(xl.changeHandlers.length).toBe(1);
    await xl.changeHandlers[0]({ triggerSource: 'ThisLocalAddin' });
    expect(edits).toBe(0);
    await xl.changeHandlers[0]({ triggerSource: 'Others' });
    expect(edits).toBe(1);
    stop();
  });
});
