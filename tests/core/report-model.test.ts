/** The term report's model: the Summary's figures, messages not codes, bounded sections. */
import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import { indicators } from '../../core/fill/summary';
import { ISSUE_CODES } from '../../core/messages';
import { MAX_PROBLEMS, reportModel, termWords } from '../../core/report/model';

const TODAY = '2026-12-01';

describe('reportModel', () => {
  const { read, issues } = checkWorkbook(demoWorkbook(), { today: TODAY });

  it('has the Summary indicators, as the Summary fill computes them, with rate and met', () => {
    const m = reportModel(read, issues, { today: TODAY });
    const inds = indicators(read, TODAY);
    expect(m.indicators.map((i) => [i.key, i.label, i.target, i.completed])).toEqual(inds.map((i) => [i.key, i.zh, i.target, i.completed]));
    for (const i of m.indicators) {
      expect(i.rate).toBe(i.target > 0 ? Math.round((i.completed / i.target) * 1000) / 1000 : null);
      expect(i.met).toBe(i.completed >= i.target);
    }
    expect(m.school).toEqual({ code: 'GH01', name: '国河中心小学', county: '示范县', town: '国河镇' });
    expect(m.termLabel).toBe('2026-2027学年第一学期');
  });

  it('takes stored figures in place of its own (the worker passes the ones the totals count)', () => {
    const m = reportModel(read, issues, { today: TODAY, figures: [{ key: 'field_visits', target: 4, completed: 3 }] });
    expect(m.indicators.find((i) => i.key === 'field_visits')).toMatchObject({ target: 4, completed: 3, rate: 0.75, met: false });
  });

  it('lists activities by month in date order, and the assessment counts add up', () => {
    const m = reportModel(read, issues, { today: TODAY });
    const months = m.months.map((x) => x.month);
    expect(months).toEqual([...months].sort());
    for (const month of m.months) for (const a of month.activities) expect(a.date.slice(0, 7)).toBe(month.month);
    expect(m.assessment.passed + m.assessment.failed).toBe(m.assessment.assessed);
    expect(m.assessment.rows.filter((r) => !r.passed).every((r) => r.missing.length > 0)).toBe(true);
    expect(m.donations.amount).toBe(m.donations.rows.reduce((s, d) => s + (d.amount ?? 0), 0));
  });

  it('words the open errors and warnings as messages, never codes, and leaves infos out', () => {
    const m = reportModel(read, issues, { today: TODAY });
    const open = issues.filter((i) => i.severity !== 'info');
    expect(m.problems.length).toBe(Math.min(open.length, MAX_PROBLEMS));
    for (const p of m.problems) for (const code of Object.keys(ISSUE_CODES)) expect(p).not.toContain(code);
  });

  it('bounds the problems it lists and says how many more there are', () => {
    const many = Array.from({ length: MAX_PROBLEMS + 7 }, () => ({
      code: 'pairing.self' as const,
      severity: 'error' as const,
      sheet: 'pairings' as const,
      params: { value: 'T1' },
    }));
    const m = reportModel(read, many, { today: TODAY, lang: 'en' });
    expect(m.problems.length).toBe(MAX_PROBLEMS);
    expect(m.omitted.problems).toBe(7);
    expect(m.problems[0]).toBe('The mentor and the mentee are the same teacher (T1)');
  });

  it('words a term in either language', () => {
    expect(termWords('2026-2027-2', 'zh')).toBe('2026-2027学年第二学期');
    expect(termWords('2026-2027-1', 'en')).toBe('Term 1, 2026-2027');
    expect(termWords('bad', 'en')).toBe('bad');
  });
});
