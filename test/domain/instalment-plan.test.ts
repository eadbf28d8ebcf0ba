import { assertInstalmentPlan, instalmentPlanProblems, MAX_INSTALMENTS } from '../../domain/instalment-plan';
import { domainError } from './support';

const context = { now: '2026-03-10T12:00:00.000Z', timezone: 'Europe/Paris', balance: 100_000, currency: 'EUR' };
const rules = (instalments: unknown) => instalmentPlanProblems(instalments, context).map((p) => [p.field, p.rule]);

describe('instalmentPlanProblems', () => {
  it('finds nothing wrong with a plan in the future, ascending, summing to the balance', () => {
    const plan = [
      { dueDate: '2026-04-01', amount: 40_000 },
      { dueDate: '2026-05-01T10:00:00Z', amount: 60_000 },
    ];
    expect(rules(plan)).toEqual([]);
    expect(() => assertInstalmentPlan(plan, context)).not.toThrow();
  });

  it('takes a calendar date as due at the end of that day in the customer zone, so today is still ahead', () => {
    expect(rules([{ dueDate: '2026-03-10', amount: 100_000 }])).toEqual([]);
    expect(rules([{ dueDate: '2026-03-09', amount: 100_000 }])).toEqual([['instalments[0].dueDate', 'future']]);
  });

  it('refuses an empty list, something that is not a list and a plan past the longest one', () => {
    expect(rules([])).toEqual([['instalments', 'non_empty']]);
    expect(rules(undefined)).toEqual([['instalments', 'non_empty']]);
    const long = Array.from({ length: MAX_INSTALMENTS + 1 }, (_, i) => ({ dueDate: `2027-01-${i}`, amount: 1 }));
    expect(rules(long)).toEqual([['instalments', 'max_instalments']]);
  });

  it('names a sum that is not the balance, with both figures', () => {
    const [problem] = instalmentPlanProblems(
      [
        { dueDate: '2026-04-01', amount: 40_000 },
        { dueDate: '2026-05-01', amount: 50_000 },
      ],
      context,
    );
    expect(problem).toMatchObject({ field: 'instalments', rule: 'sum_to_balance' });
    expect(problem!.message).toContain('sum to 90000 but the balance is 100000');
  });

  it('names every instalment in the past or out of order, and still checks the sum', () => {
    const plan = [
      { dueDate: '2026-03-01', amount: 30_000 },
      { dueDate: '2026-06-01', amount: 30_000 },
      { dueDate: '2026-05-01', amount: 30_000 },
    ];
    expect(rules(plan)).toEqual([
      ['instalments[0].dueDate', 'future'],
      ['instalments[2].dueDate', 'ascending'],
      ['instalments', 'sum_to_balance'],
    ]);
  });

  it('compares each date with the one just before it, even when that one was out of order', () => {
    const plan = [
      { dueDate: '2026-06-01', amount: 30_000 },
      { dueDate: '2026-04-01', amount: 30_000 },
      { dueDate: '2026-04-15', amount: 40_000 },
    ];
    expect(rules(plan)).toEqual([['instalments[1].dueDate', 'ascending']]);
  });

  it('refuses an amount that is not a positive integer and a date that is none, without a sum over them', () => {
    expect(rules([{ dueDate: '10/04/2026', amount: 10.5 }])).toEqual([
      ['instalments[0].amount', 'positive_minor_units'],
      ['instalments[0].dueDate', 'due_date'],
    ]);
    expect(rules([{ dueDate: '2026-04-01', amount: 0 }])).toEqual([['instalments[0].amount', 'positive_minor_units']]);
  });

  it('throws the first problem', () => {
    const error = domainError(() => assertInstalmentPlan([{ dueDate: '2026-03-01', amount: 1 }], context));
    expect(error).toMatchObject({ field: 'instalments[0].dueDate', rule: 'future' });
  });
});
