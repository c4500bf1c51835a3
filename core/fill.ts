/**
 * Fills: what the product writes into a workbook, as cell writes. They touch only the columns and
 * sheets the product owns (Assessment results, Summary), empty id cells, and new rows it appends;
 * never a value a person typed.
 */
import { readWorkbook, type WorkbookRead } from './read';
import type { Rules } from './rules';
import type { CellWrite, WorkbookInput } from './types';
import { applyToInput } from './fill/apply-input';
import { fillAssessment } from './fill/assessment';
import { fillIds } from './fill/ids';
import { acceptSuggestions, suggestMentors } from './fill/match';
import { planTerm } from './fill/plan';
import { fillSummary } from './fill/summary';
import { mergeFills } from './fill/target';
import type { FillResult, PairingSuggestion } from './fill/types';

export type { FillResult, NewSheet, PairingSuggestion, SuggestionReason } from './fill/types';
export { suggestionPair, suggestionSentence, suggestionWhy } from './fill/explain';
export { fillAssessment, scoreRow, requirements } from './fill/assessment';
export { fillSummary, indicators } from './fill/summary';
export { planTerm } from './fill/plan';
export { suggestMentors, acceptSuggestions, solveMatch, objectiveOf } from './fill/match';
export { fillIds, ID_FORMAT } from './fill/ids';
export { applyToInput } from './fill/apply-input';

/** Later writes to the same cell win: the result holds each cell once, in write order. */
function dedupe(writes: CellWrite[]): CellWrite[] {
  const at = new Map<string, number>();
  const out: CellWrite[] = [];
  for (const w of writes) {
    const k = `${w.sheetName}\u0000${w.row}\u0000${w.col}`;
    const i = at.get(k);
    if (i === undefined) {
      at.set(k, out.length);
      out.push(w);
    } else out[i] = w;
  }
  return out;
}

/**
 * Every fill in order, each reading the workbook as the previous ones left it: ids, then (when
 * asked) the term plan and the accepted mentor suggestions, then Assessment, then Summary, so the
 * summary counts the pairings just made.
 */
export function fillAll(
  input: WorkbookInput,
  opts: { today: string; plan?: boolean; match?: boolean; bureauRules?: Partial<Rules> },
): FillResult {
  const read = (i: WorkbookInput): WorkbookRead => readWorkbook(i, { bureauRules: opts.bureauRules });
  let current = input;
  let r = read(current);
  const steps: FillResult[] = [];
  const step = (f: FillResult) => {
    steps.push(f);
    if (f.writes.length > 0 || f.newSheets.length > 0) {
      current = applyToInput(current, f);
      r = read(current);
    }
  };
  step(fillIds(r));
  if (opts.plan) step(planTerm(r, { today: opts.today }));
  if (opts.match) {
    const suggestions = suggestMentors(r);
    const accepted = acceptSuggestions(r, suggestions);
    // Suggestions refused (Pairings cannot be written) were not made: none is reported as paired.
    step({ ...accepted, suggestions: accepted.refused.length > 0 ? [] : suggestions });
  }
  step(fillAssessment(r));
  step(fillSummary(r, { today: opts.today }));
  const all = mergeFills(...steps);
  return { ...all, writes: dedupe(all.writes) };
}

/**
 * The suggestions a person accepted, written as Pairings rows, then Assessment and Summary worked
 * out again over the workbook as those rows leave it: the Summary counts the pairs just made.
 */
export function fillAccepted(
  input: WorkbookInput,
  accepted: PairingSuggestion[],
  opts: { today: string; bureauRules?: Partial<Rules> },
): FillResult {
  const read = (i: WorkbookInput): WorkbookRead => readWorkbook(i, { bureauRules: opts.bureauRules });
  const pairs = acceptSuggestions(read(input), accepted);
  if (pairs.refused.length > 0 || pairs.writes.length === 0) return pairs;
  const current = applyToInput(input, pairs);
  const r1 = read(current);
  const assessment = fillAssessment(r1);
  const after = assessment.writes.length > 0 || assessment.newSheets.length > 0 ? applyToInput(current, assessment) : current;
  const all = mergeFills(pairs, assessment, fillSummary(read(after), { today: opts.today }));
  return { ...all, writes: dedupe(all.writes) };
}
