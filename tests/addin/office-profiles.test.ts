/**
 * Every pane flow on every Excel a school runs: the strict fake at the requirement sets of Excel
 * 2016 (ExcelApi 1.1), 2016 with updates (1.4), 2019 (1.8), 2021 (1.14) and Microsoft 365 (the
 * latest), each throwing ApiNotFound for a member above it as Excel does. Check, marks, Clear
 * marks, each fill, the sync state, the bureau's Totals sheet and the template all work at 1.1;
 * what a host cannot do is left out (no dropdowns before 1.8, no notes before 1.18), never failed.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import { fillAll } from '../../core/fill';
import { OfficePort } from '../../addin/src/office-port';
import { STATE_SHEET, SyncState } from '../../addin/src/sync-state';
import { totalsReport } from '../../addin/src/totals-sheet';
import { hostLimits, limitsLine } from '../../addin/src/office-limits';
import { FakeExcel, fillAt, noteAt } from './fake-excel';

const TODAY = '2026-10-15';
const PROFILES = [
  { label: 'Excel 2016 (ExcelApi 1.1)', apiVersion: '1.1' },
  { label: 'Excel 2016 updated (1.4)', apiVersion: '1.4' },
  { label: 'Excel 2019 (1.8)', apiVersion: '1.8' },
  { label: 'Excel 2021 (1.14)', apiVersion: '1.14' },
  { label: 'Microsoft 365 (latest)', apiVersion: '1.20' },
];

function demo(apiVersion: string): FakeExcel {
  const xl = new FakeExcel({ apiVersion });
  for (const s of demoWorkbook().sheets) {
    const o = s.origin ?? { row: 1, col: 1 };
    const rows: unknown[][] = [];
    for (let r = 1; r < o.row; r++) rows.push([]);
    for (const row of s.values) rows.push([...Array(o.col - 1).fill(''), ...row]);
    xl.addSheet(s.name, rows as never);
  }
  return xl;
}

describe.each(PROFILES)('every pane flow on $label', ({ apiVersion }) => {
  it('checks, marks and clears the marks', async () => {
    const xl = demo(apiVersion);
    const port = new OfficePort(xl.runner());
    const input = await port.readSheets();
    const { issues } = checkWorkbook(input, { today: TODAY });
    const dup = issues.find((i) => i.code === 'row.duplicate_id')!;
    expect(dup.cell).toBe('A13');
    const marks = issues
      .filter((i) => i.cell && i.sheetName)
      .map((i) => ({ sheetName: i.sheetName!, cell: i.cell!, severity: i.severity, message: i.code }));
    const out = await port.setMarks(marks);
    expect(out.notMarked).toEqual([]);
    expect(fillAt(xl, dup.sheetName!, 'A13')).toMatch(/^#/);
    // Notes from ExcelApi 1.18 only: below, the mark is the colour and the message is in the pane.
    if (apiVersion === '1.20') expect(noteAt(xl, dup.sheetName!, 'A13')).toBeDefined();
    else expect(noteAt(xl, dup.sheetName!, 'A13')).toBeUndefined();
    // Below 1.4 the records live in the document's settings (Common API).
    expect(xl.documentSettingWrites > 0).toBe(apiVersion === '1.1');
    await port.clearMarks();
    expect(fillAt(xl, dup.sheetName!, 'A13')).toBeUndefined();
  });

  it('runs every fill (ids, plan, mentors, assessment, summary) and reads back what it wrote', async () => {
    const xl = demo(apiVersion);
    const port = new OfficePort(xl.runner());
    const input = await port.readSheets();
    for (const opts of [
      { plan: false, match: false },
      { plan: true, match: true },
    ]) {
      const fill = fillAll(await port.readSheets(), { today: TODAY, ...opts });
      const out = await port.applyWrites(fill);
      expect(out.cellsWritten + (out.skipped ?? []).length).toBeGreaterThan(0);
      for (const w of fill.writes.slice(0, 50)) {
        if ((out.skipped ?? []).some((s) => s.sheetName === w.sheetName)) continue;
        if (w.value === '' || w.value === null) continue;
        expect(xl.value(w.sheetName, `${String.fromCharCode(64 + w.col)}${w.row}`), `${w.sheetName}!${w.col},${w.row}`).toBeDefined();
      }
    }
    expect((await port.readSheets()).sheets.length).toBeGreaterThanOrEqual(input.sheets.length);
  });

  it('writes the sync state, reads it back, and writes it again', async () => {
    const xl = demo(apiVersion);
    const port = new OfficePort(xl.runner());
    const state = new SyncState({ server: 'https://jiedui.example.org', school: 'GH01', term: '2026-2027-1' });
    state.set('teachers', '001', { version: 1, hash: 'h1' });
    await port.writeState(state.toRows());
    const scope = state.scope;
    expect(SyncState.fromRows(await port.readState(), scope).get('teachers', '001')).toEqual({ version: 1, hash: 'h1' });
    state.set('teachers', '002', { version: 2, hash: 'h2' });
    await port.writeState(state.toRows());
    expect(SyncState.fromRows(await port.readState(), scope).get('teachers', '002')).toEqual({ version: 2, hash: 'h2' });
    // Very hidden from ExcelApi 1.2; below, no sheet can be hidden and the pane says so.
    expect(xl.sheets.get(STATE_SHEET)!.visibility).toBe(apiVersion === '1.1' ? 'Visible' : 'VeryHidden');
    expect(hostLimits((v) => !versionAbove(v, apiVersion)).some((l) => l === 'stateVisible')).toBe(apiVersion === '1.1');
  });

  it('writes the bureau’s Totals sheet with its chart, and rewrites it in place', async () => {
    const xl = demo(apiVersion);
    const port = new OfficePort(xl.runner());
    const report = totalsReport({
      lang: 'zh',
      term: '2026-2027-1',
      county: 'C1',
      groupBy: 'school',
      totals: [],
      bySchool: [
        { key: 'S1', name: '一中', activities: 3, pass_rate: 0.5 },
        { key: 'S2', name: '二中', activities: 2, pass_rate: 1 },
      ] as never,
      compliance: { schools: [] } as never,
      pulledAt: '2026-10-15',
    });
    expect(await port.writeReport(report)).toEqual({ chart: true });
    expect(await port.writeReport(report)).toEqual({ chart: true });
    expect(xl.sheets.get(report.name)!.charts.length).toBe(1);
  });

  it('creates the template in an empty workbook: dropdowns from ExcelApi 1.8 only', async () => {
    const xl = new FakeExcel({ apiVersion });
    xl.addSheet('Sheet1');
    const port = new OfficePort(xl.runner());
    expect(await port.createTemplate('zh')).toBe(true);
    expect(xl.sheets.has('教师名册')).toBe(true);
    expect(xl.sheets.has('Sheet1')).toBe(false);
    expect(xl.validations.length > 0).toBe(!versionAbove('1.8', apiVersion));
    // A second time it refuses: the workbook is no longer empty.
    expect(await port.createTemplate('zh')).toBe(false);
  });
});

function versionAbove(a: string, b: string): boolean {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 > b1 || (a1 === b1 && a2 > b2);
}

describe('the pane’s one line about what this Excel cannot do', () => {
  const at = (v: string) => (x: string) => !versionAbove(x, v);
  it('names what is missing at each profile, with what to do instead, and is absent on a host with everything', () => {
    expect(limitsLine('en', hostLimits(at('1.1')))).toBe(
      'This Excel: no re-check after edits, so press Check after editing; marks are a fill colour only, the messages are in this pane; a fill cannot be undone in one step; a new template has no dropdowns; the sync record sheet _jiedui_sync cannot be hidden, so leave it as it is. Check, marks, Clear marks, fills, sync and totals still work.',
    );
    expect(limitsLine('zh', hostLimits(at('1.8')))).toBe(
      '此版本 Excel：编辑后不会自动重新检查，请编辑后点“检查”；标记只有底色，问题说明见本窗格；一次填充不能一步撤消。检查、标记、清除标记、填充、同步和汇总照常可用。',
    );
    expect(hostLimits(at('1.14'))).toEqual(['noNotes', 'noUndoGroup']);
    expect(limitsLine('en', hostLimits(at('1.20')))).toBeNull();
  });
});
