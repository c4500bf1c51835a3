/**
 * Before a workbook's first sync (addin/src/first-sync.ts): the right school (Program's code
 * against the token's, as codes are compared), and, where the school already has rows on the
 * server, "take the server's rows" (every row into the workbook, and the next sync sends nothing)
 * and "replace the server's rows" (the workbook's rows on the server's versions, and a delete for
 * each server row the workbook lacks, counted for the second confirmation).
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import type { CellWrite, WorkbookInput } from '../../core/types';
import { adoptTaken, replacePlan, sameSchool, schoolText, takeServerRows, wrongSchool } from '../../addin/src/first-sync';
import type { WhoAmI } from '../../addin/src/connection';
import { t } from '../../addin/src/i18n';
import { localRows, planChanges, type ServerRow } from '../../addin/src/sync-client';
import { SyncState } from '../../addin/src/sync-state';

const TODAY = '2026-10-15';
const SCOPE = { server: 'http://x', school: 'GH01', term: '2026-2027-1' };

const check = (wb: WorkbookInput) => checkWorkbook(wb, { today: TODAY });
const sheetOf = (wb: WorkbookInput, name: string) => wb.sheets.find((s) => s.name === name)!;

/** The server's rows as GET /rows gives them: every syncable row of the demo, at version 2. */
function serverRowsOf(wb: WorkbookInput): { revision: number; rows: ServerRow[] } {
  const { read, issues } = check(wb);
  const rows = [...localRows(read, issues).rows.values()].map((r) => ({
    table: r.table,
    id: r.id,
    version: 2,
    revision: 7,
    deleted: false,
    values: r.values,
  }));
  return { revision: 7, rows };
}

/** Writes made on the workbook's cells, as the host would (a new row past the end grows the sheet). */
function applyTo(wb: WorkbookInput, writes: CellWrite[]): void {
  for (const w of writes) {
    const s = sheetOf(wb, w.sheetName);
    while (s.values.length < w.row) s.values.push([]);
    const row = s.values[w.row - 1];
    while (row.length < w.col) row.push(null);
    row[w.col - 1] = w.value as never;
  }
}

const me = (school: string, name: string | null = '湾头小学'): WhoAmI => ({
  role: 'school',
  token_id: 'tok_1',
  county: 'CTY01',
  school,
  school_name: name,
});

describe('the right school', () => {
  it('compares Program’s code with the token’s as codes are compared', () => {
    expect(sameSchool('GH01', 'GH01')).toBe(true);
    expect(sameSchool('gh01 ', 'GH01')).toBe(true);
    expect(sameSchool('ＧＨ０１', 'GH01')).toBe(true);
    expect(sameSchool('GH0l', 'GH01')).toBe(false);
    expect(sameSchool('', 'GH01')).toBe(false);
  });

  it('names both schools when the workbook is another school’s, and says what to do in zh and en', () => {
    const w = wrongSchool({ school_code: 'GH01', school_name: '国河中心小学' }, me('WT01'))!;
    expect(w).toEqual({ book: { code: 'GH01', name: '国河中心小学' }, token: { code: 'WT01', name: '湾头小学' } });
    const zh = t('zh', 'wrongSchool', { book: schoolText(w.book, 'zh'), token: schoolText(w.token, 'zh') });
    expect(zh).toContain('这个工作簿是 国河中心小学（GH01）的，但令牌属于 湾头小学（WT01）');
    expect(zh).toContain('请在“设置”中填入 国河中心小学（GH01）的令牌');
    expect(t('en', 'wrongSchool', { book: schoolText(w.book, 'en'), token: schoolText(w.token, 'en') })).toContain(
      'This workbook is 国河中心小学 (GH01)’s, but the token belongs to 湾头小学 (WT01); nothing was sent',
    );
    // The same school, a bureau, or an older worker that names no school: nothing to refuse.
    expect(wrongSchool({ school_code: 'wt01' }, me('WT01'))).toBeNull();
    expect(wrongSchool({ school_code: 'GH01' }, { role: 'bureau', token_id: 'tok_2', county: 'CTY01' })).toBeNull();
    expect(wrongSchool({ school_code: 'GH01' }, { role: 'school', token_id: 'tok_3' })).toBeNull();
    // A school without a name on either side is named by its code.
    expect(schoolText(wrongSchool({ school_code: 'GH01' }, me('WT01', null))!.token, 'zh')).toBe('WT01');
  });
});

describe('take the server’s rows', () => {
  it('into a copy of the same workbook: nothing written, every row recorded, the next sync sends nothing', () => {
    const server = serverRowsOf(demoWorkbook());
    const { read, issues } = check(demoWorkbook());
    const state = new SyncState(SCOPE);
    const took = takeServerRows(read, issues, state, server);
    expect(took).toMatchObject({ writes: [], same: server.rows.length, replaced: 0, appended: 0, unreadable: 0, localOnly: 0 });
    adoptTaken(read, issues, state, server);
    expect(state.rows.size).toBe(server.rows.length);
    expect(state.revision).toBe(7);
    const next = planChanges(read, issues, state);
    expect(next.rows).toEqual([]);
    expect(next.unchanged).toBe(server.rows.length);
  });

  it('into a workbook that differs: its rows take the server’s values, missing rows are appended one after another, its own rows stay', () => {
    const server = serverRowsOf(demoWorkbook());
    const wb = demoWorkbook();
    const teachers = sheetOf(wb, '教师名册');
    teachers.values.find((r) => r[0] === 'T001')![1] = '王丽华（本校）';
    // Two rows gone from the workbook, and one of its own the server lacks.
    teachers.values = teachers.values.filter((r) => r[0] !== 'T002' && r[0] !== 'T003');
    teachers.values.push(['T099', '新老师', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
    const { read, issues } = check(wb);
    const state = new SyncState(SCOPE);
    const took = takeServerRows(read, issues, state, server);
    expect(took).toMatchObject({ replaced: 1, appended: 2, unreadable: 0, localOnly: 1 });
    const last = Math.max(...read.sheets.teachers!.rows.map((r) => r.row));
    const appendedRows = [...new Set(took.writes.filter((w) => w.sheetName === '教师名册' && w.row > last).map((w) => w.row))];
    expect(appendedRows).toEqual([last + 1, last + 2]);

    applyTo(wb, took.writes);
    const after = check(wb);
    adoptTaken(after.read, after.issues, state, server);
    const names = Object.fromEntries(after.read.sheets.teachers!.rows.map((r) => [r.values.teacher_id, r.values.name]));
    expect(names).toMatchObject({ T001: '王丽华', T002: '李建国', T003: '张敏', T099: '新老师' });
    // The next sync sends only the row of its own.
    const next = planChanges(after.read, after.issues, state);
    expect(next.rows.map((r) => `${r.table}:${r.id}:${r.base_version}`)).toEqual(['teachers:T099:0']);
  });

  it('leaves out deleted server rows and tables the workbook cannot show, and deletes nothing for them', () => {
    const server = serverRowsOf(demoWorkbook());
    server.rows.push({ table: 'teachers', id: 'T777', version: 3, revision: 7, deleted: true, values: {} });
    const wb = demoWorkbook();
    wb.sheets = wb.sheets.filter((s) => s.name !== '师徒结对');
    const { read, issues } = check(wb);
    const state = new SyncState(SCOPE);
    const took = takeServerRows(read, issues, state, server);
    const pairings = server.rows.filter((r) => r.table === 'pairings').length;
    expect(took.unreadable).toBe(pairings);
    adoptTaken(read, issues, state, server);
    expect([...state.rows.keys()].some((k) => k.startsWith('pairings:') || k === 'teachers:T777')).toBe(false);
    expect(planChanges(read, issues, state).rows).toEqual([]);
  });
});

describe('replace the server’s rows', () => {
  it('sends the workbook’s rows on the server’s versions and deletes the server rows it lacks, counted', () => {
    const server = serverRowsOf(demoWorkbook());
    // The server also has two rows this workbook never had, one a tombstone (nothing to delete).
    server.rows.push({ table: 'schedule', id: 'A0999', version: 1, revision: 7, deleted: false, values: { activity_id: 'A0999' } });
    server.rows.push({ table: 'teachers', id: 'T777', version: 3, revision: 7, deleted: true, values: {} });
    const wb = demoWorkbook();
    sheetOf(wb, '教师名册').values = sheetOf(wb, '教师名册').values.filter((r) => r[0] !== 'T002');
    const { read, issues } = check(wb);
    const state = new SyncState(SCOPE);
    const { plan, deletes } = replacePlan(read, issues, state, server);
    expect(deletes).toBe(2);
    expect(
      plan.rows
        .filter((r) => r.deleted)
        .map((r) => `${r.table}:${r.id}:${r.base_version}`)
        .sort(),
    ).toEqual(['schedule:A0999:1', 'teachers:T002:2']);
    const sent = plan.rows.filter((r) => !r.deleted);
    expect(sent.length).toBe(localRows(read, issues).rows.size);
    // On the server's version: an unchanged row is kept as it is, never a conflict.
    expect(sent.every((r) => r.base_version === 2)).toBe(true);
  });

  it('deletes nothing in a table the workbook does not show whole', () => {
    const server = serverRowsOf(demoWorkbook());
    const wb = demoWorkbook();
    wb.sheets = wb.sheets.filter((s) => s.name !== '教师名册');
    const { read, issues } = check(wb);
    const { deletes } = replacePlan(read, issues, new SyncState(SCOPE), server);
    expect(deletes).toBe(0);
  });
});
