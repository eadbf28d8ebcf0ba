import {
  closeInsolvencySchema,
  customerPaymentReversalSchema,
  customerPaymentSchema,
  openInsolvencySchema,
  placeHoldSchema,
} from '../customers/customer-schemas';
import { listCustomersQuerySchema } from '../customers/customers-router';
import { EXAMPLES } from './api-examples';
import type { Operation } from './api-operations';
import { zodBody } from './documented-body';

const CUSTOMER_ERRORS = [400, 401, 403, 404, 409, 422, 503];

/** `/v1/customers/{id}/…`: one customer across its invoices (the customerCollection workflow). */
export const CUSTOMER_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/v1/customers',
    summary: 'Find customers by part of their id or name, with what their open invoices owe',
    description:
      '`{ items: [{ customerId, name, email, phone, invoices, openInvoices, outstanding: [{ currency, amount }] }], nextCursor }`. A customer is known by its invoices: `name`, `email` and `phone` are those of its most recent invoice; `q` matches part of the id or of a name any of its invoices gives (case-insensitive). Ordered by id; pass `nextCursor` back as `cursor` for the next page.',
    access: 'read',
    query: listCustomersQuerySchema,
    ok: [200, 'a page of customers'],
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/v1/customers/{id}',
    summary: 'A customer across its invoices: what they owe per currency, holds in force, insolvency, payments, credit',
    description:
      '`{ customer, invoices: [{ id, stage, balance, currency, dueDate }], outstanding: [{ currency, amount }], holds, credit: [{ currency, amount }], insolvency, payments }`. `customer` is the snapshot of its most recent invoice; `invoices` lists up to 1,000, oldest due first (GET /v1/invoices?customerId= pages through all); `outstanding` sums the open balances; `insolvency` is the procedure in progress or null; `payments` are the 100 most recent payments across invoices with their shares. A customer no invoice names is a 404.',
    access: 'read',
    params: ['id'],
    ok: [200, 'the customer', 'Customer'],
    errors: [401, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/customers/{id}/holds',
    summary: 'Hold every invoice of the customer: do_not_contact (no message at all) or pause (escalation waits)',
    description:
      "While a hold stands no message reaches the customer and its invoices show stage `paused`; it applies to invoices created later too. `until` (a date: the end of that day in the customer's time zone; or an RFC 3339 instant) must lie ahead (422); the hold then ends by itself. The API chooses `holdId` (Location: /v1/customers/{id}/holds/{holdId}). An `Idempotency-Key` header (8–100 visible ASCII characters) makes a retry or a double click the same hold: the same key on the same customer gives the same `holdId` (the console sends one per form); without it every call places a new hold.",
    access: 'write',
    params: ['id'],
    body: zodBody(placeHoldSchema, EXAMPLES.customerHold, EXAMPLES.customerDoNotContact),
    ok: [201, '{ holdId, kind, reason, until, by }', 'CustomerHoldPlaced'],
    errors: CUSTOMER_ERRORS,
  },
  {
    method: 'delete',
    path: '/v1/customers/{id}/holds/{holdId}',
    summary: 'Lift a customer hold: escalation resumes as after a pause (next send slot, spacing kept)',
    description:
      'A hold lifted already, or ended by its `until`, answers 200 again (`repeated: true`); a hold the customer never had is a 404.',
    access: 'write',
    params: ['id', 'holdId'],
    ok: [200, '{ holdId, lifted, repeated, holds }: the holds still in force', 'CustomerHoldLifted'],
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/customers/{id}/insolvency',
    summary: 'Record a collective procedure (sauvegarde, redressement, liquidation): every open invoice stops',
    description:
      "Every open invoice of the customer stops escalation (stage `insolvency`) and nothing more is sent; one `file_claim` task, due two months after `publishedOn` (`declareBy`, art. R622-24 C. com.), lists the amounts to declare. `openedOn` and `publishedOn` are dates (YYYY-MM-DD), `publishedOn` not before `openedOn` (400), neither after today in the customer's time zone (422). A procedure already in progress is a 409.",
    access: 'write',
    params: ['id'],
    body: zodBody(openInsolvencySchema, EXAMPLES.openInsolvency),
    ok: [201, 'the procedure, with declareBy and taskId', 'InsolvencyProcedure'],
    errors: CUSTOMER_ERRORS,
  },
  {
    method: 'post',
    path: '/v1/customers/{id}/insolvency/close',
    summary:
      'Close the procedure: dismissed resumes escalation, plan_adopted keeps invoices frozen, insufficient_assets writes them off',
    description:
      'Without a procedure in progress, a 409; the same outcome again once closed answers 200 with `repeated: true`.',
    access: 'write',
    params: ['id'],
    body: zodBody(closeInsolvencySchema, EXAMPLES.closeInsolvency),
    ok: [200, 'the closed procedure with its outcome', 'InsolvencyProcedure'],
    errors: CUSTOMER_ERRORS,
  },
  {
    method: 'post',
    path: '/v1/customers/{id}/payments',
    summary: "Record a payment across the customer's invoices: those its reference names first, then oldest due first",
    description:
      "Only open invoices in the payment's currency take a share; what none takes is customer credit, applied to the customer's next invoices in that currency. Each share reaches its invoice as payment `<paymentId>/<invoiceId>`. The same body again answers 200 with the same allocation; another body under the same paymentId is a 409.",
    access: 'pay',
    params: ['id'],
    body: zodBody(customerPaymentSchema, EXAMPLES.customerPayment),
    ok: [
      201,
      '{ paymentId, currency, shares: [{ invoiceId, amount }], credit } (200: the same payment again)',
      'CustomerPaymentAllocation',
    ],
    errors: CUSTOMER_ERRORS,
  },
  {
    method: 'post',
    path: '/v1/customers/{id}/payments/{paymentId}/reverse',
    summary:
      'Reverse a customer payment (bounced, charged back): every share is reversed on its invoice, its credit cancelled',
    access: 'pay',
    params: ['id', 'paymentId'],
    body: zodBody(customerPaymentReversalSchema, EXAMPLES.customerPaymentReversal),
    ok: [200, 'the payment as reversed: its shares, credit 0', 'CustomerPaymentAllocation'],
    errors: CUSTOMER_ERRORS,
  },
];
