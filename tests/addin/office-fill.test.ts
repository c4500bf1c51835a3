/**
 * The Office adapter's writes against what happens in a live workbook: a person typing while a fill
 * is computed, rows and columns joining a table, requests under Excel on the web's 5 MB (counted
 * in UTF-8 bytes, as Excel counts them), and the runner asking Excel to wait for a cell edit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fillAll } from '../../core/fill';
import { SHEET_BY_KEY } from '../../core/template';
import { OfficePort, READ_LIMITS, officeRunner } from '../../addin/src/office-port';
import { bigWorkbook } from './big-workbook';
import { FakeExcel, cellKey } from './fake-excel';

const TODAY = '2026-10-15';
const LIMIT = 5 * 1024 * 1024;

function excelWith(n: number): FakeExcel {
  const xl = new FakeExcel();
  for (const s of bigWorkbook(n)) xl.addSheet(s.name, s.rows);
  return xl;
}

/** The cell's value as the fake holds it ('' when empty). */
const at = (xl: FakeExcel, sheet: string, row: number, col: number) => xl.sheets.get(sheet)!.cells.get(cellKey(row - 1, col - 1)) ?? '';

describe('officeRunner', () => {
  const g = globalThis as unknown as { Office?: unknown; Excel?: unknown };
  afterEach(() => {
    delete g.Office;
    delete g.Excel;
  });

  it('asks Excel to wait while the person edits a cell, on every run, with the undo group where asked', async () => {
    const seen: unknown[] = [];
    g.Office = { context: { requirements: { isSetSupported: () => true } } };
    g.Excel = {
      run: async (opts: unknown, batch: (ctx: unknown) => Promise<unknown>) => {
        seen.push(opts);
        return batch({});
      },
    };
    const runner = officeRunner();
    expect(await runner.run(async () => 1)).toBe(1);
    await runner.run(async () => 2, { mergeUndoGroup: true });
    await runner.run(async () => 3, { mergeUndoGroup: false });
    expect(seen).toEqual([{ delayForCellEdit: true }, { delayForCellEdit: true, mergeUndoGroup: true }, { delayForCellEdit: true }]);
  });
});

describe('a fill never covers what a person typed after it was computed', () => {
  const SCHEDULE = '活动安排';

  /** A workbook read and filled, with the id of Schedule row 3 missing: the fill gives it one. */
  async function computed(n = 10) {
    const xl = excelWith(n);
    xl.sheets.get(SCHEDULE)!.cells.delete(cellKey(2, 0));
    const port = new OfficePort(xl.runner());
    const fill = fillAll(await port.readSheets(), { today: TODAY, plan: false, match: false });
    const id = fill.writes.find((w) => w.sheetName === SCHEDULE && w.row === 3 && w.col === 1)!;
    expect(id).toBeDefined();
    xl.reset();
    return { xl, port, fill, id };
  }

  it('keeps a value typed meanwhile into an empty cell the fill fills, and reports the cell', async () => {
    const { xl, port, fill } = await computed(10_000);
    xl.sheets.get(SCHEDULE)!.cells.set(cellKey(2, 0), '我的编号');
    const out = await port.applyWrites(fill);
    expect(at(xl, SCHEDULE, 3, 1)).toBe('我的编号');
    expect(out.skipped).toEqual([{ sheetName: SCHEDULE, cell: 'A3' }]);
    expect(out.cellsWritten).toBe(fill.writes.length - 1);
    // The product's own columns are written as before: Assessment's results.
    const assessment = SHEET_BY_KEY.assessment.columns.findIndex((c) => c.key === 'score') + 1;
    expect(at(xl, '考核', 2, assessment)).not.toBe('');
    expect(xl.runs).toEqual([{ mergeUndoGroup: true }]);
  });

  it('keeps a formula that shows "" in an id cell (fillIds sees the cell as empty)', async () => {
    const { xl, port, fill } = await computed();
    xl.setFormula(SCHEDULE, 'A3', '=IF(B3="","",B3)', '');
    const out = await port.applyWrites(fill);
    expect(xl.sheets.get(SCHEDULE)!.formulas!.get(cellKey(2, 0))).toBe('=IF(B3="","",B3)');
    expect(out.skipped).toEqual([{ sheetName: SCHEDULE, cell: 'A3' }]);
  });

  it('still replaces its own old results in the columns it owns', async () => {
    const xl = excelWith(10);
    const score = SHEET_BY_KEY.assessment.columns.findIndex((c) => c.key === 'score') + 1;
    xl.sheets.get('考核')!.cells.set(cellKey(1, score - 1), 1);
    const port = new OfficePort(xl.runner());
    const fill = fillAll(await port.readSheets(), { today: TODAY, plan: false, match: false });
    const w = fill.writes.find((x) => x.sheetName === '考核' && x.row === 2 && x.col === score)!;
    expect(w.value).not.toBe(1);
    const out = await port.applyWrites(fill);
    expect(at(xl, '考核', 2, score)).toBe(w.value);
    expect(out.skipped).toEqual([]);
  });

  it('writes whatever the cells hold when the person chose to replace them', async () => {
    const xl = new FakeExcel();
    xl.addSheet('教师名册', [
      ['教师编号', '姓名'],
      ['T1', '甲'],
    ]);
    const out = await new OfficePort(xl.runner()).applyWrites({
      writes: [{ sheetName: '教师名册', row: 2, col: 2, value: '乙' }],
      newSheets: [],
      overwrite: true,
    });
    expect(xl.value('教师名册', 'B2')).toBe('乙');
    expect(out.skipped).toEqual([]);
  });
});

describe('rows appended below a table where table.rows.add inserts (before ExcelApi 1.13)', () => {
  const SHEET = '活动安排';
  const width = SHEET_BY_KEY.schedule.columns.length;

  /** Schedule whose table stops one row short: the person's last row sits right below it, no id. */
  function personRowBelow() {
    const xl = excelWith(3);
    const s = xl.sheets.get(SHEET)!;
    const last = Math.max(...[...s.cells.keys()].map((k) => Math.floor(k / 16_384)));
    xl.addTable(SHEET, 'tblSchedule', { r: 0, c: 0, nr: last, nc: width });
    s.cells.delete(cellKey(last, 0));
    const before = Array.from({ length: width }, (_, c) => s.cells.get(cellKey(last, c)) ?? '');
    return { xl, row: last + 1, before };
  }

  it('writes the id into the person’s row in place: the row is not pushed down, no row of only an id appears', async () => {
    const { xl, row, before } = personRowBelow();
    const port = new OfficePort(xl.runner({ supportsTableResize: false }));
    const fill = fillAll(await port.readSheets(), { today: TODAY, plan: false, match: false });
    expect(fill.writes.some((w) => w.sheetName === SHEET && w.row === row && w.col === 1)).toBe(true);
    await port.applyWrites(fill);
    expect(xl.rowsAdded).toEqual([]);
    const after = Array.from({ length: width }, (_, c) => at(xl, SHEET, row, c + 1));
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(after[0]).toMatch(/^A\d{4}$/);
    expect(Array.from({ length: width }, (_, c) => at(xl, SHEET, row + 1, c + 1)).every((v) => v === '')).toBe(true);
  });

  it('adds empty rows through rows.add only when nothing below the table would be pushed down', async () => {
    const xl = new FakeExcel();
    xl.addSheet('教师名册', [
      ['教师编号', '姓名', '学校代码'],
      ['T1', '甲', 'GH01'],
    ]);
    xl.addTable('教师名册', 'tblTeachers', { r: 0, c: 0, nr: 2, nc: 3 });
    xl.sheets.get('教师名册')!.cells.set(cellKey(5, 1), '备注'); // B6: a person's note two rows under what the fill appends
    const writes = [
      { sheetName: '教师名册', row: 3, col: 1, value: 'T2' },
      { sheetName: '教师名册', row: 4, col: 1, value: 'T3' },
    ];
    await new OfficePort(xl.runner({ supportsTableResize: false })).applyWrites({ writes, newSheets: [] });
    expect(xl.rowsAdded).toEqual([]);
    expect(xl.value('教师名册', 'B6')).toBe('备注');
    expect(xl.value('教师名册', 'A4')).toBe('T3');

    // Nothing below: the rows join the table in one call.
    const clear = new FakeExcel();
    clear.addSheet('教师名册', [
      ['教师编号', '姓名', '学校代码'],
      ['T1', '甲', 'GH01'],
    ]);
    clear.addTable('教师名册', 'tblTeachers', { r: 0, c: 0, nr: 2, nc: 3 });
    await new OfficePort(clear.runner({ supportsTableResize: false })).applyWrites({ writes, newSheets: [] });
    expect(clear.rowsAdded).toEqual([{ table: 'tblTeachers', rows: 2 }]);
    expect(clear.sheets.get('教师名册')!.tables[0].box.nr).toBe(4);
    expect(clear.value('教师名册', 'A4')).toBe('T3');
  });
});

describe('a table with a total row', () => {
  for (const resize of [true, false]) {
    it(`gets a fill's new rows above its total row, which keeps its cells (table.resize ${resize ? 'supported' : 'not supported'})`, async () => {
      const SHEET = '活动安排';
      const xl = new FakeExcel();
      for (const s of bigWorkbook(4)) xl.addSheet(s.name, s.name === SHEET ? s.rows.slice(0, 1) : s.rows);
      const width = SHEET_BY_KEY.schedule.columns.length;
      const s = xl.sheets.get(SHEET)!;
      // Header, one blank row, and the total row: a label and a SUBTOTAL.
      s.cells.set(cellKey(2, 0), '汇总');
      xl.setFormula(SHEET, 'I3', '=SUBTOTAL(109,[参与教师数])', 0);
      xl.addTable(SHEET, 'tblSchedule', { r: 0, c: 0, nr: 3, nc: width }, true);
      const port = new OfficePort(xl.runner({ supportsTableResize: resize }));
      const fill = fillAll(await port.readSheets(), { today: '2026-10-15', plan: true, match: false });
      const planned = new Set(fill.writes.filter((w) => w.sheetName === SHEET && w.row > 1).map((w) => w.row)).size;
      expect(planned).toBeGreaterThan(5);
      const out = await port.applyWrites(fill);
      expect(out.skipped).toEqual([]);
      const box = s.tables[0].box;
      // The total row is still the table's last, below every planned row, holding only its own cells.
      const last = box.r + box.nr - 1;
      const row = (r: number) => Array.from({ length: width }, (_, c) => s.cells.get(cellKey(r, c)) ?? '');
      expect(row(last)[0]).toBe('汇总');
      expect(row(last).filter((v) => v !== '').length).toBe(2);
      expect(s.formulas!.get(cellKey(last, 8))).toBe('=SUBTOTAL(109,[参与教师数])');
      // Every planned row is a record inside the table, above the total row.
      const records = Array.from({ length: last - 1 }, (_, i) => row(i + 1)).filter((r) => r.some((v) => v !== ''));
      expect(records.length).toBe(last - 1);
      expect(records.every((r) => r[0] !== '汇总' && r[2] !== '')).toBe(true);
      // And a check of the result reads no record in the total row.
      const { issues } = (await import('../../core/check')).checkWorkbook(await port.readSheets(), { today: '2026-10-15' });
      expect(issues.filter((i) => i.sheet === 'schedule' && i.row === last + 1)).toEqual([]);
    });
  }
});

describe('columns a fill adds right of a table join it', () => {
  /** Assessment without role, score, result, missing, as an Excel table. */
  async function withoutResults(opts: { supportsTableResize: boolean }) {
    const xl = new FakeExcel();
    for (const s of bigWorkbook(4)) xl.addSheet(s.name, s.name === '考核' ? s.rows.map((r) => r.slice(0, 13)) : s.rows);
    xl.addTable('考核', 'tblAssessment', { r: 0, c: 0, nr: 5, nc: 13 });
    const port = new OfficePort(xl.runner(opts));
    const fill = fillAll(await port.readSheets(), { today: TODAY });
    const heads = fill.writes.filter((w) => w.sheetName === '考核' && w.row === 1);
    expect(heads.map((w) => w.col)).toEqual([14, 15, 16, 17]);
    const sets: unknown[] = [];
    const runner = xl.runner(opts);
    const run = runner.run;
    // Every setValues the port sends, to see that each header cell is written once.
    runner.run = (batch, o) =>
      run(async (ctx: { ops: unknown[]; sync: () => Promise<void> }) => {
        const sync = ctx.sync.bind(ctx);
        ctx.sync = async () => {
          sets.push(...ctx.ops.filter((op) => (op as unknown[])[0] === 'setValues' && ((op as unknown[])[1] as string) === '考核'));
          return sync();
        };
        return batch(ctx);
      }, o);
    const out = await new OfficePort(runner).applyWrites(fill);
    const headerWrites = sets.filter((op) => ((op as unknown[])[2] as { r: number }).r === 0);
    return { xl, fill, heads, out, headerWrites };
  }

  it('widens the table with table.resize (ExcelApi 1.13), writing each header once', async () => {
    const { xl, heads, headerWrites, out, fill } = await withoutResults({ supportsTableResize: true });
    expect(xl.sheets.get('考核')!.tables[0].box).toEqual({ r: 0, c: 0, nr: 5, nc: 17 });
    heads.forEach((h) => expect(at(xl, '考核', 1, h.col)).toBe(h.value));
    expect(headerWrites).toHaveLength(4);
    expect(out.cellsWritten).toBe(fill.writes.length);
  });

  it('widens it with table.columns.add elsewhere, the header written by the column’s name alone', async () => {
    const { xl, heads, headerWrites, out, fill } = await withoutResults({ supportsTableResize: false });
    expect(xl.sheets.get('考核')!.tables[0].box).toEqual({ r: 0, c: 0, nr: 5, nc: 17 });
    expect(xl.columnsAdded.map((c) => c.name)).toEqual(heads.map((h) => h.value));
    heads.forEach((h) => expect(at(xl, '考核', 1, h.col)).toBe(h.value));
    expect(headerWrites).toEqual([]);
    expect(out.cellsWritten).toBe(fill.writes.length);
    // The scores sit in the table's rows.
    expect(at(xl, '考核', 2, 15)).not.toBe('');
  });
});

describe('requests stay under 5 MB in UTF-8 bytes', () => {
  it('counts a request in UTF-8 bytes: Chinese text weighs three bytes a character', async () => {
    const xl = new FakeExcel();
    xl.addSheet('考核', [['教师编号']]);
    const text = '缺'.repeat(1000);
    await new OfficePort(xl.runner()).applyWrites({ writes: [], newSheets: [{ key: 'summary', name: '目标完成情况', headers: [text] }] });
    expect(xl.syncs.at(-1)!.requestBytes).toBeGreaterThan(3000);
  });

  it('splits a 100,000-row fill with Chinese text into several syncs of one Excel.run, all written', async () => {
    const xl = new FakeExcel();
    const wb = bigWorkbook(100_000);
    // Every teacher short of everything: a long "missing" text in Chinese on every row.
    for (const r of wb.find((s) => s.name === '考核')!.rows.slice(1)) for (let c = 2; c <= 10; c++) r[c] = 0;
    for (const s of wb) xl.addSheet(s.name, s.rows);
    const port = new OfficePort(xl.runner());
    const fill = fillAll(await port.readSheets(), { today: TODAY });
    xl.reset();
    const out = await port.applyWrites(fill);
    expect(xl.runs).toEqual([{ mergeUndoGroup: true }]);
    expect(xl.syncCount).toBeGreaterThan(3);
    expect(xl.syncCount).toBeLessThan(10);
    for (const s of xl.syncs) expect(s.requestBytes).toBeLessThan(LIMIT);
    expect(out.cellsWritten).toBe(fill.writes.length);
    for (const w of fill.writes.filter((_, i) => i % 997 === 0)) expect(at(xl, w.sheetName, w.row, w.col)).toEqual(w.value ?? '');
  }, 60_000);

  it('reads a sheet of Chinese text in syncs under 5 MB', async () => {
    const xl = new FakeExcel();
    const cols = SHEET_BY_KEY.schedule.columns.map((c) => c.zh);
    // Every cell five Chinese characters: 18 bytes of JSON, three times its length in characters.
    const words = ['教研活动一', '示范课展示', '国河中心校', '湾头小学校', '专题讲座二', '听课与评课'];
    const rows = [cols, ...Array.from({ length: 60_000 }, (_, i) => cols.map((_, j) => words[(i + j) % words.length]))];
    xl.addSheet('活动安排', rows);
    const input = await new OfficePort(xl.runner()).readSheets();
    expect(input.sheets[0].values.length).toBe(60_001);
    for (const s of xl.syncs) expect(s.responseBytes).toBeLessThan(LIMIT);
    expect(READ_LIMITS.cellsPerSync).toBeLessThan(330_000);
  }, 60_000);

  it('writes and reads back a state of 140,000 rows in chunks, each under 5 MB', async () => {
    const xl = new FakeExcel();
    xl.addSheet('Sheet1');
    const port = new OfficePort(xl.runner());
    const rows: (string | number)[][] = [['jiedui-sync', 1, 'https://jiedui.example.org', 'GH01', '2026-2027-1', 7]];
    for (let i = 0; i < 140_000; i++) rows.push(['assessment', `教师${String(i).padStart(6, '0')}|2026-2027-1`, 3, 'k3j4h5k6j7h8']);
    await port.writeState(rows);
    const writes = xl.syncs.length;
    expect(writes).toBeGreaterThan(2);
    for (const s of xl.syncs) expect(s.requestBytes).toBeLessThan(LIMIT);
    xl.reset();
    const back = await port.readState();
    expect(xl.syncCount).toBeGreaterThan(3);
    for (const s of xl.syncs) expect(s.responseBytes).toBeLessThan(LIMIT);
    expect(back!.length).toBe(rows.length);
    expect(back![140_000].slice(0, 4)).toEqual(rows[140_000]);
    expect(back![0]).toEqual(rows[0]);
  }, 60_000);
});
