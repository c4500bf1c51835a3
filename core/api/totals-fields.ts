/**
 * The totals' figures (numbers, null when unknown): TotalsRow's number fields in its order, less the
 * term report counts (which the worker adds to a row after, worker/src/reports/totals.ts). Plain
 * values (no zod), so the pane imports them without the schemas; core/api/totals.ts checks that they
 * are the schema's.
 */
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
