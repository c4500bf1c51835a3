/**
 * What the Fill panel says about a fill it did not make in full: pure, so node tests read the same
 * words the pane shows. A cell left as a person typed it and a sheet not written to are said apart.
 */
import { formatIssue } from '../../../core/messages';
import { SHEET_BY_KEY, type SheetKey } from '../../../core/template';
import type { Issue, Lang } from '../../../core/types';
import { t } from '../i18n';

export interface RefusedView {
  heading: string;
  items: string[];
}

/** The sheet as the workbook names it: its own name, else the template's in the workbook's language. */
export function workbookSheetName(i: Issue, workbookLang: Lang): string {
  if (i.sheetName) return i.sheetName;
  const def = SHEET_BY_KEY[i.sheet as SheetKey];
  return def ? def[workbookLang] : i.sheet;
}

/**
 * The refusal box: "n cells hold what a person typed" only when every refusal is such a cell;
 * otherwise "not written", each line naming its sheet (in the workbook's language) and why (in the
 * pane's). Null when nothing was refused.
 */
export function refusedView(refused: readonly Issue[], lang: Lang, workbookLang: Lang): RefusedView | null {
  if (refused.length === 0) return null;
  const cells = refused.every((i) => i.code === 'fill.cell_taken');
  const heading = cells ? t(lang, 'refused', { n: refused.length }) : t(lang, 'notWritten', { n: refused.length });
  const sep = lang === 'zh' ? '：' : ': ';
  return { heading, items: refused.map((i) => `${workbookSheetName(i, workbookLang)}${sep}${formatIssue(i, lang)}`) };
}
