import { z } from 'zod';
import {
  currency,
  identifier,
  minorUnits,
  multiLine,
  queryText,
  requiredLine,
  rfc3339,
  singleLine,
} from '../http/field-schemas';

const common = {
  eventId: identifier,
  invoiceId: identifier.optional().describe('the invoice paid; without it, customerId is required'),
  customerId: identifier
    .optional()
    .describe(
      "without invoiceId: a payment across the customer's invoices (the invoices its reference names first, then oldest due first; the rest is credit)",
    ),
  paymentId: identifier,
};

export const REVERSAL_KINDS = ['bounced_cheque', 'failed_direct_debit', 'chargeback'] as const;

/**
 * What a payment system posts to the webhook; unknown extra fields are ignored, as payment systems add them freely. An
 * event names its invoice, or only its customer (a transfer covering several invoices, or none known).
 */
export const paymentEventSchema = z
  .discriminatedUnion('type', [
    z.object({
      ...common,
      type: z.literal('settlement'),
      amount: minorUnits,
      currency,
      receivedAt: rfc3339,
      method: singleLine(50).optional(),
      reference: singleLine(200).optional(),
    }),
    z.object({
      ...common,
      type: z.literal('reversal'),
      kind: z.enum(REVERSAL_KINDS),
      reason: requiredLine(500).optional(),
    }),
  ])
  .refine((event) => event.invoiceId !== undefined || event.customerId !== undefined, {
    path: ['invoiceId'],
    message: 'give the invoiceId, or the customerId of a payment across its invoices',
  });

export type PaymentEvent = z.infer<typeof paymentEventSchema>;

export const paymentEventExamples: PaymentEvent[] = [
  {
    eventId: 'evt_20260315_0001',
    type: 'settlement',
    invoiceId: 'F-2026-0042',
    paymentId: 'sepa-8731',
    amount: 123_450,
    currency: 'EUR',
    receivedAt: '2026-03-15T10:02:00Z',
    method: 'sepa_credit_transfer',
    reference: 'F-2026-0042',
  },
  {
    eventId: 'evt_20260316_0003',
    type: 'settlement',
    customerId: 'C-1007',
    paymentId: 'sepa-8790',
    amount: 250_000,
    currency: 'EUR',
    receivedAt: '2026-03-16T09:12:00Z',
    method: 'sepa_credit_transfer',
    reference: 'F-2026-0043 F-2026-0051',
  },
  {
    eventId: 'evt_20260318_0007',
    type: 'reversal',
    invoiceId: 'F-2026-0042',
    paymentId: 'sepa-8731',
    kind: 'chargeback',
    reason: 'debtor disputed the debit with their bank',
  },
];

export const listUnmatchedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});

export const matchPaymentEventSchema = z
  .object({ invoiceId: identifier.optional(), dismiss: z.boolean().optional(), note: multiLine(500).optional() })
  .strict()
  .refine((body) => (body.invoiceId !== undefined) !== (body.dismiss === true), {
    message: 'give either invoiceId (apply it to that invoice) or dismiss: true',
  });
