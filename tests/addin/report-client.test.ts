/** The bureau's return items as the pane sends them: typed lines, picked issues, and their marks on the school's cells. */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import { parseItems, pickedReturn, returnedIssues, type PickableIssue } from '../../addin/src/report-client';
import { localRows } from '../../addin/src/sync-client';

describe('typed return items', () => {
  it('reads table, id, column and text, or table, id and text, with either comma', () => {
    expect(parseItems('schedule, A0002, theme, 主题不完整\nteachers，T2，补充教龄\n\n只有一段\nschedule, A1,')).toEqual([
      { table: 'schedule', id: 'A0002', column: 'theme', text: '主题不完整' },
      { table: 'teachers', id: 'T2', text: '补充教龄' },
    ]);
  });

  it('takes a column by its header in either language, and a third field that is no column as text, commas kept', () => {
    expect(
      parseItems('schedule, A0002, 主题, 不完整\nschedule, A0003, Theme, incomplete\nteachers, T2, 请补充职称，并写明教龄, 谢谢'),
    ).toEqual([
      { table: 'schedule', id: 'A0002', column: 'theme', text: '不完整' },
      { table: 'schedule', id: 'A0003', column: 'theme', text: 'incomplete' },
      { table: 'teachers', id: 'T2', text: '请补充职称，并写明教龄, 谢谢' },
    ]);
  });
});

describe('picked return items', () => {
  it('sends an issue on a row as an item, one of a whole sheet in the comment after what was typed', () => {
    const picked: PickableIssue[] = [
      {
        table: 'assessment',
        id: 'T1',
        column: 'teacher_id',
        code: 'assessment.not_paired',
        severity: 'warning' as const,
        text: '不在任何结对中',
      },
      { table: 'schedule', code: 'schedule.month_without_activity', severity: 'warning' as const, text: '10 月没有活动' },
    ];
    expect(pickedReturn('请修改', picked, [{ table: 'teachers', id: 'T2', text: '补充' }])).toEqual({
      comment: '请修改\n10 月没有活动',
      items: [
        { table: 'assessment', id: 'T1', column: 'teacher_id', text: '不在任何结对中' },
        { table: 'teachers', id: 'T2', text: '补充' },
      ],
    });
    expect(pickedReturn('', picked.slice(1), []).comment).toBe('10 月没有活动');
  });

  it("marks each item on its row's cell in the school's workbook, its row's first cell without a column", () => {
    const { read, issues } = checkWorkbook(demoWorkbook(), { today: '2026-10-15' });
    const local = localRows(read, issues).rows;
    const [a, b, c] = returnedIssues(read, local, [
      { table: 'schedule', id: 'A0002', column: 'theme', text: '主题不完整' },
      { table: 'schedule', id: 'A0002', text: '整行' },
      { table: 'schedule', id: 'NOPE', text: '没有这一行' },
    ]);
    expect(a).toMatchObject({ code: 'sync.report_returned', cell: 'F3', params: { text: '主题不完整', id: 'A0002' } });
    expect(b).toMatchObject({ cell: 'A3', row: 3 });
    expect(c.cell).toBeUndefined();
  });
});
