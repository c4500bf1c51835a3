/**
 * What this Excel cannot do, from its requirement sets, as the one line the pane shows under the
 * mode (nothing on a host that has everything that line is about). Check, marks, Clear marks,
 * every fill, sync and the bureau's totals work from ExcelApi 1.1 (Excel 2016) on; what differs is
 * listed here, each with what to do instead.
 */
import type { Lang } from '../../core/types';
import { t } from './i18n';
import { GUARDS } from './office-apis';

export type HostLimit = 'noLiveCheck' | 'noNotes' | 'noUndoGroup' | 'noDropdowns' | 'stateVisible';

/** `supported(v)`: whether the host has ExcelApi `v` (Office.context.requirements.isSetSupported). */
export function hostLimits(supported: (version: string) => boolean): HostLimit[] {
  const out: HostLimit[] = [];
  if (!supported(GUARDS.supportsChangeEvents)) out.push('noLiveCheck');
  if (!supported(GUARDS.supportsNotes)) out.push('noNotes');
  if (!supported(GUARDS.supportsUndoGroup)) out.push('noUndoGroup');
  if (!supported(GUARDS.supportsDataValidation)) out.push('noDropdowns');
  if (!supported(GUARDS.supportsSheetFormat)) out.push('stateVisible');
  return out;
}

const KEYS = {
  noLiveCheck: 'limitNoLiveCheck',
  noNotes: 'limitNoNotes',
  noUndoGroup: 'limitNoUndoGroup',
  noDropdowns: 'limitNoDropdowns',
  stateVisible: 'limitStateVisible',
} as const;

/** The pane's one line, or null where nothing is missing. */
export function limitsLine(lang: Lang, limits: HostLimit[]): string | null {
  if (limits.length === 0) return null;
  const parts = limits.map((l) => t(lang, KEYS[l]));
  return t(lang, 'hostLimits', { limits: parts.join(lang === 'zh' ? '；' : '; ') });
}
