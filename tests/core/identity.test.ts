import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { indicators } from '../../core/fill/summary';
import { distinctPeople, nameKey, pairKey, personKey, rosterPeople, schoolOfPerson } from '../../core/identity';
import { readWorkbook } from '../../core/read';
import { formatIssue } from '../../core/messages';
import { addRow, zhWorkbook } from './helpers';

describe('who is who across workbooks (core/identity.ts)', () => {
  it('is a school and a name, spaces and width ignored; ids play no part', () => {
    expect(personKey('GH01', '李  明')).toBe(personKey('ｇｈ01', '李明'));
    expect(personKey('GH01', '李\u3000明')).toBe(personKey('GH01', '李明'));
    expect(personKey('GH01', '李明')).not.toBe(personKey('WT01', '李明'));
    expect(personKey('GH01', '')).toBeNull();
    expect(personKey(null, '李明')).toBeNull();
    expect(nameKey('  ')).toBeNull();
    expect(schoolOfPerson(personKey('GH01', '李明')!)).toBe('gh01');
    expect(pairKey('a', 'b')).not.toBe(pairKey('b', 'a'));
  });

  it("numbers a roster's people by its own ids, the first row of an id", () => {
    const people = rosterPeople([
      { values: { teacher_id: 'T001', name: '王芳', school_code: 'WT01' } },
      { values: { teacher_id: 't001', name: '别人', school_code: 'WT01' } },
      { values: { teacher_id: 'W1', name: '王 芳', school_code: 'wt01' } },
    ]);
    expect(people.get('t001')).toBe(personKey('WT01', '王芳'));
    expect(distinctPeople(['T001', 'w1', 'NOBODY'], people).size).toBe(1);
  });
});

describe('two teachers of one school with one name', () => {
  it('is a warning on the later row, in Chinese and English', () => {
    const wb = zhWorkbook();
    addRow(wb, '教师名册', { 教师编号: 'T08', 姓名: '甄新', 学校代码: 'GH01', 身份: '新教师' });
    addRow(wb, '教师名册', { 教师编号: 'T09', 姓名: '甄 新', 学校代码: 'GH01', 身份: '新教师' });
    // The same name at another school is another person.
    addRow(wb, '教师名册', { 教师编号: 'T10', 姓名: '甄新', 学校代码: 'WT01', 身份: '新教师' });
    const { issues } = checkWorkbook(wb, { today: '2026-10-15' });
    const same = issues.filter((i) => i.code === 'teacher.same_name');
    expect(same).toHaveLength(1);
    expect(same[0]).toMatchObject({ severity: 'warning', sheet: 'teachers', column: 'name', params: { first: 'T08' } });
    expect(formatIssue(same[0], 'zh')).toContain('T08');
    expect(formatIssue(same[0], 'en')).toMatch(/same school and name as teacher T08/);
  });

  it('is one new teacher in the Summary until told apart', () => {
    const wb = zhWorkbook();
    const before = indicators(readWorkbook(wb), '2026-10-15').find((i) => i.key === 'mentees_paired')!.target;
    addRow(wb, '教师名册', { 教师编号: 'T08', 姓名: '新人', 学校代码: 'GH01', 身份: '新教师' });
    addRow(wb, '教师名册', { 教师编号: 'T09', 姓名: '新 人', 学校代码: 'GH01', 身份: '新教师' });
    expect(indicators(readWorkbook(wb), '2026-10-15').find((i) => i.key === 'mentees_paired')!.target).toBe(before + 1);
  });
});
