import { z } from 'zod';
import { calendarDate, dateOrInstant, minorUnits, multiLine, queryText, requiredLine } from '../http/field-schemas';
import { email, phone, postalAddressSchema } from '../invoices/invoice-schemas';

/** What a person may report on each kind of task; a kind not named here takes `resolved`. */
export const CALL_OUTCOMES = [
  'reached',
  'no_answer',
  'wrong_number',
  'promise_to_pay',
  'dispute',
  'paid_already',
] as const;
export const LETTER_OUTCOMES = ['posted', 'delivered', 'returned_unclaimed', 'refused', 'address_unknown'] as const;
export const CONTACT_OUTCOMES = ['fixed', 'unreachable'] as const;
export const APPROVAL_OUTCOMES = ['approved', 'rejected'] as const;
export const CLAIM_OUTCOMES = ['filed'] as const;
export const VERIFY_PAYMENT_OUTCOMES = ['confirmed', 'not_found'] as const;
export const SUPPORT_OUTCOMES = ['resolved'] as const;

const note = multiLine(2000).trim().optional();

export const callCompletionSchema = z
  .object({
    outcome: z.enum(CALL_OUTCOMES),
    note,
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
/** The phone-call body, under its historical name. */
export const completeTaskSchema = callCompletionSchema;
export type CompleteTaskBody = z.infer<typeof callCompletionSchema>;

/** A registered-letter number as the post prints it: letters, digits, spaces and dashes. */
const trackingNumber = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'must be a tracking number: letters, digits, spaces, . / -');

/**
 * `posted` keeps the task open for the receipt; each of the others closes it. The day of delivery (avis de réception)
 * is when a formal notice's deadline starts to run.
 */
export const letterCompletionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('posted'), trackingNumber, postedOn: calendarDate, note }).strict(),
  z
    .object({
      outcome: z.literal('delivered'),
      deliveredOn: calendarDate,
      trackingNumber: trackingNumber.optional(),
      note,
    })
    .strict(),
  z.object({ outcome: z.literal('returned_unclaimed'), trackingNumber: trackingNumber.optional(), note }).strict(),
  z.object({ outcome: z.literal('refused'), trackingNumber: trackingNumber.optional(), note }).strict(),
  z.object({ outcome: z.literal('address_unknown'), trackingNumber: trackingNumber.optional(), note }).strict(),
]);

/** `fixed` carries the corrected contact, checked as the invoice's own contact is; `unreachable` closes the task. */
export const contactCompletionSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('fixed'),
      email: email.optional(),
      phone: phone.optional(),
      address: postalAddressSchema.optional(),
      note,
    })
    .strict()
    .refine((body) => body.email !== undefined || body.phone !== undefined || body.address !== undefined, {
      path: ['email'],
      message: 'give the corrected email, phone or address (or several)',
    }),
  z.object({ outcome: z.literal('unreachable'), note }).strict(),
]);

export const approvalCompletionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('approved'), note }).strict(),
  z.object({ outcome: z.literal('rejected'), note }).strict(),
]);

/**
 * The payment a debtor says it made: `confirmed` records it (the `amount` found, the balance when absent) on the day
 * the debtor gave; `not_found` resumes escalation.
 */
export const verifyPaymentCompletionSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('confirmed'), amount: minorUnits.optional(), note }).strict(),
  z.object({ outcome: z.literal('not_found'), note }).strict(),
]);

/** A claim declared in an insolvency: the day it was filed and the reference the court or the administrator gave. */
export const claimCompletionSchema = z
  .object({ outcome: z.literal('filed'), filedOn: calendarDate, reference: requiredLine(100), note })
  .strict();

export const resolvedCompletionSchema = z.object({ outcome: z.literal('resolved'), note }).strict();

export type LetterCompletion = z.infer<typeof letterCompletionSchema>;
export type ContactCompletion = z.infer<typeof contactCompletionSchema>;
export type ApprovalCompletion = z.infer<typeof approvalCompletionSchema>;
export type ClaimCompletion = z.infer<typeof claimCompletionSchema>;
export type VerifyPaymentCompletion = z.infer<typeof verifyPaymentCompletionSchema>;
export type ResolvedCompletion = z.infer<typeof resolvedCompletionSchema>;

/** Every completion body, whatever the task's kind: what /openapi.json describes. */
export const taskCompletionSchema = z.union([
  callCompletionSchema,
  letterCompletionSchema,
  contactCompletionSchema,
  approvalCompletionSchema,
  claimCompletionSchema,
  verifyPaymentCompletionSchema,
  resolvedCompletionSchema,
]);

/**
 * Every field a completion of any kind may carry, each bounded and optional: checked before the task is looked up, so
 * malformed input never reaches PostgreSQL. Which fields an outcome needs is checked once the task's kind is known.
 */
export const completionFieldsSchema = z
  .object({
    outcome: requiredLine(40),
    note,
    promisedDate: dateOrInstant.optional(),
    promisedAmount: minorUnits.optional(),
    disputeReason: requiredLine(500).optional(),
    trackingNumber: trackingNumber.optional(),
    postedOn: calendarDate.optional(),
    deliveredOn: calendarDate.optional(),
    email: email.optional(),
    phone: phone.optional(),
    address: postalAddressSchema.optional(),
    filedOn: calendarDate.optional(),
    reference: requiredLine(100).optional(),
    amount: minorUnits.optional(),
  })
  .strict();

export const assignTaskSchema = z.object({ owner: requiredLine(100) }).strict();

export const listTasksQuerySchema = z.object({
  status: z.enum(['open', 'done', 'closed']).optional(),
  kind: queryText(40).optional(),
  owner: queryText(100).optional(),
  invoiceId: queryText(100).optional(),
  dueBefore: dateOrInstant.optional().describe('due at or before this date (end of day, UTC) or instant'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});
