/**
 * The sync plan (only changed rows, base versions, deletes, rows with errors held back), chunking
 * within the worker's limits, the synced-state store kept in the workbook, the conflict actions,
 * the rules pull, the Totals sheet, and the pane's words.
 */
import { describe, expect, it, vi } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import type { WorkbookInput } from '../../core/types';
import { adoptRow, keepMine, placeServersRow, takeServers } from '../../addin/src/conflicts';
import { currentTerm, problemOf, testConnection, validAddress } from '../../addin/src/connection';
import { HttpError } from '../../addin/src/http';
import { ALL_KEYS, langFromLocale, t } from '../../addin/src/i18n';
import { planRulesPull } from '../../addin/src/rules-pull';
import { MemoryStore, SettingsStore } from '../../addin/src/settings';
import { getRows, localRows, planChanges, postSync, rowId, type SyncPlan, type SyncRowOut } from '../../addin/src/sync-client';
import { applyAnswer, chunkRows, syncBody } from '../../addin/src/sync-batches';
import { utf8Length } from '../../core/utf8';
import { answerIssues } from '../../addin/src/sync-issues';
import { ISSUE_CODES, formatIssue } from '../../core/messages';
import { StateBook, SyncState, hashValues } from '../../addin/src/sync-state';
import { SyncRequest } from '../../worker/src/schemas';
import { totalsReport } from '../../addin/src/totals-sheet';
import { DEFAULT_RULES } from '../../core/rules';

const TODAY = '2026-10-15';
const SCOPE = { server: 'http://x', school: 'GH01', term: '2026-2027-1' };

function demo(edit?: (wb: WorkbookInput) => void) {
  const wb = demoWorkbook();
  edit?.(wb);
  return checkWorkbook(wb, { today: TODAY });
}

const sheetOf = (wb: WorkbookInput, name: string) => wb.sheets.find((s) => s.name === name)!;
const deletes = (plan: SyncPlan, table: string) => plan.rows.filter((r) => r.deleted && r.table === table);
const said = (plan: SyncPlan, code: string) => plan.issues.filter((i) => i.code === code);

/** The state after a first sync where the server took every row at version 1. */
function syncedState() {
  const { read, issues } = demo();
  const state = new SyncState(SCOPE);
  const plan = planChanges(read, issues, state);
  const body = syncBody('b1', plan.term, plan.rows, 'GH01');
  applyAnswer(state, body, Object.fromEntries(plan.hashes), {
    batch_id: 'b1',
    revision: 1,
    applied: plan.rows.map((r) => ({ table: r.table, id: r.id, version: 1 })),
    rejected: [],
    conflicts: [],
  });
  return { state, plan };
}

describe('planChanges', () => {
  it('sends every row the first time, with base version 0, holding back rows with an error', () => {
    const { read, issues } = demo();
    const plan = planChanges(read, issues, new SyncState(SCOPE));
    expect(plan.term).toBe('2026-2027-1');
    const teachers = plan.rows.filter((r) => r.table === 'teachers');
    // T005 is used twice in the demo: the duplicate (an error) stays behind.
    expect(teachers.filter((r) => r.id === 'T005').length).toBe(1);
    expect(teachers.every((r) => r.base_version === 0)).toBe(true);
    expect(plan.skipped).toBeGreaterThanOrEqual(1);
    expect(plan.unchanged).toBe(0);
    expect(teachers.find((r) => r.id === 'T001')!.values).toMatchObject({ teacher_id: 'T001', name: '王丽华', school_code: 'GH01' });
  });

  it('sends only the edited row the second time, on the version the server gave it', () => {
    const { state, plan: first } = syncedState();
    const { read, issues } = demo((wb) => {
      const teachers = wb.sheets.find((s) => s.name === '教师名册')!;
      const row = teachers.values.find((r) => r[0] === 'T001')!;
      row[1] = '王丽华（改）';
    });
    const plan = planChanges(read, issues, state);
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0]).toMatchObject({ table: 'teachers', id: 'T001', base_version: 1 });
    expect(plan.unchanged).toBe(first.rows.length - 1);
  });

  it('deletes a synced row that left the workbook, but not one held back for an error', () => {
    const { state } = syncedState();
    state.set('teachers', 'T999', { version: 2, hash: 'x' });
    const { read, issues } = demo();
    const plan = planChanges(read, issues, state);
    expect(plan.rows).toEqual([{ table: 'teachers', id: 'T999', base_version: 2, deleted: true }]);
    // T005's duplicate has an error but its id is still in the workbook: nothing is deleted for it.
    state.set('teachers', 'T005', { version: 1, hash: 'old' });
    expect(planChanges(read, issues, state).rows.some((r) => r.id === 'T005' && r.deleted)).toBe(false);
  });

  it('identifies rows without an id column', () => {
    expect(rowId('assessment', { teacher_id: 'T1', term: '2026-2027-1' })).toBe('T1|2026-2027-1');
    expect(rowId('pairings', { pairing_id: null })).toBeNull();
  });
});

describe('planChanges never deletes what it cannot see', () => {
  it('a sheet whose header row is not found: its rows are neither sent nor deleted, and the pane says which sheet', () => {
    const { state } = syncedState();
    const synced = [...state.rows.keys()].filter((k) => k.startsWith('teachers:')).length;
    expect(synced).toBe(11);
    // The header row typed over, and (another way to lose it) pushed below the rows core looks in.
    for (const edit of [
      (wb: WorkbookInput) => (sheetOf(wb, '教师名册').values[0] = sheetOf(wb, '教师名册').values[0].map(() => '（请勿删除）')),
      (wb: WorkbookInput) => sheetOf(wb, '教师名册').values.unshift(...Array.from({ length: 30 }, () => [null])),
    ]) {
      const { read, issues } = demo(edit);
      expect(issues.some((i) => i.code === 'header.not_found' && i.sheet === 'teachers')).toBe(true);
      const plan = planChanges(read, issues, state);
      expect(deletes(plan, 'teachers')).toEqual([]);
      expect(plan.rows.filter((r) => r.table === 'teachers')).toEqual([]);
      expect(plan.heldDeletes).toBe(11);
      // Other tables sync as before (nothing changed there).
      expect(plan.rows).toEqual([]);
      const [why] = said(plan, 'sync.table_no_header');
      expect(why).toMatchObject({ sheet: 'teachers', sheetName: '教师名册', severity: 'error' });
      expect(formatIssue(why, 'zh')).toContain('「教师名册」找不到标题行');
      expect(formatIssue(why, 'en')).toMatch(/No header row found in “教师名册”.*none of its rows on the server is deleted/);
    }
  });

  it('a sheet without an id column (renamed or deleted): nothing sent or deleted for it; the pane names the sheet and the column', () => {
    const { state } = syncedState();
    const { read, issues } = demo((wb) => (sheetOf(wb, '教师名册').values[0][0] = '工号'));
    const plan = planChanges(read, issues, state);
    expect(deletes(plan, 'teachers')).toEqual([]);
    expect(plan.rows.filter((r) => r.table === 'teachers')).toEqual([]);
    const [why] = said(plan, 'sync.table_no_id_column');
    expect(why).toMatchObject({ sheet: 'teachers', sheetName: '教师名册', column: 'teacher_id', row: 1 });
    expect(formatIssue(why, 'zh')).toContain('「教师名册」缺少编号列「教师编号」');
    expect(formatIssue(why, 'en')).toContain('“教师名册” has no “Teacher id” column');

    // Assessment's ids are teacher|term: without the term column no row has an id.
    const a = demo((wb) => {
      const h = sheetOf(wb, '考核').values[0];
      h[h.indexOf('学期')] = '学年学期';
    });
    const p2 = planChanges(a.read, a.issues, state);
    expect(deletes(p2, 'assessment')).toEqual([]);
    expect(said(p2, 'sync.table_no_id_column').map((i) => i.column)).toEqual(['term']);
    expect(formatIssue(said(p2, 'sync.table_no_id_column')[0], 'en')).toContain('no “Term” column');
  });

  it('a row whose id cannot be made for an error in a part of it (blank or mistyped term) deletes nothing', () => {
    const { state } = syncedState();
    const before = [...state.rows.keys()].filter((k) => k.startsWith('assessment:'));
    expect(before).toContain('assessment:T001|2026-2027-1');
    for (const term of [null, '2026-2027-9', '下学期']) {
      const { read, issues } = demo((wb) => (sheetOf(wb, '考核').values[1][1] = term));
      expect(issues.some((i) => i.sheet === 'assessment' && i.row === 2 && i.severity === 'error')).toBe(true);
      const plan = planChanges(read, issues, state);
      expect(deletes(plan, 'assessment')).toEqual([]);
      expect(plan.heldDeletes).toBe(1);
      const [why] = said(plan, 'sync.deletes_held');
      expect(why).toMatchObject({ sheet: 'assessment', row: 2, column: 'term', cell: 'B2', severity: 'warning' });
      expect(formatIssue(why, 'zh')).toContain('本次不删除服务器上「考核」的任何行');
      expect(formatIssue(why, 'en')).toContain('no row of “考核” is deleted on the server this time');
    }
    // A blanked teacher id (required: an error) deletes nothing either.
    const t = demo((wb) => (sheetOf(wb, '教师名册').values[1][0] = null));
    expect(deletes(planChanges(t.read, t.issues, state), 'teachers')).toEqual([]);
  });

  it('the rule: a table’s deletes wait while any of its rows has no id; they go once it is fixed', () => {
    const { state } = syncedState();
    // T002's assessment row removed while T001's term is blank: the removal waits…
    const removeT002 = (wb: WorkbookInput) => {
      const a = sheetOf(wb, '考核');
      a.values = a.values.filter((r) => r[0] !== 'T002');
    };
    const waiting = demo((wb) => {
      removeT002(wb);
      sheetOf(wb, '考核').values[1][1] = null;
    });
    const p1 = planChanges(waiting.read, waiting.issues, state);
    expect(deletes(p1, 'assessment')).toEqual([]);
    // …other tables are not held: a teacher removed meanwhile is deleted.
    state.set('teachers', 'T999', { version: 1, hash: 'x' });
    expect(deletes(planChanges(waiting.read, waiting.issues, state), 'teachers').map((r) => r.id)).toEqual(['T999']);
    state.delete('teachers', 'T999');
    // …and goes once the term is typed again.
    const fixed = demo(removeT002);
    const p2 = planChanges(fixed.read, fixed.issues, state);
    expect(deletes(p2, 'assessment').map((r) => r.id)).toEqual(['T002|2026-2027-1']);
    expect(said(p2, 'sync.deletes_held')).toEqual([]);
    // Nothing to delete: a row without an id says nothing beyond the check's own issue.
    const fresh = demo((wb) => (sheetOf(wb, '考核').values[1][1] = null));
    expect(said(planChanges(fresh.read, fresh.issues, new SyncState(SCOPE)), 'sync.deletes_held')).toEqual([]);
  });

  it('holds back a row the server would refuse as a body (id over 200 characters, a lone surrogate), so the rest syncs', () => {
    const longId = 'T'.repeat(201);
    const { read, issues } = demo((wb) => {
      const t = sheetOf(wb, '教师名册');
      t.values.push([longId, '长编号', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
      t.values.push(['T\uD800', '坏编号', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
      // An assessment id is teacher|term: a 195-character teacher id makes a 207-character id.
      sheetOf(wb, '考核').values.push(['X'.repeat(195), '2026-2027-1', null, null, null, null, null, null, null, 3, null, '是', '是']);
    });
    const plan = planChanges(read, issues, new SyncState(SCOPE));
    // Every row sent passes the worker's own schema: the batch is not refused whole.
    expect(SyncRequest.safeParse(syncBody('b', plan.term, plan.rows, 'GH01', 'wb-1')).success).toBe(true);
    expect(plan.rows.some((r) => r.table === 'teachers' && r.id === 'T001')).toBe(true);
    expect(plan.refused).toBe(3);
    const long = said(plan, 'sync.id_too_long');
    const rowOf = (id: string) => sheetOf(demoWithRows(), '教师名册').values.findIndex((r) => r[0] === id) + 1;
    expect(long[0]).toMatchObject({
      sheet: 'teachers',
      column: 'teacher_id',
      cell: `A${rowOf(longId)}`,
      severity: 'error',
      params: { length: 201, max: 200 },
    });
    expect(formatIssue(long[0], 'zh')).toContain('有 201 个字符，服务器只接收不超过 200 个字符的编号');
    expect(formatIssue(long[0], 'en')).toContain('is 201 characters long and the server takes ids of at most 200');
    expect(long[1]).toMatchObject({ sheet: 'assessment', column: 'teacher_id', params: { length: 207 } });
    const bad = said(plan, 'sync.id_not_well_formed');
    expect(bad[0]).toMatchObject({ sheet: 'teachers', cell: `A${rowOf('T\uD800')}`, params: { id: 'T\uFFFD' } });
    expect(formatIssue(bad[0], 'en')).toContain('cannot be stored');
    expect(formatIssue(bad[0], 'zh')).toContain('无法保存的字符');

    function demoWithRows() {
      const wb = demoWorkbook();
      sheetOf(wb, '教师名册').values.push([longId], ['T\uD800']);
      return wb;
    }
  });

  it('has every sync word and issue code in both languages', () => {
    for (const k of ['scopeChanged', 'syncAsNew', 'takeServerNowhere', 'takeServerGone'] as const) {
      expect(t('zh', k).length, k).toBeGreaterThan(0);
      expect(t('en', k).length, k).toBeGreaterThan(0);
    }
    // English says 1 row, 2 rows (core/messages.ts fillIn's {n|one|other}); Chinese has no plural.
    expect(t('en', 'syncDone', { sent: 1, applied: 1, unchanged: 0, skipped: 2 })).toBe(
      'Synced: 1 row sent, 1 taken by the server; 0 unchanged rows not sent; 2 rows with errors or no id held back.',
    );
    expect(t('en', 'syncProgress', { done: 1, total: 1, batch: 1, batches: 1 })).toBe('1 of 1 row sent (request 1 of 1)');
    expect(t('en', 'syncProblems', { conflicts: 1, rejected: 3 })).toBe(
      '1 conflict, 3 rows rejected (listed below and marked on their cells).',
    );
    expect(t('en', 'syncCancelled', { done: 1 })).toBe('Cancelled: the 1 row already answered is kept; the next sync goes on from there.');
    expect(t('en', 'syncStopped', { done: 2 })).toMatch(/^Sync not finished \(2 rows already answered are kept;/);
    expect(t('en', 'synced', { n: 1, skipped: 0 })).toBe('Synced 1 row (0 rows with errors skipped).');
    expect(t('zh', 'synced', { n: 1, skipped: 0 })).toBe('已同步 1 行（跳过有错误的 0 行）。');
    const ph = (x: string) => [...x.matchAll(/\{([a-z_A-Z]+)\}/g)].map((m) => m[1]).sort();
    for (const code of [
      'sync.table_no_header',
      'sync.table_no_id_column',
      'sync.deletes_held',
      'sync.id_too_long',
      'sync.id_not_well_formed',
    ] as const) {
      const tpl = ISSUE_CODES[code];
      expect(tpl, code).toBeDefined();
      expect(ph(tpl.zh), code).toEqual(ph(tpl.en));
    }
  });
});

describe('the state of every scope stays in the workbook', () => {
  it('a typo in Program’s school code or term starts another scope, and the old state comes back once it is fixed', () => {
    const { state } = syncedState();
    state.book.workbookId = 'wb-1';
    state.revision = 4;
    const n = state.rows.size;
    let sheet = state.toRows();
    for (const typo of [
      { ...SCOPE, school: 'GH0l' },
      { ...SCOPE, term: '2026-2027-2' },
    ]) {
      const other = SyncState.fromRows(sheet, typo);
      expect(other.rows.size).toBe(0);
      expect(other.book.otherScopes(typo)).toContainEqual(SCOPE);
      other.set('teachers', 'T001', { version: 9, hash: 'h' });
      // What the pane writes after an answer under the typo: the old scope's rows are still there.
      sheet = other.toRows();
      const back = SyncState.fromRows(sheet, SCOPE);
      expect(back.rows.size).toBe(n);
      expect(back.revision).toBe(4);
      expect(back.get('teachers', 'T001')).toEqual({ version: 1, hash: state.get('teachers', 'T001')!.hash });
      expect(SyncState.fromRows(sheet, typo).get('teachers', 'T001')!.version).toBe(9);
      expect(StateBook.fromRows(sheet).workbookId).toBe('wb-1');
    }
  });

  it('reads a state sheet of the first format as its one scope, ids and codes as text', () => {
    const rows = [
      ['jiedui-sync', 1, 'http://x', 'GH01', '2026-2027-1', 3],
      ['teachers', 1, 2, 'abc'],
      ['teachers', '002', 1, 123],
    ];
    const book = StateBook.fromRows(rows);
    expect(book.workbookId).toBeNull();
    const s = book.stateFor(SCOPE);
    expect(s.revision).toBe(3);
    expect(s.get('teachers', '1')).toEqual({ version: 2, hash: 'abc' });
    expect(s.get('teachers', '002')).toEqual({ version: 1, hash: '123' });
    // Written back in the current format, with a block for the scope.
    book.workbookId = 'wb-2';
    expect(book.toRows().slice(0, 2)).toEqual([
      ['jiedui-sync', 2, 'wb-2'],
      ['#scope', 'http://x', 'GH01', '2026-2027-1', 3],
    ]);
  });
});

describe('chunkRows', () => {
  const row = (i: number, name = 'x'): SyncRowOut => ({
    table: 'teachers',
    id: `T${i}`,
    base_version: 0,
    values: { teacher_id: `T${i}`, name },
  });

  it('splits 4,500 rows into requests of at most 2,000, keeping their order', () => {
    const rows = Array.from({ length: 4500 }, (_, i) => row(i));
    const chunks = chunkRows(rows);
    expect(chunks.map((c) => c.length)).toEqual([2000, 2000, 500]);
    expect(chunks.flat()).toEqual(rows);
  });

  it('splits by bytes (UTF-8) before the row count when rows are large', () => {
    const big = '汉'.repeat(10_000); // 30,000 bytes in UTF-8, 10,000 UTF-16 units
    const rows = Array.from({ length: 10 }, (_, i) => row(i, big));
    const chunks = chunkRows(rows, { maxRows: 2000, maxBytes: 100_000 });
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) expect(utf8Length(JSON.stringify(syncBody('b', '2026-2027-1', c, 'GH01')))).toBeLessThanOrEqual(100_000);
    expect(chunks.flat()).toHaveLength(10);
    expect(chunkRows([])).toEqual([]);
  });
});

describe('SyncState in the workbook', () => {
  it('round-trips through the hidden sheet’s cells', () => {
    const s = new SyncState(SCOPE);
    s.revision = 7;
    s.set('teachers', 'T001', { version: 3, hash: 'abc' });
    s.set('assessment', 'T1|2026-2027-1', { version: 1, hash: null });
    const back = SyncState.fromRows(s.toRows(), SCOPE);
    expect(back.revision).toBe(7);
    expect(back.get('teachers', 'T001')).toEqual({ version: 3, hash: 'abc' });
    expect(back.get('assessment', 'T1|2026-2027-1')).toEqual({ version: 1, hash: null });
  });

  it('starts empty for another school, server or term, and for cells that are not its own', () => {
    const s = new SyncState(SCOPE);
    s.set('teachers', 'T001', { version: 3, hash: 'abc' });
    expect(SyncState.fromRows(s.toRows(), { ...SCOPE, school: 'WT01' }).rows.size).toBe(0);
    expect(SyncState.fromRows(s.toRows(), { ...SCOPE, term: '2026-2027-2' }).rows.size).toBe(0);
    expect(SyncState.fromRows([['hello']], SCOPE).rows.size).toBe(0);
    expect(SyncState.fromRows(null, SCOPE).rows.size).toBe(0);
    // A damaged line is skipped, the rest kept.
    const rows = s.toRows();
    rows.push(['teachers', 'T002', 'not a number', 'h']);
    expect(SyncState.fromRows(rows, SCOPE).rows.size).toBe(1);
  });

  it('hashes the same values the same whatever their key order', () => {
    expect(hashValues({ a: 1, b: 'x' })).toBe(hashValues({ b: 'x', a: 1 }));
    expect(hashValues({ a: 1, b: 'x' })).not.toBe(hashValues({ a: 1, b: 'y' }));
  });

  it('records applied versions, drops applied deletes, and leaves conflicts and rejections as they were', () => {
    const s = new SyncState(SCOPE);
    s.set('teachers', 'T9', { version: 2, hash: 'h9' });
    s.set('teachers', 'T2', { version: 1, hash: 'old' });
    const body = syncBody(
      'b',
      '2026-2027-1',
      [
        { table: 'teachers', id: 'T1', base_version: 0, values: {} },
        { table: 'teachers', id: 'T2', base_version: 1, values: {} },
        { table: 'teachers', id: 'T9', base_version: 2, deleted: true },
      ],
      'GH01',
    );
    applyAnswer(
      s,
      body,
      { 'teachers:T1': 'h1', 'teachers:T2': 'new', 'teachers:T9': null },
      {
        batch_id: 'b',
        revision: 5,
        applied: [
          { table: 'teachers', id: 'T1', version: 1 },
          { table: 'teachers', id: 'T9', version: 3 },
        ],
        rejected: [],
        conflicts: [{ table: 'teachers', id: 'T2', server_version: 4 }],
      },
    );
    expect(s.get('teachers', 'T1')).toEqual({ version: 1, hash: 'h1' });
    expect(s.get('teachers', 'T9')).toBeUndefined();
    expect(s.get('teachers', 'T2')).toEqual({ version: 1, hash: 'old' });
    expect(s.revision).toBe(5);
  });
});

describe('conflicts', () => {
  it('keep mine: the next plan sends the row on the server’s version', () => {
    const { state } = syncedState();
    keepMine(state, { table: 'teachers', id: 'T001', server_version: 4 });
    const { read, issues } = demo();
    const plan = planChanges(read, issues, state);
    expect(plan.rows).toEqual([expect.objectContaining({ table: 'teachers', id: 'T001', base_version: 4 })]);
  });

  it('take the server’s: writes its values into the row’s cells and the next plan sends nothing', () => {
    const { state } = syncedState();
    const { read, issues } = demo();
    const local = localRows(read, issues).rows.get('teachers:T001')!;
    const server = {
      table: 'teachers',
      id: 'T001',
      version: 4,
      revision: 9,
      deleted: false,
      values: { ...local.values, name: '王丽华（服务器）' },
    };
    const writes = takeServers(read, state, local, server);
    expect(writes).toEqual([{ sheetName: '教师名册', row: local.row, col: read.sheets.teachers!.columns.name, value: '王丽华（服务器）' }]);
    // The workbook after the write, read again:
    const after = demo((wb) => {
      wb.sheets.find((s) => s.name === '教师名册')!.values.find((r) => r[0] === 'T001')![1] = '王丽华（服务器）';
    });
    adoptRow(state, localRows(after.read, after.issues).rows.get('teachers:T001')!, server.version);
    expect(planChanges(after.read, after.issues, state).rows).toEqual([]);
    expect(state.get('teachers', 'T001')!.version).toBe(4);
  });

  it('take the server’s puts back a row the workbook deleted, right after the table, and the next plan sends nothing', () => {
    const { state } = syncedState();
    const gone = demo((wb) => {
      const t = sheetOf(wb, '教师名册');
      t.values = t.values.filter((r) => r[0] !== 'T002');
    });
    // The delete meets a newer version on the server: a conflict, settled with the server's row.
    const original = localRows(demo().read, demo().issues).rows.get('teachers:T002')!;
    const server = {
      table: 'teachers',
      id: 'T002',
      version: 3,
      revision: 9,
      deleted: false,
      values: { ...original.values, name: '李建国（服务器）' },
    };
    const { writes, placed, row } = placeServersRow(gone.read, gone.issues, state, 'teachers', 'T002', server);
    expect(placed).toBe('appended');
    const last = Math.max(...gone.read.sheets.teachers!.rows.map((r) => r.row));
    expect(row).toBe(last + 1);
    expect(writes.every((w) => w.sheetName === '教师名册' && w.row === last + 1)).toBe(true);
    expect(writes.find((w) => w.col === gone.read.sheets.teachers!.columns.teacher_id)!.value).toBe('T002');
    // The workbook after the writes, read again: the row is back and nothing is sent or deleted.
    const back = demo((wb) => {
      const t = sheetOf(wb, '教师名册');
      t.values = t.values.filter((r) => r[0] !== 'T002');
      const header = t.values[0];
      const cols = gone.read.sheets.teachers!.columns;
      t.values.push(header.map((_, j) => writes.find((w) => w.col === j + 1)?.value ?? null));
      expect(Object.keys(cols).length).toBe(header.length);
    });
    adoptRow(state, localRows(back.read, back.issues).rows.get('teachers:T002')!, server.version);
    expect(planChanges(back.read, back.issues, state).rows).toEqual([]);
    expect(state.get('teachers', 'T002')!.version).toBe(3);
  });

  it('take the server’s replaces a row that now has an error, in place', () => {
    const { state } = syncedState();
    const broken = demo((wb) => (sheetOf(wb, '教师名册').values.find((r) => r[0] === 'T003')![6] = '很多年'));
    expect(localRows(broken.read, broken.issues).rows.get('teachers:T003')).toBeUndefined();
    const local = localRows(demo().read, demo().issues).rows.get('teachers:T003')!;
    const server = { table: 'teachers', id: 'T003', version: 2, revision: 9, deleted: false, values: { ...local.values } };
    const { writes, placed, row } = placeServersRow(broken.read, broken.issues, state, 'teachers', 'T003', server);
    expect(placed).toBe('error_row');
    expect(row).toBe(local.row);
    expect(writes).toEqual([
      {
        sheetName: '教师名册',
        row: local.row,
        col: broken.read.sheets.teachers!.columns.years_teaching,
        value: local.values.years_teaching,
      },
    ]);
    // A row deleted on both sides is forgotten; a sheet that cannot be read is not written into.
    const gone = demo((wb) => {
      const t = sheetOf(wb, '教师名册');
      t.values = t.values.filter((r) => r[0] !== 'T003');
    });
    expect(placeServersRow(gone.read, gone.issues, state, 'teachers', 'T003', { ...server, deleted: true }).placed).toBe('gone');
    expect(state.get('teachers', 'T003')).toBeUndefined();
    const unread = demo((wb) => (sheetOf(wb, '教师名册').values[0][0] = '工号'));
    expect(placeServersRow(unread.read, unread.issues, state, 'teachers', 'T004', server)).toEqual({ writes: [], placed: 'unreadable' });
  });

  it('shows rejected rows and conflicts on their cells', () => {
    const { read, issues } = demo();
    const local = localRows(read, issues).rows;
    const out = answerIssues(read, local, {
      rejected: [
        {
          table: 'teachers',
          id: 'T001',
          issues: [{ code: 'cell.required', severity: 'error', sheet: 'teachers', column: 'name', params: {} }],
        },
      ],
      conflicts: [{ table: 'teachers', id: 'T002', server_version: 3 }],
    });
    const row1 = local.get('teachers:T001')!.row;
    expect(out[0]).toMatchObject({ code: 'cell.required', sheetName: '教师名册', cell: `B${row1}` });
    expect(out[1]).toMatchObject({ code: 'sync.conflict', sheetName: '教师名册', cell: `A${local.get('teachers:T002')!.row}` });
    expect(formatIssue(out[1], 'en')).toContain('Keep mine');
    expect(formatIssue(out[1], 'zh')).toContain('T002');
  });
});

describe('getRows', () => {
  const row = (id: string, revision: number) => ({
    table: 'teachers',
    id,
    version: 1,
    revision,
    deleted: false,
    values: { teacher_id: id },
  });
  it('follows the pages the server gives until the last and keeps the revision of the last', async () => {
    const pages: Record<string, unknown> = {
      '': { term: 'T', since: 0, revision: 7, rows: [row('T1', 1), row('T2', 2)], next: 'c1' },
      c1: { term: 'T', since: 0, revision: 8, rows: [row('T3', 3)], next: 'c2' },
      c2: { term: 'T', since: 0, revision: 8, rows: [], next: null },
    };
    const asked: string[] = [];
    const fetchFn = vi.fn(async (url: string) => {
      const u = new URL(url);
      asked.push(u.search);
      return new Response(JSON.stringify(pages[u.searchParams.get('after') ?? '']), { headers: { 'content-type': 'application/json' } });
    });
    const got = await getRows('http://x/', 'tok', '2026-2027-1', 0, fetchFn as unknown as typeof fetch);
    expect(got.rows.map((r) => r.id)).toEqual(['T1', 'T2', 'T3']);
    expect(got.revision).toBe(8);
    expect(asked).toEqual(['?term=2026-2027-1&since=0', '?term=2026-2027-1&since=0&after=c1', '?term=2026-2027-1&since=0&after=c2']);
  });
  it('stops with an error when the server gives the same cursor again', async () => {
    const fetchFn = vi.fn(
      async () =>
        new Response(JSON.stringify({ revision: 1, rows: [row('T1', 1)], next: 'same' }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    await expect(getRows('http://x/', 'tok', '2026-2027-1', 0, fetchFn as unknown as typeof fetch)).rejects.toThrow(/same page twice/);
    expect(fetchFn).toHaveBeenCalledTimes(2);
  });
});

describe('rules pull', () => {
  it('adds what the Rules sheet lacks and asks before changing what it holds', () => {
    const { read } = demo((wb) => {
      wb.sheets = wb.sheets.filter((s) => s.name !== '考核标准');
      wb.sheets.push({
        name: '考核标准',
        values: [
          ['规则', '值', '说明'],
          ['mentor_max_mentees', 3, ''],
          ['min_activities_per_month', 1, ''],
        ],
      });
    });
    const server = { ...DEFAULT_RULES, mentor_max_mentees: 2, min_activities_per_month: 1 };
    const p = planRulesPull(read, server, 'zh');
    expect(p.differ).toEqual([{ key: 'mentor_max_mentees', local: 3, server: 2 }]);
    expect(p.replace).toEqual([{ sheetName: '考核标准', row: 2, col: 2, value: 2 }]);
    const added = new Set(p.add.writes.filter((w) => w.col === 1).map((w) => w.value));
    expect(added.has('min_activities_per_month')).toBe(false);
    expect(added.has('mentee_min_classes_attended')).toBe(true);
    expect(Math.min(...p.add.writes.map((w) => w.row))).toBe(4);
  });

  it('creates the Rules sheet when the workbook has none', () => {
    const { read } = demo((wb) => {
      wb.sheets = wb.sheets.filter((s) => s.name !== '考核标准');
    });
    const p = planRulesPull(read, DEFAULT_RULES, 'en');
    expect(p.add.newSheets).toEqual([expect.objectContaining({ key: 'rules', name: 'Rules' })]);
    expect(p.differ).toEqual([]);
  });
});

describe('Totals sheet', () => {
  it('lays out the totals, the compliance gaps and the chart’s block', () => {
    const rows = [
      { key: 'GH01', name: '国河中心小学', activities: 5, pass_rate: 0.5, schools: 1, reporting_rate: 1 },
      { key: 'WT01', name: '湾头小学', activities: 0, pass_rate: null, schools: 1, reporting_rate: 1 },
    ];
    const r = totalsReport({
      lang: 'en',
      term: '2026-2027-1',
      county: 'CTY01',
      groupBy: 'school',
      totals: rows,
      bySchool: rows,
      pulledAt: '2026-10-15 10:00',
      compliance: {
        term: '2026-2027-1',
        county: 'CTY01',
        stale_schools: 0,
        not_synced: [{ code: 'DS01', name: '大山小学' }],
        schools: [
          {
            code: 'GH01',
            name: '国河中心小学',
            town: null,
            synced: true,
            last_sync_at: 'x',
            last_sync_local: null,
            open: 2,
            warnings: { 'schedule.no_evidence': 2 },
            warning_details: [],
          },
          {
            code: 'WT01',
            name: '湾头小学',
            town: null,
            synced: true,
            last_sync_at: 'x',
            last_sync_local: null,
            open: 0,
            warnings: {},
            warning_details: [],
          },
          {
            code: 'DS01',
            name: '大山小学',
            town: null,
            synced: false,
            last_sync_at: null,
            last_sync_local: null,
            open: 0,
            warnings: {},
            warning_details: [],
          },
        ],
      },
    });
    expect(r.name).toBe('Totals');
    expect(r.rows[0].slice(0, 2)).toEqual(['Key', 'Name']);
    expect(r.rows[1][r.rows[0].indexOf('Pass rate (%)')]).toBe(50);
    const codes = r.rows.map((x) => x[0]);
    expect(codes).toContain('DS01');
    expect(codes.filter((c) => c === 'WT01')).toHaveLength(1); // in the totals, not in the gaps
    const c = r.chart!;
    expect(r.rows[c.top - 1]).toEqual(['School', 'Activities', 'Pass rate (%)']);
    expect(r.rows[c.top]).toEqual(['国河中心小学', 5, 50]);
    expect(c.rows).toBe(3);
  });

  it('has a column per activity type and each Summary indicator’s target, completed and rate, in either language', () => {
    const row = {
      key: 'GH01',
      name: '国河中心小学',
      activities: 3,
      activities_by_type: { seminar: 2, leaders_meeting: 1 },
      indicators: { leaders_meetings: { target: 2, completed: 1, rate: 0.5 }, six_ones: { target: 0, completed: 0, rate: null } },
    };
    const compliance = { term: '2026-2027-1', county: 'CTY01', stale_schools: 0, not_synced: [], schools: [] };
    const report = (lang: 'zh' | 'en') =>
      totalsReport({
        lang,
        term: '2026-2027-1',
        county: 'CTY01',
        groupBy: 'school',
        totals: [row],
        bySchool: [row],
        pulledAt: 'now',
        compliance,
      });
    const en = report('en');
    const at = (h: string) => en.rows[1][en.rows[0].indexOf(h)];
    expect(at('Activities: Seminar')).toBe(2);
    expect(at('Activities: Leaders meeting')).toBe(1);
    expect(at('Activities: Launch')).toBe(0);
    expect(en.rows[0].filter((h) => String(h).startsWith('Activities: '))).toHaveLength(19);
    expect(at('Leaders meetings: target')).toBe(2);
    expect(at('Leaders meetings: completed')).toBe(1);
    expect(at('Leaders meetings: rate (%)')).toBe(50);
    expect(at('Six Ones completed: rate (%)')).toBe('');
    // An indicator the answer lacks (an older server) is left empty, not 0.
    expect(at('Field visits: target')).toBe('');
    const zh = report('zh');
    expect(zh.rows[0]).toContain('活动：研讨会');
    expect(zh.rows[1][zh.rows[0].indexOf('领导联席会议：完成率(%)')]).toBe(50);
    expect(zh.rows[0].length).toBe(en.rows[0].length);
  });
});

describe('connection', () => {
  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('names each problem in a teacher’s words', async () => {
    expect(validAddress('localhost:8787')).toBe(false);
    expect((await testConnection('not a url', 't', '2026-2027-1')).problem).toBe('bad_address');
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect((await testConnection('http://x', 't', '2026-2027-1', { fetchFn: offline as typeof fetch, online: false })).problem).toBe(
      'offline',
    );
    expect((await testConnection('http://x', 't', '2026-2027-1', { fetchFn: offline as typeof fetch, online: true })).problem).toBe(
      'unreachable',
    );
    const html = vi.fn(async () => new Response('<html>portal</html>', { status: 200 }));
    expect((await testConnection('http://x', 't', '2026-2027-1', { fetchFn: html as typeof fetch })).problem).toBe('not_jiedui');
    const revoked = vi.fn(async (u: string) =>
      u.endsWith('/healthz') ? answer(200, { ok: true }) : answer(401, { error: { code: 'unauthorized', message: 'revoked' } }),
    );
    expect((await testConnection('http://x', 't', '2026-2027-1', { fetchFn: revoked as unknown as typeof fetch })).problem).toBe(
      'token_revoked',
    );
    expect(problemOf(new HttpError(423, 'x', 'term_locked'))).toBe('term_locked');
    expect(t('en', 'problem_term_locked')).toMatch(/closed reporting/);
  });

  it('tells a school token from a bureau token without writing anything', async () => {
    const calls: string[] = [];
    // `whoami`: false for a worker older than GET /whoami (404), which the old probe tells apart.
    const server = (role: 'school' | 'bureau', whoami = true, locked = false) =>
      vi.fn(async (u: string, init?: RequestInit) => {
        calls.push(`${init?.method ?? 'GET'} ${new URL(u).pathname}`);
        if (u.endsWith('/healthz')) return answer(200, { ok: true });
        if (u.includes('/whoami')) {
          if (!whoami) return answer(404, { error: { code: 'not_found', message: 'No route GET /api/v1/whoami' } });
          expect(new URL(u).searchParams.get('term')).toBe('2026-2027-1');
          return answer(200, {
            role,
            token_id: 'tok_1',
            county: 'CTY01',
            term_locked: locked,
            ...(role === 'school' ? { school: 'GH01', school_name: '国河中心小学', county_name: '示范县' } : { county_name: null }),
          });
        }
        if (u.includes('/rules')) return answer(200, { county: 'CTY01', rules: {} });
        return role === 'school' ? answer(200, { rows: [], revision: 0 }) : answer(403, { error: { code: 'forbidden', message: '' } });
      });
    expect(await testConnection('http://x', 't', '2026-2027-1', { fetchFn: server('school') as unknown as typeof fetch })).toEqual({
      ok: true,
      role: 'school',
      county: 'CTY01',
      countyName: '示范县',
      termLocked: false,
      school: 'GH01',
      schoolName: '国河中心小学',
    });
    calls.length = 0;
    const bureau = await testConnection('http://x', 't', '2026-2027-1', {
      fetchFn: server('bureau', true, true) as unknown as typeof fetch,
    });
    expect(bureau).toEqual({ ok: true, role: 'bureau', county: 'CTY01', termLocked: true });
    // One call after /healthz, and no probe answered 403 (which a bureau's console would log).
    expect(calls).toEqual(['GET /healthz', 'GET /api/v1/whoami']);
    // An older worker: the old probe still finds the role.
    expect(await testConnection('http://x', 't', '2026-2027-1', { fetchFn: server('school', false) as unknown as typeof fetch })).toEqual({
      ok: true,
      role: 'school',
      county: 'CTY01',
    });
    expect(
      (await testConnection('http://x', 't', '2026-2027-1', { fetchFn: server('bureau', false) as unknown as typeof fetch })).role,
    ).toBe('bureau');
    expect(calls.every((c) => c.startsWith('GET'))).toBe(true);
    expect(currentTerm('2026-10-15')).toBe('2026-2027-1');
    expect(currentTerm('2027-01-15')).toBe('2026-2027-1');
    expect(currentTerm('2027-03-01')).toBe('2026-2027-2');
  });

  it('posts with the token and keeps the worker’s error code', async () => {
    const fetchFn = vi.fn(async () => answer(423, { error: { code: 'term_locked', message: 'closed' } }));
    const e = await postSync('http://x/', 'tok', syncBody('b', '2026-2027-1', [], 'GH01'), fetchFn as unknown as typeof fetch).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(423);
    expect((e as HttpError).code).toBe('term_locked');
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://x/api/v1/sync');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });
});

describe('settings and words', () => {
  it('keeps address, token and role per partition, never mixing two add-in instances', () => {
    const store = new MemoryStore();
    new SettingsStore(store, 'p1').save({ serverUrl: 'http://a/ ', token: ' t1 ' });
    new SettingsStore(store, 'p1').saveRole('bureau');
    expect(new SettingsStore(store, 'p1').load()).toEqual({ serverUrl: 'http://a', token: 't1' });
    expect(new SettingsStore(store, 'p1').loadRole()).toBe('bureau');
    expect(new SettingsStore(store, 'p2').load()).toEqual({ serverUrl: '', token: '' });
    expect(new SettingsStore(store, 'p2').loadRole()).toBe('');
    new SettingsStore(store, 'p1').kv.setItem('k', 'v');
    expect(new SettingsStore(store, 'p2').kv.getItem('k')).toBeNull();
  });

  it('has every pane string in both languages and picks the language from the locale', () => {
    for (const k of ALL_KEYS) {
      expect(t('zh', k).length, k).toBeGreaterThan(0);
      expect(t('en', k).length, k).toBeGreaterThan(0);
    }
    expect(langFromLocale('zh-CN')).toBe('zh');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale(undefined)).toBe('en');
  });
});

describe('the rows a sync holds back', () => {
  it('lists each with sheet, row, id, why and the cell to show: an error, no id, an id the server would refuse', () => {
    const { read, issues } = demo((wb) => {
      const t = sheetOf(wb, '教师名册');
      t.values.push([null, '无编号', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
      t.values.push(['T'.repeat(201), '长编号', 'GH01', '语文', '初级', '无', 1, '新教师', '否']);
    });
    const plan = planChanges(read, issues, new SyncState(SCOPE));
    const rows = plan.heldRows.map((r) => [r.sheetName, r.why, r.id?.slice(0, 5) ?? null, r.cell]);
    const last = read.sheets.teachers!.rows.at(-1)!.row;
    expect(rows).toContainEqual(['教师名册', 'errors', 'T005', 'A13']);
    expect(rows).toContainEqual(['教师名册', 'no_id', null, `A${last - 1}`]);
    expect(rows).toContainEqual(['教师名册', 'refused', 'TTTTT', `A${last}`]);
    expect(plan.heldRows.find((r) => r.why === 'refused')!.issue!.code).toBe('sync.id_too_long');
    // The answer's count is the list's length.
    expect(plan.heldRows.length).toBe(plan.skipped);
  });
});
