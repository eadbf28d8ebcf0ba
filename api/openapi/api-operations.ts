import { z } from 'zod';
import { EXAMPLES } from './api-examples';
import { CODEC_OPERATIONS } from './codec-operations';
import { CUSTOMER_OPERATIONS } from './customer-operations';
import { CUSTOMER_STATEMENT_OPERATIONS } from './customer-statement-operations';
import { SELF_SERVICE_OPERATIONS } from './self-service-operations';
import { DocumentedBody, zodBody } from './documented-body';
import { invoiceBatchSchema } from '../batches/batches-router';
import {
  cancelSchema,
  contactUpdateSchema,
  createInvoiceSchema,
  disputeResolutionSchema,
  disputeSchema,
  instalmentPlanSchema,
  listInvoicesQuerySchema,
  movePolicySchema,
  pauseSchema,
  paymentReversalSchema,
  paymentSchema,
  promiseToPaySchema,
  resumeSchema,
  writeOffSchema,
} from '../invoices/invoice-schemas';
import {
  closeLegalFileSchema,
  legalFileEventSchema,
  listLegalFilesQuerySchema,
} from '../legal-files/legal-file-schemas';
import { appendRatesSchema, latePaymentQuoteSchema } from '../rates/rate-schemas';
import { POLICY_JSON_SCHEMA, validatePolicyExample } from './policy-json-schema';
import { agingQuerySchema, DSO_FORMULA } from '../reports/reports-router';
import { uploadDocumentSchema } from '../documents/document-schemas';
import { mailEventExample, mailEventSchema } from '../payments/mail-event-schemas';
import { assignTaskSchema, listTasksQuerySchema, taskCompletionSchema } from '../tasks/task-schemas';
import {
  listUnmatchedQuerySchema,
  matchPaymentEventSchema,
  paymentEventExamples,
  paymentEventSchema,
} from '../payments/webhook-schemas';

export { jsonSchema } from './documented-body';
export type { DocumentedBody } from './documented-body';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Access = 'read' | 'write' | 'pay' | 'public' | 'signature';

export interface Operation {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  description?: string;
  body?: DocumentedBody;
  query?: z.ZodType;
  params?: string[];
  ok: [number, string, string?];
  errors: number[];
}

export const ROLES: Record<Access, string[]> = {
  read: ['ops', 'payments', 'support'],
  write: ['ops'],
  pay: ['ops', 'payments'],
  public: [],
  signature: [],
};

const MESSAGE_ERRORS = [400, 401, 403, 404, 409, 422, 503];
const invoiceMessage = (path: string, summary: string, body: DocumentedBody, access: Access = 'write'): Operation => ({
  method: 'post',
  path: `/v1/invoices/{id}/${path}`,
  summary,
  access,
  params: ['id'],
  body,
  ok: [200, 'the new live state', 'InvoiceState'],
  errors: MESSAGE_ERRORS,
});
const immutable = (method: Method, path: string): Operation => ({
  method,
  path,
  summary: 'Refused: policy versions are immutable (POST /v1/policies creates a new version)',
  access: 'write',
  params: path.includes('{version}') ? ['id', 'version'] : ['id'],
  ok: [405, 'never succeeds'],
  errors: [401, 405],
});

/** Every endpoint of the API. The router-coverage test checks that each Express route appears here. */
/** What a task looks like wherever the API answers one (the list, one task, a completion, an assignment). */
const TASK_SHAPE = [
  'A task: `{ id, invoiceId, customerId, kind, status, customer, phone, amount, balance, currency, daysLate, context,',
  'owner, dueAt, outcome, note, createdAt, closedAt, completedBy, outcomeDetail, progress, invoices }`.',
  '`invoices` `[{ invoiceId, recordId, addedAt }]` lists every invoice the task covers (`recordId`: the step of that',
  'invoice it stands for, or null): one `phone_call` per customer covers all its overdue invoices, and its `context`',
  'then lists each (`invoices: [{ invoiceId, recordId, balance, currency, daysLate, dueDate }]`) with the combined',
  'balance per currency (`outstanding: [{ currency, amount }]`); a `file_claim` covers every invoice to declare. A task',
  'covering one invoice lists its own. When a covered invoice closes it leaves the task, which closes with the last.',
].join(' ');

export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness', access: 'public', ok: [200, 'alive'], errors: [] },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness of PostgreSQL and Temporal',
    access: 'public',
    ok: [200, 'ready'],
    errors: [503],
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Metrics in the Prometheus text format',
    description:
      "The product's metrics (`relance_…`: invoices by stage, HTTP request duration by route and status, and, counted by the workers of the same process, steps and mails), Node's process metrics and the Temporal SDK's own metrics of this process (`temporal_…`). No key: scraped by Prometheus, like the probes.",
    access: 'public',
    ok: [200, 'Prometheus text format 0.0.4'],
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    access: 'public',
    ok: [200, 'OpenAPI 3.1'],
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'A browsable rendering of this document',
    access: 'public',
    ok: [200, 'HTML page'],
    errors: [],
  },
  {
    method: 'get',
    path: '/docs/docs.js',
    summary: 'Script of the documentation page',
    access: 'public',
    ok: [200, 'JavaScript'],
    errors: [],
  },
  {
    method: 'get',
    path: '/docs/docs.css',
    summary: 'Style of the documentation page',
    access: 'public',
    ok: [200, 'CSS'],
    errors: [],
  },
  {
    method: 'post',
    path: '/v1/invoices',
    summary: 'Create an invoice and start its collection (idempotent by id)',
    description: 'The same body again is a 200 no-op; a different body under the same id is a 409.',
    access: 'write',
    body: zodBody(createInvoiceSchema, EXAMPLES.createInvoice),
    ok: [201, 'created (200: the same invoice again)', 'Invoice'],
    errors: [400, 401, 403, 409, 503],
  },
  {
    method: 'get',
    path: '/v1/invoices',
    summary: 'List invoices from the projection, filtered, keyset-paginated by id',
    description:
      '`q` finds an invoice by its number or its customer’s name (any part of either, ignoring case and accents); `customer` by the customer’s name alone. Every filter given applies (AND). Searched text is one line of at most 100 characters. A parameter this list does not know is a 400 naming it, never silently ignored.',
    access: 'read',
    query: listInvoicesQuerySchema,
    ok: [200, 'a page of invoices', 'InvoicePage'],
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/v1/invoices/{id}',
    summary: 'An invoice with its live workflow state (the state query, including the projected timeline)',
    access: 'read',
    params: ['id'],
    ok: [200, 'the invoice', 'InvoiceWithState'],
    errors: [401, 404, 503],
  },
  {
    method: 'get',
    path: '/v1/invoices/{id}/communications',
    summary: 'The proof trail of an invoice',
    access: 'read',
    params: ['id'],
    ok: [200, 'communications'],
    errors: [401, 404, 503],
  },
  {
    method: 'get',
    path: '/v1/invoices/{id}/communications/export',
    summary: 'The proof trail as a downloadable JSON document with a SHA-256 of its entries',
    access: 'read',
    params: ['id'],
    ok: [200, 'attachment proof-trail-<id>.json'],
    errors: [401, 404, 503],
  },
  {
    method: 'get',
    path: '/v1/invoices/{id}/documents',
    summary: 'The documents of an invoice: its uploaded original, statements, letters, formal notices',
    description:
      'Each item: { id, kind, filename, contentType, sha256, size, createdAt }, oldest first, without the bytes. The ' +
      'proof trail cites the SHA-256 of every document a mail carried.',
    access: 'read',
    params: ['id'],
    ok: [200, '[{ id, kind, filename, contentType, sha256, size, createdAt }]', 'DocumentList'],
    errors: [400, 401, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/invoices/{id}/documents',
    summary: 'Upload the original invoice (a PDF, at most 5 MiB): every later e-mail about the invoice attaches it',
    description:
      'contentBase64 is standard base64 of a PDF (it must start with %PDF-), at most 5 MiB (5,242,880 bytes) decoded: ' +
      'beyond, 413 naming contentBase64; not a PDF, 422. The same bytes as the latest original again: 200, nothing ' +
      'stored. Other bytes: a new version (201, a new document id), the earlier versions kept, since mails already sent ' +
      'cite them by SHA-256; mails from then on attach the new one. Location: /v1/documents/{documentId}.',
    access: 'write',
    params: ['id'],
    body: zodBody(uploadDocumentSchema, EXAMPLES.uploadDocument),
    ok: [201, 'the stored document (200: the same bytes were the latest original already)'],
    errors: [400, 401, 403, 404, 413, 422, 503],
  },
  {
    method: 'get',
    path: '/v1/documents/{id}',
    summary: 'The bytes of a document, with its content type, file name and ETag (its SHA-256)',
    description:
      'Content-Type as stored (application/pdf), Content-Disposition: attachment with the file name, ETag: "<sha256>"; ' +
      'If-None-Match with that ETag answers 304. Document ids hold letters, digits and . _ : - (percent-encode nothing else).',
    access: 'read',
    params: ['id'],
    ok: [200, 'the document bytes (application/pdf)', 'application/pdf'],
    errors: [400, 401, 404, 503],
  },
  invoiceMessage('payments', 'Record a payment (paymentReceived)', zodBody(paymentSchema, EXAMPLES.payment), 'pay'),
  invoiceMessage(
    'payment-reversals',
    'Reverse a payment: bounced cheque, failed direct debit, chargeback (paymentReversed)',
    zodBody(paymentReversalSchema, EXAMPLES.paymentReversal),
    'pay',
  ),
  invoiceMessage(
    'instalment-plan',
    'Agree an instalment plan (instalmentAgreed): instalments in the future, ascending, summing to the balance',
    zodBody(instalmentPlanSchema, EXAMPLES.instalmentPlan),
  ),
  invoiceMessage(
    'disputes',
    'Raise a dispute (disputeRaised): escalation stops',
    zodBody(disputeSchema, EXAMPLES.dispute),
  ),
  invoiceMessage(
    'disputes/resolve',
    'Resolve the dispute (disputeResolved): rejected resumes, upheld cancels, partially upheld credits',
    zodBody(disputeResolutionSchema, EXAMPLES.disputeResolution),
  ),
  invoiceMessage(
    'promise-to-pay',
    'Record a promise to pay (promiseToPay)',
    zodBody(promiseToPaySchema, EXAMPLES.promiseToPay),
  ),
  invoiceMessage('pause', 'Hold escalation (pause)', zodBody(pauseSchema, EXAMPLES.pause)),
  invoiceMessage('resume', 'Lift the hold (resume)', zodBody(resumeSchema, EXAMPLES.resume)),
  invoiceMessage('cancel', 'Cancel: credit note, void (cancel)', zodBody(cancelSchema, EXAMPLES.cancel)),
  invoiceMessage(
    'write-off',
    'Write the balance off (writeOff): the invoice closes as written_off, from any open stage, the legal one included',
    zodBody(writeOffSchema, EXAMPLES.writeOff),
  ),
  invoiceMessage(
    'contact',
    'Correct the customer contact (updateContact): later steps and notices go to it; the invoice record follows',
    zodBody(contactUpdateSchema, EXAMPLES.contact),
  ),
  invoiceMessage(
    'policy',
    'Move the invoice to another stored policy version (movePolicy); the invoice row follows once the workflow accepts',
    zodBody(movePolicySchema, EXAMPLES.movePolicy),
  ),
  {
    method: 'post',
    path: '/v1/invoice-batches',
    summary: 'Create up to 1,000 invoices, reported item by item (created, existing, conflict, invalid, failed)',
    access: 'write',
    body: zodBody(invoiceBatchSchema, EXAMPLES.invoiceBatch),
    ok: [201, 'the batch with its counts and one result per item', 'Batch'],
    errors: [400, 401, 403, 409, 413, 503],
  },
  {
    method: 'get',
    path: '/v1/invoice-batches/{id}',
    summary: 'A batch and its counts, current while it runs',
    access: 'read',
    params: ['id'],
    ok: [200, 'the batch', 'Batch'],
    errors: [401, 404, 503],
  },
  {
    method: 'get',
    path: '/v1/policies',
    summary: 'The newest version of every policy',
    access: 'read',
    ok: [200, 'policies'],
    errors: [401, 503],
  },
  {
    method: 'post',
    path: '/v1/policies',
    summary: 'Store a new version of a policy (the next version number unless given)',
    description:
      'The id of a built-in policy (`fr-b2b-standard`, `demo-fast`) is refused with 409 naming `id`: a new version of it would apply to every new invoice that names it or no policy. A step the policy rules refuse (unknown template, steps out of order, a legal_file without a formal_notice before it, a malformed `approval`) is a 422 naming the field.',
    access: 'write',
    body: { schema: POLICY_JSON_SCHEMA, examples: [EXAMPLES.policy], validate: validatePolicyExample },
    ok: [201, 'the stored version', 'Policy'],
    errors: [401, 403, 409, 422, 503],
  },
  {
    method: 'get',
    path: '/v1/policies/{id}',
    summary: 'The newest version of a policy, with the list of its versions',
    access: 'read',
    params: ['id'],
    ok: [200, 'the policy', 'Policy'],
    errors: [401, 404, 503],
  },
  {
    method: 'get',
    path: '/v1/policies/{id}/versions/{version}',
    summary: 'One version of a policy',
    access: 'read',
    params: ['id', 'version'],
    ok: [200, 'the policy version', 'Policy'],
    errors: [401, 404, 503],
  },
  immutable('put', '/v1/policies/{id}'),
  immutable('patch', '/v1/policies/{id}'),
  immutable('delete', '/v1/policies/{id}'),
  immutable('put', '/v1/policies/{id}/versions/{version}'),
  immutable('patch', '/v1/policies/{id}/versions/{version}'),
  immutable('delete', '/v1/policies/{id}/versions/{version}'),
  {
    method: 'get',
    path: '/v1/tasks',
    summary: 'Tasks for people (calls, letters, contacts, approvals, claims…), soonest due first, keyset-paginated',
    access: 'read',
    query: listTasksQuerySchema,
    description: `\`?invoiceId=\` finds the tasks about that invoice: its own and those covering it. ${TASK_SHAPE}`,
    ok: [200, 'a page of tasks'],
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/v1/tasks/{id}',
    summary: 'One task, with the invoices it covers',
    description: TASK_SHAPE,
    access: 'read',
    params: ['id'],
    ok: [200, 'the task'],
    errors: [401, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/tasks/{id}/complete',
    summary: "Report a task's outcome: recorded on the task and in the proof trail, and told to the workflow",
    description: [
      "Each kind takes its own outcomes; another is a 422 naming `outcome` and listing the kind's.",
      '- `phone_call`: `reached`, `no_answer`, `wrong_number`, `promise_to_pay` (`promisedDate`, `promisedAmount?`), `dispute` (`disputeReason`), `paid_already` → callOutcome, told to every invoice the call covers (an ended collection is skipped) and recorded on the proof trail of each; `promisedAmount` is refused (422) when the call covers several invoices.',
      "- `post_letter`: `posted` (`trackingNumber`, `postedOn`) keeps the task open for the receipt; then `delivered` (`deliveredOn`: a formal notice's deadline runs from it), `returned_unclaimed`, `refused` or `address_unknown` closes it → letterTracked.",
      '- `fix_contact`: `fixed` (`email`, `phone` and/or `address`) → updateContact to every invoice the task covers, and their records follow; `unreachable` closes it.',
      "- `approval`: `approved` or `rejected` → approvalDecided. A policy step's approval runs or holds the step; an approval whose `context.kind` is `instalment_plan` (the debtor asked for a plan on the self-service page; `context.instalments` the plan proposed) agrees that plan when `approved` (as POST /v1/invoices/{id}/instalment-plan would, by the key's name; a 422 naming `decision` when it no longer sums to the balance or a date has passed) and resumes escalation when `rejected`.",
      '- `verify_payment` (the debtor says it paid: `context.paidOn`, `context.reference`): `confirmed` (`amount?`, minor units, the balance when absent) records a payment `claim:<taskId>` received on `paidOn` with that reference, closing the invoice as paid when nothing is left; `not_found` resumes escalation at the next send slot, the later steps keeping their spacing → paymentClaimChecked.',
      '- `file_claim`: `filed` (`filedOn`, `reference`), recorded on the proof trail of every invoice the claim covers.',
      '- every other kind (`dispute_review`, `mail_relay`, `step_failed`, `rates_outdated`, `time_barred`): `resolved`.',
      'Every outcome takes an optional `note`; who completed it is the API key. The same completion again is a 200 no-op (`repeated: true`); a different one is a 409, as is any outcome on a closed task. A refusal by the workflow (422, 409) leaves the task as it was.',
    ].join('\n'),
    access: 'write',
    params: ['id'],
    body: zodBody(taskCompletionSchema, EXAMPLES.completeTask, ...EXAMPLES.completeTaskByKind),
    ok: [200, '{ task, state, repeated }: the task and the new live state'],
    errors: [400, 401, 403, 404, 409, 422, 503],
  },
  {
    method: 'post',
    path: '/v1/tasks/{id}/assign',
    summary: 'Give an open task to a person or team (its `owner`, as `GET /v1/tasks?owner=` filters)',
    description:
      'New tasks start with their team: `collections` (calls), `mail-room` (letters), `managers` (approvals), `accounts-receivable` (payments to verify), `support` (the rest).',
    access: 'write',
    params: ['id'],
    body: zodBody(assignTaskSchema, EXAMPLES.assignTask),
    ok: [200, 'the task (its shape as GET /v1/tasks/{id} says)'],
    errors: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'get',
    path: '/v1/legal-files',
    summary: 'Legal files (open ones by default), keyset-paginated',
    access: 'read',
    query: listLegalFilesQuerySchema,
    ok: [200, 'a page of legal files'],
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/v1/legal-files/{id}',
    summary: 'A legal file with its dossier, recommended route, outcome once closed, and its events',
    access: 'read',
    params: ['id'],
    ok: [200, 'the legal file with `events`'],
    errors: [401, 404, 503],
  },
  {
    method: 'post',
    path: '/v1/legal-files/{id}/events',
    summary: 'Record what happened to an open legal file: filed, hearing, judgment, enforcement, cost, note',
    description:
      "`amount` (minor units of the invoice's currency) goes with `cost` (required) and `judgment`. Each event is also written to the invoice's proof trail. The same event posted again answers 200 with the one recorded.",
    access: 'write',
    params: ['id'],
    body: zodBody(legalFileEventSchema, EXAMPLES.legalFileEvent, EXAMPLES.legalFileHearing),
    ok: [201, 'the event (200: the same event again)'],
    errors: [400, 401, 403, 404, 409, 503],
  },
  {
    method: 'post',
    path: '/v1/legal-files/{id}/close',
    summary:
      'Close the legal file (closeLegalFile): the invoice closes with the outcome paid, settled, written_off or abandoned',
    description:
      'The same outcome again is a 200 no-op (`repeated: true`); another outcome on a closed file is a 409. The closing is written to the proof trail.',
    access: 'write',
    params: ['id'],
    body: zodBody(closeLegalFileSchema, EXAMPLES.closeLegalFile),
    ok: [200, '{ legalFile, state, repeated }'],
    errors: [400, 401, 403, 404, 409, 422, 503],
  },
  ...CUSTOMER_OPERATIONS,
  ...CUSTOMER_STATEMENT_OPERATIONS,
  ...SELF_SERVICE_OPERATIONS,
  ...CODEC_OPERATIONS,
  {
    method: 'get',
    path: '/v1/rates',
    summary: 'The reference-rate tables (ECB_MRO, DE_BASE, BOE_BANK) with their dated entries and knownUntil',
    description:
      'Each table is `{ table, entries: [{ from, ratePercent }], knownUntil }`: a rate applies from its `from` until the next entry, and no amount is computed from a rate on a day after `knownUntil` (a step waits with a `rates_outdated` task instead).',
    access: 'read',
    ok: [200, 'every table', 'RateTables'],
    errors: [401, 503],
  },
  {
    method: 'post',
    path: '/v1/rates/{table}',
    summary: 'Append rate entries to a table and move its knownUntil',
    description:
      "Entries dated after `knownUntil` are appended; one dated on or before it must repeat the rate already in force (a 422 `rate_conflict` otherwise: amounts already stated never change). Without `knownUntil`, it moves to the last entry's date. It never moves back. A bare array of entries, or a single entry `{ from, ratePercent, knownUntil? }`, is read as `entries`. Open `rates_outdated` tasks the table now answers are closed and their invoices resume at once.",
    access: 'write',
    params: ['table'],
    body: zodBody(appendRatesSchema, EXAMPLES.appendRates),
    ok: [200, 'the table as it now stands, with the ids of the tasks it closed (tasksClosed)', 'RateTable'],
    errors: [400, 401, 403, 404, 422, 503],
  },
  {
    method: 'post',
    path: '/v1/late-payment/quote',
    summary: 'Statutory interest and fixed indemnity of a late invoice, by the engine the letters use',
    description:
      "Integer minor units, dates YYYY-MM-DD. Interest runs from the day after the due date (German law first moves a due date off a weekend or holiday) through `asOf`, simple, /365; each period has a constant rate and a constant unpaid principal (`base`): a half-year boundary (FR, DE, EU) or a payment starts a new one (the payment day still carries the old base). Part-payments go to accrued interest first where the law says so (FR art. 1343-1 C. civ., DE § 367 BGB, other EU civil laws), straight to the principal under the UK Act, whose one rate is fixed for the whole delay. `principal`, `interest` are what remains unpaid; `interestAccrued` and `paid` show the imputation. A law without a statutory rule (e.g. US, NL), a currency the fixed indemnity is not stated in, or a rate past a table's knownUntil is a 422 naming `governingLaw`, `currency` or `rates.<TABLE>`.",
    access: 'read',
    body: zodBody(latePaymentQuoteSchema, EXAMPLES.latePaymentQuote),
    ok: [
      200,
      'the quote: { governingLaw, currency, principal, interest, indemnity, total, periods: [{ from, to, days, ratePercent, base, interest }], … }',
      'LatePaymentQuote',
    ],
    errors: [400, 401, 422, 503],
  },
  {
    method: 'get',
    path: '/v1/reports/aging',
    summary: 'Outstanding balance per currency in aging buckets, and DSO',
    description: `Buckets by days past the due moment: not due, 1–30, 31–60, 61–90, over 90. ${DSO_FORMULA}.`,
    access: 'read',
    query: agingQuerySchema,
    ok: [200, 'the aging report'],
    errors: [400, 401, 503],
  },
  {
    method: 'post',
    path: '/v1/webhooks/payments',
    summary: 'Signed settlement and reversal events from a payment system',
    description:
      'Header Relance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under WEBHOOK_SECRET>; several v1 ' +
      'entries are allowed while rotating secrets. Forged, stale (over 5 minutes) or reused signatures: 401. An event id ' +
      'seen before answers 200 with duplicate: true and is not applied again. An unknown invoice (or a refusal by its ' +
      'workflow) answers 202 and the event waits at GET /v1/webhooks/payments/unmatched. An event with customerId and no ' +
      "invoiceId is a payment (or its reversal) across the customer's invoices, allocated as POST " +
      '/v1/customers/{id}/payments allocates it; `state` is then the allocation { paymentId, currency, shares, credit }.',
    access: 'signature',
    body: zodBody(paymentEventSchema, ...paymentEventExamples),
    ok: [200, 'applied (202: stored for a person to match)'],
    errors: [400, 401, 413, 503],
  },
  {
    method: 'post',
    path: '/v1/webhooks/mail-events',
    summary: 'Signed bounce and complaint reports from the mail relay, about a mail sent earlier',
    description:
      'Signed exactly like POST /v1/webhooks/payments (Relance-Signature, WEBHOOK_SECRET, five minutes, no replay). The ' +
      'mail is found by its Message-ID (with or without angle brackets) in the proof trail; the event is written to the ' +
      "proof trail of each invoice it was about (kind mail_event:<kind>) and signalled to the invoice's workflow " +
      '(mailEvent), which treats it as a refusal of that mail. 200 { eventId, status: "delivered", duplicate, ' +
      'invoiceIds }. An event id seen before counts once (duplicate: true). An unknown Message-ID is stored and ' +
      'answered 202 with status "unmatched"; a redelivery tries to match it again.',
    access: 'signature',
    body: zodBody(mailEventSchema, mailEventExample),
    ok: [200, 'delivered to the invoices the mail was about (202: unknown Message-ID, stored)'],
    errors: [400, 401, 413, 503],
  },
  {
    method: 'get',
    path: '/v1/webhooks/payments/unmatched',
    summary: 'Payment events waiting for a person: unknown invoice, or refused by the workflow',
    access: 'read',
    query: listUnmatchedQuerySchema,
    ok: [200, 'a page of payment events'],
    errors: [400, 401, 503],
  },
  {
    method: 'post',
    path: '/v1/webhooks/payments/unmatched/{eventId}/match',
    summary: 'Apply a waiting payment event to an invoice, or dismiss it',
    access: 'pay',
    params: ['eventId'],
    body: zodBody(matchPaymentEventSchema, EXAMPLES.matchPaymentEvent),
    ok: [200, 'the settled event and the new live state'],
    errors: [400, 401, 403, 404, 409, 422, 503],
  },
];
