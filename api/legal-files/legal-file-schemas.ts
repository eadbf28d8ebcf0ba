import { z } from 'zod';
import { calendarDate, minorUnits, multiLine, queryText } from '../http/field-schemas';

export const LEGAL_FILE_EVENT_TYPES = ['filed', 'hearing', 'judgment', 'enforcement', 'cost', 'note'] as const;
export const LEGAL_FILE_OUTCOMES = ['paid', 'settled', 'written_off', 'abandoned'] as const;

export const legalFileEventSchema = z
  .object({
    type: z.enum(LEGAL_FILE_EVENT_TYPES),
    date: calendarDate.describe('the day it happened, or the day of a hearing to come (YYYY-MM-DD)'),
    note: multiLine(2000).trim().optional(),
    amount: minorUnits
      .optional()
      .describe(
        "minor units of the invoice's currency: a cost paid, a judgment's award, a sum recovered by enforcement",
      ),
  })
  .strict();

export type LegalFileEventBody = z.infer<typeof legalFileEventSchema>;

export const closeLegalFileSchema = z
  .object({ outcome: z.enum(LEGAL_FILE_OUTCOMES), note: multiLine(2000).trim().optional() })
  .strict();

export const listLegalFilesQuerySchema = z.object({
  status: z
    .enum(['open', 'closed', 'any'])
    .default('open')
    .describe("'open' by default; 'closed'; 'any' for every file"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});
