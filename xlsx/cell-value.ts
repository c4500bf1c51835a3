import type { CellValue } from '../core/types';

/** A date as ISO `YYYY-MM-DD`: ExcelJS builds dates at UTC midnight, so the UTC fields are the typed day. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}

/**
 * One ExcelJS cell value as the core reads it: rich text joined, formulas by their cached result,
 * hyperlinks by their text, errors by their code (`#N/A`), dates as ISO days.
 */
export function normalizeCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : isoDay(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return normalizeCellValue(o.result);
    if ('error' in o) return String(o.error);
    if ('text' in o) return normalizeCellValue(o.text);
  }
  return String(v);
}
