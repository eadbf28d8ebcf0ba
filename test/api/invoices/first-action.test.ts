import { firstAction } from '../../../api/invoices/invoice-creation';
import { FRENCH_B2B_POLICY, DEMO_POLICY } from '../../../domain/dunning-policy';

const paris = { timezone: 'Europe/Paris', country: 'FR' };

describe('the first action stored at creation', () => {
  it('is the courtesy e-mail at 09:00 Paris three days before a future due date', () => {
    expect(firstAction({ ...paris, dueDate: '2026-06-15', policy: FRENCH_B2B_POLICY }, '2026-05-01T10:00:00Z')).toEqual(
      {
        action: 'email',
        at: '2026-06-12T07:00:00.000Z',
      },
    );
  });

  it('is the first step at its second with the calendar off', () => {
    expect(
      firstAction({ ...paris, dueDate: '2026-05-01T10:00:10Z', policy: DEMO_POLICY }, '2026-05-01T10:00:00Z'),
    ).toEqual({ action: 'email', at: '2026-05-01T10:00:10.000Z' });
  });

  it('is, for a backlog, the most advanced step already due, at the next send slot', () => {
    // Due 20 days before: the phone task (+15 days) is the most advanced step due; 2026-05-01 is a public holiday.
    expect(firstAction({ ...paris, dueDate: '2026-04-11', policy: FRENCH_B2B_POLICY }, '2026-05-01T10:00:00Z')).toEqual(
      {
        action: 'phone_task',
        at: '2026-05-04T07:00:00.000Z',
      },
    );
  });

  it('is the formal notice when a backlog is due for the legal file, which needs one first', () => {
    const next = firstAction({ ...paris, dueDate: '2025-01-10', policy: FRENCH_B2B_POLICY }, '2026-05-04T06:00:00Z');
    expect(next).toEqual({ action: 'formal_notice', at: '2026-05-04T07:00:00.000Z' });
  });
});
