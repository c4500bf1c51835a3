/**
 * What the totals list, once, for the worker (the JSON and CSV) and the pane (the Totals sheet): the
 * figures (numbers, null when unknown), which are TotalsRow's number fields in its order less the
 * term report counts (added to a row after, worker/src/reports/totals.ts), and the Summary's
 * indicators. Without zod, so the pane imports them without the schemas; core/api/totals.ts checks
 * that the figures are the schema's.
 */
import { indicators } from '../fill/summary';
import { DEFAULT_RULES } from '../rules';

export const TOTALS_NUMBER_FIELDS = [
  'schools',
  'teachers',
  'partnerships',
  'pairings',
  'mentors',
  'mentees',
  'activities',
  'months_without_activity',
  'teachers_taking_part',
  'students_taking_part',
  'rotation_teachers',
  'rotation_person_times',
  'donations_yuan',
  'beneficiaries',
  'assessed',
  'passed',
  'pass_rate',
  'reporting_rate',
  'warnings',
  'synced_rate',
] as const;

export type TotalsNumberField = (typeof TOTALS_NUMBER_FIELDS)[number];

/** The Summary's indicators the totals carry, in its order, with their names: core's `indicators` over an empty workbook. */
export const TOTALS_INDICATORS: readonly { key: string; zh: string; en: string }[] = indicators(
  {
    lang: 'zh',
    sheets: {},
    issues: [],
    rules: DEFAULT_RULES,
    program: { school_code: null, school_name: null, county: null, town: null, school_level: null, term: null },
  },
  '2000-01-01',
).map(({ key, zh, en }) => ({ key, zh, en }));
