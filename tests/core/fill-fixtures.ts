import { SHEET_BY_KEY, type SheetKey } from '../../core/template';
import type { CellValue, SheetInput, WorkbookInput } from '../../core/types';

/** A sheet with Chinese headers from records keyed by column key (missing keys stay empty). */
export function tableSheet(key: SheetKey, records: Record<string, CellValue>[]): SheetInput {
  const def = SHEET_BY_KEY[key];
  return { name: def.zh, values: [def.columns.map((c) => c.zh), ...records.map((r) => def.columns.map((c) => r[c.key] ?? null))] };
}

export function programSheet(values: Record<string, CellValue>): SheetInput {
  const def = SHEET_BY_KEY.program;
  return { name: def.zh, values: [['字段', '值'], ...def.columns.map((c) => [c.zh, values[c.key] ?? null])] };
}

export function rulesSheet(values: Record<string, CellValue>): SheetInput {
  return tableSheet(
    'rules',
    Object.entries(values).map(([rule, value]) => ({ rule, value })),
  );
}

export function workbook(...sheets: SheetInput[]): WorkbookInput {
  return { sheets };
}

export const MENTOR = { title: '高级', backbone_level: '市级', role: '指导教师', years_teaching: 20 };
export const NEWBIE = { title: '初级', backbone_level: '无', role: '新教师', years_teaching: 1 };
