import { makeIssue } from '../core/messages';
import type { Issue, SheetInput } from '../core/types';
import { cellAddress } from '../core/normalize';
import { decodeRange, inRange, type CellRange } from '../xlsx/ranges';

/**
 * A required cell that reads empty because it is inside a merged range (Excel keeps a merge's value
 * in its top-left cell only) says so, and where the value is: a person sees the value in the merged
 * block and would not otherwise know why the row is reported empty.
 */
export function explainMerged(issues: Issue[], input: { sheets: (SheetInput & { merges?: string[] })[] }): Issue[] {
  const bySheet = new Map<string, CellRange[]>();
  for (const s of input.sheets) {
    const ranges = (s.merges ?? []).map(decodeRange).filter((r): r is CellRange => r !== null);
    if (ranges.length > 0) bySheet.set(s.name, ranges);
  }
  if (bySheet.size === 0) return issues;
  return issues.map((i) => {
    if (i.code !== 'cell.required' || !i.sheetName || !i.row || !i.col) return i;
    const m = bySheet.get(i.sheetName)?.find((r) => inRange(r, i.row!, i.col!) && !(r.top === i.row && r.left === i.col));
    if (!m) return i;
    const { code: _c, severity: _s, params, ...at } = i;
    void _c;
    void _s;
    return makeIssue(
      'cell.required_merged',
      i.sheet,
      { ...params, merge: `${cellAddress(m.top, m.left)}:${cellAddress(m.bottom, m.right)}`, master: cellAddress(m.top, m.left) },
      at,
    );
  });
}
