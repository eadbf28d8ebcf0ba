import { ValidationError } from '../../../api/http/http-errors';
import { checkFutureDate, checkInstalmentPlan, checkWithinBalance } from '../../../api/invoices/message-rules';

const context = { now: new Date('2026-03-10T12:00:00Z'), timezone: 'Europe/Paris' };
const balance = { amount: 100_000, currency: 'EUR' };

function issues(run: () => void) {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return { status: error.status, issues: error.issues };
    throw error;
  }
  return undefined;
}

describe('API-side rules on messages', () => {
  it('accepts a plan in the future, ascending, summing to the balance', () => {
    const plan = {
      instalments: [
        { dueDate: '2026-04-01', amount: 40_000 },
        { dueDate: '2026-05-01', amount: 60_000 },
      ],
    };
    expect(issues(() => checkInstalmentPlan(plan, balance, context))).toBeUndefined();
  });

  it('refuses a plan that does not sum to the balance with 422, saying both sums', () => {
    const plan = {
      instalments: [
        { dueDate: '2026-04-01', amount: 40_000 },
        { dueDate: '2026-05-01', amount: 50_000 },
      ],
    };
    const refused = issues(() => checkInstalmentPlan(plan, balance, context));
    expect(refused?.status).toBe(422);
    expect(refused?.issues).toEqual([
      expect.objectContaining({
        field: 'instalments',
        rule: 'sum_to_balance',
        message: expect.stringMatching(/90000.*100000/),
      }),
    ]);
  });

  it('refuses an instalment due in the past, naming it', () => {
    const plan = {
      instalments: [
        { dueDate: '2026-03-01', amount: 50_000 },
        { dueDate: '2026-05-01', amount: 50_000 },
      ],
    };
    expect(issues(() => checkInstalmentPlan(plan, balance, context))?.issues).toEqual([
      expect.objectContaining({ field: 'instalments[0].dueDate', rule: 'future' }),
    ]);
  });

  it('refuses instalments out of order', () => {
    const plan = {
      instalments: [
        { dueDate: '2026-05-01', amount: 50_000 },
        { dueDate: '2026-04-01', amount: 50_000 },
      ],
    };
    expect(issues(() => checkInstalmentPlan(plan, balance, context))?.issues).toEqual([
      expect.objectContaining({ field: 'instalments[1].dueDate', rule: 'ascending' }),
    ]);
  });

  it('takes a calendar date as due at the end of that day in the customer zone, so today is still ahead', () => {
    expect(issues(() => checkFutureDate('2026-03-10', 'promisedDate', context))).toBeUndefined();
    expect(issues(() => checkFutureDate('2026-03-09', 'promisedDate', context))?.issues[0]).toMatchObject({
      field: 'promisedDate',
      rule: 'future',
    });
    expect(issues(() => checkFutureDate('2026-03-10T11:59:59Z', 'until', context))?.issues[0]?.field).toBe('until');
  });

  it('refuses amounts above the balance, and a credit equal to it when it must stay below', () => {
    expect(issues(() => checkWithinBalance(100_000, 'amount', 100_000))).toBeUndefined();
    expect(issues(() => checkWithinBalance(100_001, 'amount', 100_000))?.issues[0]?.rule).toBe('within_balance');
    expect(issues(() => checkWithinBalance(100_000, 'creditAmount', 100_000, true))?.issues[0]?.field).toBe(
      'creditAmount',
    );
  });
});
