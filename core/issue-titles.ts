/**
 * Each issue code as a short title in Chinese and English, for the places that count issues by code
 * without their details: the bureau's compliance list (the API, the pane, the Totals sheet) shows
 * "教师不在任何师徒结对中 ×3", never `assessment.not_paired ×3`. The message templates of
 * core/messages.ts name one case ("教师「王芳」…"); a title names the kind. Every code a school's
 * stored rows can raise has one (tests/core/bureau-words.test.ts); the add-in's own codes (fill.*,
 * sync.*) fall back to their template with the details left out.
 */
import { ISSUE_CODES, fillIn, isIssueCode } from './messages';
import type { Lang } from './types';

export const ISSUE_TITLES: Record<string, { zh: string; en: string }> = {
  'sheet.missing_program': { zh: '缺少「项目信息」工作表', en: 'No Program sheet' },
  'sheet.duplicate': { zh: '同一张表出现两次', en: 'The same table twice' },
  'header.not_found': { zh: '找不到标题行', en: 'No header row' },
  'header.missing_column': { zh: '缺少必填列', en: 'A required column is missing' },
  'header.duplicate_column': { zh: '同一列出现两次', en: 'A column appears twice' },
  'program.school_code_missing': { zh: '「项目信息」缺少学校代码', en: 'No school code in Program' },
  'program.term_missing': { zh: '「项目信息」未填写学期', en: 'No term in Program' },
  'cell.required': { zh: '必填项为空', en: 'A required cell is empty' },
  'cell.type': { zh: '格式不正确', en: 'A value in the wrong form' },
  'cell.enum': { zh: '值不在可选范围内', en: 'A value not in its list' },
  'cell.required_merged': { zh: '必填项在合并单元格中为空', en: 'A required cell is empty inside merged cells' },
  'cell.excel_error': { zh: '单元格是 Excel 错误值', en: 'A cell holds an Excel error' },
  'cell.enum_open': { zh: '值不在常用列表中（按原文保留）', en: 'A value not in the usual list (kept as typed)' },
  'cell.too_large': { zh: '数值超过上限', en: 'A number past its largest possible' },
  'cell.ambiguous': { zh: '值有多种读法', en: 'A value that reads more than one way' },
  'cell.date_no_year': { zh: '日期没有年份', en: 'A date without a year' },
  'cell.date_weekday': { zh: '日期与星期不符', en: 'A date whose weekday does not match' },
  'cell.date_no_such_day': { zh: '日期不存在', en: 'A day the calendar does not have' },
  'row.duplicate_id': { zh: '编号重复', en: 'A repeated id' },
  'row.id_missing': { zh: '编号为空', en: 'An empty id' },
  'row.end_before_start': { zh: '结束日期早于开始日期', en: 'An end date before its start date' },
  'teacher.unknown': { zh: '教师不在教师名册中', en: 'A teacher not in the Teachers sheet' },
  'teacher.school_unknown': { zh: '学校代码既非本校也非结对学校', en: 'A school code that is neither this school nor a partner' },
  'teacher.same_name': { zh: '同校教师同名', en: 'Two teachers of one school with one name' },
  'pairing.mentor_ineligible': { zh: '指导教师不符合条件', en: 'A mentor who is not eligible' },
  'pairing.self': { zh: '指导教师与青年教师是同一人', en: 'A mentor paired with themselves' },
  'pairing.duplicate': { zh: '结对重复', en: 'A repeated pairing' },
  'pairing.mentee_two_mentors': { zh: '青年教师同时有两位指导教师', en: 'A mentee with two mentors' },
  'pairing.mentor_over_capacity': { zh: '指导教师带徒超过上限', en: 'A mentor over the most mentees allowed' },
  'pairing.subject_differs': { zh: '师徒学科不同', en: 'Mentor and mentee of different subjects' },
  'pairing.mentee_experienced': { zh: '青年教师教龄超过新教师上限', en: 'A mentee past the years that count as new' },
  'schedule.outside_term': { zh: '活动日期不在学期内', en: 'An activity outside the term' },
  'schedule.month_without_activity': { zh: '月份活动次数不足', en: 'A month with too few activities' },
  'schedule.leaders_meetings_short': { zh: '联席会议次数不足', en: 'Too few leaders meetings' },
  'schedule.field_visits_short': { zh: '跟岗学习次数不足', en: 'Too few field visits' },
  'schedule.lead_teacher_missing': { zh: '活动未填写主讲教师', en: 'An activity without its lead teacher' },
  'schedule.students_missing': { zh: '手拉手活动未填写学生数', en: 'A student exchange without its number of students' },
  'schedule.no_evidence': { zh: '已完成的活动没有佐证材料', en: 'A done activity without evidence' },
  'schedule.planned_past': { zh: '活动日期已过仍为「计划」', en: 'A past activity still planned' },
  'schedule.lead_teacher_clash': { zh: '主讲教师同日安排两项活动', en: 'A lead teacher in two activities on one day' },
  'schedule.rest_day': { zh: '活动安排在周末或节假日', en: 'An activity on a weekend or holiday' },
  'support.rotation_incomplete': { zh: '支教记录不完整', en: 'An incomplete rotation record' },
  'support.donation_empty': { zh: '捐赠记录未填写金额或物品', en: 'A donation without an amount or items' },
  'support.rotation_short': { zh: '支教教师人数不足', en: 'Too few rotation teachers' },
  'school.unknown': { zh: '学校代码不是本校或结对学校', en: 'A school code that is neither this school nor a partner' },
  'assessment.not_paired': { zh: '教师不在任何师徒结对中，不参加考核', en: 'A teacher in no pairing, so not assessed' },
  'assessment.duplicate': { zh: '同一教师同一学期有两条考核记录', en: 'Two assessments of one teacher in one term' },
  'rules.bad_value': { zh: '考核标准的值不正确', en: 'A bad rule value' },
};

/**
 * The title of an issue code in `lang`: its own, else its message template with every detail left
 * out (`…`), else (a code this build does not know) a plain "other issue" naming the code.
 */
export function issueTitle(code: string, lang: Lang): string {
  const own = ISSUE_TITLES[code];
  if (own) return own[lang];
  if (isIssueCode(code)) return fillIn(ISSUE_CODES[code][lang], () => '…');
  return lang === 'zh' ? `其他问题（${code}）` : `Other issue (${code})`;
}

/** One code with its count in words: `教师不在任何师徒结对中，不参加考核 ×3`. */
export const countedTitle = (code: string, count: number, lang: Lang) => `${issueTitle(code, lang)} ×${count}`;

/** A school's warnings by code (`{code: n}`) in words, most first, joined as a list in `lang`. */
export function warningsInWords(warnings: Record<string, number>, lang: Lang): string {
  return Object.entries(warnings)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([code, n]) => countedTitle(code, n, lang))
    .join(lang === 'zh' ? '；' : '; ');
}
