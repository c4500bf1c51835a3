/** Finding a template sheet by the name a workbook gives it, and a column's label. */
import type { Lang } from '../types';
import { SHEETS, SHEET_BY_KEY, type SheetKey } from '../template';
import { normalizeLabel } from '../normalize';

/**
 * Longer than any header or sheet name can be (the longest label is under 30 characters; stray spaces
 * and marks allowed): such a cell names no column, found without normalising it.
 */
export const MAX_LABEL = 200;

const SHEET_NAMES = new Map<string, SheetKey>();
for (const s of SHEETS) {
  for (const n of [s.key, s.zh, s.en, ...(s.aliases ?? [])]) SHEET_NAMES.set(normalizeLabel(n), s.key);
}

/** The template sheet a sheet name names: its label, or its label with 表 after it (活动安排表, 师徒结对表). */
export function sheetKeyOf(name: string): SheetKey | undefined {
  if (name.length > MAX_LABEL) return undefined;
  const n = normalizeLabel(name);
  return SHEET_NAMES.get(n) ?? (n.length > 1 && n.endsWith('表') ? SHEET_NAMES.get(n.slice(0, -1)) : undefined);
}

export function columnLabel(sheet: SheetKey, columnKey: string, lang: Lang): string {
  const c = SHEET_BY_KEY[sheet]?.columns.find((col) => col.key === columnKey);
  return c ? c[lang] : columnKey;
}
