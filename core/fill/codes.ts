import { ISSUE_CODES, type IssueTemplate } from '../messages';

/** Issue codes the fills raise (all about a fill not made); registered into ISSUE_CODES below. */
export const FILL_ISSUE_CODES: Record<string, IssueTemplate> = {
  'fill.schedule_not_empty': {
    severity: 'info',
    zh: '「{name}」已有活动，未生成学期计划（只向空的活动安排生成）',
    en: '“{name}” already lists activities; no term plan was generated (a plan goes only into an empty Schedule)',
  },
  'fill.no_term': {
    severity: 'info',
    zh: '「项目信息」中没有可读的学期，无法生成学期计划',
    en: 'The Program sheet has no readable term, so no term plan was generated',
  },
  'fill.term_past': {
    severity: 'info',
    zh: '学期 {term} 已于 {end} 结束，不再生成计划',
    en: 'Term {term} ended on {end}; no plan was generated for it',
  },
  'fill.cell_taken': {
    severity: 'info',
    zh: '{cell} 已有内容「{value}」，未覆盖',
    en: '{cell} already holds “{value}”; it was left as it is',
  },
  'fill.no_lead_teacher': {
    severity: 'info',
    zh: '教师名册中没有可担任主讲的指导教师，计划中未安排讲座和示范课',
    en: 'No eligible mentor in Teachers to lead a lecture, so the plan has no lectures or demo classes',
  },
};

// The check's catalogue is the one place messages are looked up (formatIssue, the worker), so the
// fill's codes join it rather than living in a second table.
for (const [code, t] of Object.entries(FILL_ISSUE_CODES)) if (!ISSUE_CODES[code]) ISSUE_CODES[code] = t;
