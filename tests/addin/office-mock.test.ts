/**
 * The Office adapter against office-addin-mock, with context.sync spied on: selecting an issue's
 * cell is one round trip, and a fill's write is three round trips (the sheet's tables, what the cells it fills
 * hold now, the writes) inside one Excel.run with
 * mergeUndoGroup. (Collections such as worksheets.items are beyond the mock; office-port.test.ts
 * covers reads and marks with a hand-made fake.)
 */
import { OfficeMockObject } from 'office-addin-mock';
import { describe, expect, it, vi } from 'vitest';
import { OfficePort, type ExcelRunner } from '../../addin/src/office-port';

function mockExcel() {
  const data = {
    context: {
      workbook: {
        worksheets: {
          sheet: {
            name: '教师名册',
            activated: false,
            range: {
              address: '',
              selected: false,
              values: [[]] as unknown[][],
              formulas: [[''], ['']] as unknown[][],
              select: function () {
                this.selected = true;
              },
            },
            activate: function () {
              this.activated = true;
            },
            getRange: function (address: string) {
              this.range.address = address;
              return this.range;
            },
            getRangeByIndexes: function () {
              return this.range;
            },
            tables: { items: [] as unknown[] },
            protection: { protected: false },
          },
          getItem: function () {
            return this.sheet;
          },
        },
      },
    },
    run: async function (callback: (ctx: unknown) => Promise<void>) {
      await callback(this.context);
    },
  };
  return new OfficeMockObject(data) as unknown as {
    context: {
      sync: () => Promise<void>;
      workbook: { worksheets: { sheet: { activated: boolean; range: { selected: boolean; address: string; values: unknown[][] } } } };
    };
    run: (cb: (ctx: unknown) => Promise<void>) => Promise<void>;
  };
}

function runnerOver(mock: ReturnType<typeof mockExcel>, calls: { mergeUndoGroup?: boolean }[]): ExcelRunner {
  return {
    supportsUndoGroup: true,
    supportsNotes: true,
    run: async (batch, opts) => {
      calls.push(opts ?? {});
      let out: unknown;
      await mock.run(async (ctx) => {
        out = await batch(ctx as Excel.RequestContext);
      });
      return out as never;
    },
  };
}

describe('OfficePort with office-addin-mock', () => {
  it('selects an issue cell: activates its sheet and selects the cell in one sync', async () => {
    const mock = mockExcel();
    const sync = vi.spyOn(mock.context, 'sync');
    const calls: { mergeUndoGroup?: boolean }[] = [];
    await new OfficePort(runnerOver(mock, calls)).select('教师名册', 'A13');
    expect(sync).toHaveBeenCalledTimes(1);
    const sheet = mock.context.workbook.worksheets.sheet;
    expect(sheet.activated).toBe(true);
    expect(sheet.range.address).toBe('A13');
    expect(sheet.range.selected).toBe(true);
  });

  it('writes a fill in three syncs (the sheet’s tables, the cells it fills as they are now, the writes), asking for one undo group', async () => {
    const mock = mockExcel();
    const sync = vi.spyOn(mock.context, 'sync');
    const calls: { mergeUndoGroup?: boolean }[] = [];
    const outcome = await new OfficePort(runnerOver(mock, calls)).applyWrites({
      newSheets: [],
      writes: [
        { sheetName: '教师名册', row: 2, col: 1, value: 'T001' },
        { sheetName: '教师名册', row: 3, col: 1, value: 'T002' },
      ],
    });
    // Tables are covered by office-port.test.ts (the mock cannot hold collections).
    expect(sync).toHaveBeenCalledTimes(3);
    expect(calls).toEqual([{ mergeUndoGroup: true }]);
    expect(outcome).toEqual({ undoGrouped: true, cellsWritten: 2, skipped: [] });
    expect(mock.context.workbook.worksheets.sheet.range.values).toEqual([['T001'], ['T002']]);
  });
});
