import { describe, expect, it } from 'vitest';
import { applyToInput, fillIds } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { programSheet, tableSheet, workbook } from './fill-fixtures';

const input = () =>
  workbook(
    programSheet({ school_code: 'GH01', term: '2026-2027-1' }),
    tableSheet('schedule', [
      { activity_id: 'A0007', date: '2026-09-02', type: '启动仪式' },
      { date: '2026-09-03', type: '研讨会' },
      { activity_id: 'a0002', date: '2026-09-04', type: '研讨会' },
      { activity_id: '  ', date: '2026-09-05', type: '研讨会' },
    ]),
    tableSheet('support', [
      { kind: '捐赠', amount: 100 },
      { record_id: 'X-1', kind: '捐赠', items: '书' },
    ]),
    tableSheet('pairings', [{ mentor_id: 'T1', mentee_id: 'T2' }]),
  );

describe('fillIds', () => {
  it('fills empty ids after the highest number of the prefix, in row order, touching nothing else', () => {
    const fill = fillIds(readWorkbook(input()));
    expect(fill.writes).toEqual([
      { sheetName: '师徒结对', row: 2, col: 1, value: 'M001' },
      { sheetName: '活动安排', row: 3, col: 1, value: 'A0008' },
      { sheetName: '活动安排', row: 5, col: 1, value: 'A0009' },
      { sheetName: '支教与援助', row: 2, col: 1, value: 'S001' },
    ]);
  });

  it('is stable and leaves nothing to fill once applied', () => {
    const a = fillIds(readWorkbook(input()));
    const b = fillIds(readWorkbook(input()));
    expect(b).toEqual(a);
    expect(fillIds(readWorkbook(applyToInput(input(), a))).writes).toEqual([]);
  });

  it('gives unique ids never equal to an existing one', () => {
    const after = readWorkbook(applyToInput(input(), fillIds(readWorkbook(input()))));
    const ids = after.sheets.schedule!.rows.map((r) => String(r.values.activity_id).toUpperCase());
    expect(new Set(ids).size).toBe(ids.length);
  });
});
