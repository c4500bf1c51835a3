/**
 * The rules a bureau publishes for a term and county, and its term locks. Each route's declaration
 * (core/api/route.ts) beside its schemas.
 */
import { z } from 'zod';
import { readRuleValue } from '../read';
import { DEFAULT_RULES, SIX_ONES_KEYS, readSixOnes, type RuleKey, type Rules } from '../rules';
import { Code, Term } from './common';
import { spec } from './route';

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
          ? z
              .number()
              .int()
              .min(k === 'practice_lesson_interval_weeks' ? 1 : 0)
              .max(1000)
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
  .meta({
    description: `The Six Ones at once: ${SIX_ONES_EXPECTED}. Stored as the six six_ones_* keys; a six_ones_* key in the same PUT wins.`,
  });

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

export const LockAnswer = z.object({ term: z.string(), county: z.string(), locked: z.boolean() }).meta({ id: 'LockAnswer' });

export const RulesQuery = z.object({ term: Term, county: z.string().optional().meta({ description: 'County code' }) });

/** POST …/lock and …/unlock: the county, for the admin (a bureau's own by default). */
export const LockQuery = z.object({ county: z.string().optional().meta({ description: 'County code (the admin)' }) });

/** The rules typed by key (RulesValues is made from DEFAULT_RULES's keys, so zod infers only a record). */
export type RulesAnswer = Omit<z.infer<typeof RulesAnswer>, 'rules' | 'overrides'> & { rules: Rules; overrides: Partial<Rules> };
export type LockAnswer = z.infer<typeof LockAnswer>;

export const RULES_ROUTES = {
  rules: spec({
    method: 'get',
    path: '/api/v1/rules',
    summary: 'Rule values for a term and county (defaults where the bureau set none)',
    roles: ['admin', 'bureau', 'school'],
    who: 'any token (a school: its county)',
    query: RulesQuery,
    ok: { status: 200, answer: RulesAnswer },
    errors: [400, 401, 403, 429],
  }),
  rulesPut: spec({
    method: 'put',
    path: '/api/v1/rules',
    summary: 'Set rule values for a term and county',
    roles: ['admin', 'bureau'],
    who: 'bureau; admin',
    body: RulesPut,
    ok: { status: 200, answer: RulesAnswer },
    errors: [400, 401, 403, 404, 413, 415, 429],
  }),
  lock: spec({
    method: 'post',
    path: '/api/v1/terms/:term/lock',
    summary: "Close a term's reporting for the county (syncs answer 423)",
    roles: ['bureau', 'admin'],
    who: 'bureau; admin with ?county=',
    query: LockQuery,
    ok: { status: 200, answer: LockAnswer },
    errors: [400, 401, 403, 404, 429],
  }),
  unlock: spec({
    method: 'post',
    path: '/api/v1/terms/:term/unlock',
    summary: "Reopen a term's reporting",
    roles: ['bureau', 'admin'],
    who: 'bureau; admin with ?county=',
    query: LockQuery,
    ok: { status: 200, answer: LockAnswer },
    errors: [400, 401, 403, 404, 429],
  }),
};
