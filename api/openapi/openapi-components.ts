import { CUSTOMER_HOLD_KINDS, INSOLVENCY_OUTCOMES, INSOLVENCY_PROCEDURES } from '../../workflows/customer-messages';
import { CUSTOMER_COMPONENT_SCHEMAS } from './customer-components';
import { POLICY_JSON_SCHEMA } from './policy-json-schema';

/** Shapes of responses, referenced from the operations. */
const str = { type: 'string' };
const int = { type: 'integer' };
const nullableStr = { type: ['string', 'null'] };
export const COMPONENT_SCHEMAS = {
  Problem: {
    type: 'object',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: str,
      title: str,
      status: int,
      detail: str,
      errors: {
        type: 'array',
        items: { type: 'object', properties: { field: str, rule: str, message: str } },
      },
    },
  },
  Invoice: {
    type: 'object',
    properties: {
      id: str,
      customer: { type: 'object' },
      amount: int,
      currency: str,
      issueDate: str,
      dueDate: str,
      dueAt: str,
      policy: { type: 'object', properties: { id: str, version: int } },
      status: { enum: ['open', 'paid', 'settled', 'written_off', 'abandoned', 'cancelled', 'handed_to_legal'] },
      stage: str,
      balance: int,
      nextAction: {
        type: ['object', 'null'],
        description: "`action` 'blocked' when a step waits for a person (its `at` is then null)",
        properties: { action: str, at: nullableStr },
      },
      governingLaw: { ...nullableStr, description: 'ISO 3166-1 alpha-2 of the law of late payment' },
      createdAt: str,
      updatedAt: str,
    },
  },
  InvoiceState: {
    type: 'object',
    description:
      'The workflow’s state query: live stage, balance, payments, plan, dispute, hold, next action, timeline, history',
    properties: {
      invoiceId: str,
      status: str,
      stage: {
        type: 'string',
        description:
          'scheduled, reminding, calling, letter, formal_notice, legal, instalment_plan, promise_to_pay, disputed, paused, insolvency; once closed: paid, cancelled, written_off, settled, abandoned',
      },
      amount: int,
      balance: int,
      credit: int,
      currency: str,
      payments: { type: 'array', items: { type: 'object' } },
      plan: { type: ['object', 'null'] },
      dispute: { type: ['object', 'null'] },
      promise: { type: ['object', 'null'] },
      hold: { type: ['object', 'null'] },
      nextAction: {
        type: ['object', 'null'],
        description:
          "what the workflow waits for next; `{ action: 'blocked', at, step, reason, taskId, table? }` when a step waits for a person (`reason` address_missing, rates_outdated or time_barred; `at` the next automatic re-check or null)",
        properties: { action: str, at: nullableStr, step: int, reason: str, taskId: str, table: str },
      },
      paymentClaim: {
        type: ['object', 'null'],
        description:
          "the debtor said on the self-service page it paid (`already_paid`): escalation waits (`nextAction` `{ action: 'payment_claim', at: null, taskId }`) until the `verify_payment` task is completed (`confirmed` records the payment `claim:<taskId>`, `not_found` resumes)",
        properties: { paidOn: str, reference: str, answerId: str, claimedAt: str, taskKey: str, taskId: nullableStr },
      },
      paymentClaims: {
        type: 'array',
        items: { type: 'object' },
        description: 'payment claims that ended, with their outcome',
      },
      planRequest: {
        type: ['object', 'null'],
        description:
          "the debtor asked for an instalment plan on the self-service page (`request_plan`): escalation waits (`nextAction` `{ action: 'plan_request', at: null, taskId }`) until its `approval` task is decided; `approved` agrees the plan",
        properties: {
          instalments: { type: 'array', items: { type: 'object', properties: { dueDate: str, amount: int } } },
          answerId: str,
          requestedAt: str,
          taskKey: str,
          taskId: nullableStr,
        },
      },
      planRequests: {
        type: 'array',
        items: { type: 'object' },
        description: 'plan requests that ended, with their outcome',
      },
      legalFile: {
        type: ['object', 'null'],
        description: 'the legal file once opened: the invoice stays open in `legal` until it closes',
        properties: { id: str, openedAt: str, status: { enum: ['open', 'closed'] }, outcome: str, closedAt: str },
      },
      approval: {
        type: ['object', 'null'],
        description: 'the approval a policy step waits for',
        properties: { step: int, action: str, taskId: str, requestedAt: str, dueAt: str, onTimeout: str },
      },
      approvals: {
        type: 'array',
        items: { type: 'object' },
        description: 'each decision: approved, rejected, timed_out',
      },
      writeOff: { type: ['object', 'null'], properties: { reason: str, at: str, by: str } },
      customerHolds: {
        type: 'array',
        description:
          'holds placed on the customer (POST /v1/customers/{id}/holds) that stand now: escalation stops (stage `paused`) and no message goes out while any does',
        items: {
          type: 'object',
          properties: {
            holdId: str,
            kind: { enum: [...CUSTOMER_HOLD_KINDS] },
            reason: str,
            since: str,
            until: nullableStr,
          },
        },
      },
      insolvency: {
        type: ['object', 'null'],
        description:
          "the customer's insolvency procedure, from its opening (stage `insolvency`: nothing is sent); `outcome` once closed — `dismissed` resumes escalation, `plan_adopted` keeps the invoice frozen, `insufficient_assets` writes it off",
        properties: {
          procedure: { enum: [...INSOLVENCY_PROCEDURES] },
          openedOn: str,
          publishedOn: str,
          declareBy: str,
          taskId: nullableStr,
          outcome: { enum: [...INSOLVENCY_OUTCOMES, null] },
        },
      },
      resend: {
        type: ['object', 'null'],
        description: 'a step waiting to be sent again once the contact is corrected',
      },
      blocked: {
        type: ['object', 'null'],
        description: 'the ladder step waiting for a person, and why',
        properties: { index: int, action: str, reason: str, taskId: str, message: str, since: str },
      },
      timeline: {
        type: 'array',
        items: { type: 'object', properties: { index: int, action: str, template: str, at: str } },
      },
      history: { type: 'array', items: { type: 'object' } },
    },
  },
  InvoiceWithState: {
    allOf: [
      { $ref: '#/components/schemas/Invoice' },
      {
        type: 'object',
        properties: { state: { oneOf: [{ $ref: '#/components/schemas/InvoiceState' }, { type: 'null' }] } },
      },
    ],
  },
  InvoicePage: {
    type: 'object',
    properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Invoice' } }, nextCursor: nullableStr },
  },
  Batch: {
    type: 'object',
    properties: {
      id: str,
      status: { enum: ['running', 'completed'] },
      total: int,
      processed: int,
      counts: {
        type: 'object',
        properties: { created: int, existing: int, conflict: int, invalid: int, failed: int },
      },
      items: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            index: int,
            id: nullableStr,
            status: { enum: ['created', 'existing', 'conflict', 'invalid', 'failed'] },
            errors: { type: 'array', items: { type: 'object' } },
            detail: str,
          },
        },
      },
    },
  },
  RateTable: {
    type: 'object',
    properties: {
      table: { enum: ['ECB_MRO', 'DE_BASE', 'BOE_BANK'] },
      entries: {
        type: 'array',
        items: { type: 'object', properties: { from: str, ratePercent: { type: 'number' } } },
      },
      knownUntil: str,
      stale: { type: 'boolean', description: 'not known through today' },
      tasksClosed: { type: 'array', items: str, description: 'POST only: the rates_outdated tasks it answered' },
    },
  },
  RateTables: { type: 'array', items: { $ref: '#/components/schemas/RateTable' } },
  LatePaymentQuote: {
    type: 'object',
    description: 'integer minor units of `currency`, dates YYYY-MM-DD',
    properties: {
      governingLaw: str,
      currency: str,
      principal: int,
      interest: int,
      indemnity: int,
      total: int,
      periods: {
        type: 'array',
        items: {
          type: 'object',
          properties: { from: str, to: str, days: int, ratePercent: { type: 'number' }, base: int, interest: int },
        },
      },
      computedOn: str,
      interestFrom: nullableStr,
      interestAccrued: int,
      paid: { type: 'object', properties: { interest: int, principal: int } },
      dailyInterest: int,
      ratePercent: { type: ['number', 'null'] },
      law: { type: 'object' },
    },
  },
  Document: {
    type: 'object',
    properties: { id: str, kind: str, filename: str, contentType: str, sha256: str, size: int, createdAt: str },
  },
  DocumentList: { type: 'array', items: { $ref: '#/components/schemas/Document' } },
  Policy: POLICY_JSON_SCHEMA,
  ...CUSTOMER_COMPONENT_SCHEMAS,
};
