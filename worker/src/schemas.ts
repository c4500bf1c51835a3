/**
 * zod schemas of every request and response body. Route handlers validate with them and the
 * OpenAPI document is generated from them, so the two cannot drift apart.
 */
import { z } from 'zod';
import { DEFAULT_RULES, type RuleKey } from '../../core/rules';
import { ENUMS, SHEET_BY_KEY } from '../../core/template';
import { SYNC_TABLES } from './tables';

export const MAX_ROWS = 50_000;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const TERM_RE = /^(\d{4})-(\d{4})-([12])$/;
export const Term = z
  .string()
  .regex(TERM_RE, 'a term like 2026-2027-1')
  .refine((t) => {
    const m = TERM_RE.exec(t);
    return !!m && Number(m[2]) === Number(m[1]) + 1;
  }, 'the second year must follow the first (2026-2027-1)')
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
    name: z.string().trim().min(1).max(100),
    county: Code.meta({ example: 'CTY01' }),
    town: z.string().trim().min(1).max(100).optional(),
    level: z.enum(ENUMS.level.values.map((v) => v.code) as [string, ...string[]]).optional(),
  })
  .strict()
  .meta({ id: 'SchoolCreate' });

export const School = SchoolCreate.extend({ created_at: z.string() }).meta({ id: 'School' });

export const CountyName = z
  .object({ name: z.string().trim().min(1).max(100).meta({ example: '示范县' }) })
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
    label: z.string().max(200).optional(),
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

/** A cell value as JSON carries it: dates as ISO text or an Excel serial number. */
export const Cell = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

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
    table: z.string().meta({ description: `A template sheet key: ${SYNC_TABLES.join(', ')}` }),
    id: z.string().min(1).max(200),
    base_version: z.number().int().min(0).nullable().optional().meta({ description: 'The version the client last saw; 0 or null for a new row' }),
    deleted: z.boolean().optional(),
    values: z.record(z.string(), Cell).optional().meta({ description: 'Raw cell values by column key (see Values_<table>)' }),
  })
  .strict()
  .meta({ id: 'SyncRow' });

export const SyncRequest = z
  .object({
    batch_id: z.string().min(1).max(200),
    term: Term,
    template_version: z.number().int().min(1),
    rows: z.array(SyncRow).max(MAX_ROWS),
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

export const TotalsRow = z
  .object({
    key: z.string(),
    name: z.string(),
    schools: z.number().int(),
    teachers: z.number().int(),
    partnerships: z.number().int(),
    pairings: z.number().int(),
    mentors: z.number().int(),
    mentees: z.number().int(),
    activities: z.number().int(),
    activities_by_type: z.record(z.string(), z.number().int()),
    months_without_activity: z.number().int(),
    teachers_taking_part: z.number().int(),
    students_taking_part: z.number().int(),
    rotation_teachers: z.number().int(),
    rotation_person_times: z.number().int(),
    donations_yuan: z.number(),
    beneficiaries: z.number().int(),
    assessed: z.number().int(),
    passed: z.number().int(),
    pass_rate: z.number().nullable(),
    reporting_rate: z.number().nullable(),
    warnings: z.number().int(),
  })
  .meta({ id: 'TotalsRow' });

export const TotalsAnswer = z
  .object({ term: z.string(), county: z.string().nullable(), group_by: GroupBy, rows: z.array(TotalsRow) })
  .meta({ id: 'TotalsAnswer' });

export const ComplianceAnswer = z
  .object({
    term: z.string(),
    county: z.string(),
    schools: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        town: z.string().nullable(),
        synced: z.boolean(),
        last_sync_at: z.string().nullable(),
        open: z.number().int(),
        warnings: z.record(z.string(), z.number().int()),
      }),
    ),
    not_synced: z.array(z.object({ code: z.string(), name: z.string() })),
  })
  .meta({ id: 'ComplianceAnswer' });

const MONTH_DAY = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'MM-DD');
export const RulesValues = z
  .object(
    Object.fromEntries(
      (Object.keys(DEFAULT_RULES) as RuleKey[]).map((k) => [
        k,
        typeof DEFAULT_RULES[k] === 'number'
          ? z.number().int().min(k === 'practice_lesson_interval_weeks' ? 1 : 0).max(1000)
          : MONTH_DAY,
      ]),
    ),
  )
  .meta({ id: 'Rules' });

export const RulesPut = z
  .object({ term: Term, county: Code.optional(), rules: RulesValues.partial().strict() })
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
