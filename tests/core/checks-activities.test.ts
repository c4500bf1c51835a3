import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { formatIssue } from '../../core/messages';
import type { WorkbookInput } from '../../core/types';
import { TODAY, addRow, setCell, sheet, zhWorkbook } from './helpers';

const run = (wb: WorkbookInput, today = TODAY) => checkWorkbook(wb, { today }).issues;
const only = (wb: WorkbookInput, code: string, today = TODAY) => run(wb, today).filter((i) => i.code === code);
const SCHED = '活动安排';

describe('schedule', () => {
  it('warns about a date outside the term', () => {
    const wb = zhWorkbook();
    const row = addRow(wb, SCHED, { 活动编号: 'A8', 日期: '2027-03-01', 活动类型: '研讨会', 状态: '计划' });
    expect(only(wb, 'schedule.outside_term')).toMatchObject([
      {
        severity: 'warning',
        row,
        cell: `B${row}`,
        params: { date: '2027-03-01', term: '2026-2027-1', start: '2026-09-01', end: '2027-01-31' },
      },
    ]);
  });

  it('warns per month of the term lacking activities, not counting cancelled ones', () => {
    const wb = zhWorkbook();
    setCell(wb, SCHED, 2, '状态', '已取消'); // the only October activity
    const i = only(wb, 'schedule.month_without_activity');
    expect(i).toMatchObject([{ severity: 'warning', sheet: 'schedule', sheetName: SCHED, params: { month: '2026-10', count: 0, min: 1 } }]);
    expect(i[0].row).toBeUndefined();
    const stricter = checkWorkbook(zhWorkbook(), { today: TODAY, bureauRules: { min_activities_per_month: 2 } }).issues;
    expect(stricter.filter((x) => x.code === 'schedule.month_without_activity').map((x) => x.params.month)).toEqual([
      '2026-10',
      '2026-12',
      '2027-01',
    ]);
  });

  it('counts leaders meetings and field visits against the rules', () => {
    const wb = zhWorkbook();
    setCell(wb, SCHED, 6, '活动类型', '研讨会'); // second leaders meeting gone
    setCell(wb, SCHED, 4, '状态', '已取消'); // the field visit cancelled
    setCell(wb, SCHED, 4, '日期', '2026-11-12');
    expect(only(wb, 'schedule.leaders_meetings_short')).toMatchObject([
      { severity: 'warning', params: { count: 1, min: 2, term: '2026-2027-1' } },
    ]);
    expect(only(wb, 'schedule.field_visits_short')).toMatchObject([{ severity: 'warning', params: { count: 0, min: 1 } }]);
  });

  it('skips term checks without a term and says so', () => {
    const wb = zhWorkbook();
    sheet(wb, '项目信息').values.pop();
    const issues = run(wb);
    expect(issues.map((i) => i.code)).toEqual(['program.term_missing']);
  });

  it('wants a lead teacher for demo classes and lectures', () => {
    const wb = zhWorkbook();
    setCell(wb, SCHED, 5, '主讲教师', '');
    expect(only(wb, 'schedule.lead_teacher_missing')).toMatchObject([{ severity: 'warning', cell: 'H7', params: { type: '名师讲座' } }]);
    const ok = zhWorkbook();
    setCell(ok, SCHED, 2, '活动类型', '示范课');
    setCell(ok, SCHED, 2, '主讲教师', '张伟');
    expect(only(ok, 'schedule.lead_teacher_missing')).toEqual([]);
  });

  it('wants students for a student exchange', () => {
    const wb = zhWorkbook();
    setCell(wb, SCHED, 3, '活动类型', '手拉手活动');
    expect(only(wb, 'schedule.students_missing')).toMatchObject([{ severity: 'warning', cell: 'J5' }]);
    setCell(wb, SCHED, 3, '参与学生数', '40人');
    expect(only(wb, 'schedule.students_missing')).toEqual([]);
  });

  it('warns about done without evidence and planned in the past', () => {
    const wb = zhWorkbook();
    setCell(wb, SCHED, 0, '状态', '已完成');
    setCell(wb, SCHED, 1, '状态', '已完成');
    setCell(wb, SCHED, 1, '佐证材料', '照片.zip');
    expect(only(wb, 'schedule.no_evidence')).toMatchObject([{ severity: 'warning', cell: 'L2' }]);
    const past = only(wb, 'schedule.planned_past', '2026-10-16');
    expect(past.map((i) => i.cell)).toEqual(['K4']);
    expect(past[0].params).toEqual({ date: '2026-10-15', today: '2026-10-16' });
    expect(only(wb, 'schedule.planned_past', '2026-10-15')).toEqual([]);
  });

  it('warns about one lead teacher in two activities on one day', () => {
    const wb = zhWorkbook();
    const row = addRow(wb, SCHED, {
      活动编号: 'A8',
      日期: '2026-12-10',
      活动类型: '示范课',
      主办学校: 'WT01',
      主讲教师: '王芳',
      状态: '计划',
    });
    expect(only(wb, 'schedule.lead_teacher_clash')).toMatchObject([
      { severity: 'warning', cell: `H${row}`, params: { teacher: '王芳', date: '2026-12-10', first_row: 7 } },
    ]);
    const same = zhWorkbook(); // the same activity written on two rows is no clash
    addRow(same, SCHED, {
      活动编号: 'A8',
      日期: '2026-12-10',
      活动类型: '名师讲座',
      主办学校: 'GH01',
      主题: '课堂',
      主讲教师: '王芳',
      状态: '计划',
    });
    expect(only(same, 'schedule.lead_teacher_clash')).toEqual([]);
  });
});

describe('support', () => {
  it('wants a rotation to name its teacher and dates', () => {
    const wb = zhWorkbook();
    setCell(wb, '支教与援助', 0, '教师编号', '');
    setCell(wb, '支教与援助', 0, '结束日期', '');
    expect(only(wb, 'support.rotation_incomplete')).toMatchObject([
      { severity: 'warning', cell: 'E2', params: { missing: '教师编号、结束日期' } },
    ]);
  });

  it('wants a donation to give an amount or items', () => {
    const wb = zhWorkbook();
    setCell(wb, '支教与援助', 2, '金额(元)', '');
    expect(only(wb, 'support.donation_empty')).toEqual([]);
    setCell(wb, '支教与援助', 2, '物品', '');
    expect(only(wb, 'support.donation_empty')).toMatchObject([{ severity: 'warning', row: 4 }]);
  });

  it('counts rotation teachers over the school year when the school supports', () => {
    const wb = zhWorkbook();
    setCell(wb, '支教与援助', 1, '教师编号', 'T01'); // the same teacher twice counts once
    expect(only(wb, 'support.rotation_short')).toMatchObject([{ severity: 'warning', params: { year: '2026-2027', count: 1, min: 2 } }]);
    const aided = zhWorkbook(); // the Program school is only aided: no rotation target
    setCell(aided, '支教与援助', 1, '教师编号', 'T01');
    setCell(aided, '结对学校', 0, '帮扶学校代码', 'XX01');
    setCell(aided, '结对学校', 0, '受援学校代码', 'GH01');
    setCell(aided, '教师名册', 1, '学校代码', 'XX01');
    setCell(aided, '教师名册', 3, '学校代码', 'XX01');
    expect(only(aided, 'support.rotation_short')).toEqual([]);
    const lastYear = zhWorkbook();
    setCell(lastYear, '支教与援助', 1, '开始日期', '2025-09-01');
    setCell(lastYear, '支教与援助', 1, '结束日期', '2026-01-31');
    expect(only(lastYear, 'support.rotation_short')).toHaveLength(1);
  });

  it('reports a rotation teacher not in the roster, as Pairings do, and does not count it', () => {
    const wb = zhWorkbook();
    setCell(wb, '支教与援助', 1, '教师编号', 'T99');
    const issues = run(wb);
    expect(issues.filter((i) => i.code === 'teacher.unknown')).toMatchObject([
      { severity: 'error', sheet: 'support', cell: 'E3', params: { column: '教师编号', value: 'T99' } },
    ]);
    expect(issues.filter((i) => i.code === 'support.rotation_short')).toMatchObject([{ params: { count: 1, min: 2 } }]);
    // One teacher however typed: ' ｔ01 ' is T01.
    const same = zhWorkbook();
    setCell(same, '支教与援助', 1, '教师编号', ' ｔ01 ');
    expect(run(same).map((i) => i.code)).toEqual(['support.rotation_short']);
  });
});

describe('school codes in Schedule and Support', () => {
  it('warns about a code that is neither the Program school nor a partner, naming the known schools', () => {
    const wb = zhWorkbook();
    setCell(wb, '支教与援助', 0, '接收学校', 'ZZ99');
    setCell(wb, '活动安排', 0, '主办学校', 'ZZ98');
    setCell(wb, '活动安排', 3, '参与学校', 'ZZ98');
    setCell(wb, '活动安排', 1, '参与学校', 'wt01'); // a partner in lower case is known
    const issues = run(wb);
    expect(issues.filter((i) => i.code === 'school.unknown')).toMatchObject([
      { severity: 'warning', sheet: 'schedule', cell: 'D2', params: { column: '主办学校', value: 'ZZ98', schools: 'GH01、WT01' } },
      { severity: 'warning', sheet: 'schedule', cell: 'E5', params: { column: '参与学校', value: 'ZZ98' } },
      { severity: 'warning', sheet: 'support', cell: 'D2', params: { column: '接收学校', value: 'ZZ99', schools: 'GH01、WT01' } },
    ]);
    expect(
      formatIssue(
        issues.find((i) => i.code === 'school.unknown')!,
        'en',
      ),
    ).toBe('School code “ZZ98” in Host school is neither this school nor a partner school (this workbook’s schools: GH01、WT01)');
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('judges every row among many codes, known ones however typed', () => {
    const wb = zhWorkbook();
    const known = ['GH01', 'wt01', ' ＷＴ01 ', 'Gh01'];
    const rows: number[] = [];
    for (let i = 0; i < 300; i++) {
      const unknown = i % 3 === 0;
      const row = addRow(wb, SCHED, {
        活动编号: 'B' + i,
        日期: '2026-09-10',
        活动类型: '研讨会',
        状态: '计划',
        主办学校: unknown ? 'Z' + ((i * 7) % 97) : known[i % 4],
        参与学校: 'GH01',
      });
      if (unknown) rows.push(row);
    }
    const issues = run(wb).filter((i) => i.code === 'school.unknown');
    expect(issues.map((i) => i.row)).toEqual(rows);
    expect(issues.every((i) => i.params.value === 'Z' + (((i.row! - 9) * 7) % 97))).toBe(true);
  });

  it('says nothing when the workbook knows no school', () => {
    const wb = zhWorkbook();
    wb.sheets = wb.sheets.filter((s) => s.name !== '结对学校');
    sheet(wb, '项目信息').values.splice(1, 1); // no school code
    setCell(wb, '活动安排', 0, '主办学校', 'ZZ98');
    expect(run(wb).filter((i) => i.code === 'school.unknown')).toEqual([]);
  });
});
