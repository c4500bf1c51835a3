/**
 * zod schemas of every request and response body. Route handlers validate with them and the
 * OpenAPI document is generated from them, so the two cannot drift apart.
 */
import { z } from 'zod';
import { readRuleValue } from '../../core/read';
import { DEFAULT_RULES, SIX_ONES_KEYS, readSixOnes, type RuleKey } from '../../core/rules';
import { isWellFormed, MAX_ID_LENGTH } from '../../core/row-id';
import { ENUMS, SHEET_BY_KEY } from '../../core/template';
import { SYNC_TABLES } from './tables';

export const MAX_ROWS = 50_000;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Characters one text cell may hold: Excel's own limit. A longer one rejects its row (sync/plan.ts). */
export const MAX_CELL_CHARS = 32_767;

export { isWellFormed };

const NOT_WELL_FORMED = 'not well-formed text: it holds a lone UTF-16 surrogate, which cannot be stored';

/** Text stored as is in a D1 column (a key, a name): refused when it is not well-formed UTF-16. */
const Text = () => z.string().refine(isWellFormed, NOT_WELL_FORMED);

const TERM_RE = /^(\d{4})-(\d{4})-([12])$/;
export const Term = z
  .string()
  .regex(TERM_RE, 'a term like 2026-2027-1')
  .refine((t) => {
    const m = TERM_RE.exec(t);
    return !!m && Number(m[2]) === Number(m[1]) + 1;
  }, 'the second year must follow the first (2026-2027-1)')
  // A year below 1000 matches the pattern but is no school year: core writes its dates with fewer
  // than four digits (999-09-01), which no longer order as dates. A clear 400, not a wrong answer.
  .refine((t) => {
    const m = TERM_RE.exec(t);
    return !m || Number(m[1]) >= 1000;
  }, 'the school year starts in 1000 or later (2026-2027-1)')
  .meta({ description: 'School year and term: 2026-2027-1 (autumn) or 2026-2027-2 (spring)', example: '2026-2027-1' });

export const Code = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or -, at most 32')
  .meta({ example: 'GH01' });

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error' });

export const SchoolCreate = z
  .object({
    code: Code,
    name: Text().trim().min(1).max(100),
    county: Code.meta({ example: 'CTY01' }),
    town: Text().trim().min(1).max(100).optional(),
    level: z.enum(ENUMS.level.values.map((v) => v.code) as [string, ...string[]]).optional(),
  })
  .strict()
  .meta({ id: 'SchoolCreate' });

export const School = SchoolCreate.extend({ created_at: z.string() }).meta({ id: 'School' });

export const CountyName = z
  .object({ name: Text().trim().min(1).max(100).meta({ example: '示范县' }) })
  .strict()
  .meta({ id: 'CountyName' });

export const County = z
  .object({ code: z.string(), name: z.string().nullable(), updated_at: z.string().nullable() })
  .meta({ id: 'County' });

export const Counties = z.object({ counties: z.array(County) }).meta({ id: 'Counties' });

export const TokenCreate = z
  .object({
    role: z.enum(['school', 'bureau']),
    school: Code.optional(),
    county: Code.optional(),
    label: Text().max(200).optional(),
  })
  .strict()
  .meta({ id: 'TokenCreate' });

export const TokenCreated = z
  .object({
    id: z.string(),
    token: z.string().meta({ description: 'Shown once; only its SHA-256 is stored' }),
    role: z.enum(['school', 'bureau']),
    school: z.string().optional(),
    county: z.string().optional(),
  })
  .meta({ id: 'TokenCreated' });

/**
 * A cell value as JSON carries it: dates as ISO text or an Excel serial number. Text is bounded by
 * the body's 8 MB here, not per cell: a text over MAX_CELL_CHARS (Excel's limit) rejects its row
 * only (`sync.cell_too_long`), not the whole batch.
 */
export const Cell = z.union([
  z.string().meta({ description: `At most ${MAX_CELL_CHARS} characters (Excel's limit); a longer text rejects its row (sync.cell_too_long)` }),
  z.number(),
  z.boolean(),
  z.null(),
]);

/** Per-table values by column key, derived from the template so a new column needs no change here. */
export const TableValues = Object.fromEntries(
  SYNC_TABLES.map((t) => [
    t,
    z
      .object(Object.fromEntries(SHEET_BY_KEY[t].columns.map((c) => [c.key, Cell.optional().meta({ description: `${c.en} / ${c.zh}` })])))
      .loose()
      .meta({ id: `Values_${t}` }),
  ]),
) as Record<(typeof SYNC_TABLES)[number], z.ZodObject>;

export const SyncRow = z
  .object({
    table: Text().meta({ description: `A template sheet key: ${SYNC_TABLES.join(', ')}` }),
    id: Text().min(1).max(MAX_ID_LENGTH).meta({ description: 'The row id: 1-200 characters of well-formed text (no lone surrogate)' }),
    base_version: z.number().int().min(0).nullable().optional().meta({ description: 'The version the client last saw; 0 or null for a new row' }),
    deleted: z.boolean().optional(),
    values: z.record(z.string(), Cell).optional().meta({ description: 'Raw cell values by column key (see Values_<table>)' }),
  })
  .strict()
  .meta({ id: 'SyncRow' });

export const SyncRequest = z
  .object({
    batch_id: Text().min(1).max(200),
    term: Term,
    template_version: z.number().int().min(1),
    rows: z.array(SyncRow).max(MAX_ROWS),
    school: Text()
      .min(1)
      .max(100)
      .meta({ description: "The workbook's Program school code; a code other than the token's school (compared as codes are: despite case, spaces and full-width forms) is refused with 409 wrong_school", example: 'GH01' }),
    workbook: Text()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "An id of the sending workbook's sync state (the add-in makes one per workbook), kept with the sync so GET /api/v1/sync/status can say from how many workbooks a school synced" }),
  })
  .strict()
  .meta({ id: 'SyncRequest' });

export const IssueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    sheet: z.string(),
    column: z.string().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .loose()
  .meta({ id: 'Issue' });

export const SyncAnswer = z
  .object({
    batch_id: z.string(),
    revision: z.number().int(),
    applied: z.array(z.object({ table: z.string(), id: z.string(), version: z.number().int() })),
    ignored: z
      .number()
      .int()
      .optional()
      .meta({ description: 'How many applied rows were re-sent unchanged on the server version: kept at that version, not written' }),
    rejected: z.array(z.object({ table: z.string(), id: z.string(), issues: z.array(IssueSchema) })),
    conflicts: z.array(z.object({ table: z.string(), id: z.string(), server_version: z.number().int() })),
  })
  .meta({ id: 'SyncAnswer' });

export const RowsAnswer = z
  .object({
    term: z.string(),
    since: z.number().int(),
    revision: z.number().int(),
    rows: z.array(
      z.object({
        table: z.string(),
        id: z.string(),
        version: z.number().int(),
        revision: z.number().int(),
        deleted: z.boolean(),
        values: z.record(z.string(), Cell),
      }),
    ),
    next: z.string().nullable().describe('Cursor of the next page (pass it as `after`); null on the last page'),
  })
  .meta({ id: 'RowsAnswer' });

export const GroupBy = z.enum(['school', 'town', 'county']);

/** A sum some school's stored values cannot give (past reading, or past 2^53): unknown, not 0. */
const SUM_UNKNOWN = 'null when a school of the group holds a value the sum cannot add (unreadable, infinite, or past 2^53): unknown, never 0';

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
    reporting_rate: z
      .number()
      .nullable()
      .meta({ description: 'Schools with a term report submitted (submitted, returned or approved) over the schools taking part, 4 decimals; null without schools' }),
    warnings: z.number().int(),
    synced_rate: z.number().nullable().meta({ description: 'Schools that synced the term over the schools taking part, 4 decimals; null without schools' }),
    indicators: z
      .record(
        z.string(),
        z.object({
          target: z.number(),
          completed: z.number(),
          rate: z.number().nullable().meta({ description: 'completed / target, 3 decimals as the Summary sheet writes it; null when the target is 0' }),
        }),
      )
      .meta({ description: "Per Summary indicator key (core's `indicators`, in its order): target and completed summed over the group's synced schools" }),
    reports_submitted: z.number().int().meta({ description: 'Schools that submitted a term report (submitted, returned or approved)' }),
    reports_approved: z.number().int().meta({ description: 'Schools whose term report the bureau approved' }),
  })
  .meta({ id: 'TotalsRow' });

/** Schools whose derived figures were still stale when the answer was made (sync/refresh.ts). */
const StaleSchools = z
  .number()
  .int()
  .meta({ description: 'Schools whose warnings and figures are still from older rules (or an earlier day): derived again on the next reads' });

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

/**
 * A month-day rule as `MM-DD`, judged by core's own reader (readRuleValue, parseMonthDay): a day
 * the month does not have (02-30, 04-31) is refused here rather than replaced by the default later.
 */
const monthDay = (k: RuleKey) =>
  z.string().refine((s) => {
    const r = readRuleValue(k, s);
    return r.ok && r.value === s;
  }, 'a real month and day as MM-DD, such as 09-01 (02-30 and 04-31 do not exist; 02-29 does)');
export const RulesValues = z
  .object(
    Object.fromEntries(
      (Object.keys(DEFAULT_RULES) as RuleKey[]).map((k) => [
        k,
        typeof DEFAULT_RULES[k] === 'number'
          ? z.number().int().min(k === 'practice_lesson_interval_weeks' ? 1 : 0).max(1000)
          : monthDay(k),
      ]),
    ),
  )
  .meta({ id: 'Rules' });

/** A count rule's bounds (RulesValues), for each of the Six Ones given at once too. */
const COUNT_MAX = 1000;
const SIX_ONES_EXPECTED =
  'six whole numbers 0-1000 in the order intro, report, lecture, unit analysis, courseware, paper ([1,1,1,1,3,1] or "1、1、1、1、3、1"), or the six named (入门课1、汇报课1、讲座1、单元教材分析1、课件3、论文1 or intro 1, report 1, ...)';

/**
 * `six_ones`: the six Six Ones counts in one value, read as core reads it from a Rules sheet or a
 * bureau's values (core/rules.ts readSixOnes, used by mergeRules): six numbers in DOMAIN's order,
 * or the labelled list. Stored as the six `six_ones_*` keys (below), which GET returns and the
 * add-in pulls.
 */
const sixOnesText = (s: string): boolean => {
  const r = readSixOnes(s);
  if (!r.ok || !r.value) return false;
  const counts = Object.values(r.value);
  return counts.length === SIX_ONES_KEYS.length && counts.every((n) => n <= COUNT_MAX);
};
const SixOnesPut = z
  .union([z.array(z.number().int().min(0).max(COUNT_MAX)).length(6), z.string().refine(sixOnesText, SIX_ONES_EXPECTED)], {
    error: SIX_ONES_EXPECTED,
  })
  .meta({ description: `The Six Ones at once: ${SIX_ONES_EXPECTED}. Stored as the six six_ones_* keys; a six_ones_* key in the same PUT wins.` });

/**
 * A PUT's rules as they are stored: `six_ones` becomes the six `six_ones_*` keys, a `six_ones_*`
 * key the PUT names as well winning over it, as in core's mergeRules.
 */
function splitSixOnes<T extends { six_ones?: unknown }>(rules: T): T {
  if (rules.six_ones === undefined) return rules;
  const { six_ones, ...named } = rules;
  const six = readSixOnes(six_ones);
  return { ...(six.ok ? six.value : {}), ...named } as T;
}

export const RulesPut = z
  .object({
    term: Term,
    county: Code.optional(),
    rules: RulesValues.partial().extend({ six_ones: SixOnesPut.optional() }).strict().overwrite(splitSixOnes),
  })
  .strict()
  .meta({ id: 'RulesPut' });

export const RulesAnswer = z
  .object({
    term: z.string(),
    county: z.string(),
    rules: RulesValues,
    overrides: RulesValues.partial(),
    updated_at: z.string().nullable(),
  })
  .meta({ id: 'RulesAnswer' });

export const LockAnswer = z
  .object({ term: z.string(), county: z.string(), locked: z.boolean() })
  .meta({ id: 'LockAnswer' });

export const WhoAmI = z
  .object({
    role: z.enum(['admin', 'bureau', 'school']),
    token_id: z.string().meta({ description: "The token's id ('admin' for the admin secret)" }),
    county: z.string().optional().meta({ description: "A bureau's or school's county; the admin's only with ?term=&county=" }),
    county_name: z.string().nullable().optional().meta({ description: "A bureau's or school's county: its name, null until one is given" }),
    school: z.string().optional(),
    school_name: z.string().nullable().optional().meta({ description: 'A school token: the registered name' }),
    label: z.string().optional(),
    term: z.string().optional(),
    term_locked: z.boolean().optional().meta({ description: 'With ?term=: whether the bureau closed that term in the county' }),
  })
  .meta({ id: 'WhoAmI' });

/** PUT /api/v1/schools/:code: the fields named change; `town` and `level` may be cleared with null. */
export const SchoolUpdate = z
  .object({
    name: Text().trim().min(1).max(100).optional(),
    town: Text().trim().min(1).max(100).nullable().optional(),
    level: z.enum(ENUMS.level.values.map((v) => v.code) as [string, ...string[]]).nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'name one of name, town, level')
  .meta({ id: 'SchoolUpdate' });

/** POST /api/v1/schools/:code/retire: the first term the school no longer takes part in. */
export const SchoolRetire = z
  .object({ from_term: Term })
  .strict()
  .meta({ id: 'SchoolRetire' });

/** A registered school as PUT and retire answer it. */
export const SchoolRecord = z
  .object({
    code: z.string(),
    name: z.string(),
    county: z.string(),
    town: z.string().nullable(),
    level: z.string().nullable(),
    created_at: z.string(),
    retired_from: z.string().nullable().meta({ description: 'The first term it no longer takes part in (not counted in the totals from then on; its syncs of those terms answer 409 school_retired), or null' }),
  })
  .meta({ id: 'SchoolRecord' });

export const SyncStatus = z
  .object({
    term: z.string(),
    school: z.string(),
    school_name: z.string().nullable(),
    rows: z.number().int().meta({ description: 'Live (not deleted) rows the school holds for the term, every table' }),
    by_table: z.record(z.string(), z.number().int()),
    last_sync_at: z.string().nullable().meta({ description: 'The last sync of the term, UTC ISO time; null if none' }),
    last_sync_local: z.string().nullable().meta({ description: 'The same in Asia/Shanghai, "2026-10-15 14:05", for display' }),
    workbooks: z.number().int().meta({ description: 'How many workbooks (the sync body\'s `workbook`) synced the term' }),
    unnamed_syncs: z.number().int().meta({ description: 'Syncs of the term that named no workbook (other clients, or before workbooks were kept)' }),
  })
  .meta({ id: 'SyncStatus' });

export const RowHistoryAnswer = z
  .object({
    table: z.string(),
    id: z.string(),
    term: z.string(),
    school: z.string(),
    current: z
      .object({ version: z.number().int(), deleted: z.boolean(), updated_at: z.string(), updated_by: z.string() })
      .meta({ description: 'The row as stored now (its values: GET /api/v1/rows)' }),
    history: z.array(
      z
        .object({
          version: z.number().int().meta({ description: 'The old version these values were' }),
          values: z.record(z.string(), Cell).meta({ description: 'Its values as synced' }),
          updated_at: z.string(),
          updated_by: z.string().meta({ description: 'The token id that wrote the old version' }),
          changed_at: z.string().meta({ description: 'When a sync replaced it' }),
          changed_by: z.string().meta({ description: 'The token id of that sync' }),
          deleted: z.boolean().meta({ description: 'Whether it was replaced by a delete' }),
        })
        .meta({ description: 'One old version, newest first' }),
    ),
    next: z.string().nullable().describe('Cursor of the next page (pass it as `after`); null on the last page'),
  })
  .meta({ id: 'RowHistoryAnswer' });
