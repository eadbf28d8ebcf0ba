import { z } from 'zod';
import { dateOrInstant, minorUnits, multiLine, queryText, requiredLine } from '../http/field-schemas';

export const CALL_OUTCOMES = [
  'reached',
  'no_answer',
  'wrong_number',
  'promise_to_pay',
  'dispute',
  'paid_already',
] as const;

export const completeTaskSchema = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    note: multiLine(2000).trim().optional(),
    promisedDate: dateOrInstant.optional(),
    promisedAmount: minorUnits.optional(),
    disputeReason: requiredLine(500).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const promise = body.outcome === 'promise_to_pay';
    const dispute = body.outcome === 'dispute';
    if (promise && body.promisedDate === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['promisedDate'],
        message: 'is required when the outcome is promise_to_pay',
      });
    }
    if (!promise && body.promisedDate !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['promisedDate'], message: 'is only allowed with outcome promise_to_pay' });
    }
    if (!promise && body.promisedAmount !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['promisedAmount'],
        message: 'is only allowed with outcome promise_to_pay',
      });
    }
    if (dispute && body.disputeReason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['disputeReason'], message: 'is required when the outcome is dispute' });
    }
    if (!dispute && body.disputeReason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['disputeReason'], message: 'is only allowed with outcome dispute' });
    }
  });

export type CompleteTaskBody = z.infer<typeof completeTaskSchema>;

export const listTasksQuerySchema = z.object({
  status: z.enum(['open', 'done', 'closed']).optional(),
  kind: queryText(40).optional(),
  owner: queryText(100).optional(),
  invoiceId: queryText(100).optional(),
  dueBefore: dateOrInstant.optional().describe('due at or before this date (end of day, UTC) or instant'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});
