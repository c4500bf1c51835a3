/**
 * The command line's own messages (usage, files it cannot read or write) in Chinese and English.
 * Issues found in a workbook are worded by core/messages.ts; these are about the command itself.
 */
import type { Lang } from '../core/types';
import { wordedError, wordsOf, type WordParams, type Words } from '../core/words';

export const CLI_TEXT = {
  needs_value: { zh: '{name} 需要一个值', en: '{name} needs a value' },
  unknown_option: { zh: '未知选项 {name}', en: 'unknown option {name}' },
  bad_lang: { zh: '--lang 只能是 zh 或 en，不能是“{value}”', en: '--lang must be zh or en, not "{value}"' },
  bad_today: { zh: '--today 应为日期，如 2026-09-01，不能是“{value}”', en: '--today must be a date like 2026-09-01, not "{value}"' },
  out_required: { zh: '需要用 -o 文件.xlsx 指定输出文件', en: '-o FILE.xlsx is required' },
  out_required_docx: { zh: '需要用 -o 文件.docx 指定输出文件', en: '-o FILE.docx is required' },
  expected_one: { zh: '应给出一个{what}，实际给了 {count} 个', en: 'expected one {what}, got {count}' },
  what_validate: { zh: '要检查的 .xlsx 文件', en: 'FILE.xlsx to validate' },
  what_fill: { zh: '要填充的 .xlsx 文件', en: 'FILE.xlsx to fill' },
  unexpected_argument: { zh: '多余的参数 {value}', en: 'unexpected argument {value}' },
  unknown_command: { zh: '未知命令“{value}”', en: 'unknown command "{value}"' },
  no_such_file: { zh: '{path}：文件不存在', en: '{path}: no such file' },
  not_a_file: {
    zh: '{path}：不是普通文件（文件夹、管道或设备无法作为工作簿读取）',
    en: '{path}: not a regular file (a folder, pipe or device cannot be read as a workbook)',
  },
  cannot_open: { zh: '{path}：无法打开（{why}）', en: '{path}: cannot be opened ({why})' },
  corrupt: {
    zh: '{path}：无法读取工作簿（{why}）；文件是否损坏，或设有打开密码？',
    en: '{path}: the workbook cannot be read ({why}); is it a damaged or password-protected .xlsx?',
  },
  package_refused: { zh: '{path}：{why}', en: '{path}: {why}' },
  not_ours: {
    zh: '{path}：不是结对帮扶工作簿，未填写任何内容（{why}）',
    en: '{path}: not a Jiedui workbook, nothing was written ({why})',
  },
  no_worksheets: { zh: '没有工作表', en: 'no worksheets found' },
  out_dir_missing: { zh: '{path}：无法写入，文件夹 {dir} 不存在', en: '{path}: cannot be written, the folder {dir} does not exist' },
  out_is_dir: { zh: '{path}：这是一个文件夹；请给出文件名，如 {example}', en: '{path}: is a folder; give a file name, such as {example}' },
  out_not_writable: { zh: '{path}：无法写入（{why}）', en: '{path}: cannot be written ({why})' },
  why_permission: { zh: '没有权限', en: 'permission denied' },
  why_read_only: { zh: '只读文件系统', en: 'read-only file system' },
  why_no_space: { zh: '磁盘空间不足', en: 'no space left on the disk' },
  why_not_folder: { zh: '路径中有一段不是文件夹', en: 'a part of the path is not a folder' },
  written: { zh: '{path}：写入 {count} 个单元格', en: '{path}: {count} {count|cell|cells} written' },
  new_sheet: { zh: '  新建工作表「{name}」', en: '  new sheet “{name}”' },
  paired: { zh: '  结对：{pair}', en: '  paired: {pair}' },
  did_you_mean: { zh: '；你是不是想输入 {value}？', en: '; did you mean {value}?' },
  paired_why: { zh: '    理由：{why}', en: '    why: {why}' },
} satisfies Words;

export type CliTextKey = keyof typeof CLI_TEXT;
/** Values put into a message; one given in both languages follows the message's. */
export type CliParams = WordParams;

export const cliText = wordsOf(CLI_TEXT);

/** An error of the command line, worded in either language when it is shown. */
export class CliError extends wordedError(cliText) {}

export const USAGE: Record<Lang, string> = {
  en: `Usage:
  jiedui template [--lang zh|en] -o FILE.xlsx     write the shared template
  jiedui validate FILE.xlsx [--json] [--lang zh|en] [--today YYYY-MM-DD]
                                                  check a workbook: exit 0 no errors, 1 errors, 2 unreadable
  jiedui fill FILE.xlsx -o OUT.xlsx [--plan] [--match] [--today YYYY-MM-DD] [--lang zh|en]
                                                  write ids, assessment results, the summary
                                                  (--plan: a term plan into an empty Schedule;
                                                   --match: mentors for unpaired new teachers)
  jiedui demo [--lang zh|en] -o FILE.xlsx         write the demo workbook
  jiedui report FILE.xlsx -o REPORT.docx [--lang zh|en] [--today YYYY-MM-DD]
                                                  write the term report to sign and stamp (exit 2 unreadable)
  jiedui --version                                print the version
`,
  zh: `用法：
  jiedui template [--lang zh|en] -o 文件.xlsx     生成共用模板
  jiedui validate 文件.xlsx [--json] [--lang zh|en] [--today YYYY-MM-DD]
                                                  检查工作簿：退出码 0 无错误，1 有错误，2 无法读取
  jiedui fill 文件.xlsx -o 输出.xlsx [--plan] [--match] [--today YYYY-MM-DD] [--lang zh|en]
                                                  填写编号、考核结果、目标完成情况
                                                  （--plan：向空的活动安排生成学期计划；
                                                   --match：为未结对的新教师推荐指导教师）
  jiedui demo [--lang zh|en] -o 文件.xlsx         生成示例工作簿
  jiedui report 文件.xlsx -o 报告.docx [--lang zh|en] [--today YYYY-MM-DD]
                                                  生成学期报告（供签字盖章；无法读取时退出码 2）
  jiedui --version                                显示版本号
`,
};
