import { describe, expect, it } from 'vitest';
import { applyToInput, fillAll, fillAssessment, fillSummary } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import { MENTOR, NEWBIE, programSheet, rulesSheet, tableSheet, workbook } from './fill-fixtures';
import type { SheetInput } from '../../core/types';

const SIX = { intro_lessons: 1, report_lessons: 1, lectures: 1, unit_analyses: 1, courseware: 3, papers: 1 };

function school(assessment: Record<string, string | number | null>[], extra: SheetInput[] = [], program = {}) {
  return workbook(
    programSheet({ school_code: 'GH01', term: '2026-2027-1', ...program }),
    tableSheet('teachers', [
      { teacher_id: 'T1', name: '王', school_code: 'GH01', ...MENTOR },
      { teacher_id: 'N1', name: '李', school_code: 'GH01', ...NEWBIE },
      { teacher_id: 'X1', name: '张', school_code: 'GH01', ...NEWBIE },
    ]),
    tableSheet('pairings', [{ mentor_id: 'T1', mentee_id: 'N1' }]),
    tableSheet('assessment', assessment),
    ...extra,
  );
}

/** Values written on one row, by column key. */
function written(input: ReturnType<typeof school>, row: number) {
  const read = readWorkbook(input);
  const after = readWorkbook(applyToInput(input, fillAssessment(read)));
  return after.sheets.assessment!.rows.find((r) => r.row === row)!.values;
}

describe('fillAssessment', () => {
  it('passes a mentee who meets the Six Ones, classes, practice lessons and submitted the summary', () => {
    // 2026-09-01..2027-01-31 is 21 whole weeks: 10 practice lessons at one every 2 weeks
    const v = written(
      school([{ teacher_id: 'N1', term: '2026-2027-1', ...SIX, classes_attended: 20, practice_lessons: 10, summary_submitted: '是' }]),
      2,
    );
    expect(v).toMatchObject({ role: 'mentee', score: 100, result: 'pass', missing: null });
  });

  it('finds the role of a teacher whose id is written in another case or width than in Pairings', () => {
    const v = written(
      school([{ teacher_id: ' ｎ1 ', term: '2026-2027-1', ...SIX, classes_attended: 20, practice_lessons: 10, summary_submitted: '是' }]),
      2,
    );
    expect(v).toMatchObject({ role: 'mentee', score: 100, result: 'pass' });
  });

  it('scores the mean of min(actual/required, 1) and lists what is short', () => {
    const v = written(
      school([
        {
          teacher_id: 'N1',
          term: '2026-2027-1',
          ...SIX,
          courseware: 2,
          classes_attended: 10,
          practice_lessons: 10,
          summary_submitted: '否',
        },
      ]),
      2,
    );
    // five of the Six Ones in full, courseware 2/3, classes 10/20, practice in full
    expect(v.score).toBe(89.6);
    expect(v.score).toBe(Math.round(((5 + 2 / 3 + 0.5 + 1) / 8) * 1000) / 10);
    expect(v.result).toBe('fail');
    expect(v.missing).toBe('课件 2/3；听课节数 10/20；书面总结');
  });

  it('scores a mentor on classes attended and demo lessons, in English for an English workbook', () => {
    const en: SheetInput = {
      name: 'Assessment',
      values: [
        ['Teacher id', 'Term', 'Classes attended', 'Demo lessons', 'Summary submitted', 'Role', 'Score', 'Result', 'Missing'],
        ['T1', '2026-2027-1', 4, 1, 'yes', null, null, null, null],
      ],
    };
    const input = workbook(
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
          ['Teacher id', 'Name', 'School code', 'Title', 'Role'],
          ['T1', 'Wang', 'GH01', 'Senior', 'Mentor'],
          ['N1', 'Li', 'GH01', 'Junior', 'New teacher'],
        ],
      },
      {
        name: 'Pairings',
        values: [
          ['Mentor id', 'Mentee id'],
          ['T1', 'N1'],
        ],
      },
      en,
    );
    const fill = fillAssessment(readWorkbook(input));
    const byCol = Object.fromEntries(fill.writes.map((w) => [w.col, w.value]));
    expect(byCol).toEqual({ 6: 'Mentor', 7: 75, 8: 'Fail', 9: 'classes attended 4/8' });
  });

  it('empties the product columns of a teacher in no pairing, and leaves unreadable rows alone', () => {
    const input = school([
      { teacher_id: 'X1', term: '2026-2027-1', role: '青年教师', score: 50, result: '不合格', missing: '旧' },
      { teacher_id: 'N1', term: '2026-2027-1', courseware: 'abc' },
    ]);
    const fill = fillAssessment(readWorkbook(input));
    expect(fill.writes.every((w) => w.row === 2 && w.value === null)).toBe(true);
    expect(fill.writes).toHaveLength(4);
  });

  it('uses the Rules sheet for requirements', () => {
    const v = written(
      school(
        [
          {
            teacher_id: 'N1',
            term: '2026-2027-1',
            ...SIX,
            courseware: 1,
            classes_attended: 5,
            practice_lessons: 0,
            summary_submitted: '是',
          },
        ],
        [rulesSheet({ six_ones_courseware: 1, mentee_min_classes_attended: 5, practice_lesson_interval_weeks: 50 })],
      ),
      2,
    );
    expect(v).toMatchObject({ score: 100, result: 'pass' });
  });
});

describe('fillSummary', () => {
  it('writes every indicator with target, completed, a ratio rounded to 3 decimals and met/short', () => {
    const input = school(
      [
        { teacher_id: 'N1', term: '2026-2027-1', ...SIX, classes_attended: 20, practice_lessons: 10, summary_submitted: '是' },
        { teacher_id: 'T1', term: '2026-2027-1', classes_attended: 1, demo_lessons: 1, summary_submitted: '是' },
      ],
      [
        tableSheet('schedule', [
          { date: '2026-09-10', type: '联席会议', status: '已完成', evidence: 'x' },
          { date: '2026-10-10', type: '研讨会' },
          { date: '2026-12-10', type: '研讨会', status: '计划' },
        ]),
      ],
    );
    const fill = fillSummary(readWorkbook(input), { today: '2026-12-20' });
    expect(fill.newSheets.map((s) => s.name)).toEqual(['目标完成情况']);
    const rows = readWorkbook(applyToInput(input, fill)).sheets.summary!.rows.map((r) => r.values);
    const by = Object.fromEntries(rows.map((r) => [r.indicator as string, r]));
    expect(by['活动达标月数']).toMatchObject({ target: 5, completed: 2, rate: 0.4, status: 'short' });
    expect(by['领导联席会议']).toMatchObject({ target: 2, completed: 1, rate: 0.5, status: 'short' });
    expect(by['新教师结对']).toMatchObject({ target: 2, completed: 1, status: 'short' });
    expect(by['考核合格']).toMatchObject({ target: 2, completed: 1, rate: 0.5 });
    expect(by['“六个一”完成']).toMatchObject({ target: 1, completed: 1, rate: 1, status: 'met' });
    expect(rows).toHaveLength(7);
  });

  it('rewrites an existing Summary in place and empties its leftover rows', () => {
    const old = tableSheet(
      'summary',
      Array.from({ length: 9 }, (_, i) => ({ indicator: `old ${i}`, target: 1 })),
    );
    const input = school([], [old]);
    const fill = fillSummary(readWorkbook(input), { today: '2026-12-20' });
    expect(fill.newSheets).toEqual([]);
    const after = readWorkbook(applyToInput(input, fill)).sheets.summary!.rows;
    expect(after).toHaveLength(7);
    expect(after.some((r) => String(r.values.indicator).startsWith('old'))).toBe(false);
  });
});

describe('fillAll', () => {
  it('is stable: the same workbook gives the same writes, and a second fill changes nothing new', () => {
    const input = school([
      { teacher_id: 'N1', term: '2026-2027-1', ...SIX, classes_attended: 20, practice_lessons: 10, summary_submitted: '是' },
    ]);
    const a = fillAll(input, { today: '2026-08-01', plan: true, match: true });
    expect(fillAll(input, { today: '2026-08-01', plan: true, match: true })).toEqual(a);
    const once = applyToInput(input, a);
    const again = fillAll(once, { today: '2026-08-01', plan: true, match: true });
    // the second pass rewrites owned cells with the values they already hold
    const after = applyToInput(once, again);
    expect(after).toEqual(once);
    expect(a.suggestions!.map((s) => s.menteeId)).toEqual(['X1']);
  });
});
