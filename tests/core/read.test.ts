import { describe, expect, it } from 'vitest';
import { readWorkbook, readRecord } from '../../core/read';
import { checkWorkbook } from '../../core/check';
import { formatIssue } from '../../core/messages';
import { DEFAULT_RULES } from '../../core/rules';
import { termMonths, termRange, termWeeks, schoolYearOf } from '../../core/term';
import type { WorkbookInput } from '../../core/types';
import { TODAY, setCell, sheet, zhWorkbook } from './helpers';

const program = (rows: unknown[][]) => ({ name: 'Program', values: rows as never });

describe('finding sheets and headers', () => {
  it('reads a valid Chinese workbook with no issue', () => {
    const r = readWorkbook(zhWorkbook());
    expect(r.issues).toEqual([]);
    expect(r.lang).toBe('zh');
    expect(r.program.school_code).toBe('GH01');
    expect(r.sheets.teachers!.rows).toHaveLength(4);
    expect(r.sheets.teachers!.rows[0].values).toMatchObject({
      teacher_id: 'T01',
      title: 'senior',
      backbone_level: 'county',
      years_teaching: 20,
      volunteer: true,
    });
    expect(r.sheets.partnerships!.rows[0].values.focus).toEqual(['teachers', 'research']);
  });

  it('finds sheets by English name and matches shuffled, spaced, cased and full-width headers', () => {
    const wb: WorkbookInput = {
      sheets: [
        program([
          ['School code', 'GH01'],
          ['Term', '2026-2027-1'],
        ]),
        {
          name: ' TEACHERS ',
          values: [
            ['Notes', 'ROLE', 'teacher  id', 'Ｓｃｈｏｏｌ　Ｃｏｄｅ', 'name*', 'Shoe size'],
            ['x', 'Mentor', 'T01', 'GH01', 'Wang', 42],
          ],
        },
      ],
    };
    const r = readWorkbook(wb);
    const t = r.sheets.teachers!;
    expect(r.issues).toEqual([]);
    expect(t.columns).toEqual({ role: 2, teacher_id: 3, school_code: 4, name: 5 });
    expect(t.extraColumns).toEqual([1, 6]);
    expect(t.lastColumn).toBe(6);
    expect(t.rows[0].values).toMatchObject({ teacher_id: 'T01', role: 'mentor', school_code: 'GH01', name: 'Wang', subject: null });
  });

  it('allows title rows above the header and skips blank rows', () => {
    const wb = zhWorkbook();
    const s = sheet(wb, '教师名册');
    s.values.unshift(['国河中心小学教师名册'], [], ['2026年秋季']);
    s.values.splice(5, 0, ['', null, '  ']);
    const r = readWorkbook(wb);
    expect(r.issues).toEqual([]);
    expect(r.sheets.teachers!.headerRow).toBe(4);
    expect(r.sheets.teachers!.rows.map((x) => x.row)).toEqual([5, 7, 8, 9]);
  });

  it('honours the origin of a block that does not start at A1', () => {
    const wb = zhWorkbook();
    sheet(wb, '教师名册').origin = { row: 3, col: 2 };
    sheet(wb, '教师名册').values[1][6] = 'many';
    const r = readWorkbook(wb);
    const issue = r.issues.find((i) => i.code === 'cell.type')!;
    expect(issue).toMatchObject({ sheet: 'teachers', row: 4, col: 8, cell: 'H4', column: 'years_teaching' });
    expect(r.sheets.teachers!.columns.teacher_id).toBe(2);
  });

  it('reports a missing required column once, on the sheet, without crashing', () => {
    const wb = zhWorkbook();
    const s = sheet(wb, '教师名册');
    for (const row of s.values) row.splice(7, 1); // drop 身份 (role)
    const r = readWorkbook(wb);
    const missing = r.issues.filter((i) => i.code === 'header.missing_column');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({
      severity: 'error',
      sheet: 'teachers',
      sheetName: '教师名册',
      row: 1,
      column: 'role',
      params: { column: '身份' },
    });
    expect(r.issues.filter((i) => i.code === 'cell.required')).toHaveLength(0);
    expect(r.sheets.teachers!.rows).toHaveLength(4);
    expect(r.sheets.teachers!.rows[0].values.role).toBeNull();
  });

  it('warns about a duplicated column and uses the first', () => {
    const wb = zhWorkbook();
    const s = sheet(wb, '教师名册');
    s.values.forEach((row, i) => row.push(i === 0 ? '姓名' : 'other'));
    const r = readWorkbook(wb);
    const d = r.issues.find((i) => i.code === 'header.duplicate_column')!;
    expect(d).toMatchObject({ severity: 'warning', cell: 'J1', params: { column: '姓名', first: 'B1' } });
    expect(r.sheets.teachers!.rows[0].values.name).toBe('王芳');
  });

  it('reports a sheet with content but no header row', () => {
    const wb = zhWorkbook();
    sheet(wb, '教师名册').values = [
      ['hello', 'world'],
      [1, 2],
    ];
    const r = readWorkbook(wb);
    expect(r.issues.map((i) => i.code)).toEqual(['header.not_found']);
    expect(r.sheets.teachers!.rows).toEqual([]);
  });

  it('reports a duplicate sheet and ignores it', () => {
    const wb = zhWorkbook();
    wb.sheets.push({ name: 'Teachers', values: [['Teacher id'], ['X']] });
    const r = readWorkbook(wb);
    expect(r.issues.map((i) => i.code)).toEqual(['sheet.duplicate']);
    expect(r.sheets.teachers!.rows).toHaveLength(4);
  });
});

describe('cell issues', () => {
  it('names the cell, the form expected and the typed value in the workbook language', () => {
    const wb = zhWorkbook();
    sheet(wb, '活动安排').values[1][1] = 'abc';
    const r = readWorkbook(wb);
    const i = r.issues.find((x) => x.code === 'cell.type')!;
    expect(i).toMatchObject({ severity: 'error', sheet: 'schedule', sheetName: '活动安排', row: 2, col: 2, cell: 'B2', column: 'date' });
    expect(i.params).toMatchObject({ column: '日期', value: 'abc', expected: 'date' });
    expect(formatIssue(i, 'zh')).toBe(
      '日期格式不正确：应为 2026-09-01、2026/9/1、2026年9月1日（可带星期或时间，如 2026年9月8日（星期二））、9月22日（年份取自学期）或 Excel 日期，实际为「abc」',
    );
    expect(formatIssue(i, 'en')).toBe(
      'Not a date: expected 2026-09-01, 2026/9/1, 2026年9月1日 (a weekday or time may follow), 9月22日 (the year from the term) or an Excel date; got “abc”',
    );
    expect(r.sheets.schedule!.rows[0].hasErrors).toBe(true);
    expect(r.sheets.schedule!.rows[1].hasErrors).toBe(false);
  });

  it('reports an empty required cell', () => {
    const wb = zhWorkbook();
    sheet(wb, '教师名册').values[2][1] = '  ';
    const i = readWorkbook(wb).issues.find((x) => x.code === 'cell.required')!;
    expect(i).toMatchObject({ cell: 'B3', params: { column: '姓名' } });
  });

  it('lists the allowed values of a closed enum and warns on an open one', () => {
    const wb = zhWorkbook();
    sheet(wb, '教师名册').values[1][4] = '特级';
    sheet(wb, '教师名册').values[2][3] = '书法';
    const r = readWorkbook(wb);
    const closed = r.issues.find((x) => x.code === 'cell.enum')!;
    expect(closed).toMatchObject({
      severity: 'error',
      cell: 'E2',
      params: { column: '职称', value: '特级', allowed: '高级、中级、初级、未评' },
    });
    expect(formatIssue(closed, 'zh')).toContain('高级、中级、初级、未评');
    expect(formatIssue(closed, 'en')).toContain('Senior, Secondary, Junior, None');
    const open = r.issues.find((x) => x.code === 'cell.enum_open')!;
    expect(open).toMatchObject({ severity: 'warning', cell: 'D3', params: { value: '书法' } });
    expect(r.sheets.teachers!.rows[1].values.subject).toBe('书法');
  });
});

describe('language', () => {
  it('gives English messages for English headers and Chinese for Chinese ones', () => {
    const en: WorkbookInput = {
      sheets: [
        program([
          ['Field', 'Value'],
          ['School code', 'GH01'],
          ['Term', '2026-2027-1'],
        ]),
        {
          name: 'Teachers',
          values: [
            ['Teacher id', 'Name', 'School code', 'Role', 'Years teaching'],
            ['T1', 'Wang', 'GH01', 'Mentor', 'lots'],
          ],
        },
      ],
    };
    const re = readWorkbook(en);
    expect(re.lang).toBe('en');
    const ie = re.issues.find((i) => i.code === 'cell.type')!;
    expect(ie.params.column).toBe('Years teaching');
    expect(formatIssue(ie, re.lang)).toMatch(/^Not a whole number: expected/);

    const zh = zhWorkbook();
    sheet(zh, '教师名册').values[1][6] = 'lots';
    const rz = readWorkbook(zh);
    expect(rz.lang).toBe('zh');
    const iz = rz.issues.find((i) => i.code === 'cell.type')!;
    expect(iz.params.column).toBe('教龄');
    expect(formatIssue(iz, rz.lang)).toMatch(/^整数格式不正确/);

    // Sheet-level messages name missing columns in the workbook language too.
    const enMissing: WorkbookInput = { sheets: [en.sheets[0], { name: 'Pairings', values: [['Mentor id'], ['T1']] }] };
    const m = readWorkbook(enMissing).issues.find((i) => i.code === 'header.missing_column')!;
    expect(m.params.column).toBe('Mentee id');
  });
});

describe('Program sheet', () => {
  it('reads key/value rows with or without a header and in either language', () => {
    const r = readWorkbook({
      sheets: [
        program([
          ['School code', 'X1'],
          ['学期', '2026-2027学年第二学期'],
          ['学段', 'Middle'],
          ['junk', 'ignored'],
        ]),
      ],
    });
    expect(r.program).toMatchObject({ school_code: 'X1', term: '2026-2027-2', school_level: 'middle' });
    expect(r.sheets.program!.fields!.term).toEqual({ row: 2, col: 2 });
  });
  it('reports a missing Program sheet and a missing school code', () => {
    const wb = zhWorkbook();
    wb.sheets.shift();
    expect(readWorkbook(wb).issues.map((i) => i.code)).toContain('sheet.missing_program');
    const r = readWorkbook({
      sheets: [
        program([
          ['School code', ''],
          ['Term', 'soon'],
        ]),
      ],
    });
    expect(r.issues.find((i) => i.code === 'program.school_code_missing')).toMatchObject({ severity: 'error', cell: 'B1' });
    expect(r.issues.find((i) => i.code === 'cell.type')).toMatchObject({ cell: 'B2', params: { expected: 'term' } });
  });
});

describe('rules', () => {
  it('takes the Rules sheet over bureau values over defaults', () => {
    const wb = zhWorkbook();
    wb.sheets.push({
      name: '考核标准',
      values: [
        ['规则', '值', '说明'],
        ['min_activities_per_month', '2次', ''],
        ['第一学期开始（月-日）', '09-05', ''],
        ['term1_end', 46418, ''],
      ],
    });
    const r = readWorkbook(wb, { bureauRules: { min_activities_per_month: 3, mentor_max_mentees: 4 } });
    expect(r.issues).toEqual([]);
    expect(r.rules.min_activities_per_month).toBe(2);
    expect(r.rules.mentor_max_mentees).toBe(4);
    expect(r.rules.term1_start).toBe('09-05');
    expect(r.rules.term1_end).toBe('01-31'); // Excel turned 01-31 into a date serial
    expect(r.rules.min_leaders_meetings_per_term).toBe(DEFAULT_RULES.min_leaders_meetings_per_term);
  });
  it('reports an unknown rule or an unreadable value on its cell', () => {
    const wb = zhWorkbook();
    wb.sheets.push({
      name: 'Rules',
      values: [
        ['Rule', 'Value'],
        ['min_fun', 3],
        ['mentor_max_mentees', 'many'],
        ['term2_end', '13-40'],
        ['practice_lesson_interval_weeks', 0],
      ],
    });
    const r = readWorkbook(wb);
    const bad = r.issues.filter((i) => i.code === 'rules.bad_value');
    expect(bad.map((i) => i.cell)).toEqual(['A2', 'B3', 'B4', 'B5']);
    expect(bad.map((i) => i.params.expected)).toEqual(['rule_key', 'int', 'month_day', 'positive_int']);
    expect(r.rules.mentor_max_mentees).toBe(DEFAULT_RULES.mentor_max_mentees);
  });
  it('reads a Rules sheet without a header row', () => {
    const r = readWorkbook({ sheets: [program([['School code', 'A']]), { name: 'Rules', values: [['mentor_max_mentees', 5]] }] });
    expect(r.rules.mentor_max_mentees).toBe(5);
    expect(r.issues.filter((i) => i.sheet === 'rules')).toEqual([]);
  });
});

describe('readRecord', () => {
  it('types raw values by column key and reports issues by column', () => {
    const { values, issues } = readRecord('schedule', { date: '2026/9/5', type: '示范课', teachers: '20人', status: 'bogus' });
    expect(values).toMatchObject({ date: '2026-09-05', type: 'demo_class', teachers: 20, status: null, activity_id: null });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'cell.enum', column: 'status', sheet: 'schedule' });
    expect(issues[0].row).toBeUndefined();
    expect(readRecord('teachers', {}).issues.map((i) => i.code)).toEqual([
      'cell.required',
      'cell.required',
      'cell.required',
      'cell.required',
    ]);
  });
});

describe('term', () => {
  it('gives term dates, months and weeks from the rules', () => {
    expect(termRange('2026-2027-1', DEFAULT_RULES)).toEqual({ start: '2026-09-01', end: '2027-01-31' });
    expect(termRange('2026-2027-2', DEFAULT_RULES)).toEqual({ start: '2027-02-01', end: '2027-06-30' });
    expect(termMonths('2026-2027-1', DEFAULT_RULES)).toEqual(['2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    expect(termMonths('2026-2027-2', { ...DEFAULT_RULES, term2_start: '02-20', term2_end: '07-10' })).toEqual([
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
    ]);
    expect(termWeeks('2026-2027-1', DEFAULT_RULES)).toBe(21);
    expect(schoolYearOf('2026-2027-2')).toBe('2026-2027');
    expect(termRange('2027-2028-2', { ...DEFAULT_RULES, term2_end: '02-29' }).end).toBe('2028-02-29');
    expect(termRange('2026-2027-2', { ...DEFAULT_RULES, term2_end: '02-29' }).end).toBe('2027-02-28');
    expect(() => termRange('autumn', DEFAULT_RULES)).toThrow(RangeError);
  });
});

describe('checkWorkbook', () => {
  it('sorts errors first, then by sheet order and row', () => {
    const wb = zhWorkbook();
    sheet(wb, '活动安排').values[3][11] = '';
    sheet(wb, '活动安排').values[3][10] = '已完成';
    sheet(wb, '教师名册').values[4][6] = 'x';
    sheet(wb, '师徒结对').values[2][2] = 'T99';
    const { issues } = checkWorkbook(wb, { today: TODAY });
    expect(issues.map((i) => [i.severity, i.sheet])).toEqual([
      ['error', 'teachers'],
      ['error', 'pairings'],
      ['warning', 'schedule'],
    ]);
  });
});

describe('Excel error values', () => {
  it('are an error naming the cell, the error and the form expected, in every column type', () => {
    const wb = zhWorkbook();
    const t = sheet(wb, '教师名册');
    t.values[1][0] = '#N/A'; // id
    t.values[1][1] = '#REF!'; // text
    t.values[1][6] = '#DIV/0!'; // int
    t.values[1][7] = '#VALUE!'; // enum
    t.values[1][8] = '#NAME?'; // yes/no
    setCell(wb, '活动安排', 0, '日期', '#SPILL!'); // date
    setCell(wb, '活动安排', 0, '参与教师数', '#CALC!');
    setCell(wb, '结对学校', 0, '帮扶重点', '#GETTING_DATA'); // enum list
    setCell(wb, '考核', 0, '学期', '#NUM!'); // term
    setCell(wb, '支教与援助', 2, '金额(元)', '#NULL!'); // number
    sheet(wb, '项目信息').values[1][1] = '#N/A'; // Program school code
    const r = readWorkbook(wb);
    const errs = r.issues.filter((i) => i.code === 'cell.excel_error');
    expect(errs.map((i) => `${i.sheetName}!${i.cell} ${i.params.value} ${i.params.expected}`)).toEqual([
      '项目信息!B2 #N/A text',
      '结对学校!H2 #GETTING_DATA enum_list',
      '教师名册!A2 #N/A text',
      '教师名册!B2 #REF! text',
      '教师名册!G2 #DIV/0! int',
      '教师名册!H2 #VALUE! enum',
      '教师名册!I2 #NAME? yesno',
      '活动安排!B2 #SPILL! date',
      '活动安排!I2 #CALC! int',
      '考核!B2 #NUM! term',
      '支教与援助!H4 #NULL! number',
    ]);
    expect(errs.every((i) => i.severity === 'error')).toBe(true);
    // the cell holds no value: not an id, not a name, not "required" either
    expect(r.sheets.teachers!.rows[0].values).toMatchObject({ teacher_id: null, name: null, years_teaching: null });
    expect(r.sheets.teachers!.rows[0].hasErrors).toBe(true);
    expect(r.issues.filter((i) => i.code === 'cell.required')).toEqual([]);
    expect(r.program.school_code).toBeNull();
    const en = formatIssue(
      errs.find((i) => i.cell === 'G2')!,
      'en',
    );
    expect(en).toBe(
      '“Years teaching” holds the Excel error #DIV/0! (usually a formula that failed), not a value: expected a whole number 0 or more, unit allowed, like 20, 20节 or 二十节',
    );
    expect(
      formatIssue(
        errs.find((i) => i.cell === 'B2' && i.sheet === 'teachers')!,
        'zh',
      ),
    ).toBe('「姓名」是 Excel 错误值 #REF!（多为公式出错），不是可用的值：应为 文字或数字');
  });

  it('are read as errors by readRecord too, and text that only starts with # is text', () => {
    const { values, issues } = readRecord('teachers', { teacher_id: '#N/A', name: '#1 班主任', school_code: 'GH01', role: 'mentor' }, 'en');
    expect(values).toMatchObject({ teacher_id: null, name: '#1 班主任' });
    expect(issues.map((i) => [i.code, i.column])).toEqual([['cell.excel_error', 'teacher_id']]);
  });
});

describe('labels with a trailing colon', () => {
  it('reads Program labels and headers written 学校代码： or Term:', () => {
    const wb = zhWorkbook();
    sheet(wb, '项目信息').values = [
      ['学校代码：', 'GH01'],
      ['学期:', '2026-2027-1'],
      ['学校名称 ：', '国河'],
      ['学段*：', '小学'],
    ];
    sheet(wb, '教师名册').values[0][1] = '姓名：';
    const r = readWorkbook(wb);
    expect(r.issues).toEqual([]);
    expect(r.program).toMatchObject({ school_code: 'GH01', term: '2026-2027-1', school_name: '国河', school_level: 'primary' });
    expect(r.sheets.teachers!.columns.name).toBe(2);
  });
});
