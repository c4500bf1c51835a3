import { describe, expect, it } from 'vitest';
import { refusedView, workbookSheetName } from '../../addin/src/ui/fill-notes';
import { makeIssue } from '../../core/messages';

describe('the refusal box’s words', () => {
  const cell = makeIssue('fill.cell_taken', 'assessment', { cell: 'N3', value: '合格' }, { sheetName: '考核', cell: 'N3' });
  const noTerm = makeIssue('fill.no_term', 'program', {});
  const lead = makeIssue('fill.no_lead_teacher', 'schedule', {});

  it('says cells a person typed only when every refusal is such a cell, in singular or plural', () => {
    expect(refusedView([cell], 'zh', 'zh')!.heading).toBe('1 个单元格已有人工填写的内容，未覆盖：');
    expect(refusedView([cell, cell], 'en', 'zh')!.heading).toBe('2 cells hold values a person typed and were left as they are:');
    expect(refusedView([cell], 'zh', 'zh')!.items).toEqual(['考核：N3 已有内容「合格」，未覆盖']);
  });

  it('a sheet-level refusal is said as not written, never as a cell, and never with a raw key', () => {
    const zh = refusedView([lead], 'zh', 'zh')!;
    expect(zh.heading).toBe('以下 1 项未写入：');
    expect(zh.items).toEqual(['活动安排：教师名册中没有可担任主讲的指导教师，计划中未安排讲座和示范课']);
    const mixed = refusedView([cell, noTerm], 'en', 'zh')!;
    expect(mixed.heading).toBe('2 things were not written:');
    expect(mixed.items[1]).toBe('项目信息: The Program sheet has no readable term, so no term plan was generated');
    expect(refusedView([], 'zh', 'zh')).toBeNull();
  });

  it('names the sheet as the workbook does: its own name, else the template’s in the workbook’s language', () => {
    expect(workbookSheetName(lead, 'en')).toBe('Schedule');
    expect(workbookSheetName(lead, 'zh')).toBe('活动安排');
    expect(
      workbookSheetName(makeIssue('fill.schedule_not_empty', 'schedule', { name: '活动安排表' }, { sheetName: '活动安排表' }), 'en'),
    ).toBe('活动安排表');
  });
});
