import { z } from 'zod';
import { isCalendarDate } from '../domain/due-moment';

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isCalendarDate, 'is not a real calendar date');
const rfc3339 = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 instant with a timezone' });
const minorUnits = z
  .number()
  .int('must be an integer in minor units')
  .positive('must be positive')
  .max(Number.MAX_SAFE_INTEGER);
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
const identifier = z
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

export const listInvoicesQuerySchema = z.object({
  status: z.enum(['open', 'paid', 'cancelled', 'written_off', 'handed_to_legal']).optional(),
  stage: z.string().max(40).optional(),
  customerId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
