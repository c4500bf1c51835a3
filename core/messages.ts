/**
 * Every issue code with its severity and message templates in Chinese and English.
 * Codes are stable: the worker stores them and the bureau counts them.
 * `{name}` placeholders take the issue's params; `{what}`/`{expected}` come from params.expected
 * and `{allowed}` from params.enum when present, so they follow the language asked for.
 */
import type { Issue, Lang, Severity } from './types';
import { ENUMS, SHEET_BY_KEY, type SheetKey } from './template';
import { DEFAULT_RULES, RULE_DESCRIPTIONS, SIX_ONES_RULE } from './rules';

/** Every name a Rules sheet row may give, for the message on a name it does not know. */
const RULE_NAME_LIST = [...Object.keys(DEFAULT_RULES), SIX_ONES_RULE];

/** An issue code: a key of the catalogue. */
export type IssueCode = string;

export interface IssueTemplate {
  severity: Severity;
  zh: string;
  en: string;
}

export const ISSUE_CODES: Record<string, IssueTemplate> = {
  'sheet.missing_program': {
    severity: 'error',
    zh: '缺少「项目信息」工作表：请添加并填写学校代码和学期',
    en: 'The workbook has no Program sheet: add one with the school code and term',
  },
  'sheet.duplicate': {
    severity: 'warning',
    zh: '工作表「{name}」与「{first}」是同一张表，已忽略「{name}」',
    en: 'Sheet “{name}” is the same table as “{first}”; “{name}” was ignored',
  },
  'header.not_found': {
    severity: 'error',
    zh: '在「{sheetName}」中找不到标题行：应有一行写着列名，如 {columns}',
    en: 'No header row found in “{sheetName}”: expected a row naming the columns, such as {columns}',
  },
  'header.missing_column': {
    severity: 'error',
    zh: '「{sheetName}」缺少必填列「{column}」',
    en: '“{sheetName}” has no “{column}” column, which is required',
  },
  'header.duplicate_column': {
    severity: 'warning',
    zh: '列「{column}」出现了两次，使用第一列（{first}），忽略此列',
    en: 'Column “{column}” appears twice; the first ({first}) is used and this one ignored',
  },
  'program.school_code_missing': {
    severity: 'error',
    zh: '「项目信息」缺少学校代码',
    en: 'The Program sheet has no school code',
  },
  'program.term_missing': {
    severity: 'info',
    zh: '「项目信息」未填写学期：按学期的检查（每月活动、学期日期）未进行',
    en: 'The Program sheet has no term: checks by term (activities per month, term dates) were not run',
  },
  'cell.required': {
    severity: 'error',
    zh: '「{column}」不能为空',
    en: '“{column}” is required',
  },
  'cell.type': {
    severity: 'error',
    zh: '{what}格式不正确：应为 {expected}，实际为「{value}」',
    en: 'Not {what}: expected {expected}; got “{value}”',
  },
  'cell.enum': {
    severity: 'error',
    zh: '「{column}」的值「{value}」不在可选范围内：应为 {allowed}',
    en: '“{value}” is not a valid {column}: expected one of {allowed}',
  },
  'cell.required_merged': {
    severity: 'error',
    zh: '「{column}」不能为空：此单元格在合并单元格 {merge} 中，合并后的值只在左上角的 {master}；请取消合并，在每一行填写',
    en: '“{column}” is required: this cell is inside the merged cells {merge}, whose value is only in the top-left cell {master}; unmerge them and fill in every row',
  },
  'cell.excel_error': {
    severity: 'error',
    zh: '「{column}」是 Excel 错误值 {value}（多为公式出错），不是可用的值：应为 {expected}',
    en: '“{column}” holds the Excel error {value} (usually a formula that failed), not a value: expected {expected}',
  },
  'cell.enum_open': {
    severity: 'warning',
    zh: '「{column}」的值「{value}」不在常用列表中（{allowed}），已按原文保留',
    en: '“{value}” is not a listed {column} ({allowed}); kept as typed',
  },
  'row.duplicate_id': {
    severity: 'error',
    zh: '「{column}」重复：「{value}」已在第 {first_row} 行使用',
    en: 'Duplicate {column}: “{value}” is already used in row {first_row}',
  },
  'row.id_missing': {
    severity: 'info',
    zh: '「{column}」为空，填充时将自动生成',
    en: '{column} is empty; a fill will supply one',
  },
  'row.end_before_start': {
    severity: 'error',
    zh: '结束日期 {end} 早于开始日期 {start}',
    en: 'End date {end} is before start date {start}',
  },
  'teacher.unknown': {
    severity: 'error',
    zh: '「{column}」中的教师「{value}」不在教师名册中',
    en: 'Teacher “{value}” in {column} is not in the Teachers sheet',
  },
  'teacher.school_unknown': {
    severity: 'error',
    zh: '学校代码「{value}」既不是本校（{school}）也不是结对学校',
    en: 'School code “{value}” is neither this school ({school}) nor a partner school',
  },
  'pairing.mentor_ineligible': {
    severity: 'warning',
    zh: '指导教师「{mentor}」不符合条件：应具有高级职称，或为区级及以上骨干，或为中级职称且自愿',
    en: 'Mentor “{mentor}” is not eligible: needs a senior title, or backbone level district or above, or a secondary title and volunteering',
  },
  'pairing.self': {
    severity: 'error',
    zh: '指导教师与青年教师是同一人（{value}）',
    en: 'The mentor and the mentee are the same teacher ({value})',
  },
  'pairing.duplicate': {
    severity: 'warning',
    zh: '「{mentor}」与「{mentee}」的结对重复，第 {first_row} 行已有',
    en: 'The pair {mentor} and {mentee} is already in row {first_row}',
  },
  'pairing.mentee_two_mentors': {
    severity: 'warning',
    zh: '青年教师「{mentee}」同时有两位指导教师：「{mentor}」和第 {first_row} 行的「{other_mentor}」',
    en: 'Mentee {mentee} has two active mentors: {mentor} and {other_mentor} (row {first_row})',
  },
  'pairing.mentor_over_capacity': {
    severity: 'warning',
    zh: '指导教师「{mentor}」同一时间带徒 {count} 人（{mentees}，第 {rows} 行），超过上限 {max} 人',
    en: 'Mentor {mentor} has {count} mentees at the same time ({mentees}; rows {rows}), more than the {max} allowed',
  },
  'pairing.subject_differs': {
    severity: 'warning',
    zh: '指导教师学科（{mentor_subject}）与青年教师学科（{mentee_subject}）不同',
    en: 'The mentor’s subject ({mentor_subject}) differs from the mentee’s ({mentee_subject})',
  },
  'pairing.mentee_experienced': {
    severity: 'warning',
    zh: '青年教师「{mentee}」教龄 {years} 年，超过新教师上限 {max} 年',
    en: 'Mentee {mentee} has taught {years} {years|year|years}, more than the {max} that count as new',
  },
  'schedule.outside_term': {
    severity: 'warning',
    zh: '日期 {date} 不在学期 {term}（{start} 至 {end}）内',
    en: 'Date {date} is outside term {term} ({start} to {end})',
  },
  'schedule.month_without_activity': {
    severity: 'warning',
    zh: '{month} 只有 {count} 次活动，每月至少 {min} 次',
    en: '{month} has {count} {count|activity|activities}; at least {min} a month {min|is|are} required',
  },
  'schedule.leaders_meetings_short': {
    severity: 'warning',
    zh: '本学期联席会议 {count} 次，至少应召开 {min} 次',
    en: 'This term has {count} {count|leaders meeting|leaders meetings}; at least {min} {min|is|are} required',
  },
  'schedule.field_visits_short': {
    severity: 'warning',
    zh: '本学期跟岗学习 {count} 次，至少应有 {min} 次',
    en: 'This term has {count} {count|field visit|field visits}; at least {min} {min|is|are} required',
  },
  'schedule.lead_teacher_missing': {
    severity: 'warning',
    zh: '「{type}」应填写主讲教师',
    en: 'A {type} should name its lead teacher',
  },
  'schedule.students_missing': {
    severity: 'warning',
    zh: '手拉手活动应填写参与学生数',
    en: 'A student exchange should give the number of students',
  },
  'schedule.no_evidence': {
    severity: 'warning',
    zh: '活动已完成但没有佐证材料',
    en: 'The activity is done but has no evidence',
  },
  'schedule.planned_past': {
    severity: 'warning',
    zh: '活动日期 {date} 已过（今天 {today}），状态仍为「计划」',
    en: 'The activity date {date} has passed (today is {today}) but it is still planned',
  },
  'schedule.lead_teacher_clash': {
    severity: 'warning',
    zh: '主讲教师「{teacher}」在 {date} 同时安排在第 {first_row} 行的另一活动中',
    en: 'Lead teacher {teacher} is also in another activity on {date} (row {first_row})',
  },
  'support.rotation_incomplete': {
    severity: 'warning',
    zh: '支教记录缺少：{missing}',
    en: 'The rotation record lacks: {missing}',
  },
  'support.donation_empty': {
    severity: 'warning',
    zh: '捐赠记录应填写金额或物品',
    en: 'A donation should give an amount or items',
  },
  'support.rotation_short': {
    severity: 'warning',
    zh: '{year} 学年支教教师 {count} 人，至少应有 {min} 人',
    en: 'School year {year} has {count} {count|rotation teacher|rotation teachers}; at least {min} {min|is|are} required',
  },
  'school.unknown': {
    severity: 'warning',
    zh: '「{column}」中的学校代码「{value}」不是本校或结对学校（本工作簿的学校：{schools}）',
    en: 'School code “{value}” in {column} is neither this school nor a partner school (this workbook’s schools: {schools})',
  },
  'assessment.not_paired': {
    severity: 'warning',
    zh: '教师「{teacher}」不在任何师徒结对中，不参加考核',
    en: 'Teacher {teacher} is in no pairing and is not assessed',
  },
  // An error, as a repeated id is: which row holds the teacher's score cannot be told, so the later
  // row is not synced (the bureau would count the teacher twice) and Summary counts the first.
  'assessment.duplicate': {
    severity: 'error',
    zh: '教师「{teacher}」在学期 {term} 已有考核记录（第 {first_row} 行），同一学期只能有一行',
    en: 'Teacher {teacher} already has an assessment for term {term} (row {first_row}); one row per teacher and term',
  },
  'rules.bad_value': {
    severity: 'error',
    zh: '考核标准「{rule}」的值不正确：应为 {expected}，实际为「{value}」',
    en: 'Bad value for rule “{rule}”: expected {expected}; got “{value}”',
  },
  // The fills: a fill not made, or a cell it left alone.
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
  'fill.header_not_found': {
    severity: 'warning',
    zh: '「{sheetName}」中找不到标题行，未向这张表写入（其中的内容保持不变）：标题行应写明列名，如 {columns}',
    en: 'No header row found in “{sheetName}”, so nothing was written to it (what it holds is left as it is): its header row should name the columns, such as {columns}',
  },
  'fill.columns_missing': {
    severity: 'warning',
    zh: '「{sheetName}」缺少列 {columns}，未向这张表写入（其中的内容保持不变）：请先在标题行添加这些列',
    en: '“{sheetName}” has no {columns} column, so nothing was written to it (what it holds is left as it is): add the column to its header row first',
  },
  'fill.totals_row_blocked': {
    severity: 'warning',
    zh: '「{sheetName}」的表格 {table} 有汇总行，新行要放在它上方，但汇总行下方的 {cell} 不是空的，无法下移汇总行：新行未写入',
    en: 'Table {table} in “{sheetName}” has a totals row; new rows go above it, but {cell} below it is not empty, so it cannot move down: the new rows were not written',
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
  // The bureau's items on a returned term report (worker routes/reports.ts), shown on their cells.
  'sync.report_returned': {
    severity: 'warning',
    zh: '教育局退回意见：{text}',
    en: 'Returned by the bureau: {text}',
  },
  // The worker's own refusals of a synced row.
  'sync.unknown_table': {
    severity: 'error',
    zh: '服务器不接收表「{table}」的行',
    en: 'The server does not take rows of table “{table}”',
  },
  'sync.duplicate_row': {
    severity: 'error',
    zh: '同一编号（{id}）在一次同步中出现两次',
    en: 'Id {id} appears twice in one sync',
  },
  'sync.row_too_large': {
    severity: 'error',
    zh: '这一行内容过多（超过 {max} 个字符），服务器未接收',
    en: 'This row is too large (over {max} characters); the server did not take it',
  },
  'sync.cell_too_long': {
    severity: 'error',
    zh: '「{column}」中的内容有 {length} 个字符，超过单元格上限 {max}，服务器未接收这一行',
    en: '“{column}” holds {length} characters, over the {max} a cell may hold; the server did not take this row',
  },
  // Raised by the add-in before anything is sent; the worker never sees these.
  /** A table whose header row was not found: its rows are neither sent nor deleted. */
  'sync.table_no_header': {
    severity: 'error',
    zh: '「{sheetName}」找不到标题行，无法分辨各行：这张表本次不同步，服务器上它的行也一行不删。恢复标题行后再同步',
    en: 'No header row found in “{sheetName}”, so its rows cannot be told apart: this table is not synced this time and none of its rows on the server is deleted. Restore the header row and sync again',
  },
  /** A table without a column its row ids are made of. */
  'sync.table_no_id_column': {
    severity: 'error',
    zh: '「{sheetName}」缺少编号列「{column}」，无法分辨各行：这张表本次不同步，服务器上它的行也一行不删。恢复这一列（或改回列名）后再同步',
    en: '“{sheetName}” has no “{column}” column, which its rows are told apart by: this table is not synced this time and none of its rows on the server is deleted. Restore the column (or its header) and sync again',
  },
  /** A row whose id cannot be made (a part empty or unreadable) or sent, while its table has rows to delete. */
  'sync.deletes_held': {
    severity: 'warning',
    zh: '这一行的「{column}」为空、无法识别或无法发送，看不出它是哪一行：为免误删，本次不删除服务器上「{sheetName}」的任何行。改正后再同步',
    en: 'This row’s “{column}” is empty, unreadable or cannot be sent, so it cannot be told which row it is: so that nothing is deleted by mistake, no row of “{sheetName}” is deleted on the server this time. Correct it and sync again',
  },
  /** An id over the server's 200 characters. */
  'sync.id_too_long': {
    severity: 'error',
    zh: '编号「{id}」有 {length} 个字符，服务器只接收不超过 {max} 个字符的编号：这一行未同步，其余各行照常同步',
    en: 'Id “{id}” is {length} characters long and the server takes ids of at most {max}: this row was not synced; the other rows were',
  },
  /** An id holding a lone UTF-16 surrogate, which the server cannot store. */
  'sync.id_not_well_formed': {
    severity: 'error',
    zh: '编号「{id}」中有无法保存的字符（孤立的代理字符，多由复制粘贴带入）：这一行未同步，其余各行照常同步。请重新输入编号',
    en: 'Id “{id}” holds a character that cannot be stored (a lone surrogate, usually from a copy and paste): this row was not synced; the other rows were. Type the id again',
  },
  'sync.issues_left_out': {
    severity: 'error',
    zh: '这一行有 {count} 处错误；本批被拒的行太多，未逐一列出，请改正后再同步',
    en: 'This row has {count} {count|error|errors}, not listed one by one because this batch had too many rejected rows; correct them and sync again',
  },
  'sync.rejected': {
    severity: 'error',
    zh: '服务器未接收这一行（{id}）：{reason}',
    en: 'The server did not take row {id}: {reason}',
  },
  'sync.conflict': {
    severity: 'error',
    zh: '服务器上的这一行（{id}）已被其他工作簿改过（服务器版本 {server_version}）：请选择“保留我的”或“采用服务器的”',
    en: 'Row {id} was changed on the server by another workbook (server version {server_version}): choose "Keep mine" or "Take the server\'s"',
  },
  // DOMAIN.md, "Who is who across schools": across workbooks a person is their school and name.
  'teacher.same_name': {
    severity: 'warning',
    zh: '教师「{name}」与教师 {first} 同校同名：请加以区分（如“大王芳”“小王芳”），否则跨校汇总时两人按一人计',
    en: 'Teacher “{name}” has the same school and name as teacher {first}: tell them apart (as 大王芳 and 小王芳), or totals across schools count them as one',
  },
  /** A number past DOMAIN's bound of what can be true (participants, years teaching, lessons, yuan). */
  'cell.too_large': {
    severity: 'error',
    zh: '「{column}」的值 {value} 超过上限 {max}：请检查是否多输入了数字',
    en: '{column} {value} is more than the largest possible, {max}: check for extra digits',
  },
  /** A form that reads more than one way (2026年第一学期, 骨干教师 without a level). */
  'cell.ambiguous': {
    severity: 'error',
    zh: '「{column}」的值「{value}」有多种读法，可能是 {forms}：请写明是哪一个',
    en: '{column} “{value}” could be read more than one way: {forms}; write which one is meant',
  },
  'cell.date_no_year': {
    severity: 'error',
    zh: '「{column}」的日期「{value}」没有年份，而「项目信息」未填写学期，无法确定年份：请写全日期，如 2026-09-22',
    en: '{column} “{value}” has no year and the Program sheet has no term to take it from: write the whole date, like 2026-09-22',
  },
  'cell.date_weekday': {
    severity: 'error',
    zh: '「{column}」的日期「{value}」与所写星期不符：{date} 是{weekday}，请改正日期或星期',
    en: '{column} “{value}”: the weekday does not match the date; {date} is a {weekday}. Correct the date or the weekday',
  },
  /** An activity on a weekend or a public holiday: schools do hold events then, so only an info. */
  'schedule.rest_day': {
    severity: 'info',
    zh: '活动日期 {date} 是{rest}，通常不安排活动；如确在当天举行，可忽略此提示',
    en: 'The activity date {date} is {rest}, when activities are not usually held; if it was held that day, ignore this',
  },
  'cell.date_no_such_day': {
    severity: 'error',
    zh: '「{column}」的日期「{value}」不存在：{month} 月只有 {days} 天',
    en: '{column} “{value}” is not a day of the calendar: month {month} has {days} days',
  },
};

/** What a reader expected: `what` names the kind of value, `expected` shows its forms. */
export const EXPECTED: Record<string, Record<Lang, { what: string; expected: string }>> = {
  date: {
    zh: { what: '日期', expected: '2026-09-01、2026/9/1、2026年9月1日（可带星期或时间，如 2026年9月8日（星期二））、9月22日（年份取自学期）或 Excel 日期' },
    en: { what: 'a date', expected: '2026-09-01, 2026/9/1, 2026年9月1日 (a weekday or time may follow), 9月22日 (the year from the term) or an Excel date' },
  },
  int: {
    zh: { what: '整数', expected: '不小于 0 的整数，可带单位，如 20、20节 或 二十节' },
    en: { what: 'a whole number', expected: 'a whole number 0 or more, unit allowed, like 20, 20节 or 二十节' },
  },
  number: {
    zh: { what: '数字', expected: '不小于 0 的数，可带单位，如 5000 或 5000元' },
    en: { what: 'a number', expected: 'a number 0 or more, unit allowed, like 5000 or 5000元' },
  },
  yesno: {
    zh: {
      what: '是/否',
      expected: '是 或 否（也可写 是的/有/无/没有、已提交/未提交、已交/未交、已检查/未检查、已制定/未制定、已完成/未完成、Y/N、yes/no、true/false、√/×、✓/✗、1/0）',
    },
    en: {
      what: 'yes or no',
      expected: 'yes or no (also Y/N, true/false, 是/否, 是的/有/无/没有, 已提交/未提交, 已交/未交, 已检查/未检查, 已制定/未制定, 已完成/未完成, √/×, ✓/✗, 1/0)',
    },
  },
  term: {
    zh: { what: '学期', expected: '2026-2027-1、2026-2027学年第一学期 或 2026年秋季学期' },
    en: { what: 'a term', expected: '2026-2027-1, 2026-2027 term 1 or 2026年秋季学期 (autumn 2026)' },
  },
  text: {
    zh: { what: '文本', expected: '文字或数字' },
    en: { what: 'text', expected: 'text or a number' },
  },
  enum: {
    zh: { what: '选项', expected: '列表中的一项' },
    en: { what: 'an option', expected: 'one of the listed values' },
  },
  enum_list: {
    zh: { what: '选项', expected: '列表中的一项或多项，用、分隔' },
    en: { what: 'options', expected: 'one or more listed values separated by commas' },
  },
  month_day: {
    zh: { what: '月-日', expected: '月-日，如 09-01' },
    en: { what: 'a month-day', expected: 'a month-day like 09-01' },
  },
  rule_key: {
    zh: {
      what: '规则名',
      expected: `以下规则名之一：${RULE_NAME_LIST.join('、')}（也可写规则的中文说明，如「${RULE_DESCRIPTIONS.min_activities_per_month.zh}」）`,
    },
    en: {
      what: 'a rule name',
      expected: `one of the rule names ${RULE_NAME_LIST.join(', ')} (or the rule's description, like “${RULE_DESCRIPTIONS.min_activities_per_month.en}”)`,
    },
  },
  six_ones: {
    zh: {
      what: '“六个一”各项数量',
      expected: '六项数量，写出项目和数量，如 入门课1、汇报课1、讲座1、单元教材分析1、课件3、论文1；或按 入门课、汇报课、讲座、单元教材分析、课件、论文 的顺序写六个数，如 1、1、1、1、3、1',
    },
    en: {
      what: 'the Six Ones counts',
      expected: 'the six counts, each named, like intro 1, report 1, lecture 1, unit analysis 1, courseware 3, paper 1; or six numbers in the order intro, report, lecture, unit analysis, courseware, paper, like 1, 1, 1, 1, 3, 1',
    },
  },
  positive_int: {
    zh: { what: '正整数', expected: '大于 0 的整数' },
    en: { what: 'a positive whole number', expected: 'a whole number 1 or more' },
  },
};

export function severityOf(code: string): Severity {
  return ISSUE_CODES[code]?.severity ?? 'error';
}

/** Builds an issue with its code's severity. */
export function makeIssue(
  code: string,
  sheet: string,
  params: Record<string, string | number>,
  at: Partial<Pick<Issue, 'sheetName' | 'row' | 'col' | 'column' | 'cell'>> = {},
): Issue {
  return { code, severity: severityOf(code), sheet, ...at, params };
}

export function allowedLabels(enumKey: string, lang: Lang): string {
  const def = ENUMS[enumKey];
  if (!def) return '';
  return def.values.map((v) => v[lang]).join(lang === 'zh' ? '、' : ', ');
}

const PLACEHOLDER = /\{([A-Za-z_]+)(?:\|([^{}|]*)\|([^{}|]*))?\}/g;

/**
 * A message with each `{name}` replaced by `value(name)`; a name without a value stays as written,
 * so a missing parameter shows instead of vanishing. `{name|one|other}` is the word for the count
 * `name`: `one` when it is 1, else `other` (English plurals: `{n} {n|cell|cells}`). Every message of the product goes through it:
 * issues here, the pane's words, the command line's.
 */
export function fillIn(template: string, value: (name: string) => string | undefined): string {
  return template.replace(PLACEHOLDER, (whole, name: string, one: string | undefined, other: string | undefined) => {
    const v = value(name);
    if (v === undefined) return whole;
    if (one === undefined) return v;
    return Number(v) === 1 ? one : (other ?? one);
  });
}

// A header written as the template's label follows the language asked for; any other spelling stays as typed.
function columnLabel(col: { zh: string; en: string } | undefined, typed: string | number | undefined, lang: Lang) {
  if (col && (typed === undefined || typed === col.zh || typed === col.en)) return col[lang];
  return typed;
}

/** Longest a value typed in a cell is shown in a message, in code points (never half a pair). */
const MAX_SHOWN = 80;

/** A pasted 100,000-character cell must not make a 100,000-character message. */
function shown(v: string | number): string {
  const s = String(v);
  if (s.length <= MAX_SHOWN) return s;
  const cps = Array.from(s);
  return cps.length <= MAX_SHOWN ? s : cps.slice(0, MAX_SHOWN - 1).join('') + '…';
}

/** The forms an ambiguous value could be: an enum's codes as its labels in `lang`, else as sent. */
function formsIn(p: Record<string, string | number>, lang: Lang): string | undefined {
  if (typeof p.forms !== 'string') return undefined;
  const codes = p.forms.split(',').map((c) => c.trim());
  const labels = typeof p.enum === 'string' ? codes.map((c) => ENUMS[p.enum as string]?.values.find((v) => v.code === c)?.[lang] ?? c) : codes;
  return labels.join(lang === 'zh' ? '、' : ', ');
}

export function formatIssue(issue: Issue, lang: Lang): string {
  const t = ISSUE_CODES[issue.code];
  if (!t) return `${issue.code} ${JSON.stringify(issue.params)}`;
  const p = issue.params ?? {};
  const exp = typeof p.expected === 'string' ? EXPECTED[p.expected]?.[lang] : undefined;
  const def = SHEET_BY_KEY[issue.sheet as SheetKey];
  const derived: Record<string, string | number | undefined> = {
    what: exp?.what,
    expected: exp?.expected ?? p.expected,
    allowed: typeof p.enum === 'string' ? allowedLabels(p.enum, lang) : p.allowed,
    sheetName: p.sheetName ?? issue.sheetName ?? (def ? def[lang] : issue.sheet),
    weekday: lang === 'zh' ? p.weekday_zh : p.weekday_en,
    rest: lang === 'zh' ? p.rest_zh : p.rest_en,
    forms: formsIn(p, lang),
    column: columnLabel(def?.columns.find((c) => c.key === issue.column), p.column, lang),
  };
  return fillIn(t[lang], (name) => {
    const d = derived[name];
    // Catalogue text (what, expected, allowed) is shown whole; names people typed are bounded.
    if (d !== undefined) return name === 'sheetName' || name === 'column' ? shown(d) : String(d);
    const v = p[name];
    return v === undefined ? undefined : shown(v);
  });
}
