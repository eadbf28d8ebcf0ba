import { z } from 'zod';
import { calendarDate, minorUnits, multiLine, queryText } from '../http/field-schemas';

export const LEGAL_FILE_EVENT_TYPES = ['filed', 'hearing', 'judgment', 'enforcement', 'cost', 'note'] as const;
export const LEGAL_FILE_OUTCOMES = ['paid', 'settled', 'written_off', 'abandoned'] as const;

/** Only a cost paid and a judgment's award carry an amount; a cost always does. */
const CARRIES_AMOUNT: ReadonlySet<string> = new Set(['cost', 'judgment']);

export const legalFileEventSchema = z
  .object({
    type: z.enum(LEGAL_FILE_EVENT_TYPES),
    date: calendarDate.describe('the day it happened, or the day of a hearing to come (YYYY-MM-DD)'),
    note: multiLine(2000).trim().optional(),
    amount: minorUnits.optional().describe("cost and judgment only: minor units of the invoice's currency"),
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.amount !== undefined && !CARRIES_AMOUNT.has(event.type)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is only allowed with type cost or judgment' });
    }
    if (event.type === 'cost' && event.amount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'is required with type cost' });
    }
  });

export type LegalFileEventBody = z.infer<typeof legalFileEventSchema>;

export const closeLegalFileSchema = z
  .object({ outcome: z.enum(LEGAL_FILE_OUTCOMES), note: multiLine(2000).trim().optional() })
  .strict();

export const listLegalFilesQuerySchema = z.object({
  status: queryText(40).default('open').describe("'open' by default; 'closed'; 'any' for every file"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});
