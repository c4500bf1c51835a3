/** Issue codes of a fill (what it refused, what it could not place) and of a sync with the bureau. */
export const FILL_SYNC_CODES = {
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
} as const;
