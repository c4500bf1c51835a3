/**
 * The bureau's figures: the totals per school, town or county, and the compliance list. Each
 * route's declaration (core/api/route.ts) beside its schemas.
 */
import { z } from 'zod';
import { Term } from './common';
import { spec } from './route';
import { TOTALS_NUMBER_FIELDS, type TotalsNumberField } from './totals-fields';

export { TOTALS_NUMBER_FIELDS, type TotalsNumberField };

export const GroupBy = z.enum(['school', 'town', 'county']);

/** A sum some school's stored values cannot give (past reading, or past 2^53): unknown, not 0. */
const SUM_UNKNOWN =
  'null when a school of the group holds a value the sum cannot add (unreadable, infinite, or past 2^53): unknown, never 0';

export const TotalsRow = z
  .object({
    key: z.string().meta({
      description: "The school's code, the county's code, or for a town `<county>/<town>` (towns of one name in two counties are two rows)",
    }),
    name: z.string().meta({ description: "The school's name, the town, or the county's name (its code until it has one)" }),
    county: z.string().meta({ description: 'The county code of the school, town or county' }),
    schools: z.number().int(),
    teachers: z.number().int(),
    partnerships: z.number().int(),
    pairings: z.number().int(),
    mentors: z.number().int(),
    mentees: z.number().int(),
    activities: z.number().int(),
    activities_by_type: z.record(z.string(), z.number().int()),
    months_without_activity: z.number().int(),
    teachers_taking_part: z.number().int().nullable().meta({ description: SUM_UNKNOWN }),
    students_taking_part: z.number().int().nullable().meta({ description: SUM_UNKNOWN }),
    rotation_teachers: z.number().int(),
    rotation_person_times: z.number().int(),
    donations_yuan: z.number().nullable().meta({ description: SUM_UNKNOWN }),
    beneficiaries: z.number().int().nullable().meta({ description: SUM_UNKNOWN }),
    assessed: z.number().int(),
    passed: z.number().int(),
    pass_rate: z.number().nullable(),
    reporting_rate: z.number().nullable().meta({
      description:
        'Schools with a term report submitted (submitted, returned or approved) over the schools taking part, 4 decimals; null without schools',
    }),
    warnings: z.number().int(),
    synced_rate: z
      .number()
      .nullable()
      .meta({ description: 'Schools that synced the term over the schools taking part, 4 decimals; null without schools' }),
    indicators: z
      .record(
        z.string(),
        z.object({
          target: z.number(),
          completed: z.number(),
          rate: z
            .number()
            .nullable()
            .meta({ description: 'completed / target, 3 decimals as the Summary sheet writes it; null when the target is 0' }),
        }),
      )
      .meta({
        description:
          "Per Summary indicator key (core's `indicators`, in its order): target and completed summed over the group's synced schools",
      }),
    reports_submitted: z.number().int().meta({ description: 'Schools that submitted a term report (submitted, returned or approved)' }),
    reports_approved: z.number().int().meta({ description: 'Schools whose term report the bureau approved' }),
  })
  .meta({ id: 'TotalsRow' });

/** Schools whose derived figures were still stale when the answer was made (sync/refresh.ts). */
const StaleSchools = z.number().int().meta({
  description: 'Schools whose warnings and figures are still from older rules (or an earlier day): derived again on the next reads',
});

export const TotalsAnswer = z
  .object({
    term: z.string(),
    county: z.string().nullable(),
    group_by: GroupBy,
    today: z.string().meta({ description: 'The date (China) the answer judges held activities and ended months on' }),
    stale_schools: StaleSchools,
    rows: z.array(TotalsRow),
  })
  .meta({ id: 'TotalsAnswer' });

export const ComplianceAnswer = z
  .object({
    term: z.string(),
    county: z.string(),
    stale_schools: StaleSchools,
    schools: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        town: z.string().nullable(),
        synced: z.boolean(),
        last_sync_at: z.string().nullable(),
        last_sync_local: z.string().nullable().meta({ description: 'The last sync in Asia/Shanghai, "2026-10-16 04:32", for display' }),
        open: z.number().int(),
        warnings: z.record(z.string(), z.number().int()),
        warning_details: z
          .array(
            z.object({
              code: z.string(),
              count: z.number().int(),
              zh: z.string().meta({ description: "The code's title in Chinese, e.g. 教师不在任何师徒结对中，不参加考核" }),
              en: z.string().meta({ description: "The code's title in English, e.g. A teacher in no pairing, so not assessed" }),
            }),
          )
          .meta({ description: '`warnings` again, by code, with each code in words' }),
      }),
    ),
    not_synced: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .meta({ id: 'ComplianceAnswer' });

export const TotalsQuery = z.object({
  term: Term,
  county: z.string().optional().meta({ description: "County code (a bureau's own by default; the admin may omit it for all)" }),
  group_by: GroupBy.default('school').meta({ description: 'school | town | county (default school)' }),
  format: z.enum(['json', 'csv']).default('json').meta({ description: 'json | csv (default json)' }),
  lang: z.enum(['zh', 'en']).optional().meta({
    description: 'zh | en: CSV headed in that language, rates as percents with one decimal (default: JSON keys, rates as fractions)',
  }),
});

export const ComplianceQuery = z.object({ term: Term, county: z.string().optional().meta({ description: 'County code' }) });

export type GroupBy = z.infer<typeof GroupBy>;
export type TotalsRow = z.infer<typeof TotalsRow>;
export type TotalsAnswer = z.infer<typeof TotalsAnswer>;

/** TotalsRow's fields that are numbers (or null), but the report counts: what TOTALS_NUMBER_FIELDS must be. */
type NumberFieldsOfRow = Exclude<
  { [K in keyof TotalsRow]-?: TotalsRow[K] extends number | null ? K : never }[keyof TotalsRow],
  'reports_submitted' | 'reports_approved'
>;
/** Fails to compile when TOTALS_NUMBER_FIELDS and TotalsRow's number fields part (tests/worker/totals-fields.test.ts checks the order). */
const sameFields: [TotalsNumberField] extends [NumberFieldsOfRow]
  ? [NumberFieldsOfRow] extends [TotalsNumberField]
    ? true
    : never
  : never = true;
void sameFields;
export type ComplianceAnswer = z.infer<typeof ComplianceAnswer>;
export type ComplianceSchool = ComplianceAnswer['schools'][number];

export const TOTALS_ROUTES = {
  totals: spec({
    method: 'get',
    path: '/api/v1/totals',
    summary: 'Figures per school, town or county (JSON, or CSV for Excel)',
    roles: ['bureau', 'admin'],
    who: 'bureau of the county; admin',
    query: TotalsQuery,
    ok: { status: 200, answer: TotalsAnswer, csv: true },
    errors: [400, 401, 403, 429],
  }),
  compliance: spec({
    method: 'get',
    path: '/api/v1/compliance',
    summary: "Each school's open warnings by code, and the schools that have not synced",
    roles: ['bureau', 'admin'],
    who: 'bureau; admin with county',
    query: ComplianceQuery,
    ok: { status: 200, answer: ComplianceAnswer },
    errors: [400, 401, 403, 429],
  }),
};
