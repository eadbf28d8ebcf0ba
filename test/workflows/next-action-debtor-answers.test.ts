import { FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import { scheduleSteps, ScheduleInput } from '../../domain/dunning-schedule';
import { CollectionState } from '../../workflows/collection-state';
import type { InvoiceCollectionInput } from '../../workflows/messages';
import { CollectionPlan, nextAction, nextActionView, projectTimeline } from '../../workflows/next-action';

const TZ = 'Europe/Paris';
const NOW = '2026-03-10T10:00:00.000Z';

/** An invoice due on 3 March 2026 on the French B2B ladder, its first two steps taken. */
function plan(): CollectionPlan {
  const input: InvoiceCollectionInput = {
    invoice: {
      id: 'F-2026-0042',
      customer: {
        id: 'C-1',
        name: 'Dupont SARL',
        email: 'ap@dupont.test',
        locale: 'fr-FR',
        timezone: TZ,
        country: 'FR',
      },
      amount: 120_000,
      currency: 'EUR',
      issueDate: '2026-02-01',
      dueDate: '2026-03-03',
    },
    policy: FRENCH_B2B_POLICY,
  };
  const state = new CollectionState(input, '2026-03-03T23:00:00.000Z', () => NOW);
  const scheduleInput: ScheduleInput = {
    dueDate: '2026-03-03',
    timezone: TZ,
    country: 'FR',
    policy: FRENCH_B2B_POLICY,
  };
  const schedule = scheduleSteps(scheduleInput);
  return {
    view: state.view,
    policy: FRENCH_B2B_POLICY,
    scheduleInput,
    schedule,
    nextIndex: 2,
    done: new Set(),
    now: NOW,
  };
}

describe("nextAction while a person answers the debtor's own word", () => {
  it('waits for the verify_payment task while a payment claim stands, the ladder shown tentative', () => {
    const p = plan();
    p.view.paymentClaim = {
      paidOn: '2026-03-08',
      reference: 'VIR-889',
      answerId: 'a-1',
      claimedAt: NOW,
      taskKey: 'payment-claim-1',
      taskId: 'F-2026-0042:verify_payment:payment-claim-1',
    };
    const next = nextAction(p);
    expect(next).toMatchObject({ type: 'wait', kind: 'payment_claim', at: null });
    expect(nextActionView(next, p.view)).toEqual({
      action: 'payment_claim',
      at: null,
      taskId: 'F-2026-0042:verify_payment:payment-claim-1',
    });
    expect(projectTimeline(p, true).every((entry) => entry.tentative)).toBe(true);
  });

  it('waits for the approval task while a plan request stands, its task null until opened', () => {
    const p = plan();
    p.view.planRequest = {
      instalments: [{ dueDate: '2026-04-30', amount: 120_000 }],
      answerId: 'a-2',
      requestedAt: NOW,
      taskKey: 'plan-request-1',
      taskId: null,
    };
    const next = nextAction(p);
    expect(next).toMatchObject({ type: 'wait', kind: 'plan_request', at: null });
    expect(nextActionView(next, p.view)).toEqual({ action: 'plan_request', at: null, taskId: null });
  });

  it('checks a standing promise at its time, and lets a hold come first', () => {
    const p = plan();
    p.view.paymentClaim = {
      paidOn: '2026-03-08',
      reference: 'VIR-889',
      answerId: 'a-1',
      claimedAt: NOW,
      taskKey: 'payment-claim-1',
      taskId: null,
    };
    p.view.promise = {
      promisedDate: '2026-03-20',
      amount: 120_000,
      madeAt: NOW,
      watchUntil: '2026-03-23T23:00:00.000Z',
      balanceWhenMade: 120_000,
    };
    expect(nextAction(p)).toMatchObject({ type: 'check_promise', at: '2026-03-23T23:00:00.000Z' });
    p.view.hold = { since: NOW };
    expect(nextAction(p)).toMatchObject({ type: 'wait', kind: 'hold_ends' });
  });
});
