/**
 * The bureau's Totals sheet: the totals table (per school, town or county), the compliance list
 * (schools with open warnings, schools that have not synced), and a block "by school: activities
 * and pass rate" that the chart draws. Built from the worker's answers; written whole on each
 * refresh so it is always one consistent picture with the time it was pulled. The totals table has
 * the figures, then a column per activity type, then each Summary indicator's target, completed
 * and rate (the school's Summary sheet's indicators, summed per town or county), and under it a
 * 合计 / Total row: the county's own figures. Headers come from core's one table of the totals'
 * words (core/bureau-words.ts, as the CSV's with `lang`), rates are percents with one decimal,
 * warnings are in words (core/issue-titles.ts) and times in Beijing time (core/china-time.ts).
 */
import { activityWords, fieldWords, indicatorWords, percent, RATE_FIELDS, TOTAL_ROW, type TotalsField } from '../../core/bureau-words';
import { chinaTime, chinaTimeWords } from '../../core/china-time';
import { warningsInWords } from '../../core/issue-titles';
import { ENUMS } from '../../core/template';
import type { Lang } from '../../core/types';
import type { CellValue } from '../../core/types';
import { TOTALS_INDICATORS, TOTALS_NUMBER_FIELDS, type TotalsNumberField } from '../../core/api/totals-fields';
import type { ReportSheet } from './port';
import type { ComplianceAnswer, GroupBy, TotalsRowOut } from './sync-client';

export const TOTALS_SHEET: Record<Lang, string> = { zh: '汇总', en: 'Totals' };

/** The fields the sheet leads with, after the key and the name: how many schools, how many reported. */
const LEAD: readonly TotalsNumberField[] = ['schools', 'reporting_rate'];

/**
 * The totals table's fields, in its order: the key and the name, LEAD, then the totals' figures in
 * the contract's order (core/api/totals-fields.ts) but the synced rate, which the sheet does not
 * show. Their headers are core's one table of the totals' words.
 */
const FIELDS: TotalsField[] = ['key', 'name', ...LEAD, ...TOTALS_NUMBER_FIELDS.filter((f) => !LEAD.includes(f) && f !== 'synced_rate')];

/** A column of the totals table: its header in each language and its cell of a row. */
interface Column {
  zh: string;
  en: string;
  cell: (r: TotalsRowOut) => CellValue;
}

/** A rate as people read it everywhere (core's `percent`: 0.4286 → 42.9); empty when there is none. */
const pct = (v: unknown): CellValue => percent(v) ?? '';

function cell(field: string, r: TotalsRowOut): CellValue {
  const v = r[field];
  if (RATE_FIELDS.has(field)) return pct(v);
  if (v === null || v === undefined) return '';
  return typeof v === 'number' || typeof v === 'string' ? v : String(v);
}

type IndicatorOut = { target?: number; completed?: number; rate?: number | null };
const indicatorOf = (r: TotalsRowOut, key: string): IndicatorOut | undefined =>
  (r.indicators as Record<string, IndicatorOut> | undefined)?.[key];
const count = (v: unknown): CellValue => (typeof v === 'number' ? v : '');

const COLUMNS: Column[] = [
  ...FIELDS.map((f) => ({ zh: fieldWords(f, 'zh'), en: fieldWords(f, 'en'), cell: (r: TotalsRowOut) => cell(f, r) })),
  // Activities by type: a type no activity had is 0.
  ...ENUMS.activity_type.values.map((v) => ({
    zh: activityWords(v.code, 'zh'),
    en: activityWords(v.code, 'en'),
    cell: (r: TotalsRowOut) => (r.activities_by_type?.[v.code] ?? 0) as CellValue,
  })),
  // Each Summary indicator: target, completed and rate (%), empty when the answer has none.
  ...TOTALS_INDICATORS.flatMap((i) => [
    {
      zh: indicatorWords(i, 'target', 'zh'),
      en: indicatorWords(i, 'target', 'en'),
      cell: (r: TotalsRowOut) => count(indicatorOf(r, i.key)?.target),
    },
    {
      zh: indicatorWords(i, 'completed', 'zh'),
      en: indicatorWords(i, 'completed', 'en'),
      cell: (r: TotalsRowOut) => count(indicatorOf(r, i.key)?.completed),
    },
    {
      zh: indicatorWords(i, 'rate', 'zh'),
      en: indicatorWords(i, 'rate', 'en'),
      cell: (r: TotalsRowOut) => pct(indicatorOf(r, i.key)?.rate),
    },
  ]),
];

const W = {
  compliance: { zh: '合规情况：有警告或未同步的学校', en: 'Compliance: schools with warnings or not synced' },
  complianceHead: {
    zh: ['学校代码', '学校', '乡镇', '已同步', '最近同步（北京时间）', '未解决警告', '警告明细'],
    en: ['School code', 'School', 'Town', 'Synced', 'Last sync (Beijing time)', 'Open warnings', 'Warnings'],
  },
  allClear: { zh: '所有学校均已同步，且没有未解决的警告。', en: 'Every school has synced and none has open warnings.' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
  bySchool: { zh: '按学校：活动与合格率', en: 'By school: activities and pass rate' },
  bySchoolHead: { zh: ['学校', '活动', '合格率(%)'], en: ['School', 'Activities', 'Pass rate (%)'] },
  chart: { zh: '各校活动数与合格率', en: 'Activities and pass rate by school' },
  pulled: { zh: '学期 {term} · 县区 {county} · 按{group} · 拉取于 {at}', en: 'Term {term} · county {county} · by {group} · pulled {at}' },
  group: { zh: { school: '学校', town: '乡镇', county: '县区' }, en: { school: 'school', town: 'town', county: 'county' } },
} as const;

export function totalsReport(opts: {
  lang: Lang;
  term: string;
  county: string;
  groupBy: GroupBy;
  totals: TotalsRowOut[];
  /** Per school, for the chart (the same as `totals` when grouped by school). */
  bySchool: TotalsRowOut[];
  compliance: ComplianceAnswer;
  /** The county's row (the totals grouped by county): the 合计 / Total row under the table, when given. */
  total?: TotalsRowOut;
  /** When the figures were pulled: a UTC ISO time or ms, written in Beijing time. */
  pulledAt: string | number | Date;
}): ReportSheet {
  const { lang } = opts;
  const rows: CellValue[][] = [];
  rows.push(COLUMNS.map((c) => c[lang]));
  for (const r of opts.totals) rows.push(COLUMNS.map((c) => c.cell(r)));
  // The total is the county's own row (people counted once), not a sum of the rows above.
  if (opts.total) rows.push([TOTAL_ROW[lang], ...COLUMNS.slice(1).map((c) => c.cell(opts.total!))]);
  rows.push([]);
  rows.push([W.compliance[lang]]);
  rows.push([...W.complianceHead[lang]]);
  const gaps = opts.compliance.schools.filter((s) => !s.synced || s.open > 0);
  if (gaps.length === 0) rows.push([W.allClear[lang]]);
  for (const s of gaps) {
    rows.push([
      s.code,
      s.name,
      s.town ?? '',
      s.synced ? W.yes[lang] : W.no[lang],
      chinaTime(s.last_sync_at) ?? '',
      s.open,
      warningsInWords(s.warnings, lang),
    ]);
  }
  rows.push([]);
  rows.push([W.bySchool[lang]]);
  const top = rows.length + 1;
  rows.push([...W.bySchoolHead[lang]]);
  for (const r of opts.bySchool) rows.push([r.name || r.key, typeof r.activities === 'number' ? r.activities : 0, pct(r.pass_rate)]);
  const dataRows = opts.bySchool.length + 1;
  rows.push([]);
  rows.push([
    W.pulled[lang]
      .replace('{term}', opts.term)
      .replace('{county}', opts.county)
      .replace('{group}', W.group[lang][opts.groupBy])
      .replace('{at}', chinaTimeWords(opts.pulledAt, lang) ?? String(opts.pulledAt)),
  ]);
  return { name: TOTALS_SHEET[lang], rows, chart: { title: W.chart[lang], top, left: 1, rows: dataRows, cols: 3, anchorCol: 5 } };
}
