import { describe, expect, it } from 'vitest';
import { checkWorkbook, checkRecords } from '../../core/check';
import { readWorkbook } from '../../core/read';
import { formatIssue } from '../../core/messages';
import type { WorkbookInput } from '../../core/types';
import { TODAY, addRow, setCell, sheet, zhWorkbook } from './helpers';

const run = (wb: WorkbookInput, today = TODAY) => checkWorkbook(wb, { today }).issues;
const only = (wb: WorkbookInput, code: string) => run(wb).filter((i) => i.code === code);

describe('the base workbook', () => {
  it('passes every check', () => {
    expect(run(zhWorkbook())).toEqual([]);
  });
});

describe('ids', () => {
  it('reports a duplicate teacher id on the second and later rows, naming the first', () => {
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 2, '教师编号', 'T01');
    setCell(wb, '教师名册', 3, '教师编号', ' t01 ');
    const d = only(wb, 'row.duplicate_id');
    expect(d.map((i) => [i.cell, i.params.first_row])).toEqual([
      ['A4', 2],
      ['A5', 2],
    ]);
    expect(d[0]).toMatchObject({ severity: 'error', sheet: 'teachers', params: { column: '教师编号', value: 'T01' } });
  });
  it('reports duplicate ids in other id columns', () => {
    const wb = zhWorkbook();
    setCell(wb, '活动安排', 1, '活动编号', 'A1');
    setCell(wb, '师徒结对', 1, '师徒编号', 'M1');
    expect(only(wb, 'row.duplicate_id').map((i) => [i.sheet, i.cell])).toEqual([
      ['pairings', 'A3'],
      ['schedule', 'A3'],
    ]);
  });
  it('gives an info for an empty fillable id and nothing when the column is absent', () => {
    const wb = zhWorkbook();
    setCell(wb, '支教与援助', 0, '记录编号', '');
    const info = only(wb, 'row.id_missing');
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ severity: 'info', cell: 'A2', params: { column: '记录编号' } });
    const wb2 = zhWorkbook();
    for (const row of sheet(wb2, '支教与援助').values) row.shift();
    expect(only(wb2, 'row.id_missing')).toEqual([]);
  });
});

describe('teachers', () => {
  it('requires the Program school or a partner school', () => {
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 0, '学校代码', 'ZZ99');
    const i = only(wb, 'teacher.school_unknown');
    expect(i).toHaveLength(1);
    expect(i[0]).toMatchObject({ severity: 'error', cell: 'C2', params: { value: 'ZZ99', school: 'GH01' } });
    const ok = zhWorkbook();
    setCell(ok, '教师名册', 0, '学校代码', 'wt01'); // a partner, typed in lower case
    expect(only(ok, 'teacher.school_unknown')).toEqual([]);
  });
});

describe('pairings', () => {
  it('reports unknown mentor and mentee as errors', () => {
    const wb = zhWorkbook();
    setCell(wb, '师徒结对', 0, '指导教师编号', 'T98');
    setCell(wb, '师徒结对', 1, '青年教师编号', 'T99');
    const i = only(wb, 'teacher.unknown');
    expect(i.map((x) => [x.cell, x.params.value, x.params.column])).toEqual([
      ['B2', 'T98', '指导教师编号'],
      ['C3', 'T99', '青年教师编号'],
    ]);
    expect(i[0].severity).toBe('error');
  });

  it('warns about an ineligible mentor and accepts each eligible kind', () => {
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 2, '自愿', '否'); // T03: secondary, school-level backbone, no longer volunteers
    const i = only(wb, 'pairing.mentor_ineligible');
    expect(i).toHaveLength(1);
    expect(i[0]).toMatchObject({ severity: 'warning', cell: 'B3', params: { mentor: 'T03' } });
    const district = zhWorkbook();
    setCell(district, '教师名册', 2, '自愿', '否');
    setCell(district, '教师名册', 2, '骨干级别', '区级');
    expect(only(district, 'pairing.mentor_ineligible')).toEqual([]);
    const senior = zhWorkbook();
    setCell(senior, '教师名册', 2, '自愿', '');
    setCell(senior, '教师名册', 2, '职称', '高级');
    expect(only(senior, 'pairing.mentor_ineligible')).toEqual([]);
  });

  it('does not judge eligibility from a cell the reader could not read', () => {
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 0, '职称', '特级'); // T01's eligibility now rests on two unreadable cells
    setCell(wb, '教师名册', 0, '骨干级别', '???');
    const issues = run(wb);
    expect(issues.filter((i) => i.code === 'cell.enum')).toHaveLength(2);
    expect(issues.filter((i) => i.code === 'pairing.mentor_ineligible')).toEqual([]);
  });

  it('puts labels in the workbook language for an English workbook', () => {
    const wb: WorkbookInput = {
      sheets: [
        {
          name: 'Program',
          values: [
            ['School code', 'GH01'],
            ['Term', '2026-2027-1'],
          ],
        },
        {
          name: 'Teachers',
          values: [
            ['Teacher id', 'Name', 'School code', 'Role', 'Subject'],
            ['T1', 'Wang', 'GH01', 'Mentor', 'Math'],
            ['T2', 'Li', 'GH01', 'New', 'Art'],
          ],
        },
        {
          name: 'Pairings',
          values: [
            ['Mentor id', 'Mentee id'],
            ['T1', 'T9'],
            ['T1', 'T2'],
          ],
        },
      ],
    };
    const issues = run(wb);
    expect(issues.find((i) => i.code === 'teacher.unknown')!.params.column).toBe('Mentee id');
    expect(issues.find((i) => i.code === 'pairing.subject_differs')!.params).toEqual({
      mentor_subject: 'Mathematics',
      mentee_subject: 'Art',
    });
    expect(issues.filter((i) => i.code === 'row.id_missing')).toEqual([]);
  });

  it('reports a mentor paired with themself', () => {
    const wb = zhWorkbook();
    setCell(wb, '师徒结对', 0, '青年教师编号', 'T01');
    expect(only(wb, 'pairing.self')).toMatchObject([{ severity: 'error', cell: 'C2', params: { value: 'T01' } }]);
  });

  it('warns about the same pair twice', () => {
    const wb = zhWorkbook();
    const row = addRow(wb, '师徒结对', { 师徒编号: 'M3', 指导教师编号: 'T01', 青年教师编号: 'T02' });
    const i = only(wb, 'pairing.duplicate');
    expect(i).toMatchObject([{ severity: 'warning', row, params: { first_row: 2, mentor: 'T01', mentee: 'T02' } }]);
    expect(only(wb, 'pairing.mentee_two_mentors')).toEqual([]);
  });

  it('warns about a mentee with two active mentors, not about consecutive ones', () => {
    const wb = zhWorkbook();
    const row = addRow(wb, '师徒结对', { 师徒编号: 'M3', 指导教师编号: 'T03', 青年教师编号: 'T02', 开始日期: '2026-10-01' });
    expect(only(wb, 'pairing.mentee_two_mentors')).toMatchObject([
      { severity: 'warning', row, params: { mentee: 'T02', mentor: 'T03', other_mentor: 'T01', first_row: 2 } },
    ]);
    const seq = zhWorkbook();
    addRow(seq, '师徒结对', { 师徒编号: 'M3', 指导教师编号: 'T03', 青年教师编号: 'T02', 开始日期: '2027-07-01' });
    expect(only(seq, 'pairing.mentee_two_mentors')).toEqual([]);
  });

  it('warns about a mentor over capacity', () => {
    const wb = zhWorkbook();
    for (const id of ['T05', 'T06']) {
      addRow(wb, '教师名册', { 教师编号: id, 姓名: id, 学校代码: 'WT01', 学科: '语文', 身份: '新教师', 教龄: 1 });
      addRow(wb, '师徒结对', { 指导教师编号: 'T01', 青年教师编号: id, 师徒编号: 'X' + id });
    }
    const i = only(wb, 'pairing.mentor_over_capacity');
    expect(i).toMatchObject([{ severity: 'warning', row: 5, params: { mentor: 'T01', count: 3, max: 2 } }]);
    const roomy = checkWorkbook(wb, { today: TODAY, bureauRules: { mentor_max_mentees: 3 } }).issues;
    expect(roomy.filter((x) => x.code === 'pairing.mentor_over_capacity')).toEqual([]);
  });

  it('counts the mentees a mentor has at the same time, not every pairing it ever had', () => {
    const wb = zhWorkbook();
    for (const id of ['T05', 'T06', 'T07'])
      addRow(wb, '教师名册', { 教师编号: id, 姓名: id, 学校代码: 'WT01', 学科: '语文', 身份: '新教师', 教龄: 1 });
    // T01 mentors T02 from 2026-09-01; two pairings ended before that.
    addRow(wb, '师徒结对', { 师徒编号: 'M3', 指导教师编号: 'T01', 青年教师编号: 'T05', 开始日期: '2024-09-01', 结束日期: '2026-06-30' });
    addRow(wb, '师徒结对', { 师徒编号: 'M4', 指导教师编号: 'T01', 青年教师编号: 'T06', 开始日期: '2024-09-01', 结束日期: '2026-06-30' });
    expect(only(wb, 'pairing.mentor_over_capacity')).toEqual([]);
    // A pairing without dates is active throughout, as for a mentee's one active mentor; ranges
    // touching on a day (T06 ends 2026-06-30, T07 starts then) overlap.
    const row = addRow(wb, '师徒结对', { 师徒编号: 'M5', 指导教师编号: 'T01', 青年教师编号: 'T07', 开始日期: '2026-06-30' });
    const i = only(wb, 'pairing.mentor_over_capacity');
    expect(i).toMatchObject([
      {
        severity: 'warning',
        row,
        cell: `B${row}`,
        params: { mentor: 'T01', count: 3, max: 2, mentees: 'T05、T06、T07', rows: `4、5、${row}` },
      },
    ]);
    expect(formatIssue(i[0], 'en')).toBe(
      'Mentor T01 has 3 mentees at the same time (T05、T06、T07; rows 4、5、6), more than the 2 allowed',
    );
    setCell(wb, '师徒结对', row - 2, '开始日期', '');
    // Undated, it overlaps the two old pairings too.
    expect(only(wb, 'pairing.mentor_over_capacity')).toMatchObject([{ row, params: { count: 3, rows: `4、5、${row}` } }]);
    setCell(wb, '师徒结对', row - 2, '开始日期', '2026-07-01');
    expect(only(wb, 'pairing.mentor_over_capacity')).toEqual([]);
  });

  it('warns about a different subject and an experienced mentee', () => {
    const wb = zhWorkbook();
    setCell(wb, '教师名册', 1, '学科', '英语');
    setCell(wb, '教师名册', 1, '教龄', 4);
    expect(only(wb, 'pairing.subject_differs')).toMatchObject([
      { severity: 'warning', cell: 'D2', params: { mentor_subject: '语文', mentee_subject: '英语' } },
    ]);
    expect(only(wb, 'pairing.mentee_experienced')).toMatchObject([
      { severity: 'warning', cell: 'C2', params: { mentee: 'T02', years: 4, max: 3 } },
    ]);
    const ok = zhWorkbook();
    setCell(ok, '教师名册', 1, '教龄', 3);
    expect(only(ok, 'pairing.mentee_experienced')).toEqual([]);
  });

  it('reports an end date before the start date on the end cell', () => {
    const wb = zhWorkbook();
    setCell(wb, '师徒结对', 0, '结束日期', '2026-08-01');
    setCell(wb, '结对学校', 0, '结束日期', '2026/8/31');
    const i = only(wb, 'row.end_before_start');
    expect(i.map((x) => [x.sheet, x.cell])).toEqual([
      ['partnerships', 'G2'],
      ['pairings', 'F2'],
    ]);
    expect(i[1]).toMatchObject({ severity: 'error', params: { start: '2026-09-01', end: '2026-08-01' } });
  });
});

describe('assessment', () => {
  it('reports an unknown teacher and warns about an unpaired one', () => {
    const wb = zhWorkbook();
    addRow(wb, '考核', { 教师编号: 'T77', 学期: '2026-2027-1' });
    addRow(wb, '教师名册', { 教师编号: 'T05', 姓名: '赵', 学校代码: 'GH01', 身份: '普通教师' });
    addRow(wb, '考核', { 教师编号: 'T05', 学期: '2026-2027-1' });
    expect(only(wb, 'teacher.unknown')).toMatchObject([{ severity: 'error', sheet: 'assessment', cell: 'A3', params: { value: 'T77' } }]);
    expect(only(wb, 'assessment.not_paired')).toMatchObject([{ severity: 'warning', cell: 'A4', params: { teacher: 'T05' } }]);
  });
});

describe('teacher ids across sheets', () => {
  it('are one teacher despite case, full-width forms and spaces, and one unknown teacher wherever it is named', () => {
    const wb = zhWorkbook();
    setCell(wb, '师徒结对', 0, '指导教师编号', ' ｔ01 '); // T01, typed full-width and lower case
    setCell(wb, '师徒结对', 0, '青年教师编号', 't02');
    addRow(wb, '师徒结对', { 师徒编号: 'M3', 指导教师编号: 'T01', 青年教师编号: 'T02' });
    addRow(wb, '师徒结对', { 师徒编号: 'M4', 指导教师编号: 'X9', 青年教师编号: 'x9' });
    addRow(wb, '考核', { 教师编号: 'Ｘ9', 学期: '2026-2027-1' });
    const issues = run(wb);
    expect(issues.filter((i) => i.code === 'pairing.duplicate')).toMatchObject([{ row: 4, params: { first_row: 2 } }]);
    // X9 is no teacher of the roster: unknown in both columns and in Assessment, and paired with itself.
    expect(issues.filter((i) => i.code === 'teacher.unknown').map((i) => [i.sheet, i.cell])).toEqual([
      ['pairings', 'B5'],
      ['pairings', 'C5'],
      ['assessment', 'A3'],
    ]);
    expect(issues.filter((i) => i.code === 'pairing.self').map((i) => i.cell)).toEqual(['C5']);
    expect(issues.filter((i) => i.code === 'assessment.not_paired')).toEqual([]);
  });
});

describe('checkRecords on stored rows', () => {
  it('works without columns or sheet rows and locates by row only', () => {
    const read = readWorkbook(zhWorkbook());
    const model = {
      program: read.program,
      rules: read.rules,
      sheets: {
        teachers: { name: '教师名册', rows: read.sheets.teachers!.rows.map((r) => ({ ...r, row: 0 })) },
        pairings: { name: '师徒结对', rows: [{ row: 0, values: { mentor_id: 'T01', mentee_id: 'T404' }, raw: {}, hasErrors: false }] },
      },
    };
    const issues = checkRecords(model, { today: TODAY });
    const unknown = issues.find((i) => i.code === 'teacher.unknown')!;
    expect(unknown).toMatchObject({ column: 'mentee_id', params: { value: 'T404' } });
    expect(unknown.row).toBeUndefined();
    expect(unknown.cell).toBeUndefined();
  });
});
