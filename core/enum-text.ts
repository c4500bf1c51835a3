/**
 * Enum values as schools write them beyond the listed labels: an activity type with a detail
 * (`示范课（语文）`, `名师讲座：课堂教学艺术`, `送教下乡活动`), and the forms that could be more than one
 * value (`骨干教师` without a level, `讲座` without 专题 or 名师), answered with the values they could be.
 */
import { normalizeLabel } from './normalize';

/** Enums whose cells may carry a detail after the label (DOMAIN "Activity types with a detail"). */
const WITH_DETAIL = new Set(['activity_type']);

/** Forms that name more than one value of an enum: normalised label -> the codes it could be. */
const AMBIGUOUS = new Map<string, Map<string, string[]>>([
  [
    'backbone',
    new Map(
      ['骨干教师', '骨干', '学科带头人', 'backbone', 'backbone teacher'].map((f) => [
        normalizeLabel(f),
        ['school', 'district', 'county', 'city', 'province'],
      ]),
    ),
  ],
  ['activity_type', new Map([[normalizeLabel('讲座'), ['lecture', 'famous_teacher_lecture']]])],
]);

/** The codes an ambiguous form could be, or undefined when the form is not one of them (Maps: `__proto__` is a cell's text too). */
export function ambiguousForms(enumKey: string, normalized: string): string[] | undefined {
  return AMBIGUOUS.get(enumKey)?.get(normalized);
}

/** Where the label ends in `label（detail）`, `label：theme` or `label(…)`: the first bracket or colon. */
function detailStart(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '【' || c === ':' || c === '（' || c === '：') return i;
  }
  return -1;
}

/**
 * The label part of a value with a detail (normalised), or null when there is none to try: the text
 * before a bracket or a colon, then without a trailing 活动. Only for the enums that take a detail.
 */
export function labelCandidates(enumKey: string, text: string): string[] {
  if (!WITH_DETAIL.has(enumKey)) return [];
  const out: string[] = [];
  const n = normalizeLabel(text);
  const cut = detailStart(n);
  const head = cut > 0 ? n.slice(0, cut) : n;
  if (cut > 0) out.push(head);
  if (head.length > 2 && head.endsWith('活动')) out.push(head.slice(0, -2));
  return out;
}
