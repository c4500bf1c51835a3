/**
 * Reading one cell: the readers of values.ts by column type, a required empty cell, a number past
 * its bound, a value outside an open list, and the params of the issue a cell raises.
 */
import type { CellValue, Issue, Lang } from '../types';
import { SHEET_BY_KEY, type ColumnDef, type SheetKey } from '../template';
import {
  displayValue,
  isEnumCode,
  isExcelError,
  readDate,
  readEnum,
  readEnumList,
  readInt,
  readNumber,
  readTerm,
  readText,
  readYesNo,
  type DateContext,
  type Read,
} from '../values';
import { allowedLabels, makeIssue, type IssueCode } from '../messages';

export function readCellValue(col: ColumnDef, v: CellValue, ctx?: DateContext): Read<unknown> {
  switch (col.type) {
    case 'date':
      return readDate(v, ctx);
    case 'int':
      return readInt(v);
    case 'number':
      return readNumber(v);
    case 'yesno':
      return readYesNo(v);
    case 'enum':
      return readEnum(col.enum!, v);
    case 'enum_list':
      return readEnumList(col.enum!, v);
    case 'term':
      return readTerm(v);
    default:
      return readText(v);
  }
}

/** What a cell reads as: its typed value, and the code of the issue it raises (null when none). */
export interface CellOutcome {
  value: unknown;
  code: IssueCode | null;
}

/** The definition of reading one cell of a column. */
export function readCell(def: ColumnDef, v: CellValue, ctx?: DateContext): CellOutcome {
  // An Excel error (#N/A, #REF!...) is no value in any column, not text and not an empty cell.
  if (isExcelError(v)) return { value: null, code: 'cell.excel_error' };
  const r = readCellValue(def, v, ctx);
  if (!r.ok) return { value: null, code: r.code ?? unreadableCode(def) };
  if (r.value === null) return { value: null, code: def.required ? 'cell.required' : null };
  // A number past what can be true (DOMAIN "Numbers people type are bounded"): no sum overflows.
  if (def.max !== undefined && typeof r.value === 'number' && r.value > def.max) return { value: null, code: 'cell.too_large' };
  if (def.type === 'enum' && def.enum && !isEnumCode(def.enum, r.value)) return { value: r.value, code: 'cell.enum_open' };
  return { value: r.value, code: null };
}

/** The issue a cell the column cannot read raises. */
const unreadableCode = (def: ColumnDef): IssueCode => (def.type === 'enum' || def.type === 'enum_list' ? 'cell.enum' : 'cell.type');

const solid = (c: number) => (c > 0x20 && c < 0x7f) || (c >= 0x3400 && c <= 0x9fff);

/**
 * Text that reads as itself in a text column: nothing to trim at either end (printable ASCII or a
 * CJK ideograph there) and not an Excel error (which starts with #). What `readCell` gives it.
 */
function plainText(v: string): boolean {
  return v.length > 0 && v.charCodeAt(0) !== 35 && solid(v.charCodeAt(0)) && solid(v.charCodeAt(v.length - 1));
}

/** Memo entries per column at most: beyond this a column is mostly unique values, not worth keeping. */
const MEMO_LIMIT = 20_000;

/**
 * Reads the cells of one column with `readCell`, remembering what each text or number read as:
 * a column repeats its values (types, statuses, dates, "40人"), and a Map lookup is cheaper than
 * reading a date or a number with its unit again. Free text and ids are mostly unique: not memoised.
 */
export class ColumnReader {
  private readonly memo = new Map<string | number, CellOutcome>();
  private readonly textual: boolean;
  private empty: CellOutcome | undefined;

  constructor(
    readonly def: ColumnDef,
    private readonly ctx?: DateContext,
  ) {
    this.textual = def.type === 'text' || def.type === 'id' || def.type === 'ref';
  }

  /** Whether `v` reads as itself with no issue (plain text in a text column): the common case, with no outcome to make. */
  plain(v: CellValue): v is string {
    return this.textual && typeof v === 'string' && plainText(v);
  }

  read(v: CellValue): CellOutcome {
    if (this.plain(v)) return { value: v, code: null };
    // An empty cell reads the same in every row of a column: worked out once.
    if (v === null || v === undefined) return (this.empty ??= readCell(this.def, null, this.ctx));
    if (this.textual) return readCell(this.def, v, this.ctx);
    if (typeof v !== 'string' && typeof v !== 'number') return readCell(this.def, v, this.ctx);
    let o = this.memo.get(v);
    if (o === undefined) {
      o = readCell(this.def, v, this.ctx);
      if (this.memo.size < MEMO_LIMIT) this.memo.set(v, o);
    }
    return o;
  }
}

/** The form a column's cells take (a key of EXPECTED in messages.ts), by column type. */
const EXPECTED_OF_TYPE: Record<string, string> = {
  date: 'date',
  int: 'int',
  number: 'number',
  yesno: 'yesno',
  enum: 'enum',
  enum_list: 'enum_list',
  term: 'term',
};

/** The params of the issue `code` a cell raised: its column's header, the value, what was expected. */
export function cellIssueParams(
  code: IssueCode,
  def: ColumnDef,
  header: string,
  v: CellValue,
  lang: Lang,
  ctx?: DateContext,
): Record<string, string | number> {
  const params: Record<string, string | number> = { column: header };
  if (code === 'cell.required') return params;
  params.value = displayValue(v);
  if (code === 'cell.excel_error') {
    params.expected = EXPECTED_OF_TYPE[def.type] ?? 'text';
    return params;
  }
  if (code === 'cell.too_large') {
    params.max = def.max!;
    return params;
  }
  const r = code === 'cell.type' || code.startsWith('cell.date_') || code === 'cell.ambiguous' ? readCellValue(def, v, ctx) : null;
  if (r && !r.ok && r.params) Object.assign(params, r.params);
  if (code === 'cell.type') {
    params.expected = r!.ok ? def.type : r!.expected;
  } else if (r) {
    if (!r.ok) params.expected = r.expected;
  } else if (def.enum) {
    params.enum = def.enum;
    params.allowed = allowedLabels(def.enum, lang);
  }
  return params;
}

/** Reads one row given raw values by column key (what the worker receives); issues carry `column`, no row. */
export function readRecord(
  sheet: SheetKey,
  raw: Record<string, CellValue>,
  lang: Lang = 'zh',
  ctx?: DateContext,
): { values: Record<string, unknown>; issues: Issue[] } {
  const def = SHEET_BY_KEY[sheet];
  const values: Record<string, unknown> = {};
  const issues: Issue[] = [];
  if (!def) return { values, issues };
  for (const c of def.columns) {
    const v = raw?.[c.key];
    const { value, code } = readCell(c, v, ctx);
    values[c.key] = value;
    if (code) issues.push(makeIssue(code, sheet, cellIssueParams(code, c, c[lang], v, lang, ctx), { column: c.key }));
  }
  return { values, issues };
}
