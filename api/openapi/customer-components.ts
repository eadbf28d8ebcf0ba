import { CUSTOMER_HOLD_KINDS, INSOLVENCY_OUTCOMES, INSOLVENCY_PROCEDURES } from '../../workflows/customer-messages';

/** Shapes of the customer endpoints' answers, referenced from customer-operations.ts. */
const str = { type: 'string' };
const int = { type: 'integer' };
const nullableStr = { type: ['string', 'null'] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const share = {
  type: 'object',
  required: ['invoiceId', 'amount'],
  properties: { invoiceId: str, amount: { ...int, description: 'minor units' } },
};

export const CUSTOMER_COMPONENT_SCHEMAS = {
  MoneyAmount: {
    type: 'object',
    required: ['currency', 'amount'],
    properties: { currency: str, amount: { ...int, description: 'minor units' } },
  },
  CustomerHold: {
    type: 'object',
    required: ['holdId', 'kind', 'reason', 'until', 'since', 'by'],
    properties: {
      holdId: str,
      kind: { enum: [...CUSTOMER_HOLD_KINDS] },
      reason: str,
      until: { ...nullableStr, description: 'RFC 3339 instant it ends by itself; null: until lifted' },
      since: str,
      by: { ...nullableStr, description: 'the API key that placed it' },
    },
  },
  CustomerHoldPlaced: {
    type: 'object',
    required: ['holdId'],
    properties: { holdId: str, kind: { enum: [...CUSTOMER_HOLD_KINDS] }, reason: str, until: nullableStr, by: str },
  },
  CustomerHoldLifted: {
    type: 'object',
    required: ['holdId', 'lifted'],
    properties: {
      holdId: str,
      lifted: { type: 'boolean' },
      repeated: { type: 'boolean', description: 'it was lifted (or had ended) already' },
      holds: { type: 'array', items: ref('CustomerHold'), description: 'the holds still in force' },
    },
  },
  InsolvencyProcedure: {
    type: 'object',
    required: ['procedure', 'openedOn', 'publishedOn', 'declareBy', 'taskId', 'outcome'],
    properties: {
      procedure: { enum: [...INSOLVENCY_PROCEDURES] },
      openedOn: str,
      publishedOn: str,
      declareBy: { ...str, description: 'the file_claim task’s due date: two months after publishedOn' },
      taskId: { ...nullableStr, description: 'the file_claim task' },
      outcome: { enum: [...INSOLVENCY_OUTCOMES, null] },
      claims: {
        type: 'array',
        description: 'GET only: what to declare per invoice (principal, interest to the opening judgment, indemnity)',
        items: { type: 'object' },
      },
      repeated: { type: 'boolean', description: 'close only: it was closed with this outcome already' },
    },
  },
  CustomerPaymentAllocation: {
    type: 'object',
    required: ['paymentId', 'currency', 'shares', 'credit'],
    properties: {
      paymentId: str,
      currency: str,
      shares: {
        type: 'array',
        items: share,
        description: 'each reaches its invoice as payment `<paymentId>/<invoiceId>`',
      },
      credit: { ...int, description: "what no open invoice took: the customer's credit" },
    },
  },
  CustomerPayment: {
    type: 'object',
    properties: {
      paymentId: str,
      amount: int,
      currency: str,
      receivedAt: str,
      reference: nullableStr,
      method: nullableStr,
      reversedAt: nullableStr,
      reversalReason: nullableStr,
      shares: {
        type: 'array',
        description: '`source` payment (allocated on arrival) or credit (applied later to a new invoice)',
        items: {
          type: 'object',
          properties: {
            ...share.properties,
            source: { enum: ['payment', 'credit'] },
            allocatedAt: str,
            reversedAt: nullableStr,
            undeliverableAt: nullableStr,
          },
        },
      },
      credit: { ...int, description: 'what is left of it for the next invoices' },
    },
  },
  Customer: {
    type: 'object',
    required: ['customer', 'invoices', 'outstanding', 'holds', 'credit'],
    properties: {
      customerId: str,
      customer: { type: 'object', description: 'the customer as its most recent invoice describes it' },
      invoices: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'stage', 'balance', 'currency', 'dueDate'],
          properties: { id: str, stage: str, balance: int, currency: str, dueDate: str, status: str, amount: int },
        },
      },
      outstanding: { type: 'array', items: ref('MoneyAmount'), description: 'open balances per currency' },
      holds: { type: 'array', items: ref('CustomerHold'), description: 'the holds in force' },
      credit: { type: 'array', items: ref('MoneyAmount'), description: 'unallocated payments per currency' },
      insolvency: { oneOf: [ref('InsolvencyProcedure'), { type: 'null' }] },
      payments: { type: 'array', items: ref('CustomerPayment') },
    },
  },
};
