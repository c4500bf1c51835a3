import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, formatIssue } from '../../core/messages';
import { checkWorkbook } from '../../core/check';
import { readRecord } from '../../core/read';
import { explainMerged } from '../../cli/merges';
import type { Issue, WorkbookInput } from '../../core/types';
import { TODAY, addRow, setCell, sheet, zhWorkbook } from './helpers';

/** Workbooks that between them break every rule, so every code is produced by a real check. */
function everyProblem(): Issue[] {
  const out: Issue[] = [];
  const check = (wb: WorkbookInput, today = TODAY) => out.push(...checkWorkbook(wb, { today }).issues);

  const a = zhWorkbook();
  const t = sheet(a, '教师名册');
  t.values[0].push('姓名');
  t.values[3][6] = 'many'; // cell.type
  t.values[3][4] = '特级'; // cell.enum
  t.values[1][3] = '书法'; // cell.enum_open; also pairing.subject_differs
  t.values[2][6] = 9; // pairing.mentee_experienced
  t.values[4][0] = 'T01'; // row.duplicate_id
  t.values[2][2] = 'ZZ01'; // teacher.school_unknown
  t.values[1][1] = '#N/A'; // cell.excel_error
  addRow(a, '教师名册', { 教师编号: 'T05', 姓名: '', 学校代码: 'GH01', 身份: '新教师', 职称: '初级' }); // cell.required
  addRow(a, '教师名册', { 教师编号: 'T06', 姓名: 'x', 学校代码: 'GH01', 身份: '新教师' });
  addRow(a, '教师名册', { 教师编号: 'T07', 姓名: 'y', 学校代码: 'GH01', 身份: '新教师' });
  addRow(a, '教师名册', { 教师编号: 'T08', 姓名: ' X', 学校代码: 'gh01', 身份: '指导教师' }); // teacher.same_name (T06)
  addRow(a, '师徒结对', { 指导教师编号: 'T05', 青年教师编号: 'T05' }); // pairing.self, row.id_missing
  addRow(a, '师徒结对', { 师徒编号: 'M4', 指导教师编号: 'T01', 青年教师编号: 'T02' }); // pairing.duplicate
  addRow(a, '师徒结对', { 师徒编号: 'M5', 指导教师编号: 'T05', 青年教师编号: 'T02' }); // two mentors, ineligible mentor
  addRow(a, '师徒结对', { 师徒编号: 'M6', 指导教师编号: 'T01', 青年教师编号: 'T06' });
  addRow(a, '师徒结对', { 师徒编号: 'M7', 指导教师编号: 'T01', 青年教师编号: 'T07' }); // over capacity
  addRow(a, '师徒结对', { 师徒编号: 'M8', 指导教师编号: 'T99', 青年教师编号: 'T07', 开始日期: '2027-01-01', 结束日期: '2026-01-01' }); // unknown, end before start
  setCell(a, '活动安排', 2, '状态', '已取消'); // month without activity
  setCell(a, '活动安排', 1, '活动类型', '研讨会'); // leaders meetings short
  setCell(a, '活动安排', 4, '活动类型', '研讨会'); // field visits short
  setCell(a, '活动安排', 5, '主讲教师', ''); // lead teacher missing
  setCell(a, '活动安排', 3, '活动类型', '手拉手活动'); // students missing
  setCell(a, '活动安排', 0, '状态', '已完成'); // no evidence
  addRow(a, '活动安排', { 活动编号: 'A9', 日期: '2027-05-01', 活动类型: '研讨会', 主讲教师: '甲', 主办学校: 'GH01', 状态: '计划' }); // outside term
  addRow(a, '活动安排', { 活动编号: 'A10', 日期: '2027-05-01', 活动类型: '示范课', 主讲教师: '甲', 主办学校: 'WT01', 状态: '计划' }); // clash
  setCell(a, '支教与援助', 0, '教师编号', ''); // rotation incomplete, rotation short
  setCell(a, '支教与援助', 2, '金额(元)', '');
  setCell(a, '支教与援助', 2, '物品', ''); // donation empty
  setCell(a, '支教与援助', 2, '接收学校', 'ZZ77'); // school.unknown
  addRow(a, '考核', { 教师编号: 'T404', 学期: '2026-2027-1' }); // teacher.unknown
  addRow(a, '考核', { 教师编号: 'T04', 学期: '2026-2027-1' }); // not paired
  addRow(a, '考核', { 教师编号: 't02', 学期: '2026-2027-1' }); // assessment.duplicate (T02's row 2)
  a.sheets.push({
    name: 'Rules',
    values: [
      ['Rule', 'Value'],
      ['nonsense', 1],
    ],
  }); // rules.bad_value
  a.sheets.push({ name: '考核', values: [] }); // sheet.duplicate
  a.sheets.push({ name: '汇总', values: [['hello'], ['world']] }); // header.not_found
  check(a, '2027-06-01'); // planned_past

  const b = zhWorkbook();
  b.sheets.shift(); // sheet.missing_program
  for (const row of sheet(b, '师徒结对').values) row.splice(2, 1); // header.missing_column
  check(b);

  const c = zhWorkbook();
  sheet(c, '项目信息').values = [['学校代码', '']]; // program.school_code_missing, program.term_missing
  setCell(c, '活动安排', 0, '日期', '9月22日'); // cell.date_no_year: no term to give the year
  check(c);

  const e = zhWorkbook();
  setCell(e, '教师名册', 0, '教龄', 71); // cell.too_large
  setCell(e, '教师名册', 1, '骨干级别', '骨干教师'); // cell.ambiguous
  setCell(e, '活动安排', 0, '日期', '2026年9月8日（星期三）'); // cell.date_weekday: a Tuesday
  setCell(e, '活动安排', 1, '日期', '2026/11/31'); // cell.date_no_such_day
  setCell(e, '活动安排', 2, '日期', '2026-10-02'); // schedule.rest_day: National Day
  check(e);

  // cell.required_merged: the xlsx reader knows the merges, and says why a merged cell is empty
  const d = zhWorkbook();
  sheet(d, '教师名册').values[2][2] = null;
  const merged = { sheets: d.sheets.map((s) => (s.name === '教师名册' ? { ...s, merges: ['C2:C3'] } : s)) };
  out.push(...explainMerged(checkWorkbook(d, { today: TODAY }).issues, merged));
  return out;
}

describe('ISSUE_CODES', () => {
  it('has a severity and non-empty Chinese and English templates for every code', () => {
    for (const [code, t] of Object.entries(ISSUE_CODES)) {
      expect(code).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(['error', 'warning', 'info']).toContain(t.severity);
      expect(t.zh.trim().length).toBeGreaterThan(0);
      expect(t.en.trim().length).toBeGreaterThan(0);
      // Both languages use the same placeholders.
      const ph = (s: string) => [...s.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]).sort();
      expect(new Set(ph(t.zh))).toEqual(new Set(ph(t.en)));
    }
  });

  const issues = everyProblem();

  it('is produced, every code of it, by a real check', () => {
    const produced = new Set(issues.map((i) => i.code));
    // Fill codes are produced by the fills and the sync codes by the worker; each is tested there.
    const checkCodes = Object.keys(ISSUE_CODES).filter((c) => !c.startsWith('fill.') && !c.startsWith('sync.'));
    expect(checkCodes.length).toBeGreaterThan(30);
    for (const code of checkCodes) expect(produced, code).toContain(code);
  });

  it('gets every placeholder supplied by the producing side, in both languages', () => {
    for (const i of issues) {
      expect(ISSUE_CODES[i.code], i.code).toBeDefined();
      expect(i.severity).toBe(ISSUE_CODES[i.code].severity);
      for (const lang of ['zh', 'en'] as const) {
        const text = formatIssue(i, lang);
        expect(text, `${i.code} ${lang}: ${text}`).not.toMatch(/\{[a-z_]+\}/);
      }
    }
  });

  it('covers issues from readRecord too', () => {
    const { issues: r } = readRecord('assessment', { teacher_id: 'T1', term: 'x', courseware: '-1' }, 'en');
    expect(r.map((i) => formatIssue(i, 'en'))).toEqual([
      'Not a term: expected 2026-2027-1, 2026-2027 term 1 or 2026年秋季学期 (autumn 2026); got “x”',
      'Not a whole number: expected a whole number 0 or more, unit allowed, like 20, 20节 or 二十节; got “-1”',
    ]);
  });
});

describe('formatIssue placeholders and labels', () => {
  it('fills camelCase placeholders such as {sheetName}', () => {
    const msg = formatIssue(
      { code: 'header.not_found', severity: 'error', sheet: 'teachers', sheetName: '教师', params: { columns: '教师编号' } },
      'en',
    );
    expect(msg).toContain('“教师”');
    expect(msg).not.toMatch(/\{[A-Za-z_]+\}/);
  });

  it('gives a template column label in the language asked for, and keeps other spellings as typed', () => {
    const base = { code: 'cell.required' as const, severity: 'error' as const, sheet: 'teachers' as const, column: 'teacher_id' };
    expect(formatIssue({ ...base, params: { column: '教师编号' } }, 'en')).toBe('“Teacher id” is required');
    expect(formatIssue({ ...base, params: { column: 'Teacher id' } }, 'zh')).toBe('「教师编号」不能为空');
    expect(formatIssue({ ...base, params: { column: '工号' } }, 'en')).toBe('“工号” is required');
  });

  it('knows the fill and sync codes without importing the fills', () => {
    for (const code of [
      'fill.cell_taken',
      'fill.term_past',
      'sync.unknown_table',
      'sync.duplicate_row',
      'sync.row_too_large',
      'sync.issues_left_out',
    ] as const) {
      expect(ISSUE_CODES[code]?.zh.length, code).toBeGreaterThan(0);
      expect(ISSUE_CODES[code]?.en.length, code).toBeGreaterThan(0);
    }
  });
});
