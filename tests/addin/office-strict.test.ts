/**
 * The adapter on the fake that refuses what Excel refuses (fake-excel.ts; docs/addin.md, "What the
 * fake enforces"): each test here failed on the adapter before its fix.
 */
import { describe, expect, it } from 'vitest';
import { OfficePort } from '../../addin/src/office-port';
import { MAX_MARKS } from '../../addin/src/office-marks';
import { MARK_FILL, NOTE_PREFIX, type Mark } from '../../addin/src/port';
import { STATE_SHEET } from '../../addin/src/sync-state';
import { FakeExcel, cellKey, fillAt, noteAt } from './fake-excel';

const SHEET = '教师名册';
const HEADER = ['教师编号', '姓名', '学校代码', '学科'];

function teachers(profile: ConstructorParameters<typeof FakeExcel>[0] = {}): FakeExcel {
  const xl = new FakeExcel(profile);
  xl.addSheet(SHEET, [HEADER, ...Array.from({ length: 6 }, (_, i) => [`T${i + 1}`, `教师${i + 1}`, 'S1', '数学'])]);
  return xl;
}

const mark = (cell: string, message = '编号重复', severity: Mark['severity'] = 'error'): Mark => ({
  sheetName: SHEET,
  cell,
  severity,
  message,
});

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('new workbook from template on ExcelApi 1.20', () => {
  it('creates the template: the blank sheet is deleted outside the undo group (UndoNotSupported inside it)', async () => {
    const xl = new FakeExcel();
    xl.addSheet('Sheet1');
    expect(await new OfficePort(xl.runner()).createTemplate('en')).toBe(true);
    expect(xl.sheets.has('Sheet1')).toBe(false);
    expect(xl.sheets.has('Teachers')).toBe(true);
  });
});

describe('the sync state sheet on the strict fake', () => {
  const big = () => {
    const rows: (string | number)[][] = [
      ['jiedui-sync', 2, 'wb1'],
      ['#scope', 'https://s', 'GH01', '2026-2027-1', 7],
    ];
    for (let i = 0; i < 60_000; i++) rows.push(['teachers', `T${String(i).padStart(6, '0')}-一二三四五六七八九十`, 1, 'h'.repeat(40)]);
    return rows;
  };

  it('takes a second large state: the VeryHidden sheet is made Hidden before it is deleted', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    const rows = big();
    await port.writeState(rows);
    rows[2][2] = 2;
    await port.writeState(rows);
    expect([...xl.sheets.keys()].filter((n) => n.startsWith(STATE_SHEET))).toEqual([STATE_SHEET]);
    expect(xl.sheets.get(STATE_SHEET)!.visibility).toBe('VeryHidden');
    expect(String((await port.readState())![2][2])).toBe('2');
  }, 60_000);

  it('rewrites a small state in place without setting visibility again (which clears undo on Windows and Mac)', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    await port.writeState([
      ['jiedui-sync', 2, 'wb1'],
      ['teachers', '001', 1, 'h'],
    ]);
    xl.reset();
    await port.writeState([
      ['jiedui-sync', 2, 'wb1'],
      ['teachers', '001', 2, 'h'],
    ]);
    expect(xl.undoCleared).toEqual([]);
    expect(xl.sheets.get(STATE_SHEET)!.visibility).toBe('VeryHidden');
  });
});

describe('texts keep their meaning', () => {
  it('a fill writes ids, codes and formula-looking text as text: "001" keeps its zeros, "=x" and "-x" stay words', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    await port.applyWrites({
      newSheets: [],
      overwrite: true,
      writes: [
        { sheetName: SHEET, row: 2, col: 1, value: '001' },
        { sheetName: SHEET, row: 3, col: 1, value: '002' },
        { sheetName: SHEET, row: 2, col: 4, value: '=数学' },
        { sheetName: SHEET, row: 3, col: 4, value: '-语文' },
        { sheetName: SHEET, row: 4, col: 4, value: '+86 学校' },
        { sheetName: SHEET, row: 5, col: 2, value: '张三' },
        { sheetName: SHEET, row: 6, col: 3, value: 7 },
      ],
    });
    expect(xl.value(SHEET, 'A2')).toBe('001');
    expect(xl.value(SHEET, 'A3')).toBe('002');
    expect(xl.value(SHEET, 'D2')).toBe('=数学');
    expect(xl.formula(SHEET, 'D2')).toBeUndefined();
    expect(xl.value(SHEET, 'D3')).toBe('-语文');
    expect(xl.value(SHEET, 'D4')).toBe('+86 学校');
    expect(xl.value(SHEET, 'B5')).toBe('张三');
    expect(xl.value(SHEET, 'C6')).toBe(7);
  });

  it('rows that join a table through rows.add keep their ids as text too', async () => {
    const xl = teachers({ apiVersion: '1.12' });
    xl.addTable(SHEET, 'tblTeachers', { r: 0, c: 0, nr: 7, nc: 4 });
    const port = new OfficePort(xl.runner());
    await port.applyWrites({
      newSheets: [],
      writes: [
        { sheetName: SHEET, row: 8, col: 1, value: '007' },
        { sheetName: SHEET, row: 8, col: 2, value: '王五' },
      ],
    });
    expect(xl.rowsAdded.length).toBe(1);
    expect(xl.value(SHEET, 'A8')).toBe('007');
    expect(xl.value(SHEET, 'B8')).toBe('王五');
    expect(xl.sheets.get(SHEET)!.tables[0].box.nr).toBe(8);
  });

  it('the Totals sheet keeps a school code and a name that starts with "-" as written', async () => {
    const xl = teachers();
    await new OfficePort(xl.runner()).writeReport({
      name: '汇总',
      rows: [
        ['学校代码', '学校', '活动'],
        ['0012', '-实验中学', 3],
      ],
    });
    expect(xl.value('汇总', 'A2')).toBe('0012');
    expect(xl.value('汇总', 'B2')).toBe('-实验中学');
    expect(xl.value('汇总', 'C2')).toBe(3);
  });
});

describe('a recheck that finds the same issues writes nothing', () => {
  it('leaves fills, notes and the setting alone, so Ctrl+Z still undoes what the person typed', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    const marks = [mark('A3'), mark('B4', '姓名为空', 'warning')];
    await port.setMarks(marks);
    expect(fillAt(xl, SHEET, 'A3')).toBe(MARK_FILL.error);
    xl.reset();
    await port.setMarks(marks);
    expect(xl.writes).toEqual([]);
    expect(xl.syncCount).toBe(2);
    // A new session reads the records from the setting and finds nothing to change either.
    xl.reset();
    await new OfficePort(xl.runner()).setMarks(marks);
    expect(xl.writes).toEqual([]);
    // A changed message rewrites that note alone.
    xl.reset();
    await port.setMarks([mark('A3', '编号重复（第 3 行）'), marks[1]]);
    expect(xl.writes).toEqual(['SettingCollection.add', 'Note.content']);
    expect(noteAt(xl, SHEET, 'A3')).toBe(`${NOTE_PREFIX}编号重复（第 3 行）`);
  });
});

describe('mark records stay under the size Excel refuses for a setting', () => {
  it('records 2,000 marks with long notes in a setting under 1 MB', async () => {
    const xl = new FakeExcel();
    const rows = Array.from({ length: MAX_MARKS + 1 }, (_, i) => (i === 0 ? HEADER : [`T${i}`, '', '', '']));
    xl.addSheet(SHEET, rows);
    const long = '该教师的编号与第 12 行重复，请核对教师名册并保留一条记录；'.repeat(6);
    const marks = Array.from({ length: MAX_MARKS }, (_, i) => mark(`B${i + 2}`, `${long}${i}`));
    await new OfficePort(xl.runner()).setMarks(marks);
    expect(noteAt(xl, SHEET, `B${MAX_MARKS + 1}`)).toBe(`${NOTE_PREFIX}${long}${MAX_MARKS - 1}`);
    await new OfficePort(xl.runner()).clearMarks();
    expect(fillAt(xl, SHEET, 'B2')).toBeUndefined();
    expect(noteAt(xl, SHEET, `B${MAX_MARKS + 1}`)).toBeUndefined();
  }, 60_000);

  it('where Excel refuses the setting, no mark is written without its record, and old marks stay undoable', async () => {
    const xl = teachers();
    xl.sheets.get(SHEET)!.fills.set(cellKey(3, 1), '#00B050');
    await new OfficePort(xl.runner()).setMarks([mark('B4')]);
    xl.settingsLimitBytes = 10;
    await expect(new OfficePort(xl.runner()).setMarks([mark('B4'), mark('C5')])).rejects.toThrow(/InvalidArgument/);
    expect(fillAt(xl, SHEET, 'C5')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'C5')).toBeUndefined();
    xl.settingsLimitBytes = 1_000_000;
    await new OfficePort(xl.runner()).clearMarks();
    expect(fillAt(xl, SHEET, 'B4')).toBe('#00B050');
    expect(noteAt(xl, SHEET, 'B4')).toBeUndefined();
  });
});

describe('the edit watcher', () => {
  it('stops for good: the handler is removed through the context that added it', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    let edits = 0;
    const stop = await port.watchEdits(() => edits++);
    await xl.raiseChange(SHEET, 'Local');
    expect(edits).toBe(1);
    stop();
    await tick();
    expect(xl.changeHandlers).toEqual([]);
    await xl.raiseChange(SHEET, 'Local');
    expect(edits).toBe(1);
  });

  it('does not take the add-in’s own writes for an edit on a host without triggerSource (ExcelApi 1.13)', async () => {
    const xl = teachers({ apiVersion: '1.13' });
    let now = 1_000_000;
    const port = new OfficePort(xl.runner(), { now: () => now });
    let edits = 0;
    await port.watchEdits(() => edits++);
    await port.applyWrites({ newSheets: [], overwrite: true, writes: [{ sheetName: SHEET, row: 2, col: 2, value: '李四' }] });
    await port.writeState([['jiedui-sync', 2, 'wb1']]);
    await tick(5);
    expect(edits).toBe(0);
    // A person's edit a few seconds later is one.
    now += 5000;
    await xl.raiseChange(SHEET, 'Local');
    expect(edits).toBe(1);
  });

  it('on ExcelApi 1.14 tells the add-in’s writes from a person’s by triggerSource, even during a write', async () => {
    const xl = teachers();
    const port = new OfficePort(xl.runner());
    let edits = 0;
    await port.watchEdits(() => edits++);
    await port.applyWrites({ newSheets: [], overwrite: true, writes: [{ sheetName: SHEET, row: 2, col: 2, value: '李四' }] });
    await tick(5);
    expect(edits).toBe(0);
    await xl.raiseChange(SHEET, 'Local');
    expect(edits).toBe(1);
  });
});

describe('a fill on a protected sheet', () => {
  it('writes nothing and says which sheet, in the pane’s language', async () => {
    const xl = teachers();
    xl.sheets.get(SHEET)!.protected = true;
    const port = new OfficePort(xl.runner());
    const fill = { newSheets: [], overwrite: true, writes: [{ sheetName: SHEET, row: 2, col: 2, value: '李四' }] };
    await expect(port.applyWrites(fill)).rejects.toThrow(`工作表“${SHEET}”受保护，未填写任何单元格`);
    port.lang = 'en';
    await expect(port.applyWrites(fill)).rejects.toThrow(`Sheet ${SHEET} is protected: nothing was filled`);
    expect(xl.value(SHEET, 'B2')).toBe('教师1');
    expect(xl.writes).toEqual([]);
  });
});

describe('a threaded comment on a marked cell', () => {
  it('gets the colour alone; the other marks still get their notes', async () => {
    const xl = teachers();
    xl.addThreadedComment(SHEET, 'B3');
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3'), mark('C4')]);
    expect(fillAt(xl, SHEET, 'B3')).toBe(MARK_FILL.error);
    expect(noteAt(xl, SHEET, 'B3')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'C4')).toBe(`${NOTE_PREFIX}编号重复`);
    await port.clearMarks();
    expect(fillAt(xl, SHEET, 'B3')).toBeUndefined();
  });
});

describe('the edit watcher after a recheck', () => {
  it('on a host without triggerSource still takes a person’s edit right after the marks were set', async () => {
    const xl = teachers({ apiVersion: '1.13' });
    const now = 1_000_000;
    const port = new OfficePort(xl.runner(), { now: () => now });
    let edits = 0;
    await port.watchEdits(() => edits++);
    await port.setMarks([mark('A3')]);
    await xl.raiseChange(SHEET, 'Local');
    expect(edits).toBe(1);
  });
});

describe('a check with nothing to mark in a workbook never marked', () => {
  it('writes nothing at all', async () => {
    const xl = teachers();
    await new OfficePort(xl.runner()).setMarks([]);
    expect(xl.writes).toEqual([]);
    expect(xl.settings.size).toBe(0);
  });
});
