/**
 * Why a file is not a workbook the product can read, and what to do, in Chinese and English: one
 * wording for the CLI and the page's file mode. Pure (no node:), so the page bundles it too.
 */
import type { Lang } from '../core/types';
import { wordedError, wordsOf, type WordParams, type Words } from '../core/words';

const SAVE_AS_XLSX = {
  zh: '在 Excel 中：文件 > 另存为，保存类型选“Excel 工作簿 (*.xlsx)”；在 WPS 中：文件 > 另存为，选“Excel 文件 (*.xlsx)”',
  en: 'in Excel: File > Save As, type "Excel Workbook (*.xlsx)"; in WPS: File > Save As, "Excel file (*.xlsx)"',
};

export const PACKAGE_TEXT = {
  encrypted: {
    zh: '这个工作簿设有打开密码（已加密），无法读取。请去掉密码后再试：在 Excel 中打开它，文件 > 信息 > 保护工作簿 > 用密码进行加密，清空密码并确定，然后保存；在 WPS 中：文件 > 文档加密 > 密码加密，删除打开密码，然后保存',
    en: 'this workbook is password-protected (encrypted) and cannot be read. Remove the password and try again: in Excel, open it, File > Info > Protect Workbook > Encrypt with Password, clear the password, OK, and save; in WPS: File > Document Encryption > Password Encryption, delete the open password, and save',
  },
  xls: {
    zh: `这是旧版 Excel 97-2003 工作簿（.xls），不是 .xlsx（看的是文件内容，不论文件名是什么）。请另存为 .xlsx：${SAVE_AS_XLSX.zh}`,
    en: `this is an old Excel 97-2003 workbook (.xls), not an .xlsx, whatever its name says. Save it as .xlsx: ${SAVE_AS_XLSX.en}`,
  },
  et: {
    zh: '这是 WPS 表格文件（.et），不是 .xlsx（看的是文件内容，不论文件名是什么）。请在 WPS 中打开它：文件 > 另存为，文件类型选“Excel 文件 (*.xlsx)”',
    en: 'this is a WPS Spreadsheets file (.et), not an .xlsx, whatever its name says. Open it in WPS: File > Save As, file type "Excel file (*.xlsx)"',
  },
  xlsb: {
    zh: '这是 Excel 二进制工作簿（.xlsb），不是 .xlsx。请在 Excel 中：文件 > 另存为，保存类型选“Excel 工作簿 (*.xlsx)”',
    en: 'this is an Excel binary workbook (.xlsb), not an .xlsx. In Excel: File > Save As, type "Excel Workbook (*.xlsx)"',
  },
  ods: {
    zh: '这是 OpenDocument 电子表格（.ods），不是 .xlsx。请在 LibreOffice 中：文件 > 另存为，文件类型选“Excel 2007-365 (.xlsx)”（WPS 或 Excel 中：文件 > 另存为 > .xlsx）',
    en: 'this is an OpenDocument spreadsheet (.ods), not an .xlsx. In LibreOffice: File > Save As, file type "Excel 2007-365 (.xlsx)" (in WPS or Excel: File > Save As > .xlsx)',
  },
  numbers: {
    zh: '这是 Apple Numbers 文件（.numbers），不是 .xlsx。请在 Numbers 中：文件 > 导出为 > Excel…，格式选 .xlsx',
    en: 'this is an Apple Numbers file (.numbers), not an .xlsx. In Numbers: File > Export To > Excel…, format .xlsx',
  },
  not_zip: {
    zh: '不是 .xlsx 工作簿（.xlsx 文件是 zip 压缩包，这个文件不是）',
    en: 'not an .xlsx workbook (an .xlsx file is a zip archive; this one is not)',
  },
  not_workbook: {
    zh: '是 zip 压缩包，但其中没有 Excel 工作簿（缺少 {part}）',
    en: 'a zip archive, but no Excel workbook is in it ({part} is missing)',
  },
  part_too_large: {
    zh: '其中的 {part} 解压后有 {size} MB，超过上限 {limit} MB；这不是正常的工作簿（可能是“压缩炸弹”），已停止读取',
    en: 'its part {part} inflates to {size} MB, past the limit of {limit} MB; this is no ordinary workbook (perhaps a zip bomb), reading stopped',
  },
  package_too_large: {
    zh: '各部件解压后合计超过 {limit} MB；这不是正常的工作簿（可能是“压缩炸弹”），已停止读取',
    en: 'its parts inflate to more than {limit} MB in all; this is no ordinary workbook (perhaps a zip bomb), reading stopped',
  },
  part_size_lie: {
    zh: '其中的 {part} 解压后比它声明的 {size} 字节更长；文件已损坏或被篡改，已停止读取',
    en: 'its part {part} inflates past the {size} bytes it declares; the file is damaged or crafted, reading stopped',
  },
  part_loop: {
    zh: '工作表“{sheet}”指向的部件 {part} {why}（部件之间的引用有循环或重复），已停止读取',
    en: 'the sheet "{sheet}" points at the part {part}, {why} (the parts refer to each other in a loop or twice), reading stopped',
  },
  why_is_workbook: { zh: '正是工作簿本身', en: 'which is the workbook itself' },
  why_read_twice: { zh: '已作为另一张工作表读过', en: 'which another sheet already is' },
  why_no_zip_dir: {
    zh: '找不到 zip 目录：文件不完整（下载或复制时中断了）或不是 zip；请重新下载或复制原文件',
    en: 'no zip directory found: the file is cut short (a download or copy that stopped) or not a zip; download or copy it again',
  },
  why_too_short: { zh: '文件太短，不可能是 zip 文件', en: 'too short to be a zip file' },
  why_bad_zip64: { zh: 'zip64 目录损坏', en: 'bad zip64 directory' },
  why_dir_past_end: { zh: 'zip 目录指向文件末尾之外', en: 'the zip directory points past the end of the file' },
  why_bad_entry: { zh: 'zip 目录中有一项损坏', en: 'bad zip directory entry' },
  why_part_past_end: { zh: '{part} 指向文件末尾之外', en: '{part} points past the end of the file' },
  row_out_of_range: {
    zh: '工作表“{sheet}”有行号 {row}，超过 Excel 的最后一行 1048576；文件已损坏或被篡改',
    en: 'the sheet "{sheet}" has a row numbered {row}, past Excel\'s last row, 1048576; the file is damaged or crafted',
  },
  col_out_of_range: {
    zh: '工作表“{sheet}”的单元格 {cell} 超过 Excel 的最后一列 XFD；文件已损坏或被篡改',
    en: 'the sheet "{sheet}" has a cell {cell}, past Excel\'s last column, XFD; the file is damaged or crafted',
  },
  too_many_cells: {
    zh: '工作表“{sheet}”的内容铺开超过 {limit} 个单元格，超出可检查的范围；请删去远处的零散单元格后再试',
    en: 'the sheet "{sheet}" spreads over more than {limit} cells, more than can be checked; delete stray cells far from the data and try again',
  },
  too_many_sheets: {
    zh: '工作簿有 {count} 张工作表，超过上限 {limit}',
    en: 'the workbook has {count} sheets, more than the limit of {limit}',
  },
  bad_zip: { zh: '无法读取工作簿：zip 结构损坏（{why}）', en: 'the workbook cannot be read: its zip structure is damaged ({why})' },
  bad_xml: { zh: '{part} 不是有效的 XML（{why}）', en: '{part} is not well-formed XML ({why})' },
} satisfies Words;

export type PackageTextKey = keyof typeof PACKAGE_TEXT;
export type PackageParams = WordParams;

export const packageText = wordsOf(PACKAGE_TEXT);

/** A file that is not a workbook the product reads, or one it refuses to read on: what and why. */
export class PackageError extends wordedError(packageText) {}

/** Both languages of a why, for a message that wraps it. */
export const bothLangs = (key: PackageTextKey, params: PackageParams = {}): Record<Lang, string> => ({
  zh: packageText(key, 'zh', params),
  en: packageText(key, 'en', params),
});
