/** The rule keys of DOMAIN.md with their defaults. A bureau publishes its own values; the Rules sheet wins over both. */
import { nfkc, normalizeLabel } from './normalize';
import { readInt, type Read } from './values';

export interface Rules {
  min_activities_per_month: number;
  min_leaders_meetings_per_term: number;
  min_field_visits_per_term: number;
  min_rotation_teachers_per_year: number;
  mentor_max_mentees: number;
  mentee_min_classes_attended: number;
  mentor_min_classes_attended: number;
  practice_lesson_interval_weeks: number;
  six_ones_intro: number;
  six_ones_report: number;
  six_ones_lecture: number;
  six_ones_unit_analysis: number;
  six_ones_courseware: number;
  six_ones_paper: number;
  mentor_min_demo_lessons: number;
  mentee_max_years_teaching: number;
  /** Month-day, `MM-DD`. Term 1 runs from term1_start of the first year to term1_end of the next. */
  term1_start: string;
  term1_end: string;
  term2_start: string;
  term2_end: string;
}

export type RuleKey = keyof Rules;

export const DEFAULT_RULES: Rules = {
  min_activities_per_month: 1,
  min_leaders_meetings_per_term: 2,
  min_field_visits_per_term: 1,
  min_rotation_teachers_per_year: 2,
  mentor_max_mentees: 2,
  mentee_min_classes_attended: 20,
  mentor_min_classes_attended: 8,
  practice_lesson_interval_weeks: 2,
  six_ones_intro: 1,
  six_ones_report: 1,
  six_ones_lecture: 1,
  six_ones_unit_analysis: 1,
  six_ones_courseware: 3,
  six_ones_paper: 1,
  mentor_min_demo_lessons: 1,
  mentee_max_years_teaching: 3,
  term1_start: '09-01',
  term1_end: '01-31',
  term2_start: '02-01',
  term2_end: '06-30',
};

export const RULE_DESCRIPTIONS: Record<RuleKey, { zh: string; en: string }> = {
  min_activities_per_month: { zh: '每月至少开展活动次数', en: 'Activities per month, at least' },
  min_leaders_meetings_per_term: { zh: '每学期至少召开领导联席会议次数', en: 'Joint leaders meetings per term, at least' },
  min_field_visits_per_term: { zh: '每学期至少跟岗学习次数', en: 'Field visits per term, at least' },
  min_rotation_teachers_per_year: { zh: '每学年至少支教教师人数', en: 'Rotation teachers per school year, at least' },
  mentor_max_mentees: { zh: '每位指导教师最多带徒人数', en: 'Mentees per mentor, at most' },
  mentee_min_classes_attended: { zh: '新教师每学期至少听课节数', en: 'Classes a new teacher attends per term, at least' },
  mentor_min_classes_attended: { zh: '指导教师每学期至少听课节数', en: 'Classes a mentor attends per term, at least' },
  practice_lesson_interval_weeks: { zh: '实践课间隔周数', en: 'Weeks between practice lessons' },
  six_ones_intro: { zh: '“六个一”：入门课', en: 'Six Ones: intro lessons' },
  six_ones_report: { zh: '“六个一”：汇报课', en: 'Six Ones: report lessons' },
  six_ones_lecture: { zh: '“六个一”：讲座', en: 'Six Ones: lectures' },
  six_ones_unit_analysis: { zh: '“六个一”：单元教材分析', en: 'Six Ones: unit analyses' },
  six_ones_courseware: { zh: '“六个一”：课件', en: 'Six Ones: courseware' },
  six_ones_paper: { zh: '“六个一”：论文/反思', en: 'Six Ones: papers' },
  mentor_min_demo_lessons: { zh: '指导教师每学期至少示范课', en: 'Demo lessons a mentor gives per term, at least' },
  mentee_max_years_teaching: { zh: '新教师教龄上限（年）', en: 'Years of teaching that still count as new' },
  term1_start: { zh: '第一学期开始（月-日）', en: 'Term 1 start (MM-DD)' },
  term1_end: { zh: '第一学期结束（月-日）', en: 'Term 1 end (MM-DD)' },
  term2_start: { zh: '第二学期开始（月-日）', en: 'Term 2 start (MM-DD)' },
  term2_end: { zh: '第二学期结束（月-日）', en: 'Term 2 end (MM-DD)' },
};

// ---- the Six Ones as one rule ------------------------------------------------------------------

/** DOMAIN's `six_ones` rule sets the six counts at once; these are its parts, in DOMAIN's order. */
export const SIX_ONES_KEYS = [
  'six_ones_intro',
  'six_ones_report',
  'six_ones_lecture',
  'six_ones_unit_analysis',
  'six_ones_courseware',
  'six_ones_paper',
] as const satisfies readonly RuleKey[];

export type SixOnesKey = (typeof SIX_ONES_KEYS)[number];
export type SixOnes = Pick<Rules, SixOnesKey>;

/** The rule name `six_ones` (a Rules sheet row may name it, or give one of these descriptions). */
export const SIX_ONES_RULE = 'six_ones';
export const SIX_ONES_DESCRIPTION = { zh: '“六个一”', en: 'Six Ones' };
export const SIX_ONES_NAMES = [SIX_ONES_RULE, SIX_ONES_DESCRIPTION.zh, '六个一', SIX_ONES_DESCRIPTION.en];

/** A bureau's values: the rules, and `six_ones` as a Rules sheet writes it (or an object by part). */
export type BureauRules = Partial<Rules> & { six_ones?: unknown };

/** Each part's names: its own, the Assessment column's, and the words people write for it. */
const SIX_ONES_LABELS: Record<SixOnesKey, string[]> = {
  six_ones_intro: ['intro', '入门课', '入门', 'intro lesson', 'intro lessons', 'introductory lesson', 'introductory lessons'],
  six_ones_report: ['report', '汇报课', '汇报', 'report lesson', 'report lessons'],
  six_ones_lecture: ['lecture', '讲座', 'lectures'],
  six_ones_unit_analysis: ['unit_analysis', '单元教材分析', '教材分析', '单元分析', 'unit analysis', 'unit analyses'],
  six_ones_courseware: ['courseware', '课件', 'coursewares'],
  six_ones_paper: ['paper', '论文', '反思', '论文/反思', 'papers', 'reflection', 'reflections', 'paper/reflection'],
};
const SIX_ONES_BY_LABEL = new Map<string, SixOnesKey>();
for (const k of SIX_ONES_KEYS) {
  for (const label of [k, RULE_DESCRIPTIONS[k].zh, RULE_DESCRIPTIONS[k].en, ...SIX_ONES_LABELS[k]]) {
    SIX_ONES_BY_LABEL.set(normalizeLabel(label), k);
  }
}

/** The separators DOMAIN names for lists. */
const LIST_SEPARATORS = /[、,，;；]/;
/** Longest `six_ones` text read: six named parts with their counts fit in far fewer characters. */
const MAX_SIX_ONES_TEXT = 400;
/** Measure words that may stand between a count and its label (`1节入门课`, `3个课件`). */
const MEASURE_WORDS = ['节', '个', '次', '篇', '份', '场', '堂', '套', '节课'];

const failSixOnes = { ok: false as const, expected: 'six_ones' };

function partOf(label: string): SixOnesKey | undefined {
  return SIX_ONES_BY_LABEL.get(normalizeLabel(label).replace(/(?<![:=])[:=]+$/, ''));
}

const isDigitAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * One part of a written list: label then count (`课件3`, `courseware: 3`, `课件 3个`) or count then label
 * (`3个课件`); the part it names and its count, or null when it is neither. One pass to the first digit.
 */
function readPart(text: string): [SixOnesKey, number] | null {
  const s = text.trim();
  let i = 0;
  while (i < s.length && !isDigitAt(s, i)) i++;
  if (i === s.length) return null;
  if (i > 0) {
    const key = partOf(s.slice(0, i).trim());
    const n = readInt(s.slice(i));
    if (key && n.ok && n.value !== null) return [key, n.value];
    return null;
  }
  let j = 0;
  while (j < s.length && isDigitAt(s, j)) j++;
  for (let k = j; k < s.length; k++) if (isDigitAt(s, k)) return null;
  const rest = s.slice(j).trim();
  if (rest !== '') {
    const word = MEASURE_WORDS.find((w) => rest.startsWith(w) && partOf(rest.slice(w.length)));
    const key = partOf(rest) ?? (word ? partOf(rest.slice(word.length)) : undefined);
    if (key) return [key, Number(s.slice(0, j))];
  }
  return null;
}

/**
 * Reads the `six_ones` rule: the six counts named (`入门课1、汇报课1、讲座1、单元教材分析1、课件3、论文1`,
 * `intro 1, report 1, ...`, in any order) or six counts in DOMAIN's order (`1、1、1、1、3、1`), with
 * any of DOMAIN's list separators. Every part once, all six. A bureau may also send the six as an
 * array, or an object by part (`{ courseware: 5 }`: the parts it names). Empty is no value.
 */
export function readSixOnes(v: unknown): Read<Partial<SixOnes> | null> {
  if (v === null || v === undefined) return { ok: true, value: null };
  if (Array.isArray(v)) return sixCounts(v);
  if (typeof v === 'object' && !(v instanceof Date)) {
    const out: Partial<SixOnes> = {};
    for (const [label, count] of Object.entries(v as Record<string, unknown>)) {
      const key = partOf(label);
      const n = readInt(count as never);
      if (!key || !n.ok || n.value === null || key in out) return failSixOnes;
      out[key] = n.value;
    }
    return { ok: true, value: out };
  }
  if (typeof v !== 'string') return failSixOnes;
  if (v.length > MAX_SIX_ONES_TEXT && v.trim().length > MAX_SIX_ONES_TEXT) return failSixOnes;
  const text = nfkc(v).trim();
  if (text === '') return { ok: true, value: null };
  const parts = text
    .split(LIST_SEPARATORS)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  // Six numbers may also stand apart by spaces alone (1 1 1 1 3 1).
  const counts = parts.length === 1 ? parts[0].split(/\s+/) : parts;
  if (counts.length === SIX_ONES_KEYS.length && counts.every((p) => /^\d/.test(p))) {
    const r = sixCounts(counts);
    if (r.ok) return r;
  }
  const out: Partial<SixOnes> = {};
  for (const p of parts) {
    const part = readPart(p);
    if (!part || part[0] in out) return failSixOnes;
    out[part[0]] = part[1];
  }
  return Object.keys(out).length === SIX_ONES_KEYS.length ? { ok: true, value: out } : failSixOnes;
}

function sixCounts(xs: readonly unknown[]): Read<SixOnes> {
  if (xs.length !== SIX_ONES_KEYS.length) return failSixOnes;
  const out = {} as SixOnes;
  for (let i = 0; i < xs.length; i++) {
    const n = readInt(xs[i] as never);
    if (!n.ok || n.value === null) return failSixOnes;
    out[SIX_ONES_KEYS[i]] = n.value;
  }
  return { ok: true, value: out };
}
