/**
 * The Office adapter's new pieces against the counting fake: rows a fill appends below an Excel
 * table join it (table.resize on ExcelApi 1.13, else one table.rows.add with the values); the
 * very hidden sync-state sheet; the Totals sheet written in place with its chart.
 */
import { describe, expect, it } from 'vitest';
import { OfficePort, tableGrowth } from '../../addin/src/office-port';
import { STATE_SHEET, SyncState } from '../../addin/src/sync-state';
import { FakeExcel } from './fake-excel';

function teachers(): FakeExcel {
  const xl = new FakeExcel();
  xl.addSheet('教师名册', [
    ['教师编号', '姓名', '学校代码'],
    ['T1', '甲', ''],
    ['T2', '乙', 'GH01'],
  ]);
  xl.addTable('教师名册', 'tblTeachers', { r: 0, c: 0, nr: 3, nc: 3 });
  return xl;
}

const appended = [
  { sheetName: '教师名册', row: 4, col: 1, value: 'T3' },
  { sheetName: '教师名册', row: 4, col: 2, value: '丙' },
  { sheetName: '教师名册', row: 5, col: 1, value: 'T4' },
  { sheetName: '教师名册', row: 2, col: 3, value: 'GH02' }, // inside the table, an empty cell: a plain write
];

describe('rows appended below a table join it', () => {
  it('resizes the table where ExcelApi 1.13 is supported, in a fixed number of syncs', async () => {
    const xl = teachers();
    const out = await new OfficePort(xl.runner({ supportsTableResize: true })).applyWrites({ writes: appended, newSheets: [] });
    expect(xl.sheets.get('教师名册')!.tables[0].box).toEqual({ r: 0, c: 0, nr: 5, nc: 3 });
    expect(xl.value('教师名册', 'A5')).toBe('T4');
    expect(xl.value('教师名册', 'C2')).toBe('GH02');
    expect(xl.rowsAdded).toEqual([]);
    expect(xl.syncCount).toBe(3);
    expect(out.cellsWritten).toBe(4);
  });

  it('adds the rows through table.rows.add with their values in one call elsewhere', async () => {
    const xl = teachers();
    const out = await new OfficePort(xl.runner({ supportsTableResize: false })).applyWrites({ writes: appended, newSheets: [] });
    expect(xl.rowsAdded).toEqual([{ table: 'tblTeachers', rows: 2 }]);
    expect(xl.sheets.get('教师名册')!.tables[0].box.nr).toBe(5);
    expect(xl.value('教师名册', 'A4')).toBe('T3');
    expect(xl.value('教师名册', 'B4')).toBe('丙');
    expect(xl.value('教师名册', 'A5')).toBe('T4');
    expect(xl.value('教师名册', 'C2')).toBe('GH02');
    expect(out.cellsWritten).toBe(4);
  });

  it('leaves alone rows that do not start right under the table', () => {
    const box = { row: 1, col: 1, rows: 3, cols: 3 };
    expect(tableGrowth([{ sheetName: 'S', row: 6, col: 1, value: 'x' }], 'S', box)).toBeNull();
    expect(tableGrowth([{ sheetName: 'S', row: 4, col: 5, value: 'x' }], 'S', box)).toBeNull();
    const g = tableGrowth(
      [
        { sheetName: 'S', row: 4, col: 2, value: 'x' },
        { sheetName: 'S', row: 6, col: 1, value: 'y' },
      ],
      'S',
      box,
    )!;
    expect(g.lastRow).toBe(4);
    expect(g.values).toEqual([['', 'x', '']]);
  });
});

describe('the sync state sheet', () => {
  it('is written very hidden, read back, and rewritten in place', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    expect(await port.readState()).toBeNull();
    const scope = { server: 'http://x', school: 'GH01', term: '2026-2027-1' };
    const s = new SyncState(scope);
    s.set('teachers', 'T1', { version: 2, hash: 'h1' });
    s.set('teachers', 'T2', { version: 1, hash: 'h2' });
    xl.reset();
    await port.writeState(s.toRows());
    expect(xl.syncCount).toBe(2);
    expect(xl.sheets.get(STATE_SHEET)!.visibility).toBe('VeryHidden');
    s.delete('teachers', 'T2');
    await port.writeState(s.toRows());
    const back = SyncState.fromRows(await port.readState(), scope);
    expect([...back.rows.keys()]).toEqual(['teachers:T1']);
    expect(back.get('teachers', 'T1')).toEqual({ version: 2, hash: 'h1' });
    // A check never reads it as data.
    const input = await port.readSheets();
    expect(input.sheets.map((x) => x.name)).not.toContain(STATE_SHEET);
  });
});

describe('a sync state written in several requests', () => {
  it('is swapped in whole by the last request: a write cut off half way leaves the previous state', async () => {
    const xl = new FakeExcel();
    // A workbook always has a visible sheet: Excel refuses to hide or delete the last one.
    xl.addSheet('Sheet1');
    const rows: (string | number)[][] = [
      ['jiedui-sync', 2, 'wb1'],
      ['#scope', 'https://s', 'GH01', '2026-2027-1', 7],
    ];
    for (let i = 0; i < 60_000; i++) rows.push(['teachers', `T${String(i).padStart(6, '0')}-一二三四五六七八九十`, 1, 'h'.repeat(40)]);
    await new OfficePort(xl.runner()).writeState(rows);
    expect((await new OfficePort(xl.runner()).readState())!.length).toBe(rows.length);

    const next = rows.map((r) => [...r]);
    next[2][2] = 2;
    // Excel fails the third request (the network, the pane closed) after two chunks went in.
    const runner = xl.runner();
    const run = runner.run;
    runner.run = (batch, o) =>
      run(async (ctx: { sync: () => Promise<void> }) => {
        const sync = ctx.sync.bind(ctx);
        let n = 0;
        ctx.sync = async () => {
          if (++n === 3) throw new Error('RichApi.Error: network');
          return sync();
        };
        return batch(ctx);
      }, o);
    await expect(new OfficePort(runner).writeState(next)).rejects.toThrow();
    const after = (await new OfficePort(xl.runner()).readState())!;
    expect(after.length).toBe(rows.length);
    expect(String(after[2][2])).toBe('1');

    // The next write clears the half-written sheet and puts the new state in place.
    await new OfficePort(xl.runner()).writeState(next);
    const done = (await new OfficePort(xl.runner()).readState())!;
    expect(done.length).toBe(rows.length);
    expect(String(done[2][2])).toBe('2');
    expect([...xl.sheets.keys()].filter((n) => n.startsWith(STATE_SHEET))).toEqual([STATE_SHEET]);
    expect(xl.sheets.get(STATE_SHEET)!.visibility).toBe('VeryHidden');
  });
});

describe('the sync state sheet keeps ids and codes as text', () => {
  it('formats its cells as text before writing them, so "001" and an ISO date come back as written', async () => {
    const xl = teachers();
    // As Excel does: text written into a General cell becomes a number or a date serial.
    xl.coerceLikeExcel = true;
    const port = new OfficePort(xl.runner());
    const scope = { server: 'http://x', school: '007', term: '2026-2027-1' };
    const s = new SyncState(scope);
    s.book.workbookId = 'wb-1';
    s.set('teachers', '001', { version: 2, hash: '12345' });
    s.set('schedule', '2026-09-01', { version: 1, hash: 'abc' });
    s.set('assessment', '001|2026-2027-1', { version: 1, hash: '1e3' });
    xl.reset();
    await port.writeState(s.toRows());
    expect(xl.syncCount).toBe(2);
    const formats = xl.sheets.get(STATE_SHEET)!.numberFormats!;
    expect(formats.size).toBe(s.toRows().length * 5);
    expect(new Set(formats.values())).toEqual(new Set(['@']));
    expect(xl.value(STATE_SHEET, 'B3')).toBe('001');
    const back = SyncState.fromRows(await port.readState(), scope);
    expect(back.book.workbookId).toBe('wb-1');
    expect([...back.rows.keys()]).toEqual(['teachers:001', 'schedule:2026-09-01', 'assessment:001|2026-2027-1']);
    expect(back.get('teachers', '001')).toEqual({ version: 2, hash: '12345' });
    expect(back.get('assessment', '001|2026-2027-1')!.hash).toBe('1e3');
    // The school code is part of the scope: "007" read back as 7 would lose the state.
    expect(back.rows.size).toBe(3);
  });
});

describe('the Totals sheet', () => {
  it('is written with a chart over the by-school block, and a refresh replaces it in place', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    const report = (n: number) => ({
      name: '汇总',
      rows: [
        ['代码', '名称', '活动'],
        ...Array.from({ length: n }, (_, i) => [`S${i}`, `学校${i}`, i]),
        [],
        ['学校', '活动', '合格率(%)'],
        ['学校0', 3, 50],
      ],
      chart: { title: '各校活动数与合格率', top: n + 3, left: 1, rows: 2, cols: 3, anchorCol: 5 },
    });
    xl.reset();
    expect(await port.writeReport(report(3))).toEqual({ chart: true });
    expect(xl.syncCount).toBe(2);
    expect(xl.value('汇总', 'A4')).toBe('S2');
    expect(xl.sheets.get('汇总')!.charts).toEqual([
      expect.objectContaining({ name: 'JieduiTotalsChart', type: 'ColumnClustered', source: { r: 5, c: 0, nr: 2, nc: 3 } }),
    ]);
    await port.writeReport(report(1));
    // In place: the old rows are gone, one chart remains.
    expect(xl.value('汇总', 'A4')).toBe('学校');
    expect(xl.value('汇总', 'A7')).toBeUndefined();
    expect(xl.sheets.get('汇总')!.charts).toHaveLength(1);
    // Pass rate is drawn as a line on the secondary axis, activities as columns.
    expect(xl.sheets.get('汇总')!.charts[0].series).toEqual([{ index: 1, chartType: 'LineMarkers', axisGroup: 'Secondary' }]);

    // A host without ExcelApi 1.8 keeps one axis and still gets its chart.
    const old = teachers();
    expect(await new OfficePort(old.runner({ supportsSecondaryAxis: false })).writeReport(report(2))).toEqual({ chart: true });
    expect(old.sheets.get('汇总')!.charts[0].series).toEqual([]);
  });
});
