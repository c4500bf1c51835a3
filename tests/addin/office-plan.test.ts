/**
 * The pure planning of the Office adapter's writes (office-plan.ts, office-budget.ts, the state's
 * chunks in office-state.ts), in node without the fake of Excel: which writes join a table, which
 * cells the product owns, column runs, what a person typed since the read, and the byte budgets.
 */
import { describe, expect, it } from 'vitest';
import type { CellWrite } from '../../core/types';
import { RANGE_BYTES, STATE_LIMITS, chunkRows, responseBytes, rowBytes, valueBytes, widthOf } from '../../addin/src/office-budget';
import {
  cellId,
  columnRuns,
  isTemplateSheetName,
  needsTextFormat,
  ownedCells,
  splitRuns,
  tableGrowth,
  tableNewColumns,
  withoutTyped,
} from '../../addin/src/office-plan';
import { stateChunks } from '../../addin/src/office-state';

const w = (sheetName: string, row: number, col: number, value: CellWrite['value']): CellWrite => ({ sheetName, row, col, value });

describe('tableGrowth', () => {
  const box = { row: 1, col: 1, rows: 3, cols: 3 }; // header on row 1, data on rows 2-3
  it('takes the run of rows right under the table, full width, and leaves rows further down', () => {
    const writes = [w('T', 4, 1, 'a'), w('T', 5, 3, 'c'), w('T', 7, 1, 'far'), w('T', 4, 9, 'right of it'), w('U', 4, 1, 'other sheet')];
    const g = tableGrowth(writes, 'T', box)!;
    expect(g.lastRow).toBe(5);
    expect(g.values).toEqual([
      ['a', '', ''],
      ['', '', 'c'],
    ]);
    expect([...g.taken]).toEqual([writes[0], writes[1]]);
  });
  it('is null when nothing starts right under the table', () => {
    expect(tableGrowth([w('T', 6, 1, 'x')], 'T', box)).toBeNull();
    expect(tableGrowth([], 'T', box)).toBeNull();
  });
  it('leaves a write the carrier refuses in place, not in the rows it adds', () => {
    const writes = [w('T', 4, 1, 'a'), w('T', 4, 2, '001')];
    const g = tableGrowth(writes, 'T', box, (x) => !needsTextFormat(x.value))!;
    expect(g.values).toEqual([['a', '', '']]);
    expect(g.taken.has(writes[1])).toBe(false);
  });
});

describe('tableNewColumns', () => {
  it('takes the header cells right of the table without a gap, and no blank header', () => {
    const box = { row: 2, col: 2, rows: 5, cols: 3 };
    const heads = tableNewColumns(
      [w('T', 2, 5, '得分'), w('T', 2, 6, '结果'), w('T', 2, 8, 'after a gap'), w('T', 3, 5, 'not the header'), w('T', 2, 7, ' ')],
      'T',
      box,
    );
    expect(heads.map((h) => h.value)).toEqual(['得分', '结果']);
  });
});

describe('ownedCells', () => {
  it('owns every cell of a sheet the product writes whole, nothing of a sheet it does not know', () => {
    expect(ownedCells('汇总', null)(5, 5)).toBe(true);
    expect(ownedCells('草稿', [['x']])(2, 1)).toBe(false);
  });
  it("owns Assessment's filled columns under its header, found where the header is", () => {
    const top = [[], ['教师编号', '学期', '角色', '得分'], ['T1', '2026-2027-1', '', '']];
    const owns = ownedCells('考核', top);
    expect(owns(3, 3)).toBe(true); // 角色 under the header on row 2
    expect(owns(3, 4)).toBe(true);
    expect(owns(3, 1)).toBe(false); // the teacher's id is the person's
    expect(owns(2, 3)).toBe(false); // the header itself
  });
  it('owns nothing of Assessment without its header rows', () => {
    expect(ownedCells('考核', null)(3, 3)).toBe(false);
    expect(ownedCells('考核', [['', ''], []])(3, 3)).toBe(false);
  });
});

describe('columnRuns and splitRuns', () => {
  it('groups consecutive rows of one column, the later of two writes to a cell winning', () => {
    const runs = columnRuns([w('A', 3, 1, 'c'), w('A', 2, 1, 'b'), w('A', 3, 1, 'c2'), w('A', 5, 1, 'e'), w('A', 2, 2, 'x')]);
    expect(runs).toEqual([
      { sheetName: 'A', row: 2, col: 1, values: ['b', 'c2'] },
      { sheetName: 'A', row: 5, col: 1, values: ['e'] },
      { sheetName: 'A', row: 2, col: 2, values: ['x'] },
    ]);
  });
  it('cuts a long run into pieces of at most n cells, in place', () => {
    const parts = splitRuns([{ sheetName: 'A', row: 10, col: 2, values: [1, 2, 3, 4, 5] }], 2);
    expect(parts.map((p) => [p.row, p.values])).toEqual([
      [10, [1, 2]],
      [12, [3, 4]],
      [14, [5]],
    ]);
  });
});

describe('withoutTyped', () => {
  it('drops the writes into cells typed since the read, names each once, and keeps a write above a total row', () => {
    const a = w('S', 4, 1, 'x');
    const b = w('S', 4, 1, 'y');
    const c = w('S', 5, 1, 'z');
    const d = w('S', 6, 1, 'above totals');
    const typed = new Set([cellId('S', 4, 1), cellId('S', 6, 1)]);
    const r = withoutTyped([a, b, c, d], typed, new Set([d]));
    expect(r.writes).toEqual([c, d]);
    expect(r.skipped).toEqual([{ sheetName: 'S', cell: 'A4' }]);
  });
  it('keeps every write when nothing was typed', () => {
    const writes = [w('S', 1, 1, 1)];
    expect(withoutTyped(writes, new Set(), new Set()).writes).toBe(writes);
  });
});

describe('text formats and sheet names', () => {
  it('formats as text what Excel would change, and leaves words and ISO dates General', () => {
    for (const v of ['001', '=1+1', '-3', '+86', 'TRUE', 'T0001']) expect(needsTextFormat(v), v).toBe(true);
    for (const v of ['张三', '2026-09-01', '', 12]) expect(needsTextFormat(v), String(v)).toBe(false);
  });
  it('knows the template sheets by any of their names', () => {
    expect(isTemplateSheetName('教师名册')).toBe(true);
    expect(isTemplateSheetName('Teachers')).toBe(true);
    expect(isTemplateSheetName('草稿')).toBe(false);
  });
});

describe('byte budgets', () => {
  it('counts UTF-8 bytes as JSON would carry them, a Chinese character 3', () => {
    // 14 bytes of JSON; the count may pass it by a comma a row and a value, never fall short.
    const json = new TextEncoder().encode(JSON.stringify([['张三', 1]])).length;
    expect(responseBytes([['张三', 1]]) - json).toBeGreaterThanOrEqual(0);
    expect(responseBytes([['张三', 1]]) - json).toBeLessThanOrEqual(2);
    expect(valueBytes('张三')).toBe(6 + 2 + 3);
    expect(rowBytes(['a'], 3)).toBe(3 + 3 * 2 + valueBytes('a'));
    expect(widthOf([[1], [1, 2, 3], []])).toBe(3);
    expect(widthOf([])).toBe(1);
  });
  it('chunks rows under the budget, at least one row a chunk, losing none', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`行${i}`, i]);
    const budget = RANGE_BYTES + 10 * rowBytes(rows[0], 2);
    const chunks = chunkRows(rows, 2, budget);
    expect(chunks.flatMap((c) => c.rows)).toEqual(rows);
    for (const c of chunks) expect(c.bytes).toBeLessThanOrEqual(budget);
    expect(chunkRows([['x'.repeat(100)]], 1, 10)).toHaveLength(1);
  });
  it("cuts the sync state in chunks within its budget, counting each cell's '@'", () => {
    const saved = STATE_LIMITS.bytesPerSync;
    STATE_LIMITS.bytesPerSync = 2_000;
    try {
      const rows = Array.from({ length: 200 }, (_, i) => ['teachers', `T${i}`, 1, 'abcdef12']);
      const chunks = stateChunks(rows, 4);
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.flat()).toEqual(rows);
      const perRow = rowBytes(rows[0], 4) + rowBytes(['@', '@', '@', '@'], 4);
      for (const c of chunks) expect(2 * RANGE_BYTES + c.length * perRow).toBeLessThanOrEqual(2_000 + perRow);
    } finally {
      STATE_LIMITS.bytesPerSync = saved;
    }
    expect(stateChunks([], 1)).toEqual([]);
  });
});
