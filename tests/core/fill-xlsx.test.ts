import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { DEMO_PROGRAM, DEMO_ROWS, demoWorkbook } from '../../core/demo';
import { fillAll } from '../../core/fill';
import { applyFill } from '../../xlsx/apply';
import { buildTemplate } from '../../xlsx/build-template';
import { normalizeCellValue } from '../../xlsx/cell-value';
import { workbookToInput } from '../../xlsx/to-input';

describe('ExcelJS glue', () => {
  it('normalises rich text, formulas, hyperlinks, errors and dates', () => {
    expect(normalizeCellValue({ richText: [{ text: '国河' }, { text: '小学' }] })).toBe('国河小学');
    expect(normalizeCellValue({ formula: 'A1+1', result: 3 })).toBe(3);
    expect(normalizeCellValue({ sharedFormula: 'A1', result: { error: '#N/A' } })).toBe('#N/A');
    expect(normalizeCellValue({ text: 'link', hyperlink: 'http://x' })).toBe('link');
    expect(normalizeCellValue({ error: '#DIV/0!' })).toBe('#DIV/0!');
    expect(normalizeCellValue(new Date(Date.UTC(2026, 8, 1)))).toBe('2026-09-01');
    expect(normalizeCellValue(null)).toBeNull();
  });

  it('the demo through the template checks the same as the demo input, and a fill applies', async () => {
    const wb = buildTemplate('zh', { rows: DEMO_ROWS, program: DEMO_PROGRAM });
    const buf = await wb.xlsx.writeBuffer();
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(buf);
    const input = workbookToInput(back);
    const codes = (i: typeof input) => checkWorkbook(i, { today: '2026-11-20' }).issues.map((x) => `${x.code}@${x.cell ?? x.sheet}`);
    expect(codes(input)).toEqual(codes(demoWorkbook()));
    const fill = fillAll(input, { today: '2026-11-20' });
    applyFill(back, fill);
    const again = fillAll(workbookToInput(back), { today: '2026-11-20' });
    // after the fill, a second fill only rewrites the same values
    const after = workbookToInput(back);
    expect(
      again.writes.every((w) => {
        const s = after.sheets.find((x) => x.name === w.sheetName)!;
        return (s.values[w.row - 1]?.[w.col - 1] ?? null) === (w.value ?? null);
      }),
    ).toBe(true);
  });
});
