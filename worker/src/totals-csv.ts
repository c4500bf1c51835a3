/**
 * The totals as CSV. Without `lang` (machines): the JSON keys as headers (`key`, `pass_rate`,
 * `activities_<type>`, `indicator_<key>_<part>`) and the JSON's values, rates as fractions (0.4286).
 * With `lang=zh|en` (people): the same columns in the same order, headed in that language from
 * core's one table of the totals' words (core/bureau-words.ts, which the Totals sheet uses too), and
 * rates as a percent with one decimal (42.9), as the pane and the Totals sheet show them.
 */
import { activityWords, fieldWords, indicatorWords, percent, RATE_FIELDS, type IndicatorPart } from '../../core/bureau-words';
import type { Lang } from '../../core/types';
import { toCsv } from './csv';
import { REPORT_FIELDS, type WithReports } from './reports/totals';
import { ACTIVITY_TYPES, INDICATORS, NUMBER_FIELDS } from './totals-row';

const INDICATOR_PARTS = ['target', 'completed', 'rate'] as const satisfies readonly IndicatorPart[];

interface CsvColumn {
  key: string;
  words: (lang: Lang) => string;
  cell: (r: WithReports) => unknown;
  rate?: boolean;
}

const COLUMNS: CsvColumn[] = [
  ...(['key', 'name', 'county'] as const).map((f) => ({ key: f, words: (l: Lang) => fieldWords(f, l), cell: (r: WithReports) => r[f] })),
  ...NUMBER_FIELDS.map((f) => ({ key: f, words: (l: Lang) => fieldWords(f, l), cell: (r: WithReports) => r[f], rate: RATE_FIELDS.has(f) })),
  ...ACTIVITY_TYPES.map((t) => ({
    key: `activities_${t}`,
    words: (l: Lang) => activityWords(t, l),
    cell: (r: WithReports) => r.activities_by_type[t] ?? 0,
  })),
  ...INDICATORS.flatMap((i) =>
    INDICATOR_PARTS.map((p) => ({
      key: `indicator_${i.key}_${p}`,
      words: (l: Lang) => indicatorWords(i, p, l),
      cell: (r: WithReports) => r.indicators[i.key]?.[p] ?? null,
      rate: p === 'rate',
    })),
  ),
  ...REPORT_FIELDS.map((f) => ({ key: f, words: (l: Lang) => fieldWords(f, l), cell: (r: WithReports) => r[f] })),
];

/** The CSV's header row: the JSON keys, or the words of `lang`. */
export const totalsCsvHeader = (lang?: Lang): string[] => COLUMNS.map((c) => (lang ? c.words(lang) : c.key));

export function totalsCsv(rows: readonly WithReports[], lang?: Lang): string {
  return toCsv(
    totalsCsvHeader(lang),
    rows.map((r) => COLUMNS.map((c) => (lang && c.rate ? percent(c.cell(r)) : c.cell(r)))),
  );
}
