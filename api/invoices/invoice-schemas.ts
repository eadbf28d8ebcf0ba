import { z } from 'zod';
import { EMAIL_ADDRESS, MAX_EMAIL_LENGTH, PHONE_NUMBER } from '../../domain/contact';
import { POLICY_ID_PATTERN } from '../../domain/dunning-policy';
import type { DunningStage } from '../../workflows/read-model';
import {
  calendarDate,
  countryCode,
  currency,
  dateOrInstant,
  identifier,
  MAX_INT32,
  minorUnits,
  multiLine,
  queryMinorUnits,
  queryText,
  requiredLine,
  rfc3339,
  singleLine,
} from '../http/field-schemas';

// One rule for an address and a number, the domain's: what the API takes, the workflow and the mail relay take too.
export const email = z.string().max(MAX_EMAIL_LENGTH).regex(EMAIL_ADDRESS, 'must be an e-mail address');
export const phone = z.string().regex(PHONE_NUMBER, 'must be a phone number');
/** The longest text a list search takes: an invoice number or a name, never a document. */
export const MAX_SEARCH_LENGTH = 100;
const policyId = z.string().regex(POLICY_ID_PATTERN, 'must be a policy id: lower-case letters, digits and dashes');

/** A postal address as an envelope's window shows it: up to four street lines, postcode and city, country. */
export const postalAddressSchema = z
  .object({
    lines: z.array(requiredLine(100)).min(1, 'must hold at least one line').max(4, 'may hold at most four lines'),
    postcode: z
      .string()
      .trim()
      .min(1)
      .max(16)
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'must be a postcode: letters, digits, spaces and dashes'),
    city: requiredLine(100),
    country: countryCode,
  })
  .strict();

export const createInvoiceSchema = z
  .object({
    id: identifier,
    customer: z
      .object({
        id: identifier,
        name: requiredLine(200),
        email,
        phone: phone.optional(),
        locale: z
          .string()
          .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a locale such as fr or fr-FR')
          .default('fr-FR'),
        timezone: z
          .string()
          .min(1)
          .max(64)
          .regex(/^[A-Za-z0-9_+/-]+$/, 'must be an IANA time zone such as Europe/Paris')
          .default('Europe/Paris'),
        country: countryCode.default('FR'),
        address: postalAddressSchema.optional(),
      })
      .strict(),
    amount: minorUnits,
    currency,
    issueDate: calendarDate,
    dueDate: dateOrInstant,
    policyId: policyId.optional(),
    policyVersion: z.number().int().min(1).max(MAX_INT32).optional().describe('pins a version; the newest by default'),
    governingLaw: countryCode
      .optional()
      .describe("the law of late payment; CREDITOR_COUNTRY (the seller's law, Rome I art. 4) by default"),
  })
  .strict();

export type CreateInvoiceBody = z.infer<typeof createInvoiceSchema>;

export const paymentSchema = z
  .object({
    paymentId: identifier,
    amount: minorUnits,
    currency,
    receivedAt: rfc3339,
    method: singleLine(50).optional(),
    reference: singleLine(200).optional(),
  })
  .strict();

export const paymentReversalSchema = z.object({ paymentId: identifier, reason: requiredLine(500) }).strict();

/** Searched text: one line, bounded; surrounding spaces do not count, and blank is no filter. */
const searchText = queryText(MAX_SEARCH_LENGTH)
  .trim()
  .transform((text) => text || undefined);

const listInvoicesFilters = {
  status: z.enum(['open', 'paid', 'settled', 'written_off', 'abandoned', 'cancelled', 'handed_to_legal']).optional(),
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
      'insolvency',
      'paid',
      'cancelled',
      'written_off',
      'settled',
      'abandoned',
      'handed_to_legal',
    ] satisfies DunningStage[])
    .optional(),
  customerId: queryText(100).optional(),
  q: searchText
    .optional()
    .describe(
      "an invoice number or a customer's name: invoices whose id or customer name contains it, ignoring case and accents",
    ),
  customer: searchText.optional().describe("part of the customer's name, ignoring case and accents"),
  overdueSince: dateOrInstant.optional().describe('due on or before this date or instant'),
  minDaysOverdue: z.coerce.number().int().min(0).max(36500).optional(),
  minAmount: queryMinorUnits.optional().describe('balance at least, in minor units'),
  maxAmount: queryMinorUnits.optional().describe('balance at most, in minor units'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(200).optional(),
};

/**
 * The list's filters. A parameter it does not know is refused, naming it: `?customer_name=Martin` silently ignored
 * would answer every invoice as if they matched.
 */
export const listInvoicesQuerySchema = z
  .looseObject(listInvoicesFilters)
  .superRefine((query, ctx) => {
    for (const name of Object.keys(query)) {
      if (!Object.hasOwn(listInvoicesFilters, name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is not a parameter of this list (${Object.keys(listInvoicesFilters).join(', ')})`,
        });
      }
    }
  })
  .refine((q) => q.minAmount === undefined || q.maxAmount === undefined || q.minAmount <= q.maxAmount, {
    path: ['maxAmount'],
    message: 'must not be below minAmount',
  });

const reason = requiredLine(500);
/**
 * Who did something is the name of the API key the request was made with; an actor named in the body (`by`,
 * `agreedBy`…) is still accepted, for clients written before keys had names, and ignored.
 */
const actor = requiredLine(100);

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
    note: multiLine(1000).optional(),
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
/** The actor is the API key's name; the body names only why. */
export const writeOffSchema = z.object({ reason }).strict();
export const contactUpdateSchema = z
  .object({
    email: email.optional(),
    phone: phone.optional(),
    address: postalAddressSchema.optional(),
    by: actor.optional(),
  })
  .strict()
  .refine((body) => body.email !== undefined || body.phone !== undefined || body.address !== undefined, {
    path: ['email'],
    message: 'give an email, a phone, an address, or several',
  });

export const movePolicySchema = z
  .object({
    policyId,
    version: z.number().int().min(1).max(MAX_INT32).optional(),
    fromStep: z.number().int().min(0).max(MAX_INT32).optional(),
    reason: reason.optional(),
  })
  .strict();

export type InstalmentPlanBody = z.infer<typeof instalmentPlanSchema>;
