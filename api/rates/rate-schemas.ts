import { z } from 'zod';
import { RATE_TABLE_NAMES } from '../../domain/rates/rate-table';
import { calendarDate, countryCode, currency, minorUnits } from '../http/field-schemas';

export const rateTableName = z.enum(RATE_TABLE_NAMES);

const ratePercent = z
  .number()
  .min(-10, 'must be at least -10')
  .max(100, 'must be at most 100')
  .refine(
    (value) => Number.isInteger(Math.round(value * 100)) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9,
    {
      message: 'must have at most two decimals',
    },
  );

export const appendRatesSchema = z
  .object({
    entries: z
      .array(z.object({ from: calendarDate, ratePercent }).strict())
      .max(100, 'may hold at most 100 entries')
      .optional(),
    knownUntil: calendarDate.optional().describe('the last day the table is complete through; never moves back'),
  })
  .strict()
  .refine((body) => (body.entries?.length ?? 0) > 0 || body.knownUntil !== undefined, {
    path: ['entries'],
    message: 'give entries, a knownUntil, or both',
  });

export const latePaymentQuoteSchema = z
  .object({
    governingLaw: countryCode,
    currency,
    amount: minorUnits.describe('the invoice amount before any payment, in minor units'),
    dueDate: calendarDate,
    asOf: calendarDate.describe('counted: interest runs through this day'),
    payments: z
      .array(z.object({ date: calendarDate, amount: minorUnits }).strict())
      .max(500, 'may hold at most 500 payments')
      .optional(),
  })
  .strict();

export type LatePaymentQuoteBody = z.infer<typeof latePaymentQuoteSchema>;
