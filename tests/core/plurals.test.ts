import { describe, expect, it } from 'vitest';
import { t } from '../../addin/src/i18n';
import { cliText } from '../../cli/text';
import { fillIn, formatIssue, makeIssue } from '../../core/messages';

describe('English plurals', () => {
  it('{n|one|other} picks the word by the count', () => {
    const f = (n: number | undefined) => fillIn('{n} {n|cell|cells}', (k) => (k === 'n' && n !== undefined ? String(n) : undefined));
    expect(f(1)).toBe('1 cell');
    expect(f(0)).toBe('0 cells');
    expect(f(2)).toBe('2 cells');
    // A missing count stays as written, as any missing parameter does.
    expect(f(undefined)).toBe('{n} {n|cell|cells}');
  });

  it('issue messages in English say one rotation teacher, one activity', () => {
    const rot = (count: number, min: number) =>
      formatIssue(makeIssue('support.rotation_short', 'support', { year: '2026-2027', count, min }), 'en');
    expect(rot(1, 2)).toBe('School year 2026-2027 has 1 rotation teacher; at least 2 are required');
    expect(rot(0, 1)).toBe('School year 2026-2027 has 0 rotation teachers; at least 1 is required');
    const month = formatIssue(makeIssue('schedule.month_without_activity', 'schedule', { month: '2026-10', count: 1, min: 2 }), 'en');
    expect(month).toBe('2026-10 has 1 activity; at least 2 a month are required');
    // Chinese has no plural: unchanged.
    expect(formatIssue(makeIssue('support.rotation_short', 'support', { year: '2026-2027', count: 1, min: 2 }), 'zh')).toBe(
      '2026-2027 学年支教教师 1 人，至少应有 2 人',
    );
  });

  it("the pane's and the command line's words say 1 cell, 2 cells", () => {
    expect(t('en', 'filled', { n: 1 })).toBe('Wrote 1 cell.');
    expect(t('en', 'filled', { n: 3 })).toBe('Wrote 3 cells.');
    expect(t('en', 'refused', { n: 1 })).toBe('1 cell holds a value a person typed and was left as it is:');
    expect(t('en', 'refused', { n: 2 })).toBe('2 cells hold values a person typed and were left as they are:');
    expect(t('en', 'summary', { errors: 1, warnings: 0, infos: 2 })).toBe('1 error, 0 warnings, 2 notes');
    expect(t('zh', 'summary', { errors: 1, warnings: 0, infos: 2 })).toBe('1 个错误，0 个警告，2 条提示');
    expect(cliText('written', 'en', { path: 'out.xlsx', count: 1 })).toBe('out.xlsx: 1 cell written');
    expect(cliText('written', 'en', { path: 'out.xlsx', count: 4 })).toBe('out.xlsx: 4 cells written');
  });
});
