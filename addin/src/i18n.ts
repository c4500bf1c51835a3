/** The pane's own words in Chinese and English. Issue messages come from core/messages. */
import type { Lang } from '../../core/types';

const STRINGS = {
  title: { zh: '结对帮扶助手', en: 'Jiedui pairing assistant' },
  check: { zh: '检查', en: 'Check' },
  sync: { zh: '同步到服务器', en: 'Sync to server' },
  clearMarks: { zh: '清除标记', en: 'Clear marks' },
  settings: { zh: '设置', en: 'Settings' },
  serverUrl: { zh: '服务器地址', en: 'Server address' },
  token: { zh: '学校令牌', en: 'School token' },
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
  summary: { zh: '{errors} 个错误，{warnings} 个警告，{infos} 条提示', en: '{errors} errors, {warnings} warnings, {infos} notes' },
  sheetCount: { zh: '{n} 项', en: '{n}' },
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '警告', en: 'Warning' },
  info: { zh: '提示', en: 'Note' },
  syncing: { zh: '正在同步…', en: 'Syncing…' },
  synced: { zh: '已同步 {n} 行（跳过有错误的 {skipped} 行）。', en: 'Synced {n} rows ({skipped} rows with errors skipped).' },
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
  filled: { zh: '已写入 {n} 个单元格。', en: 'Wrote {n} cells.' },
  undoOne: { zh: '可用一次“撤销”全部还原。', en: 'One Undo reverts it all.' },
  undoNo: {
    zh: '此版本的 Excel 不支持将多处修改合并为一次撤销；如需还原，请多次撤销或关闭而不保存。',
    en: 'This Excel cannot group the changes into one Undo; undo step by step, or close without saving, to revert.',
  },
  refused: { zh: '{n} 个单元格已有人工填写的内容，未覆盖：', en: '{n} cells hold values a person typed and were left as they are:' },
  notEmpty: { zh: '“从模板新建”只能在空工作簿中使用。', en: '"New workbook from template" works only in an empty workbook.' },
  failed: { zh: '出错了：{message}', en: 'Something went wrong: {message}' },
  recheckHint: {
    zh: '编辑后会自动重新检查；粘贴或下拉选择可能不会触发，请点“检查”。',
    en: 'Edits trigger a new check; pastes and dropdown picks may not, so click Check.',
  },
  marksNote: { zh: '下载的文件不含检查标记。', en: 'The downloaded file has no check marks.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof STRINGS;

export function t(lang: Lang, key: StringKey, params: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

/** Chinese for any zh-* display language, English otherwise. */
export function langFromLocale(locale: string | undefined | null): Lang {
  return (locale ?? '').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export const ALL_KEYS = Object.keys(STRINGS) as StringKey[];
