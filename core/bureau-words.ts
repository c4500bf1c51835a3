/**
 * The bureau's figures in people's words: one table of the totals' field names in Chinese and
 * English (the Totals sheet's headers and the CSV's with `lang=zh|en`), and one representation of a
 * rate for people: a percent with one decimal (0.4286 → 42.9), under a header that says "(%)".
 * The machine answers (the JSON, the CSV without `lang`) keep the fraction as docs/api.md documents.
 */
import { ENUMS } from './template';
import type { Lang } from './types';
import type { Word as Words } from './words';

/** Every totals field a person reads, by its JSON key. Rates carry "(%)": their cells are `percent`. */
export const TOTALS_WORDS = {
  key: { zh: '代码', en: 'Key' },
  name: { zh: '名称', en: 'Name' },
  county: { zh: '县区', en: 'County' },
  schools: { zh: '学校数', en: 'Schools' },
  reporting_rate: { zh: '上报率(%)', en: 'Reporting rate (%)' },
  synced_rate: { zh: '同步率(%)', en: 'Synced rate (%)' },
  teachers: { zh: '教师', en: 'Teachers' },
  partnerships: { zh: '结对学校', en: 'Partnerships' },
  pairings: { zh: '师徒结对', en: 'Pairings' },
  mentors: { zh: '指导教师', en: 'Mentors' },
  mentees: { zh: '青年教师', en: 'Mentees' },
  activities: { zh: '活动', en: 'Activities' },
  months_without_activity: { zh: '无活动月数', en: 'Months without activity' },
  teachers_taking_part: { zh: '参与教师(人次)', en: 'Teachers taking part' },
  students_taking_part: { zh: '参与学生(人次)', en: 'Students taking part' },
  rotation_teachers: { zh: '支教教师', en: 'Rotation teachers' },
  rotation_person_times: { zh: '支教人次', en: 'Rotation person-times' },
  donations_yuan: { zh: '捐赠(元)', en: 'Donations (yuan)' },
  beneficiaries: { zh: '受助学生', en: 'Beneficiaries' },
  assessed: { zh: '考核人数', en: 'Assessed' },
  passed: { zh: '合格人数', en: 'Passed' },
  pass_rate: { zh: '合格率(%)', en: 'Pass rate (%)' },
  warnings: { zh: '未解决警告', en: 'Open warnings' },
  reports_submitted: { zh: '已提交学期报告', en: 'Reports submitted' },
  reports_approved: { zh: '已通过学期报告', en: 'Reports approved' },
} as const satisfies Record<string, Words>;

export type TotalsField = keyof typeof TOTALS_WORDS;

/** The fields that are rates (a fraction in JSON, a percent for people). */
export const RATE_FIELDS: ReadonlySet<string> = new Set(['pass_rate', 'reporting_rate', 'synced_rate']);

/** The label of the row that totals a sheet: its figures are the county's. */
export const TOTAL_ROW: Words = { zh: '合计', en: 'Total' };

/**
 * A rate for people: the fraction as a percent with one decimal (0.4286 → 42.9, 1 → 100), or null
 * when there is none (no one assessed, a target of 0) or it is not a number.
 */
export function percent(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  // Rounded on the thousandths as integers, so 0.0005 is 0.1 and not 0.0 by a binary fraction's error.
  return Math.round(Number((v * 1000).toPrecision(12))) / 10;
}

/** The header of a field in `lang`; a field the table does not have keeps its key. */
export const fieldWords = (field: string, lang: Lang): string => (TOTALS_WORDS as Record<string, Words>)[field]?.[lang] ?? field;

/** The header of an activity type's count: `活动：讲座`, `Activities: Lecture`. */
export function activityWords(type: string, lang: Lang): string {
  const v = ENUMS.activity_type.values.find((x) => x.code === type);
  const name = v ? v[lang] : type;
  return lang === 'zh' ? `活动：${name}` : `Activities: ${name}`;
}

export type IndicatorPart = 'target' | 'completed' | 'rate';
const PART_WORDS: Record<IndicatorPart, Words> = {
  target: { zh: '目标', en: 'target' },
  completed: { zh: '完成', en: 'completed' },
  rate: { zh: '完成率(%)', en: 'rate (%)' },
};

/** The header of a Summary indicator's part: `师徒结对：完成率(%)`, `Mentees paired: rate (%)`. */
export function indicatorWords(indicator: Words, part: IndicatorPart, lang: Lang): string {
  return lang === 'zh' ? `${indicator.zh}：${PART_WORDS[part].zh}` : `${indicator.en}: ${PART_WORDS[part].en}`;
}
