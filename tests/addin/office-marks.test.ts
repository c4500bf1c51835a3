/**
 * Marks survive what people do to their sheets between two checks: recolouring a marked cell,
 * inserting rows above it, copying it elsewhere, protecting the sheet. Excel moves a cell's fill
 * and note with the cell; the fake does the same by hand below.
 */
import { describe, expect, it } from 'vitest';
import { OfficePort } from '../../addin/src/office-port';
import { splitAddress } from '../../addin/src/office-marks';
import { MARK_FILL, NOTE_PREFIX, type Mark } from '../../addin/src/port';
import { FakeExcel, cellKey, fillAt, noteAt } from './fake-excel';

const SHEET = '教师名册';
const COLUMNS = 16_384;
const GREEN = '#00B050';
const YELLOW = '#FFFF00';

function workbook(): FakeExcel {
  const xl = new FakeExcel();
  xl.addSheet(SHEET, [['教师编号', '姓名', '学校代码'], ...Array.from({ length: 8 }, (_, i) => [`T${i + 1}`, `n${i}`, 'S1'])]);
  return xl;
}

const mark = (cell: string, message = 'bad', severity: Mark['severity'] = 'error'): Mark => ({ sheetName: SHEET, cell, severity, message });

/** What Excel does when a person inserts a sheet row above 1-based row `at`: cells, fills and notes move down. */
function insertRow(xl: FakeExcel, at: number): void {
  const s = xl.sheets.get(SHEET)!;
  for (const m of [s.cells, s.fills, s.notes] as Map<number, unknown>[]) {
    const moved = [...m.entries()].map(([k, v]) => [Math.floor(k / COLUMNS) >= at - 1 ? k + COLUMNS : k, v] as const);
    m.clear();
    for (const [k, v] of moved) m.set(k, v);
  }
}

/** What Excel does when a person deletes sheet row `at`: its cells, fills and notes go, those below move up. */
function deleteRow(xl: FakeExcel, at: number): void {
  const s = xl.sheets.get(SHEET)!;
  for (const m of [s.cells, s.fills, s.notes] as Map<number, unknown>[]) {
    const kept = [...m.entries()].filter(([k]) => Math.floor(k / COLUMNS) !== at - 1);
    m.clear();
    for (const [k, v] of kept) m.set(Math.floor(k / COLUMNS) > at - 1 ? k - COLUMNS : k, v);
  }
}

/** A sort that swaps sheet rows `a` and `b` with everything in them. */
function swapRows(xl: FakeExcel, a: number, b: number): void {
  const s = xl.sheets.get(SHEET)!;
  const row = (k: number) => Math.floor(k / COLUMNS) + 1;
  for (const m of [s.cells, s.fills, s.notes] as Map<number, unknown>[]) {
    const moved = [...m.entries()].map(
      ([k, v]) => [row(k) === a ? k + (b - a) * COLUMNS : row(k) === b ? k - (b - a) * COLUMNS : k, v] as const,
    );
    m.clear();
    for (const [k, v] of moved) m.set(k, v);
  }
}

/** Copy and paste of one cell: its value, fill and note go along. */
function copyCell(xl: FakeExcel, from: [number, number], to: [number, number]): void {
  const s = xl.sheets.get(SHEET)!;
  const a = cellKey(...from);
  const b = cellKey(...to);
  for (const m of [s.cells, s.fills, s.notes] as Map<number, unknown>[]) if (m.has(a)) m.set(b, m.get(a));
}

describe('OfficePort marks and what people do between checks', () => {
  it('keeps a colour the person gave a marked cell when the mark goes', async () => {
    const xl = workbook();
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3')]);
    xl.sheets.get(SHEET)!.fills.set(cellKey(2, 1), GREEN);
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B3')).toBe(GREEN);
    expect(noteAt(xl, SHEET, 'B3')).toBeUndefined();
  });

  it('after a row is inserted above a marked cell, leaves the person’s moved colour and removes the moved mark', async () => {
    const xl = workbook();
    xl.sheets.get(SHEET)!.fills.set(cellKey(1, 1), GREEN); // B2: the person's green
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3')]);
    insertRow(xl, 2); // B2 (green) -> B3; the marked B3 -> B4
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B3')).toBe(GREEN);
    expect(fillAt(xl, SHEET, 'B4')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'B4')).toBeUndefined();
  });

  it('re-marks a moved mark whose issue remains, rewriting our note in place', async () => {
    const xl = workbook();
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3', 'first')]);
    insertRow(xl, 2);
    xl.reset();
    await expect(port.setMarks([mark('B4', 'second')])).resolves.toEqual({ notMarked: [] });
    expect(xl.syncCount).toBe(3);
    expect(noteAt(xl, SHEET, 'B4')).toBe(`${NOTE_PREFIX}second`);
    expect(fillAt(xl, SHEET, 'B4')).toBe(MARK_FILL.error);
    // Cleared, the cell has no fill of ours and no note: what it had before it was marked.
    await port.clearMarks();
    expect(fillAt(xl, SHEET, 'B4')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'B4')).toBeUndefined();
  });

  it('gives the person back the colour under a mark that moved down with an inserted row', async () => {
    const xl = workbook();
    xl.sheets.get(SHEET)!.fills.set(cellKey(2, 1), YELLOW); // B3: the person's yellow
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3')]);
    insertRow(xl, 2); // the marked B3 -> B4
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B4')).toBe(YELLOW);
    expect(fillAt(xl, SHEET, 'B3')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'B4')).toBeUndefined();
  });

  it('still knows the colour under a moved mark re-marked at its new place, then cleared', async () => {
    const xl = workbook();
    xl.sheets.get(SHEET)!.fills.set(cellKey(2, 1), YELLOW);
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3')]);
    insertRow(xl, 2);
    await port.setMarks([mark('B4')]); // the same issue, now on row 4
    expect(fillAt(xl, SHEET, 'B4')).toBe(MARK_FILL.error);
    // A new session: the records in the workbook, not the port's memory.
    await new OfficePort(xl.runner()).clearMarks();
    expect(fillAt(xl, SHEET, 'B4')).toBe(YELLOW);
    expect(fillAt(xl, SHEET, 'B3')).toBeUndefined();
  });

  it('never paints the person’s colour onto a neighbour that moved into a recorded address', async () => {
    const xl = workbook();
    xl.sheets.get(SHEET)!.fills.set(cellKey(2, 1), YELLOW); // B3 yellow; B2 unfilled
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B2'), mark('B3')]); // the same note text on both
    insertRow(xl, 2); // B2 -> B3, B3 -> B4
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B3')).toBeUndefined(); // was B2: never had a fill
    expect(fillAt(xl, SHEET, 'B4')).toBe(YELLOW);
    expect(fillAt(xl, SHEET, 'B2')).toBeUndefined();
  });

  it('after a row with a mark is deleted, gives back the colours of the marks that moved up and guesses none for the gone one', async () => {
    const xl = workbook();
    const s = xl.sheets.get(SHEET)!;
    s.fills.set(cellKey(2, 1), GREEN); // B3
    s.fills.set(cellKey(4, 1), YELLOW); // B5
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3'), mark('B5')]);
    deleteRow(xl, 3); // B3 gone; B4 -> B3, B5 -> B4
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B4')).toBe(YELLOW);
    expect(fillAt(xl, SHEET, 'B3')).toBeUndefined(); // was B4: never had a fill, green not guessed onto it
    expect(noteAt(xl, SHEET, 'B4')).toBeUndefined();
  });

  it('after a sort, each mark’s colour goes back to the cell it moved to', async () => {
    const xl = workbook();
    const s = xl.sheets.get(SHEET)!;
    s.fills.set(cellKey(2, 1), YELLOW); // B3
    s.fills.set(cellKey(4, 1), GREEN); // B5
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B3', 'too long'), mark('B5', 'missing', 'warning'), mark('B6', 'missing', 'warning')]);
    swapRows(xl, 3, 5); // B3 <-> B5
    await port.setMarks([mark('B3', 'missing', 'warning')]); // the issue that was on B5, now on B3
    expect(fillAt(xl, SHEET, 'B3')).toBe(MARK_FILL.warning);
    expect(fillAt(xl, SHEET, 'B5')).toBe(YELLOW);
    expect(fillAt(xl, SHEET, 'B6')).toBeUndefined();
    await port.clearMarks();
    expect(fillAt(xl, SHEET, 'B3')).toBe(GREEN);
    expect(fillAt(xl, SHEET, 'B5')).toBe(YELLOW);
    for (const c of ['B3', 'B5', 'B6']) expect(noteAt(xl, SHEET, c)).toBeUndefined();
  });

  it('tells an unmoved mark from its copy pasted above it', async () => {
    const xl = workbook();
    xl.sheets.get(SHEET)!.fills.set(cellKey(4, 1), YELLOW); // B5
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B5')]);
    copyCell(xl, [4, 1], [1, 1]); // B5 -> B2, our fill and note along
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B5')).toBe(YELLOW);
    expect(fillAt(xl, SHEET, 'B2')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'B2')).toBeUndefined();
  });

  it('handles a marked cell copied elsewhere, marked again or clean', async () => {
    const xl = workbook();
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('C2')]);
    copyCell(xl, [1, 2], [2, 2]); // C2 -> C3 with our fill and note
    copyCell(xl, [1, 2], [3, 2]); // C2 -> C4
    await port.setMarks([mark('C2', 'again'), mark('C3', 'also')]);
    expect(noteAt(xl, SHEET, 'C3')).toBe(`${NOTE_PREFIX}also`);
    // C4 names no issue: the copied mark is gone with its colour.
    expect(noteAt(xl, SHEET, 'C4')).toBeUndefined();
    expect(fillAt(xl, SHEET, 'C4')).toBeUndefined();
    await port.clearMarks();
    for (const c of ['C2', 'C3', 'C4']) {
      expect(fillAt(xl, SHEET, c)).toBeUndefined();
      expect(noteAt(xl, SHEET, c)).toBeUndefined();
    }
  });

  it('never touches a person’s note, wherever our notes are', async () => {
    const xl = workbook();
    xl.sheets.get(SHEET)!.notes.set(cellKey(4, 0), 'ask the head teacher');
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('A5'), mark('A6')]);
    expect(noteAt(xl, SHEET, 'A5')).toBe('ask the head teacher');
    await port.clearMarks();
    expect(noteAt(xl, SHEET, 'A5')).toBe('ask the head teacher');
    expect(noteAt(xl, SHEET, 'A6')).toBeUndefined();
  });

  it('leaves a protected sheet alone and names it; its old marks go once it is unprotected', async () => {
    const xl = workbook();
    const port = new OfficePort(xl.runner());
    await port.setMarks([mark('B2')]);
    xl.sheets.get(SHEET)!.protected = true;
    await expect(port.setMarks([mark('B5')])).resolves.toEqual({ notMarked: [SHEET] });
    expect(fillAt(xl, SHEET, 'B5')).toBeUndefined();
    expect(fillAt(xl, SHEET, 'B2')).toBe(MARK_FILL.error);
    xl.sheets.get(SHEET)!.protected = false;
    await port.setMarks([]);
    expect(fillAt(xl, SHEET, 'B2')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'B2')).toBeUndefined();
  });

  it('reads marks stored by the previous version (no mark colour recorded)', async () => {
    const xl = workbook();
    const s = xl.sheets.get(SHEET)!;
    s.fills.set(cellKey(2, 1), MARK_FILL.warning);
    s.notes.set(cellKey(2, 1), `${NOTE_PREFIX}old`);
    s.fills.set(cellKey(3, 1), GREEN); // recoloured since
    xl.settings.set(
      'jiedui.marks.v1',
      JSON.stringify([
        { sheetName: SHEET, cell: 'B3', fill: null, note: true },
        { sheetName: SHEET, cell: 'B4', fill: null, note: false },
      ]),
    );
    await new OfficePort(xl.runner()).clearMarks();
    expect(fillAt(xl, SHEET, 'B3')).toBeUndefined();
    expect(noteAt(xl, SHEET, 'B3')).toBeUndefined();
    expect(fillAt(xl, SHEET, 'B4')).toBe(GREEN);
  });

  it('reads the addresses Excel gives', () => {
    expect(splitAddress('教师名册!B4')).toEqual({ sheetName: '教师名册', cell: 'B4' });
    expect(splitAddress("'My ''own'' sheet'!$C$12")).toEqual({ sheetName: "My 'own' sheet", cell: 'C12' });
    expect(splitAddress('B4')).toBeNull();
    expect(splitAddress('S!A1:B2')).toBeNull();
  });
});
