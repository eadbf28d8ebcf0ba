import { z } from 'zod';
import { isCalendarDate } from '../domain/due-moment';
import type { DunningStage } from '../workflows/messages';

export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a real calendar date');
export const rfc3339 = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 instant with a timezone' });
export const minorUnits = z
  .number()
  .int('must be an integer in minor units')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'may hold letters, digits, . _ : -');

export const createInvoiceSchema = z
  .object({
    id: identifier,
    customer: z
      .object({
        id: identifier,
        name: z.string().trim().min(1).max(200),
        email: z.email(),
        phone: z
          .string()
          .regex(/^\+?[0-9 ().-]{6,20}$/, 'must be a phone number')
          .optional(),
        locale: z
          .string()
          .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as fr or fr-FR')
          .default('fr-FR'),
        timezone: z.string().min(1).default('Europe/Paris'),
        country: z
          .string()
          .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as FR')
          .default('FR'),
      })
      .strict(),
    amount: minorUnits,
    currency,
    issueDate: calendarDate,
    dueDate: z.union([calendarDate, rfc3339], { message: 'must be a date YYYY-MM-DD or an RFC 3339 instant' }),
    policyId: z.string().min(1).max(64).optional(),
  })
  .strict();

export type CreateInvoiceBody = z.infer<typeof createInvoiceSchema>;

export const paymentSchema = z
  .object({
    paymentId: identifier,
    amount: minorUnits,
    currency,
    receivedAt: rfc3339,
    method: z.string().max(50).optional(),
    reference: z.string().max(200).optional(),
  })
  .strict();

export const paymentReversalSchema = z
  .object({ paymentId: identifier, reason: z.string().trim().min(1).max(500) })
  .strict();

const dateOrInstant = z.union([calendarDate, rfc3339], { message: 'must be a date YYYY-MM-DD or an RFC 3339 instant' });
const queryAmount = z.coerce.number().int('must be an integer in minor units').min(0);

export const listInvoicesQuerySchema = z
  .object({
    status: z.enum(['open', 'paid', 'cancelled', 'written_off', 'handed_to_legal']).optional(),
    stage: z
      .enum([
        'scheduled',
        'reminding',
        'calling',
        'letter',
        'formal_notice',
        'legal',
        'instalment_plan',
        'promise_to_pay',
        'disputed',
        'paused',
        'paid',
        'cancelled',
        'written_off',
        'handed_to_legal',
      ] satisfies DunningStage[])
      .optional(),
    customerId: z.string().max(100).optional(),
    overdueSince: dateOrInstant.optional().describe('due on or before this date or instant'),
    minDaysOverdue: z.coerce.number().int().min(0).max(36500).optional(),
    minAmount: queryAmount.optional().describe('balance at least, in minor units'),
    maxAmount: queryAmount.optional().describe('balance at most, in minor units'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => q.minAmount === undefined || q.maxAmount === undefined || q.minAmount <= q.maxAmount, {
    path: ['maxAmount'],
    message: 'must not be below minAmount',
  });

const reason = z.string().trim().min(1).max(500);
const actor = z.string().trim().min(1).max(100);

export const instalmentPlanSchema = z
  .object({
    instalments: z
      .array(z.object({ dueDate: dateOrInstant, amount: minorUnits }).strict())
      .min(1, 'must hold at least one instalment')
      .max(60, 'may hold at most 60 instalments'),
    agreedBy: actor.optional(),
  })
  .strict();

export const disputeSchema = z.object({ reason, raisedBy: actor.optional() }).strict();

export const disputeResolutionSchema = z
  .object({
    outcome: z.enum(['rejected', 'upheld', 'partially_upheld']),
    creditAmount: minorUnits.optional(),
    note: z.string().max(1000).optional(),
    resolvedBy: actor.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.outcome === 'partially_upheld' && body.creditAmount === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['creditAmount'],
        message: 'is required when the dispute is partially upheld',
      });
    }
    if (body.outcome !== 'partially_upheld' && body.creditAmount !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['creditAmount'], message: 'is only allowed when partially upheld' });
    }
  });

export const promiseToPaySchema = z
  .object({ promisedDate: dateOrInstant, amount: minorUnits.optional(), promisedBy: actor.optional() })
  .strict();

export const pauseSchema = z
  .object({ reason: reason.optional(), until: dateOrInstant.optional(), by: actor.optional() })
  .strict();
export const resumeSchema = z.object({ reason: reason.optional(), by: actor.optional() }).strict();
export const cancelSchema = z.object({ reason, by: actor.optional() }).strict();
export const contactUpdateSchema = z
  .object({
    email: z.email().optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ().-]{6,20}$/, 'must be a phone number')
      .optional(),
    by: actor.optional(),
  })
  .strict()
  .refine((body) => body.email !== undefined || body.phone !== undefined, {
    path: ['email'],
    message: 'give an email, a phone, or both',
  });

export const movePolicySchema = z
  .object({
    policyId: z.string().min(1).max(64),
    version: z.number().int().positive().optional(),
    fromStep: z.number().int().min(0).optional(),
    reason: reason.optional(),
  })
  .strict();

export type InstalmentPlanBody = z.infer<typeof instalmentPlanSchema>;
