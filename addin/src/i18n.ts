/** The pane's own words in Chinese and English. Issue messages come from core/messages. */
import type { Lang } from '../../core/types';
import { wordsOf, type WordParams, type Words } from '../../core/words';

const STRINGS = {
  title: { zh: '结对帮扶助手', en: 'Jiedui pairing assistant' },
  check: { zh: '检查', en: 'Check' },
  sync: { zh: '同步到服务器', en: 'Sync to server' },
  clearMarks: { zh: '清除标记', en: 'Clear marks' },
  scopeChanged: {
    zh: '这本工作簿曾同步为 {old}，现在「项目信息」写的是 {new}。原来的同步记录保留不动。如果是笔误，请改正「项目信息」后再同步；如果确实换了学校、学期或服务器，请点“按新的同步”。',
    en: 'This workbook was synced as {old}; Program now says {new}. The record of that sync is kept as it is. If this is a typo, correct Program and sync again; if the school, term or server really changed, click “Sync as the new one”.',
  },
  syncAsNew: { zh: '按新的同步', en: 'Sync as the new one' },
  takeServerNowhere: {
    zh: '无法写回服务器上的 {id}：工作簿中没有可识别的「{sheet}」表（缺少工作表、标题行或编号列）。',
    en: 'Cannot put the server’s {id} back: the workbook has no readable “{sheet}” table (the sheet, its header row or its id column is missing).',
  },
  takeServerGone: {
    zh: '服务器上已没有 {id} 这一行。',
    en: 'The server no longer has row {id}.',
  },
  marksCleared: { zh: '标记已清除。', en: 'Marks cleared.' },
  marksProtected: {
    zh: '工作表“{sheets}”受保护，未标记其单元格；问题仍列在下方。',
    en: 'Sheet {sheets} is protected: its cells were not marked; the issues are still listed below.',
  },
  marksFailed: {
    zh: 'Excel 未能标记单元格（{message}）；问题仍列在下方。',
    en: 'Excel could not mark the cells ({message}); the issues are still listed below.',
  },
  settings: { zh: '设置', en: 'Settings' },
  serverUrl: { zh: '服务器地址', en: 'Server address' },
  token: { zh: '令牌（学校或教育局）', en: 'Token (school or bureau)' },
  testConnection: { zh: '测试连接', en: 'Test connection' },
  testing: { zh: '正在测试连接…', en: 'Testing the connection…' },
  connOkSchool: {
    zh: '连接正常：这是 {school}的学校令牌（县区 {county}）。',
    en: 'Connected: a school token of {school} (county {county}).',
  },
  wrongSchool: {
    zh: '这个工作簿是 {book}的，但令牌属于 {token}，没有发送任何数据。请在“设置”中填入 {book}的令牌；如果是“项目信息”中的学校代码写错了，请改正后再同步。',
    en: 'This workbook is {book}’s, but the token belongs to {token}; nothing was sent. Enter {book}’s token in Settings; if the school code in Program is a typo, correct it and sync again.',
  },
  firstSync: {
    zh: '这个工作簿从未同步到服务器，而服务器上已有本校本学期的 {rows} 行数据（最近一次同步：{when}（北京时间），来自 {workbooks} 个工作簿）。直接同步可能让同一份数据在服务器上出现两份（同一行在两个工作簿中编号不同时）。请选择：',
    en: 'This workbook has never synced, but the server already holds {rows} {rows|row|rows} of this school for this term (last synced {when} Beijing time, from {workbooks} {workbooks|workbook|workbooks}). Syncing as it is could put a second copy of them on the server (where the two workbooks number one row differently). Choose:',
  },
  firstSyncOthers: {
    zh: '这个工作簿从未同步到服务器，而服务器上已有本校本学期的 {rows} 行数据（最近一次同步：{when}（北京时间），来自 {workbooks} 个工作簿，另有 {n} 次由其他程序同步）。直接同步可能让同一份数据在服务器上出现两份（同一行在两个工作簿中编号不同时）。请选择：',
    en: 'This workbook has never synced, but the server already holds {rows} {rows|row|rows} of this school for this term (last synced {when} Beijing time, from {workbooks} {workbooks|workbook|workbooks}, and {n} {n|sync|syncs} by other programs). Syncing as it is could put a second copy of them on the server (where the two workbooks number one row differently). Choose:',
  },
  firstTake: { zh: '采用服务器的数据（写入本工作簿）', en: 'Take the server’s rows into this workbook' },
  firstReplace: { zh: '用本工作簿替换服务器的数据', en: 'Replace the server’s rows with this workbook’s' },
  replaceConfirm: {
    zh: '确定替换吗？服务器上本工作簿没有的 {deletes} 行将被删除，本工作簿的 {sends} 行将发送到服务器。',
    en: 'Replace for sure? The {deletes} {deletes|row|rows} on the server that this workbook lacks will be deleted, and this workbook’s {sends} {sends|row|rows} sent.',
  },
  replaceYes: { zh: '确定替换，删除 {deletes} 行', en: 'Replace, deleting {deletes} {deletes|row|rows}' },
  firstCancelled: { zh: '已取消，没有发送任何数据。', en: 'Cancelled; nothing was sent.' },
  tookServerAll: {
    zh: '已把服务器的 {rows} 行写入本工作簿（{same} 行本来相同，{replaced} 行改为服务器的内容，{appended} 行新增在表末）；只在本工作簿中的 {local} 行将在下次同步时发送。',
    en: 'The server’s {rows} {rows|row is|rows are} in this workbook ({same} {same|was|were} the same, {replaced} took the server’s values, {appended} {appended|was|were} added after their table); the {local} {local|row|rows} only this workbook has {local|goes|go} with the next sync.',
  },
  tookServerUnreadable: {
    zh: '{n} 行未能写入：工作簿中没有可识别的对应工作表（缺少工作表、标题行或编号列）。',
    en: '{n} {n|row|rows} could not be written: the workbook has no readable sheet for them (the sheet, its header row or its id column is missing).',
  },
  connOkBureau: {
    zh: '连接正常：这是教育局令牌（县区 {county}），可以拉取汇总。',
    en: 'Connected: a bureau token (county {county}); you can pull totals.',
  },
  problem_offline: {
    zh: '没有网络：这台电脑现在没有连上网络。请连网后再试，未同步的数据会保留。',
    en: 'No network: this computer is offline. Connect and try again; nothing unsynced is lost.',
  },
  problem_unreachable: {
    zh: '连不上服务器：请检查服务器地址是否写对，或服务器是否在运行；也可能是网络问题。',
    en: 'Cannot reach the server: check the server address, or whether the server is running; it may also be the network.',
  },
  problem_bad_address: {
    zh: '服务器地址不对：应当像 https://jiedui.example.org 这样。',
    en: 'The server address is wrong: it should look like https://jiedui.example.org.',
  },
  problem_not_jiedui: {
    zh: '这个地址有回应，但不是结对帮扶服务器：请核对服务器地址。',
    en: 'Something answers at this address, but not the Jiedui server: check the server address.',
  },
  problem_token_revoked: {
    zh: '令牌无效或已被收回：请向教育局索取新的令牌，并在“设置”中替换。',
    en: 'The token is not valid or was revoked: ask the bureau for a new one and enter it in Settings.',
  },
  problem_wrong_role: {
    zh: '这个令牌不能做这件事：学校令牌用于同步，教育局令牌用于拉取汇总。',
    en: 'This token cannot do that: a school token syncs, a bureau token pulls totals.',
  },
  problem_term_locked: {
    zh: '教育局已关闭本学期的上报，服务器不再接收修改。如需补报，请联系教育局重新开放。',
    en: 'The bureau has closed reporting for this term; the server takes no more changes. Ask the bureau to reopen it.',
  },
  problem_too_many_tries: { zh: '尝试次数过多，请一分钟后再试。', en: 'Too many tries; wait a minute and try again.' },
  problem_busy: {
    zh: '服务器正忙（本校另有同步在进行），请稍后再试。',
    en: 'The server is busy with another sync of this school; try again shortly.',
  },
  problem_server_error: {
    zh: '服务器出错了，稍后会自动重试；也可以稍后再点“同步”。',
    en: 'The server had an error; try Sync again later.',
  },
  problem_too_large: { zh: '一次发送的数据过多，服务器未接收。', en: 'Too much data in one request; the server refused it.' },
  problem_wrong_school: {
    zh: '服务器拒收：这个工作簿不是该令牌所属学校的（{message}）。',
    en: 'The server refused it: this workbook is not the token’s school’s ({message}).',
  },
  problem_template: {
    zh: '工作簿模板版本与服务器不一致，请使用最新模板。',
    en: 'The workbook template version differs from the server’s; use the latest template.',
  },
  problem_other: { zh: '出错了：{message}', en: 'Something went wrong: {message}' },
  cancel: { zh: '取消', en: 'Cancel' },
  syncProgress: {
    zh: '已发送 {done} / {total} 行（第 {batch} / {batches} 批）',
    en: '{done} of {total} {total|row|rows} sent (request {batch} of {batches})',
  },
  retrying: { zh: '暂时连不上，{sec} 秒后重试…', en: 'Could not reach the server; retrying in {sec} s…' },
  syncDone: {
    zh: '同步完成：发送 {sent} 行，服务器接收 {applied} 行；{unchanged} 行未改动未发送；{skipped} 行因错误或缺编号未发送。',
    en: 'Synced: {sent} {sent|row|rows} sent, {applied} taken by the server; {unchanged} unchanged {unchanged|row|rows} not sent; {skipped} {skipped|row|rows} with errors or no id held back.',
  },
  syncProblems: {
    zh: '{conflicts} 行有冲突，{rejected} 行被拒收（见下方及单元格标记）。',
    en: '{conflicts} {conflicts|conflict|conflicts}, {rejected} {rejected|row|rows} rejected (listed below and marked on their cells).',
  },
  syncCancelled: {
    zh: '已取消：已完成的 {done} 行已保存，下次同步从这里继续。',
    en: 'Cancelled: the {done} {done|row|rows} already answered {done|is|are} kept; the next sync goes on from there.',
  },
  syncStopped: {
    zh: '同步未完成（已完成的 {done} 行已保存，未确认的一批会原样重发）：',
    en: 'Sync not finished ({done} {done|row|rows} already answered {done|is|are} kept; the unanswered request will be sent again as it was):',
  },
  noTerm: { zh: '“项目信息”中缺少学期，无法同步。', en: 'Program has no term, so there is nothing to sync to.' },
  noSchool: { zh: '“项目信息”中缺少学校代码，无法同步。', en: 'Program has no school code, so there is nothing to sync to.' },
  conflicts: { zh: '冲突', en: 'Conflicts' },
  keepMine: { zh: '保留我的', en: 'Keep mine' },
  takeServer: { zh: '采用服务器的', en: 'Take the server’s' },
  keptMine: { zh: '已用你的内容覆盖服务器上的这一行。', en: 'Your values replaced the server’s for this row.' },
  tookServer: { zh: '已把服务器的内容写入这一行。', en: 'The server’s values were written into the row.' },
  rulesAdded: { zh: '已把教育局的 {n} 项标准写入“考核标准”。', en: 'Wrote {n} of the bureau’s rule values into Rules.' },
  rulesDiffer: { zh: '教育局本学期的标准与“考核标准”表中的值不同：', en: 'The bureau’s rules for this term differ from your Rules sheet:' },
  rulesUse: { zh: '采用教育局的值', en: 'Use the bureau’s values' },
  rulesKeep: { zh: '保留表中的值', en: 'Keep mine' },
  rulesSame: { zh: '“考核标准”与教育局一致。', en: 'Rules match the bureau’s.' },
  bureau: { zh: '教育局：汇总', en: 'Bureau: totals' },
  term: { zh: '学期', en: 'Term' },
  county: { zh: '县区代码（可不填）', en: 'County code (optional)' },
  groupBy: { zh: '汇总方式', en: 'Group by' },
  group_school: { zh: '按学校', en: 'School' },
  group_town: { zh: '按乡镇', en: 'Town' },
  group_county: { zh: '按县区', en: 'County' },
  pullTotals: { zh: '拉取汇总', en: 'Pull totals' },
  pulling: { zh: '正在拉取汇总…', en: 'Pulling totals…' },
  totalsWritten: {
    zh: '已写入“{sheet}”：{n} 行汇总，{gaps} 所学校需关注。',
    en: 'Wrote "{sheet}": {n} {n|row|rows} of totals, {gaps} {gaps|school needs|schools need} attention.',
  },
  chartInExcel: {
    zh: '文件模式无法绘制图表：下载后在 Excel 中选中“按学校”一块，点“插入 > 图表”。',
    en: 'File mode cannot draw the chart: after downloading, select the "By school" block in Excel and use Insert > Chart.',
  },
  fileOpen: { zh: '当前文件：{name}', en: 'Open file: {name}' },
  noFileYet: { zh: '尚未打开文件', en: 'No file open yet' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '已保存。', en: 'Saved.' },
  language: { zh: 'English', en: '中文' },
  openFile: { zh: '打开 Excel 文件（.xlsx）', en: 'Open an Excel file (.xlsx)' },
  download: { zh: '下载工作簿', en: 'Download workbook' },
  fileMode: {
    zh: '文件模式：未在 Excel 中运行（或无法加载 Office.js）。请打开一个 .xlsx 文件，检查、填充后下载。',
    en: 'File mode: not running inside Excel (or Office.js could not load). Open an .xlsx file, check and fill it, then download it.',
  },
  officeMode: { zh: '已连接到 Excel 工作簿。', en: 'Connected to the Excel workbook.' },
  noFile: { zh: '请先打开一个 .xlsx 文件。', en: 'Open an .xlsx file first.' },
  loaded: { zh: '已打开：{name}', en: 'Opened: {name}' },
  checking: { zh: '正在检查…', en: 'Checking…' },
  noIssues: { zh: '没有发现问题。', en: 'No issues found.' },
  summary: {
    zh: '{errors} 个错误，{warnings} 个警告，{infos} 条提示',
    en: '{errors} {errors|error|errors}, {warnings} {warnings|warning|warnings}, {infos} {infos|note|notes}',
  },
  sheetCount: { zh: '{n} 项', en: '{n}' },
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '警告', en: 'Warning' },
  info: { zh: '提示', en: 'Note' },
  syncing: { zh: '正在同步…', en: 'Syncing…' },
  synced: {
    zh: '已同步 {n} 行（跳过有错误的 {skipped} 行）。',
    en: 'Synced {n} {n|row|rows} ({skipped} {skipped|row|rows} with errors skipped).',
  },
  syncNeedsSettings: { zh: '请先在“设置”中填写服务器地址和学校令牌。', en: 'Enter the server address and school token in Settings first.' },
  syncFailed: { zh: '同步失败：{message}', en: 'Sync failed: {message}' },
  totals: { zh: '服务器汇总', en: 'Totals on the server' },
  fill: { zh: '填充', en: 'Fill' },
  newWorkbook: { zh: '从模板新建工作簿', en: 'New workbook from template' },
  fillAll: { zh: '计算考核与目标完成情况、补全编号', en: 'Compute Assessment and Summary, add ids' },
  planTerm: { zh: '生成学期活动计划', en: 'Generate the term plan' },
  suggest: { zh: '为未结对的青年教师推荐导师', en: 'Suggest mentors for unpaired mentees' },
  accept: { zh: '采纳', en: 'Accept' },
  drop: { zh: '不采纳', en: 'Drop' },
  applySuggestions: { zh: '写入已采纳的结对', en: 'Write the accepted pairings' },
  noSuggestions: { zh: '没有可推荐的结对。', en: 'No pairing to suggest.' },
  filled: { zh: '已写入 {n} 个单元格。', en: 'Wrote {n} {n|cell|cells}.' },
  undoOne: { zh: '可用一次“撤销”全部还原。', en: 'One Undo reverts it all.' },
  undoNo: {
    zh: '此版本的 Excel 不支持将多处修改合并为一次撤销；如需还原，请多次撤销或关闭而不保存。',
    en: 'This Excel cannot group the changes into one Undo; undo step by step, or close without saving, to revert.',
  },
  refused: {
    zh: '{n} 个单元格已有人工填写的内容，未覆盖：',
    en: '{n} {n|cell holds a value|cells hold values} a person typed and {n|was|were} left as {n|it is|they are}:',
  },
  skippedTyped: {
    zh: '计算填写内容期间，有人在 {n} 个原本为空的单元格中输入了内容；这些单元格保留所输入的内容，未写入：',
    en: 'While the fill was being worked out, someone typed into {n} {n|cell that had|cells that had} been empty; {n|it keeps|they keep} what was typed and {n|was|were} not written:',
  },
  notEmpty: { zh: '“从模板新建”只能在空工作簿中使用。', en: '"New workbook from template" works only in an empty workbook.' },
  failed: { zh: '出错了：{message}', en: 'Something went wrong: {message}' },
  recheckHint: {
    zh: '编辑后会自动重新检查；粘贴或下拉选择可能不会触发，请点“检查”。',
    en: 'Edits trigger a new check; pastes and dropdown picks may not, so click Check.',
  },
  marksNote: { zh: '下载的文件默认不含检查标记。', en: 'The downloaded file has no check marks unless the box is ticked.' },
  fillProtected: {
    zh: '工作表“{sheets}”受保护，未填写任何单元格。请先取消保护（审阅 › 撤消工作表保护）再填写。',
    en: 'Sheet {sheets} is protected: nothing was filled. Unprotect it (Review › Unprotect Sheet) and fill again.',
  },
  waitingCellEdit: {
    zh: '正在等待 Excel……如果正在编辑某个单元格，请按 Enter 或 Esc 结束编辑，Excel 才会继续。',
    en: 'Waiting for Excel… If a cell is being edited, press Enter or Esc to leave it: Excel waits until then.',
  },
  waitingOffice: {
    zh: '正在连接 Excel……如果不是在 Excel 中打开，可改用文件模式：',
    en: 'Connecting to Excel… If this page is not open in Excel, use file mode instead:',
  },
  openFileMode: { zh: '打开文件模式', en: 'Open file mode' },
  suggested: {
    zh: '推荐了 {n} 对结对（尚未写入）：勾选要采纳的，再点“写入已采纳的结对”。',
    en: 'Suggested {n} {n|pairing|pairings} (nothing written yet): tick the ones to accept, then “Write the accepted pairings”.',
  },
  notWritten: { zh: '以下 {n} 项未写入：', en: '{n} {n|thing was|things were} not written:' },
  replaceUnsaved: {
    zh: '“{name}”有 {n} 处修改尚未下载。从模板新建工作簿会替换它，这些修改将丢失。仍要新建吗？',
    en: '“{name}” has {n} {n|change|changes} not downloaded yet. A new workbook from the template replaces it and {n|that change is|those changes are} lost. Start the new workbook anyway?',
  },
  newWorkbookKept: { zh: '未新建：“{name}”保持打开。', en: 'No new workbook: “{name}” stays open.' },
  noneAccepted: { zh: '没有勾选要采纳的结对，未写入。', en: 'No pairing was ticked, so nothing was written.' },
  askYes: { zh: '是', en: 'Yes' },
  askNo: { zh: '否', en: 'No' },
  newWorkbookMade: { zh: '已从模板新建“{name}”。', en: 'New workbook “{name}” made from the template.' },
  hostLimits: {
    zh: '此版本 Excel：{limits}。检查、标记、清除标记、填充、同步和汇总照常可用。',
    en: 'This Excel: {limits}. Check, marks, Clear marks, fills, sync and totals still work.',
  },
  limitNoLiveCheck: { zh: '编辑后不会自动重新检查，请编辑后点“检查”', en: 'no re-check after edits, so press Check after editing' },
  limitNoNotes: { zh: '标记只有底色，问题说明见本窗格', en: 'marks are a fill colour only, the messages are in this pane' },
  limitNoUndoGroup: { zh: '一次填充不能一步撤消', en: 'a fill cannot be undone in one step' },
  limitNoDropdowns: { zh: '新建模板不带下拉列表', en: 'a new template has no dropdowns' },
  syncWaiting: {
    zh: '连上服务器后会自动再同步，已发出未确认的批次保存在待发箱中。',
    en: 'It will sync by itself once the server can be reached; batches sent and not yet confirmed wait in the outbox.',
  },
  downloadWithMarks: { zh: '下载时保留标记（底色和批注）', en: 'Keep the marks in the download (fill colour and a note)' },
  marksCount: { zh: '已标记 {n} 个单元格。', en: '{n} {n|cell|cells} marked.' },
  limitStateVisible: {
    zh: '同步记录表 _jiedui_sync 无法隐藏，请勿改动',
    en: 'the sync record sheet _jiedui_sync cannot be hidden, so leave it as it is',
  },
  // Saving settings and the rows a sync held back (issue 15, point 4).
  savedButProblem: { zh: '已保存，但连接测试没有通过：', en: 'Saved, but the connection test failed:' },
  tokenKept: {
    zh: '令牌已按所填保存；如果它不对，请换成教育局发给本校的令牌。',
    en: 'The token is kept as typed; if it is wrong, replace it with the one the bureau gave your school.',
  },
  heldTitle: { zh: '{n} 行未发送（改正后再同步即可发送）', en: '{n} {n|row|rows} not sent (fix {n|it|them} and sync again)' },
  heldWhere: { zh: '“{sheet}”第 {row} 行（{id}）', en: '{sheet} row {row} ({id})' },
  heldWhereNoId: { zh: '“{sheet}”第 {row} 行', en: '{sheet} row {row}' },
  heldSev: { zh: '未发送', en: 'not sent' },
  held_errors: { zh: '这一行有错误', en: 'the row has an error' },
  held_no_id: { zh: '缺少编号', en: 'it has no id' },
  held_duplicate: {
    zh: '编号 {id} 在上面已用过，同一编号只发送第一行',
    en: 'id {id} is used above; only the first row with an id is sent',
  },
  held_refused: { zh: '编号无法发送', en: 'its id cannot be sent' },
} as const satisfies Words;

export type StringKey = keyof typeof STRINGS;

const say = wordsOf(STRINGS);

/** The pane's word `key` in `lang` (language first, as the pane's calls read). */
export function t(lang: Lang, key: StringKey, params: WordParams = {}): string {
  return say(key, lang, params);
}

/** Chinese for any zh-* display language, English otherwise. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return (locale ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const ALL_KEYS = Object.keys(STRINGS) as StringKey[];
