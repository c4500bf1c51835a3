import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptSuggestions, applyToInput, objectiveOf, solveMatch, suggestMentors } from '../../core/fill';
import type { MatchProblem } from '../../core/fill/match';
import type { Teacher } from '../../core/fill/people';
import { idKey } from '../../core/keys';
import { readWorkbook } from '../../core/read';
import { MENTOR, NEWBIE, programSheet, tableSheet, workbook } from './fill-fixtures';
import { checkWorkbook } from '../../core/check';
import { isMentorEligible } from '../../core/mentor-eligibility';
import { reasonText } from '../../core/fill/explain';
import { mentorEligibility } from '../../core/mentor-eligibility';
import { fillAccepted, fillAll, suggestionSentence, suggestionWhy } from '../../core/fill';
import { demoWorkbook } from '../../core/demo';

const teacher = (id: string, subject: string, school: string): Teacher => ({
  id,
  key: idKey(id)!,
  name: id,
  school,
  subject,
  title: null,
  backbone: null,
  years: null,
  role: null,
  volunteer: null,
});

/** Every assignment, by trying each mentee with each mentor or none. */
function bruteForce(p: MatchProblem): [number, number, number] {
  let best: [number, number, number] = [0, 0, 0];
  const load = p.mentors.map(() => 0);
  const pairs: [number, number][] = [];
  const go = (i: number) => {
    if (i === p.mentees.length) {
      const o = objectiveOf(p, pairs);
      const t: [number, number, number] = [o.matched, o.sameSubject, o.crossSchool];
      if (t[0] > best[0] || (t[0] === best[0] && (t[1] > best[1] || (t[1] === best[1] && t[2] > best[2])))) best = t;
      return;
    }
    go(i + 1);
    p.mentors.forEach((m, j) => {
      if (load[j] >= m.capacity) return;
      load[j]++;
      pairs.push([i, j]);
      go(i + 1);
      pairs.pop();
      load[j]--;
    });
  };
  go(0);
  return best;
}

const problem = fc.record({
  mentees: fc.array(fc.tuple(fc.constantFrom('chinese', 'math', 'art'), fc.constantFrom('A', 'B')), { maxLength: 5 }),
  mentors: fc.array(fc.tuple(fc.constantFrom('chinese', 'math', 'art'), fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 2 })), {
    maxLength: 4,
  }),
  crossCounts: fc.boolean(),
});

describe('mentor matching', () => {
  it('matches the brute force objective (matched, same subject, cross school) on small cases', () => {
    fc.assert(
      fc.property(problem, (g) => {
        const p: MatchProblem = {
          mentees: g.mentees.map(([s, sc], i) => teacher(`N${i}`, s, sc)),
          mentors: g.mentors.map(([s, sc, cap], j) => ({ teacher: teacher(`M${j}`, s, sc), capacity: cap })),
          crossCounts: g.crossCounts,
        };
        const pairs = solveMatch(p);
        const o = objectiveOf(p, pairs);
        expect([o.matched, o.sameSubject, o.crossSchool]).toEqual(bruteForce(p));
        // a valid assignment: each mentee once, each mentor within capacity
        expect(new Set(pairs.map(([i]) => i)).size).toBe(pairs.length);
        p.mentors.forEach((m, j) => expect(pairs.filter(([, k]) => k === j).length).toBeLessThanOrEqual(m.capacity));
      }),
      { numRuns: 300 },
    );
  });

  const school = () =>
    workbook(
      programSheet({ school_code: 'GH01', term: '2026-2027-1' }),
      tableSheet('partnerships', [{ supporting_school_code: 'GH01', aided_school_code: 'WT01' }]),
      tableSheet('teachers', [
        { teacher_id: 'T1', name: '王', school_code: 'GH01', subject: '语文', ...MENTOR },
        { teacher_id: 'T2', name: '李', school_code: 'GH01', subject: '数学', ...MENTOR },
        // not eligible: junior title, no backbone level
        { teacher_id: 'T3', name: '张', school_code: 'GH01', subject: '数学', title: '初级', backbone_level: '无', role: '指导教师' },
        { teacher_id: 'N1', name: '赵', school_code: 'WT01', subject: '数学', ...NEWBIE },
        { teacher_id: 'N2', name: '钱', school_code: 'WT01', subject: '语文', ...NEWBIE },
        { teacher_id: 'N3', name: '孙', school_code: 'WT01', subject: '语文', ...NEWBIE },
        // already paired
        { teacher_id: 'N4', name: '周', school_code: 'WT01', subject: '语文', ...NEWBIE },
        // too experienced to count as new
        { teacher_id: 'N5', name: '吴', school_code: 'WT01', subject: '语文', ...NEWBIE, years_teaching: 9 },
      ]),
      tableSheet('pairings', [{ pairing_id: 'M007', mentor_id: 'T1', mentee_id: 'N4', start_date: '2026-09-01' }]),
    );

  it('suggests only eligible mentors within capacity, same subject first', () => {
    const s = suggestMentors(readWorkbook(school()));
    // N4 has a mentor, N5 is not new by years, T3 is not eligible; T1 has one place left
    expect(s.map((x) => x.menteeId)).toEqual(['N1', 'N2', 'N3']);
    expect(s.find((x) => x.menteeId === 'N1')!.mentorId).toBe('T2');
    expect(s.filter((x) => x.mentorId === 'T1')).toHaveLength(1);
    expect(s.filter((x) => x.sameSubject)).toHaveLength(2);
    expect(s.some((x) => x.mentorId === 'T3')).toBe(false);
    expect(s.every((x) => x.crossSchool)).toBe(true);
  });

  it('accepts suggestions as new Pairings rows with fresh ids after the highest', () => {
    const read = readWorkbook(school());
    const s = suggestMentors(read);
    const fill = acceptSuggestions(read, s.slice(0, 2));
    const after = readWorkbook(applyToInput(school(), fill)).sheets.pairings!.rows.map((r) => r.values);
    expect(after.map((r) => r.pairing_id)).toEqual(['M007', 'M008', 'M009']);
    expect(after[1]).toMatchObject({ mentor_id: 'T2', mentee_id: 'N1', subject: 'math', start_date: '2026-09-01' });
    expect(Math.min(...fill.writes.map((w) => w.row))).toBe(3);
  });
});

describe('mentor suggestions explain themselves', () => {
  const roster = (pairs: Record<string, string>[] = []) =>
    workbook(
      programSheet({ school_code: 'GH01', term: '2026-2027-1' }),
      tableSheet('partnerships', [{ supporting_school_code: 'GH01', aided_school_code: 'WT01' }]),
      tableSheet('teachers', [
        { teacher_id: 'T1', name: '王', school_code: 'GH01', subject: '语文', ...MENTOR },
        {
          teacher_id: 'T2',
          name: '李',
          school_code: 'WT01',
          subject: '数学',
          title: '中级',
          backbone_level: '无',
          volunteer: '是',
          role: '指导教师',
          years_teaching: 12,
        },
        {
          teacher_id: 'T3',
          name: '陈',
          school_code: 'GH01',
          subject: '英语',
          title: '初级',
          backbone_level: '县级',
          role: '指导教师',
          years_teaching: 9,
        },
        { teacher_id: 'N1', name: '赵', school_code: 'WT01', subject: '语文', ...NEWBIE },
        { teacher_id: 'N2', name: '钱', school_code: 'WT01', subject: '数学', ...NEWBIE },
        { teacher_id: 'N3', name: '孙', school_code: 'GH01', subject: '英语', ...NEWBIE },
      ]),
      tableSheet('pairings', pairs),
    );

  it('says why: subject, the mentor load n of max, cross-school or same school, what makes the mentor eligible', () => {
    const s = suggestMentors(readWorkbook(roster()));
    const by = (id: string) => s.find((x) => x.menteeId === id)!;
    expect(by('N1').reasons).toEqual([
      { kind: 'same_subject', subject: 'chinese' },
      { kind: 'load', load: 1, max: 2 },
      { kind: 'cross_school', mentorSchool: 'GH01', menteeSchool: 'WT01' },
      { kind: 'eligible', by: 'senior_title' },
      { kind: 'eligible', by: 'backbone', level: 'city' },
    ]);
    expect(by('N2').reasons).toContainEqual({ kind: 'same_school', school: 'WT01' });
    expect(by('N2').reasons).toContainEqual({ kind: 'eligible', by: 'secondary_volunteer' });
    expect(by('N3').reasons).toContainEqual({ kind: 'eligible', by: 'backbone', level: 'county' });
    expect(suggestionSentence(by('N1'), 'zh')).toBe(
      '王（T1） → 赵（N1）：同学科（语文）；导师带徒 1/2 人（含本次推荐）；跨校（GH01 → WT01）；可任导师：高级职称、市级骨干教师',
    );
    expect(suggestionSentence(by('N1'), 'en')).toBe(
      "王 (T1) → 赵 (N1): same subject (Chinese); mentor's load 1 of 2 (with these suggestions); cross-school (GH01 → WT01); eligible as mentor: senior title, city-level backbone teacher",
    );
    expect(suggestionWhy(by('N2'), 'en')).toBe(
      "same subject (Mathematics); mentor's load 1 of 2 (with these suggestions); same school (WT01); eligible as mentor: secondary title and volunteering",
    );
  });

  it('counts the pairings a person typed in the load, keeps them and never suggests their mentees again', () => {
    const typed = [{ pairing_id: 'M001', mentor_id: 'T1', mentee_id: 'N3', start_date: '2026-09-01' }];
    const input = roster(typed);
    const read = readWorkbook(input);
    const s = suggestMentors(read);
    expect(s.some((x) => x.menteeId === 'N3')).toBe(false);
    expect(s.find((x) => x.menteeId === 'N1')!.reasons).toContainEqual({ kind: 'load', load: 2, max: 2 });
    const after = readWorkbook(applyToInput(input, acceptSuggestions(read, s))).sheets.pairings!.rows.map((r) => r.values);
    expect(after[0]).toMatchObject({ pairing_id: 'M001', mentor_id: 'T1', mentee_id: 'N3', start_date: '2026-09-01' });
    expect(after).toHaveLength(1 + s.length);
  });

  it('a pinned pairing with an ineligible mentor stays; its mentee is not paired again', () => {
    const input = roster([{ pairing_id: 'M001', mentor_id: 'T3', mentee_id: 'N1', start_date: '2026-09-01' }]);
    const s = suggestMentors(readWorkbook(input));
    expect(s.some((x) => x.menteeId === 'N1')).toBe(false);
  });

  it('names an academic leader as such', () => {
    expect(mentorEligibility({ title: 'junior', backbone: 'county', volunteer: null, backboneTyped: '县级学科带头人' })).toEqual([
      { by: 'academic_leader', level: 'county' },
    ]);
    expect(reasonText({ kind: 'eligible', by: 'academic_leader', level: 'county' }, 'zh')).toBe('县级学科带头人');
    expect(reasonText({ kind: 'eligible', by: 'academic_leader', level: 'county' }, 'en')).toBe('county-level academic leader');
    expect(mentorEligibility({ title: 'junior', backbone: 'school', volunteer: true, backboneTyped: '校级学科带头人' })).toEqual([]);
  });

  const TITLES = ['高级', '中级', '初级', '未评', null];
  const LEVELS = ['无', '校级', '区级', '县级', '市级', '省级', null];
  const person = fc.record({
    title: fc.constantFrom(...TITLES),
    backbone_level: fc.constantFrom(...LEVELS),
    volunteer: fc.constantFrom('是', '否', null),
    role: fc.constantFrom('指导教师', '新教师', '普通教师'),
    subject: fc.constantFrom('语文', '数学'),
    school_code: fc.constantFrom('GH01', 'WT01'),
    years_teaching: fc.integer({ min: 0, max: 12 }),
  });

  it('only eligible mentors ever appear, by the one definition the check uses, and the check finds nothing wrong with them', () => {
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(9), fc.nat(9)), { maxLength: 3 }),
        (people, typed) => {
          const rows = people.map((p, i) => ({ teacher_id: `P${i}`, name: `人${i}`, ...p }));
          const pairs = typed
            .filter(([a, b]) => a < rows.length && b < rows.length && a !== b)
            .map(([a, b], k) => ({ pairing_id: `M${k + 1}`, mentor_id: `P${a}`, mentee_id: `P${b}`, start_date: '2026-09-01' }));
          const input = workbook(
            programSheet({ school_code: 'GH01', term: '2026-2027-1' }),
            tableSheet('partnerships', [{ supporting_school_code: 'GH01', aided_school_code: 'WT01' }]),
            tableSheet('teachers', rows),
            tableSheet('pairings', pairs),
          );
          const read = readWorkbook(input);
          const s = suggestMentors(read);
          const teachers = read.sheets.teachers!.rows;
          for (const x of s) {
            const m = teachers.find((r) => r.values.teacher_id === x.mentorId)!.values;
            expect(isMentorEligible({ title: m.title, backbone: m.backbone_level, volunteer: m.volunteer })).toBe(true);
            expect(x.reasons.filter((r) => r.kind === 'eligible').length).toBeGreaterThan(0);
            expect(pairs.some((p) => p.mentee_id === x.menteeId)).toBe(false);
          }
          const after = checkWorkbook(applyToInput(input, acceptSuggestions(read, s)), { today: '2026-09-01' }).issues.filter(
            (i) => i.code.startsWith('pairing.') && i.code !== 'pairing.subject_differs',
          );
          const beforeNoSubject = checkWorkbook(input, { today: '2026-09-01' }).issues.filter(
            (i) => i.code.startsWith('pairing.') && i.code !== 'pairing.subject_differs',
          );
          // Accepting every suggestion adds no pairing error or warning but a different subject.
          expect(after.length).toBe(beforeNoSubject.length);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('accepting suggestions computes the Summary again', () => {
  it('gives the Summary `fill --match` gives: the new pairs counted', () => {
    const input = demoWorkbook();
    const today = '2026-10-15';
    const summary = (writes: { sheetName: string; row: number; col: number; value: unknown }[]) =>
      writes.filter((w) => w.sheetName === '目标完成情况').map((w) => [w.row, w.col, w.value]);
    const accepted = fillAccepted(input, suggestMentors(readWorkbook(input)), { today });
    expect(summary(accepted.writes)).toEqual(summary(fillAll(input, { today, match: true }).writes));
    expect(summary(accepted.writes)).toContainEqual([6, 3, 5]);
    // Without the recompute the Summary would still count the pairs before.
    expect(summary(fillAll(input, { today }).writes)).toContainEqual([6, 3, 4]);
    expect(fillAccepted(input, [], { today }).writes).toEqual([]);
  });
});
