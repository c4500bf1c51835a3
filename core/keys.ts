/** Ids and codes as the checks compare them: despite case, spaces and full-width forms, as people type them. */
import { normalizeLabel } from './normalize';

/** The normalised id of a cell's typed value; null when it names nothing. */
export function idKey(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : normalizeLabel(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Whether `idKey(v)` is not null: text that is not empty, or a finite number. */
export function hasId(v: unknown): boolean {
  return typeof v === 'string' ? v !== '' : typeof v === 'number' && Number.isFinite(v);
}
