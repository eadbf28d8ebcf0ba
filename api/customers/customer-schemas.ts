import { z } from 'zod';
import { CUSTOMER_HOLD_KINDS, INSOLVENCY_OUTCOMES, INSOLVENCY_PROCEDURES } from '../../workflows/customer-messages';
import {
  calendarDate,
  currency,
  dateOrInstant,
  identifier,
  minorUnits,
  multiLine,
  requiredLine,
  rfc3339,
  singleLine,
} from '../http/field-schemas';

// Bodies of /v1/customers/{id}/…: what an operator or a payment system may say about one customer.

/** A hold id the API made (`hold-<uuid>`), or any client-chosen id of the usual alphabet. */
export const holdIdParam = identifier;
export const paymentIdParam = identifier;

export const placeHoldSchema = z
  .object({
    kind: z.enum(CUSTOMER_HOLD_KINDS).describe('do_not_contact: no message at all; pause: escalation waits'),
    reason: requiredLine(500),
    until: dateOrInstant
      .optional()
      .describe("the hold ends by itself then (a date: at the end of that day in the customer's time zone)"),
  })
  .strict();

export type PlaceHoldBody = z.infer<typeof placeHoldSchema>;

export const openInsolvencySchema = z
  .object({
    procedure: z.enum(INSOLVENCY_PROCEDURES),
    openedOn: calendarDate.describe('the date of the opening judgment (YYYY-MM-DD), not in the future'),
    publishedOn: calendarDate.describe(
      'the date of publication in the BODACC (YYYY-MM-DD), on or after openedOn, not in the future; claims are declared within two months of it',
    ),
  })
  .strict()
  .refine((body) => body.publishedOn >= body.openedOn, {
    path: ['publishedOn'],
    message: 'must not be before openedOn',
  });

export type OpenInsolvencyBody = z.infer<typeof openInsolvencySchema>;

export const closeInsolvencySchema = z
  .object({ outcome: z.enum(INSOLVENCY_OUTCOMES), note: multiLine(2000).trim().optional() })
  .strict();

export const customerPaymentSchema = z
  .object({
    paymentId: identifier,
    amount: minorUnits,
    currency,
    receivedAt: rfc3339,
    reference: singleLine(200)
      .optional()
      .describe('invoice numbers named here are paid first (separated by spaces, commas or semicolons)'),
    method: singleLine(50).optional(),
  })
  .strict();

export type CustomerPaymentBody = z.infer<typeof customerPaymentSchema>;

export const customerPaymentReversalSchema = z.object({ reason: requiredLine(500) }).strict();
