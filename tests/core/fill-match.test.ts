import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptSuggestions, applyToInput, objectiveOf, solveMatch, suggestMentors } from '../../core/fill';
import type { MatchProblem } from '../../core/fill/match';
import type { Teacher } from '../../core/fill/people';
import { idKey } from '../../core/keys';
import { readWorkbook } from '../../core/read';
import { MENTOR, NEWBIE, programSheet, tableSheet, workbook } from './fill-fixtures';

const teacher = (id: string, subject: string, school: string): Teacher => ({
  id, key: idKey(id)!, name: id, school, subject, title: null, backbone: null, years: null, role: null, volunteer: null,
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
  mentors: fc.array(fc.tuple(fc.constantFrom('chinese', 'math', 'art'), fc.constantFrom('A', 'B'), fc.integer({ min: 0, max: 2 })), { maxLength: 4 }),
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
