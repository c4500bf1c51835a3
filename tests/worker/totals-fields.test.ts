/** The totals' figures are listed once (core/api/totals-fields.ts): they are the contract's TotalsRow number fields, in its order. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TOTALS_NUMBER_FIELDS, TotalsRow } from '../../core/api/totals';
import { NUMBER_FIELDS } from '../../worker/src/totals-row';

const isNumber = (s: z.ZodType): boolean => (s instanceof z.ZodNullable ? isNumber(s.unwrap() as z.ZodType) : s instanceof z.ZodNumber);

describe('the totals number fields', () => {
  it("are TotalsRow's number fields in the schema's order, less the term report counts", () => {
    const numbers = Object.entries(TotalsRow.shape)
      .filter(([k, s]) => isNumber(s) && k !== 'reports_submitted' && k !== 'reports_approved')
      .map(([k]) => k);
    expect([...TOTALS_NUMBER_FIELDS]).toEqual(numbers);
    expect(NUMBER_FIELDS).toBe(TOTALS_NUMBER_FIELDS);
  });
});
