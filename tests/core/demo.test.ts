import { describe, expect, it } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import { fillAll, suggestMentors } from '../../core/fill';
import { readWorkbook } from '../../core/read';

describe('demo workbook', () => {
  const { read, issues } = checkWorkbook(demoWorkbook(), { today: '2026-11-20' });

  it('reads as the Chinese workbook of Guohe Central Primary for 2026-2027-1', () => {
    expect(read.lang).toBe('zh');
    expect(read.program).toMatchObject({
      school_code: 'GH01',
      school_name: '国河中心小学',
      county: '示范县',
      term: '2026-2027-1',
      school_level: 'primary',
    });
    expect(read.sheets.teachers!.rows.length).toBeGreaterThanOrEqual(10);
    expect(read.sheets.partnerships!.rows.map((r) => r.values.aided_school_code)).toEqual(['WT01', 'DS01']);
  });

  it('shows its deliberate problems: a duplicate teacher id, a bad date, a month without activity', () => {
    const dup = issues.find((i) => i.code === 'row.duplicate_id' && i.sheet === 'teachers');
    expect(dup).toMatchObject({ severity: 'error', cell: 'A13' });
    expect(issues.find((i) => i.code === 'cell.date_no_such_day' && i.sheet === 'schedule')).toMatchObject({ cell: 'B6' });
    expect(issues.find((i) => i.code === 'schedule.month_without_activity')?.params.month).toBe('2026-12');
  });

  it('has one unpaired new teacher to suggest a mentor for, and fills without refusals', () => {
    expect(suggestMentors(readWorkbook(demoWorkbook())).map((s) => [s.menteeId, s.mentorId])).toEqual([['T010', 'T004']]);
    const fill = fillAll(demoWorkbook(), { today: '2026-11-20' });
    expect(fill.refused).toEqual([]);
    expect(fill.writes.some((w) => w.sheetName === '目标完成情况')).toBe(true);
  });
});
