/**
 * Template v1 as data: the one definition of every sheet, column and enum.
 * The template file, dropdown lists, the worker's zod schemas and docs/columns.md are made from it.
 * The types are in template-types.ts, the enums in template-enums.ts, the sheets in template-sheets.ts.
 */
import type { SheetDef, SheetKey } from './template-types';
import { ENUMS } from './template-enums';
import { SHEETS } from './template-sheets';

export * from './template-types';
export { ENUMS, YES_NO } from './template-enums';
export { SHEETS } from './template-sheets';

export const SHEET_BY_KEY: Record<SheetKey, SheetDef> = Object.fromEntries(SHEETS.map((s) => [s.key, s])) as Record<SheetKey, SheetDef>;

export function enumLabel(enumKey: string, code: string, lang: 'zh' | 'en'): string {
  const v = ENUMS[enumKey]?.values.find((x) => x.code === code);
  return v ? v[lang] : code;
}
