/** Issue codes of reading a workbook: its sheets, headers, the Program, cells and the Rules sheet. */
export const READING_CODES = {
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
  'rules.bad_value': {
    severity: 'error',
    zh: '考核标准「{rule}」的值不正确：应为 {expected}，实际为「{value}」',
    en: 'Bad value for rule “{rule}”: expected {expected}; got “{value}”',
  },
  // The fills: a fill not made, or a cell it left alone.
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
  'cell.date_no_such_day': {
    severity: 'error',
    zh: '「{column}」的日期「{value}」不存在：{month} 月只有 {days} 天',
    en: '{column} “{value}” is not a day of the calendar: month {month} has {days} days',
  },
} as const;
