/**
 * The fills count and match what the checks count and match: Summary's figures, the mentor match
 * and the checks agree on the same workbook, ids compared as `idKey` everywhere.
 */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { applyToInput, fillAll, indicators, suggestMentors } from '../../core/fill';
import { readWorkbook } from '../../core/read';
import type { WorkbookInput } from '../../core/types';
import { TODAY, addRow, setCell, sheet, zhWorkbook } from './helpers';

const issues = (wb: WorkbookInput, today = TODAY) => checkWorkbook(wb, { today }).issues;
const indicator = (wb: WorkbookInput, key: string, today = TODAY) => indicators(readWorkbook(wb), today).find((i) => i.key === key)!;

describe('Summary rotation_teachers and support.rotation_short', () => {
  const SUPPORT = '支教与援助';
  const variants: [string, (wb: WorkbookInput) => void][] = [
    ['baseline', () => {}],
    ['the second rotation names t01, the roster’s T01', (wb) => setCell(wb, SUPPORT, 1, '教师编号', 't01')],
    [
      'the second rotation comes in from the aided school',
      (wb) => {
        setCell(wb, SUPPORT, 1, '派出学校', 'WT01');
        setCell(wb, SUPPORT, 1, '接收学校', 'GH01');
      },
    ],
    ['the second rotation is sent from ｇｈ01 (full-width, lower case)', (wb) => setCell(wb, SUPPORT, 1, '派出学校', 'ｇｈ01')],
    [
      'term 1 starts 08-25 by the Rules and a rotation on 08-26',
      (wb) => {
        wb.sheets.push({
          name: '考核标准',
          values: [
            ['规则', '值'],
            ['term1_start', '08-25'],
          ],
        });
        setCell(wb, SUPPORT, 1, '开始日期', '2026-08-26');
      },
    ],
    [
      'a rotation starting in the next school year',
      (wb) => {
        wb.sheets.push({
          name: '考核标准',
          values: [
            ['规则', '值'],
            ['term1_start', '08-25'],
          ],
        });
        setCell(wb, SUPPORT, 1, '开始日期', '2027-08-28');
        setCell(wb, SUPPORT, 1, '结束日期', '2027-12-28');
      },
    ],
    ['the second rotation teacher is not on the roster', (wb) => setCell(wb, SUPPORT, 1, '教师编号', 'T99')],
    [
      'a rotation in term 2 of the year',
      (wb) => {
        setCell(wb, SUPPORT, 1, '开始日期', '2027-02-01');
        setCell(wb, SUPPORT, 1, '结束日期', '2027-06-30');
      },
    ],
    [
      'the Program school is the aided one, which owes none',
      (wb) => {
        setCell(wb, '项目信息', 0, '值', 'WT01');
        sheet(wb, SUPPORT).values.splice(1);
      },
    ],
  ];

  for (const [label, change] of variants) {
    it(`agrees with the check: ${label}`, () => {
      const wb = zhWorkbook();
      change(wb);
      const short = issues(wb).filter((i) => i.code === 'support.rotation_short');
      const ind = indicator(wb, 'rotation_teachers');
      // short in Summary exactly when the check warns, with the check's count and minimum
      expect(ind.completed < ind.target).toBe(short.length === 1);
      if (short.length) expect([ind.completed, ind.target]).toEqual([short[0].params.count, short[0].params.min]);
    });
  }

  it('counts each teacher once by idKey, never an unknown one, and gives an aided school no target', () => {
    const wb = zhWorkbook();
    setCell(wb, SUPPORT, 1, '教师编号', 't01');
    expect(indicator(wb, 'rotation_teachers')).toMatchObject({ completed: 1, target: 2 });
    const aided = zhWorkbook();
    setCell(aided, '项目信息', 0, '值', 'WT01');
    expect(indicator(aided, 'rotation_teachers')).toMatchObject({ completed: 0, target: 0 });
    const unknown = zhWorkbook();
    setCell(unknown, SUPPORT, 1, '教师编号', 'T99');
    expect(indicator(unknown, 'rotation_teachers').completed).toBe(1);
  });
});

describe('Summary assessment figures', () => {
  const FULL = { 入门课: 1, 汇报课: 1, 讲座: 1, 单元教材分析: 1, 课件: 3, '论文/反思': 1, 听课节数: 22, 实践课: 10, 书面总结: '是' };
  const figures = (wb: WorkbookInput) =>
    indicators(readWorkbook(wb), TODAY)
      .filter((i) => i.key === 'assessment_passed' || i.key === 'six_ones')
      .map((i) => `${i.key} ${i.completed}/${i.target}`);

  it('counts only the Program term’s rows', () => {
    const wb = zhWorkbook();
    addRow(wb, '考核', { 教师编号: 'T02', 学期: '2025-2026-2', 课件: 0, 书面总结: '否' });
    expect(figures(wb)).toEqual(['assessment_passed 1/1', 'six_ones 1/1']);
  });

  it('counts a teacher once (T02 and t02 are one), the first row, and the check refuses the second', () => {
    const wb = zhWorkbook();
    const row = addRow(wb, '考核', { 教师编号: 't02', 学期: '2026-2027-1', ...FULL, 课件: 0 });
    expect(figures(wb)).toEqual(['assessment_passed 1/1', 'six_ones 1/1']);
    const dup = issues(wb).filter((i) => i.code === 'assessment.duplicate');
    expect(dup).toMatchObject([
      { severity: 'error', sheet: 'assessment', row, cell: `A${row}`, params: { teacher: 't02', term: '2026-2027-1', first_row: 2 } },
    ]);
  });

  it('lets one teacher have a row per term without a duplicate', () => {
    const wb = zhWorkbook();
    addRow(wb, '考核', { 教师编号: 't02', 学期: '2026-2027-2', ...FULL });
    expect(issues(wb).filter((i) => i.code === 'assessment.duplicate')).toEqual([]);
  });
});

describe('ids as idKey in the match and Summary', () => {
  it('suggests no mentor for a mentee paired as t02, and Summary counts it paired', () => {
    const wb = zhWorkbook();
    setCell(wb, '师徒结对', 0, '青年教师编号', 't02');
    expect(suggestMentors(readWorkbook(wb))).toEqual([]);
    expect(indicator(wb, 'mentees_paired')).toMatchObject({ completed: 2, target: 2 });
    const fill = fillAll(wb, { today: TODAY, match: true });
    expect(fill.suggestions).toEqual([]);
    expect(issues(applyToInput(wb, fill)).filter((i) => i.sheet === 'pairings')).toEqual([]);
  });

  it('counts a mentor named t01 against T01’s capacity', () => {
    const wb = zhWorkbook();
    addRow(wb, '教师名册', {
      教师编号: 'T05',
      姓名: '新',
      学校代码: 'WT01',
      学科: '语文',
      职称: '初级',
      骨干级别: '无',
      教龄: 0,
      身份: '新教师',
      自愿: '否',
    });
    // T01 has T02 and (as t01) T04: full at two, though T05 shares its subject; T03 has room.
    setCell(wb, '师徒结对', 1, '指导教师编号', 't01');
    const fill = fillAll(wb, { today: TODAY, match: true });
    expect(fill.suggestions!.map((s) => `${s.menteeId}<-${s.mentorId}`)).toEqual(['T05<-T03']);
    const codes = issues(applyToInput(wb, fill))
      .filter((i) => i.sheet === 'pairings')
      .map((i) => i.code);
    expect(codes).not.toContain('pairing.mentor_over_capacity');
  });

  it('fills a mentor’s place free at the same time, as the capacity check counts', () => {
    const wb = zhWorkbook();
    addRow(wb, '教师名册', {
      教师编号: 'T05',
      姓名: '新',
      学校代码: 'WT01',
      学科: '语文',
      职称: '初级',
      骨干级别: '无',
      教龄: 0,
      身份: '新教师',
      自愿: '否',
    });
    addRow(wb, '教师名册', {
      教师编号: 'T06',
      姓名: '新二',
      学校代码: 'WT01',
      学科: '语文',
      职称: '初级',
      骨干级别: '无',
      教龄: 0,
      身份: '新教师',
      自愿: '否',
    });
    // T01 mentors T02 until October and T06 from November: one mentee at a time, room for one more.
    setCell(wb, '师徒结对', 0, '结束日期', '2026-10-31');
    addRow(wb, '师徒结对', {
      师徒编号: 'M3',
      指导教师编号: 'T01',
      青年教师编号: 'T06',
      学科: '语文',
      开始日期: '2026-11-01',
      成长计划: '是',
    });
    setCell(wb, '教师名册', 2, '职称', '初级'); // T03 no longer eligible: only T01 can take T05
    setCell(wb, '教师名册', 2, '自愿', '否');
    const fill = fillAll(wb, { today: TODAY, match: true });
    expect(fill.suggestions!.map((s) => `${s.menteeId}<-${s.mentorId}`)).toEqual(['T05<-T01']);
    const codes = issues(applyToInput(wb, fill))
      .filter((i) => i.sheet === 'pairings')
      .map((i) => i.code);
    expect(codes).not.toContain('pairing.mentor_over_capacity');
    expect(codes).not.toContain('pairing.mentee_two_mentors');
  });

  it('compares school codes as idKey: gh01 and GH01 are one school', () => {
    const wb = zhWorkbook();
    addRow(wb, '教师名册', {
      教师编号: 'T05',
      姓名: '新',
      学校代码: 'gh01',
      学科: '语文',
      职称: '初级',
      骨干级别: '无',
      教龄: 0,
      身份: '新教师',
      自愿: '否',
    });
    setCell(wb, '师徒结对', 1, '结束日期', '2026-06-30'); // T03 free
    setCell(wb, '教师名册', 2, '学科', '语文');
    // T05 (gh01) and either mentor (GH01) are one school.
    const s = suggestMentors(readWorkbook(wb));
    expect(s.find((x) => x.menteeId === 'T05')).toMatchObject({ crossSchool: false });
  });
});

describe('Summary counts as the bureau counts', () => {
  it('pairs a mentee only through a pairing of the term between known teachers', () => {
    const wb = zhWorkbook();
    expect(indicator(wb, 'mentees_paired')).toMatchObject({ completed: 2, target: 2 });
    const later = zhWorkbook();
    setCell(later, '师徒结对', 0, '开始日期', '2027-02-01'); // M1 starts after term 1 ends
    expect(indicator(later, 'mentees_paired')).toMatchObject({ completed: 1, target: 2 });
    const unknown = zhWorkbook();
    setCell(unknown, '师徒结对', 0, '指导教师编号', 'T99');
    expect(issues(unknown).some((i) => i.code === 'teacher.unknown')).toBe(true);
    expect(indicator(unknown, 'mentees_paired')).toMatchObject({ completed: 1, target: 2 });
  });

  it('assesses no one who is not on the roster', () => {
    const wb = zhWorkbook();
    addRow(wb, '师徒结对', { 师徒编号: 'M3', 指导教师编号: 'T01', 青年教师编号: 'T99', 开始日期: '2026-09-01' });
    addRow(wb, '考核', {
      教师编号: 'T99',
      学期: '2026-2027-1',
      入门课: 1,
      汇报课: 1,
      讲座: 1,
      单元教材分析: 1,
      课件: 3,
      '论文/反思': 1,
      听课节数: 22,
      实践课: 10,
      书面总结: '是',
    });
    expect(issues(wb).filter((i) => i.code === 'teacher.unknown').length).toBeGreaterThan(0);
    expect(indicator(wb, 'assessment_passed')).toMatchObject({ completed: 1, target: 1 });
  });
});
