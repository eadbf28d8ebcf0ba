import {
  closeInsolvencySchema,
  customerPaymentReversalSchema,
  customerPaymentSchema,
  openInsolvencySchema,
  placeHoldSchema,
} from '../../../api/customers/customer-schemas';
import { ValidationError } from '../../../api/http/http-errors';
import { parseBody } from '../../../api/http/validate';
import { paymentEventSchema } from '../../../api/payments/webhook-schemas';

/** The 400 a body gets, as the API answers it: the fields named, each with its rule. */
function refusal(schema: Parameters<typeof parseBody>[0], body: unknown) {
  try {
    parseBody(schema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const problem = error as ValidationError;
    expect(problem.status).toBe(400);
    return [...new Set(problem.issues.map((issue) => issue.field))];
  }
  throw new Error('the body was accepted');
}

describe('customer request schemas', () => {
  const hold = { kind: 'pause', reason: 'conciliation talks' };
  const insolvency = { procedure: 'redressement', openedOn: '2026-04-02', publishedOn: '2026-04-09' };
  const payment = { paymentId: 'sepa-1', amount: 10_000, currency: 'EUR', receivedAt: '2026-03-16T09:12:00Z' };

  it('takes a hold with a kind, a reason and an optional date or instant to end it', () => {
    expect(parseBody(placeHoldSchema, hold)).toEqual(hold);
    expect(parseBody(placeHoldSchema, { ...hold, until: '2026-05-31' }).until).toBe('2026-05-31');
    expect(parseBody(placeHoldSchema, { ...hold, until: '2026-05-31T18:00:00+02:00' }).until).toBe(
      '2026-05-31T18:00:00+02:00',
    );
  });

  it('refuses a hold of an unknown kind, a blank or huge reason, a reason with a NUL byte, naming the field', () => {
    expect(refusal(placeHoldSchema, { ...hold, kind: 'forever' })).toEqual(['kind']);
    expect(refusal(placeHoldSchema, { ...hold, reason: '   ' })).toEqual(['reason']);
    expect(refusal(placeHoldSchema, { ...hold, reason: 'x'.repeat(501) })).toEqual(['reason']);
    expect(refusal(placeHoldSchema, { ...hold, reason: 'talks\u0000' })).toEqual(['reason']);
    expect(refusal(placeHoldSchema, { kind: 'pause' })).toEqual(['reason']);
  });

  it('refuses a hold ending in year 9999, on no real date, or with a field it does not know', () => {
    expect(refusal(placeHoldSchema, { ...hold, until: '9999-12-31' })).toEqual(['until']);
    expect(refusal(placeHoldSchema, { ...hold, until: '2026-02-30' })).toEqual(['until']);
    expect(refusal(placeHoldSchema, { ...hold, until: 'next week' })).toEqual(['until']);
    expect(refusal(placeHoldSchema, { ...hold, by: 'someone' })).toEqual(['(body)']);
  });

  it('takes an insolvency procedure published on or after its opening, and refuses one published before', () => {
    expect(parseBody(openInsolvencySchema, insolvency)).toEqual(insolvency);
    expect(parseBody(openInsolvencySchema, { ...insolvency, publishedOn: '2026-04-02' }).publishedOn).toBe(
      '2026-04-02',
    );
    expect(refusal(openInsolvencySchema, { ...insolvency, publishedOn: '2026-04-01' })).toEqual(['publishedOn']);
  });

  it('refuses an unknown procedure, an instant or year 9999 for a judgment date, naming each field', () => {
    expect(refusal(openInsolvencySchema, { ...insolvency, procedure: 'bankruptcy' })).toEqual(['procedure']);
    expect(refusal(openInsolvencySchema, { ...insolvency, openedOn: '2026-04-02T10:00:00Z' })).toEqual(['openedOn']);
    expect(refusal(openInsolvencySchema, { ...insolvency, publishedOn: '9999-01-01' })).toEqual(['publishedOn']);
    expect(refusal(openInsolvencySchema, {})).toEqual(['procedure', 'openedOn', 'publishedOn']);
  });

  it('closes a procedure with one of its outcomes and an optional note without control characters', () => {
    expect(parseBody(closeInsolvencySchema, { outcome: 'dismissed' })).toEqual({ outcome: 'dismissed' });
    expect(refusal(closeInsolvencySchema, { outcome: 'paid' })).toEqual(['outcome']);
    expect(refusal(closeInsolvencySchema, { outcome: 'dismissed', note: 'a\u0000b' })).toEqual(['note']);
  });

  it('takes a customer payment and refuses a negative, fractional or huge amount, a bad currency or date', () => {
    expect(parseBody(customerPaymentSchema, { ...payment, reference: 'F-1 F-2' }).reference).toBe('F-1 F-2');
    expect(refusal(customerPaymentSchema, { ...payment, amount: -5 })).toEqual(['amount']);
    expect(refusal(customerPaymentSchema, { ...payment, amount: 0 })).toEqual(['amount']);
    expect(refusal(customerPaymentSchema, { ...payment, amount: 10.5 })).toEqual(['amount']);
    expect(refusal(customerPaymentSchema, { ...payment, amount: 10 ** 14 })).toEqual(['amount']);
    expect(refusal(customerPaymentSchema, { ...payment, currency: 'eur' })).toEqual(['currency']);
    expect(refusal(customerPaymentSchema, { ...payment, receivedAt: '9999-01-01T00:00:00Z' })).toEqual(['receivedAt']);
    expect(refusal(customerPaymentSchema, { ...payment, receivedAt: '2026-03-16' })).toEqual(['receivedAt']);
    expect(refusal(customerPaymentSchema, { ...payment, paymentId: 'a/b' })).toEqual(['paymentId']);
    expect(refusal(customerPaymentSchema, { ...payment, reference: 'F-1\nF-2' })).toEqual(['reference']);
  });

  it('reverses a customer payment with a reason of one line', () => {
    expect(parseBody(customerPaymentReversalSchema, { reason: 'chargeback' })).toEqual({ reason: 'chargeback' });
    expect(refusal(customerPaymentReversalSchema, { reason: 'x'.repeat(501) })).toEqual(['reason']);
    expect(refusal(customerPaymentReversalSchema, {})).toEqual(['reason']);
  });
});

describe('the payment webhook event', () => {
  const settlement = {
    eventId: 'evt-1',
    type: 'settlement',
    paymentId: 'sepa-1',
    amount: 10_000,
    currency: 'EUR',
    receivedAt: '2026-03-16T09:12:00Z',
  };

  it('names an invoice, or only a customer for a payment across its invoices', () => {
    expect(parseBody(paymentEventSchema, { ...settlement, invoiceId: 'F-1' }).invoiceId).toBe('F-1');
    const acrossInvoices = parseBody(paymentEventSchema, { ...settlement, customerId: 'C-1' });
    expect([acrossInvoices.invoiceId, acrossInvoices.customerId]).toEqual([undefined, 'C-1']);
  });

  it('refuses an event naming neither an invoice nor a customer, naming invoiceId', () => {
    expect(refusal(paymentEventSchema, settlement)).toEqual(['invoiceId']);
    expect(refusal(paymentEventSchema, { ...settlement, customerId: 'C\u00001' })).toEqual(['customerId']);
  });
});
