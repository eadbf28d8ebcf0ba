import { disputeResolutionSchema, listInvoicesQuerySchema } from '../../api/invoices/invoice-schemas';
import { completeTaskSchema } from '../../api/tasks/task-schemas';
import { matchPaymentEventSchema, paymentEventSchema } from '../../api/payments/webhook-schemas';

const paths = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('request schemas', () => {
  it('requires a promised date with promise_to_pay and a reason with dispute, and nothing of the sort otherwise', () => {
    expect(paths(completeTaskSchema.safeParse({ outcome: 'promise_to_pay' }))).toEqual(['promisedDate']);
    expect(paths(completeTaskSchema.safeParse({ outcome: 'dispute' }))).toEqual(['disputeReason']);
    expect(paths(completeTaskSchema.safeParse({ outcome: 'reached', promisedDate: '2026-04-01' }))).toEqual([
      'promisedDate',
    ]);
    expect(completeTaskSchema.safeParse({ outcome: 'no_answer', note: 'voicemail' }).success).toBe(true);
    expect(paths(completeTaskSchema.safeParse({ outcome: 'hung_up' }))).toEqual(['outcome']);
  });

  it('requires a credit amount exactly when a dispute is partially upheld', () => {
    expect(paths(disputeResolutionSchema.safeParse({ outcome: 'partially_upheld' }))).toEqual(['creditAmount']);
    expect(paths(disputeResolutionSchema.safeParse({ outcome: 'rejected', creditAmount: 10 }))).toEqual([
      'creditAmount',
    ]);
    expect(disputeResolutionSchema.safeParse({ outcome: 'upheld' }).success).toBe(true);
  });

  it('reads list filters from query strings and refuses an inverted amount range', () => {
    expect(listInvoicesQuerySchema.parse({ minAmount: '100', maxAmount: '200', minDaysOverdue: '30' })).toMatchObject({
      minAmount: 100,
      maxAmount: 200,
      minDaysOverdue: 30,
      limit: 50,
    });
    expect(paths(listInvoicesQuerySchema.safeParse({ minAmount: '300', maxAmount: '200' }))).toEqual(['maxAmount']);
    expect(paths(listInvoicesQuerySchema.safeParse({ overdueSince: 'yesterday' }))).toEqual(['overdueSince']);
  });

  it('tells settlement and reversal events apart by type and ignores fields payment systems add', () => {
    const settlement = paymentEventSchema.parse({
      eventId: 'e1',
      type: 'settlement',
      invoiceId: 'F-1',
      paymentId: 'p1',
      amount: 100,
      currency: 'EUR',
      receivedAt: '2026-03-01T10:00:00Z',
      livemode: true,
    });
    expect(settlement).not.toHaveProperty('livemode');
    expect(
      paths(paymentEventSchema.safeParse({ eventId: 'e2', type: 'reversal', invoiceId: 'F-1', paymentId: 'p1' })),
    ).toEqual(['kind']);
    expect(
      paymentEventSchema.safeParse({ eventId: 'e3', type: 'refund', invoiceId: 'F-1', paymentId: 'p1' }).success,
    ).toBe(false);
  });

  it('matches an event to an invoice or dismisses it, not both', () => {
    expect(matchPaymentEventSchema.safeParse({ invoiceId: 'F-1' }).success).toBe(true);
    expect(matchPaymentEventSchema.safeParse({ dismiss: true }).success).toBe(true);
    expect(matchPaymentEventSchema.safeParse({ invoiceId: 'F-1', dismiss: true }).success).toBe(false);
    expect(matchPaymentEventSchema.safeParse({}).success).toBe(false);
  });
});
