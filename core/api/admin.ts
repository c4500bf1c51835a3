/**
 * Schools, counties, tokens and whoami: the admin's and the bureau's registry, and what a token is.
 * Each route's declaration (core/api/route.ts) beside the schemas it takes and answers.
 */
import { z } from 'zod';
import { ENUMS } from '../template';
import { Code, Term, Text } from './common';
import { spec } from './route';

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

export const County = z.object({ code: z.string(), name: z.string().nullable(), updated_at: z.string().nullable() }).meta({ id: 'County' });

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
    level: z
      .enum(ENUMS.level.values.map((v) => v.code) as [string, ...string[]])
      .nullable()
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'name one of name, town, level')
  .meta({ id: 'SchoolUpdate' });

/** POST /api/v1/schools/:code/retire: the first term the school no longer takes part in. */
export const SchoolRetire = z.object({ from_term: Term }).strict().meta({ id: 'SchoolRetire' });

/** A registered school as PUT and retire answer it. */
export const SchoolRecord = z
  .object({
    code: z.string(),
    name: z.string(),
    county: z.string(),
    town: z.string().nullable(),
    level: z.string().nullable(),
    created_at: z.string(),
    retired_from: z.string().nullable().meta({
      description:
        'The first term it no longer takes part in (not counted in the totals from then on; its syncs of those terms answer 409 school_retired), or null',
    }),
  })
  .meta({ id: 'SchoolRecord' });

export const WhoAmIQuery = z.object({
  term: Term.optional().meta({ description: 'Term id: adds term_locked' }),
  county: z.string().optional().meta({ description: 'County code (the admin, with term)' }),
});

export type School = z.infer<typeof School>;
export type SchoolRecord = z.infer<typeof SchoolRecord>;
export type County = z.infer<typeof County>;
export type Counties = z.infer<typeof Counties>;
export type TokenCreated = z.infer<typeof TokenCreated>;
export type WhoAmI = z.infer<typeof WhoAmI>;

const SCHOOL_OF_COUNTY = "admin; bureau for a school of its county (another county's school is a 404, as a missing one)";

export const ADMIN_ROUTES = {
  schoolCreate: spec({
    method: 'post',
    path: '/api/v1/schools',
    summary: 'Register a school',
    roles: ['admin', 'bureau'],
    who: 'admin; bureau inside its county',
    body: SchoolCreate,
    ok: { status: 201, answer: School },
    errors: [400, 401, 403, 409, 413, 415, 429],
  }),
  schoolUpdate: spec({
    method: 'put',
    path: '/api/v1/schools/:code',
    summary: "Change a school's name, town or level (the fields named; town and level may be null); audited with old and new values",
    roles: ['admin', 'bureau'],
    who: SCHOOL_OF_COUNTY,
    body: SchoolUpdate,
    ok: { status: 200, answer: SchoolRecord },
    errors: [400, 401, 403, 404, 413, 415, 429],
  }),
  schoolRetire: spec({
    method: 'post',
    path: '/api/v1/schools/:code/retire',
    summary:
      'Retire a school from a term on: not counted in the totals of that term and later ones, its syncs of them answer 409 school_retired; its rows and earlier totals stay',
    roles: ['admin', 'bureau'],
    who: SCHOOL_OF_COUNTY,
    body: SchoolRetire,
    ok: { status: 200, answer: SchoolRecord },
    errors: [400, 401, 403, 404, 413, 415, 429],
  }),
  schoolUnretire: spec({
    method: 'post',
    path: '/api/v1/schools/:code/unretire',
    summary: 'Reverse a retirement: the school counts again in every term',
    roles: ['admin', 'bureau'],
    who: SCHOOL_OF_COUNTY,
    ok: { status: 200, answer: SchoolRecord },
    errors: [401, 403, 404, 429],
  }),
  countyName: spec({
    method: 'put',
    path: '/api/v1/counties/:code',
    summary: 'Name a county (shown by the totals and whoami)',
    roles: ['admin', 'bureau'],
    who: 'admin; bureau for its own county',
    body: CountyName,
    ok: { status: 200, answer: County },
    errors: [400, 401, 403, 413, 415, 429],
  }),
  counties: spec({
    method: 'get',
    path: '/api/v1/counties',
    summary: 'Counties and their names: the admin every one, anyone else their own',
    roles: ['admin', 'bureau', 'school'],
    who: 'any token',
    ok: { status: 200, answer: Counties },
    errors: [401, 429],
  }),
  tokenCreate: spec({
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Issue a token (shown once)',
    roles: ['admin', 'bureau'],
    who: 'admin; bureau for schools of its county',
    body: TokenCreate,
    ok: { status: 201, answer: TokenCreated },
    errors: [400, 401, 403, 404, 413, 415, 429],
  }),
  tokenRevoke: spec({
    method: 'delete',
    path: '/api/v1/tokens/:id',
    summary: 'Revoke a token; it fails with 401 from then on',
    roles: ['admin', 'bureau'],
    who: 'admin; bureau for school tokens of its county',
    ok: { status: 204 },
    errors: [401, 403, 404, 429],
  }),
  whoami: spec({
    method: 'get',
    path: '/api/v1/whoami',
    summary: "The token's role and scope; with ?term= whether the county's term is locked",
    roles: ['admin', 'bureau', 'school'],
    who: 'any token',
    query: WhoAmIQuery,
    ok: { status: 200, answer: WhoAmI },
    errors: [400, 401, 403, 429],
  }),
};
