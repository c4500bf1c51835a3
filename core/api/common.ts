/**
 * What every part of the wire shares: the limits of a request, the term and code formats, the
 * error body, a cell as JSON carries it, an issue. zod schemas: the worker validates with them, the
 * OpenAPI document is generated from them, the pane uses their inferred types (`import type`).
 */
import { z } from 'zod';
import { isWellFormed } from '../row-id';

export const MAX_ROWS = 50_000;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Characters one text cell may hold: Excel's own limit. A longer one rejects its row (sync/plan.ts). */
export const MAX_CELL_CHARS = 32_767;

export { isWellFormed };

const NOT_WELL_FORMED = 'not well-formed text: it holds a lone UTF-16 surrogate, which cannot be stored';

/** Text stored as is in a D1 column (a key, a name): refused when it is not well-formed UTF-16. */
export const Text = () => z.string().refine(isWellFormed, NOT_WELL_FORMED);

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

/**
 * A cell value as JSON carries it: dates as ISO text or an Excel serial number. Text is bounded by
 * the body's 8 MB here, not per cell: a text over MAX_CELL_CHARS (Excel's limit) rejects its row
 * only (`sync.cell_too_long`), not the whole batch.
 */
export const Cell = z.union([
  z
    .string()
    .meta({ description: `At most ${MAX_CELL_CHARS} characters (Excel's limit); a longer text rejects its row (sync.cell_too_long)` }),
  z.number(),
  z.boolean(),
  z.null(),
]);

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

export type ErrorBody = z.infer<typeof ErrorBody>;
export type Cell = z.infer<typeof Cell>;
export type WireIssue = z.infer<typeof IssueSchema>;
