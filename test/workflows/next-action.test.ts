import { FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import { scheduleSteps, ScheduleInput } from '../../domain/dunning-schedule';
import { CollectionState } from '../../workflows/collection-state';
import type { InvoiceCollectionInput } from '../../workflows/messages';
import { CollectionPlan, nextAction, nextActionView, projectTimeline } from '../../workflows/next-action';

const TZ = 'Europe/Paris';

/** An invoice due on 3 March 2026 on the French B2B ladder, as the workflow would hold it at `now`. */
function planAt(now: string, overrides: Partial<CollectionPlan> = {}): CollectionPlan & { state: CollectionState } {
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
  const state = new CollectionState(input, '2026-03-03T23:00:00.000Z', () => now);
  const scheduleInput: ScheduleInput = {
    dueDate: '2026-03-03',
    timezone: TZ,
    country: 'FR',
    policy: FRENCH_B2B_POLICY,
  };
  return {
    state,
    view: state.view,
    policy: FRENCH_B2B_POLICY,
    scheduleInput,
    schedule: scheduleSteps(scheduleInput),
    nextIndex: 0,
    done: new Set(),
    now,
    ...overrides,
  };
}

describe('nextAction: what the invoice waits for, computed without a server', () => {
  it('is the first ladder step not yet taken, at its scheduled moment', () => {
    const plan = planAt('2026-02-20T10:00:00.000Z', { nextIndex: 1 });
    const next = nextAction(plan);
    expect(next).toMatchObject({ type: 'run_step', kind: plan.schedule[1]!.action, at: plan.schedule[1]!.at });
    expect(next.type === 'run_step' && next.step.index).toBe(1);
  });

  it('waits for a message only once the ladder is complete', () => {
    const plan = planAt('2026-06-01T10:00:00.000Z');
    expect(nextAction({ ...plan, nextIndex: plan.schedule.length })).toEqual({
      type: 'wait',
      kind: 'close',
      at: null,
      summary: 'ladder complete: waiting for payment',
    });
  });

  it('puts a hold before everything: until its end, or for good when it has none', () => {
    const plan = planAt('2026-03-10T10:00:00.000Z');
    plan.state.applyPause({ reason: 'call me', until: '2026-03-20' }, TZ);
    expect(nextAction(plan)).toMatchObject({ type: 'end_hold', kind: 'hold_ends', at: plan.view.hold!.until });
    plan.view.hold = { since: plan.now };
    expect(nextAction(plan)).toMatchObject({ type: 'wait', kind: 'hold_ends', at: null });
    expect(
      projectTimeline(plan, true)
        .filter((t) => t.index !== undefined)
        .every((t) => t.tentative),
    ).toBe(true);
  });

  it('holds escalation on a dispute until its SLA ends, then only a resolution moves it', () => {
    const plan = planAt('2026-03-10T10:00:00.000Z');
    plan.state.applyDispute({ reason: 'not delivered' }, '2026-04-09T10:00:00.000Z');
    expect(nextAction(plan)).toMatchObject({ type: 'pass_dispute_sla', at: '2026-04-09T10:00:00.000Z' });
    plan.state.disputeSlaPassed();
    expect(nextAction(plan)).toMatchObject({ type: 'wait', kind: 'dispute_sla' });
  });

  it('opens no legal file before the formal notice has run out', () => {
    const plan = planAt('2026-05-01T10:00:00.000Z');
    const legal = plan.schedule.find((s) => s.action === 'legal_file')!;
    const notice = plan.schedule.find((s) => s.action === 'formal_notice')!;
    const lateDeadline = new Date(Date.parse(legal.at) + 5 * 86_400_000).toISOString();
    plan.state.recordStep({ ...notice, deadline: lateDeadline }, 'sent');
    expect(nextAction({ ...plan, nextIndex: legal.index })).toMatchObject({ type: 'run_step', at: lateDeadline });
  });

  it('waits for a person on a blocked step: a message moves it, except a rate table that is re-checked hourly', () => {
    const plan = planAt('2026-04-10T10:00:00.000Z', { nextIndex: 4 });
    const letter = plan.schedule[4]!;
    const block = {
      index: 4,
      action: letter.action,
      template: letter.template,
      reason: 'address_missing' as const,
      taskId: 'T-7',
      message: 'no postal address',
      since: plan.now,
      checkedAt: plan.now,
    };
    plan.view.blocked = block;
    const next = nextAction(plan);
    expect(next).toMatchObject({ type: 'retry_step', kind: 'blocked', at: null, step: { index: 4 } });
    expect(nextActionView(next, plan.view)).toEqual({
      action: 'blocked',
      at: null,
      step: 4,
      reason: 'address_missing',
      taskId: 'T-7',
    });
    plan.view.blocked = { ...block, reason: 'rates_outdated', table: 'ECB_MRO' };
    expect(nextActionView(nextAction(plan), plan.view)).toEqual({
      action: 'blocked',
      at: '2026-04-10T11:00:00.000Z',
      step: 4,
      reason: 'rates_outdated',
      taskId: 'T-7',
      table: 'ECB_MRO',
    });
    // A block left on a step the ladder has moved beyond holds nothing.
    expect(nextAction({ ...plan, nextIndex: 5 })).toMatchObject({ type: 'run_step', step: { index: 5 } });
  });

  it('reminds of an instalment before it falls due, once, then checks it after its grace', () => {
    const plan = planAt('2026-03-10T10:00:00.000Z');
    plan.state.applyPlan(
      {
        instalments: [
          { dueDate: '2026-04-15', amount: 60_000 },
          { dueDate: '2026-05-15', amount: 60_000 },
        ],
      },
      TZ,
      'P5D',
    );
    const reminder = nextAction(plan);
    expect(reminder).toMatchObject({ type: 'remind_instalment', instalmentIndex: 0 });
    const key = reminder.type === 'remind_instalment' ? reminder.key : '';
    expect(nextAction({ ...plan, done: new Set([key]) })).toMatchObject({
      type: 'check_instalment',
      instalmentIndex: 0,
      at: plan.view.plan!.instalments[0]!.graceEndsAt,
    });
    expect(
      projectTimeline(plan, true)
        .map((t) => t.action)
        .slice(0, 4),
    ).toEqual(['instalment_reminder', 'instalment_check', 'instalment_reminder', 'instalment_check']);
  });

  it('says when the legal file really opens: at the notice deadline, in the plan, its summary and the timeline', () => {
    const plan = planAt('2026-05-01T10:00:00.000Z');
    const legal = plan.schedule.find((s) => s.action === 'legal_file')!;
    const notice = plan.schedule.find((s) => s.action === 'formal_notice')!;
    const lateDeadline = new Date(Date.parse(legal.at) + 5 * 86_400_000).toISOString();
    plan.state.recordStep({ ...notice, deadline: lateDeadline }, 'sent');
    const next = nextAction({ ...plan, nextIndex: legal.index });
    expect(next.summary).toBe(
      `wait until ${lateDeadline} (the formal notice's deadline) for legal_file « legal-file »`,
    );
    expect(projectTimeline({ ...plan, nextIndex: legal.index }, false)).toEqual([
      { action: 'legal_file', at: lateDeadline, index: legal.index, template: 'legal-file' },
    ]);
    // A delivery that moves the deadline later moves the legal file with it.
    const delivered = new Date(Date.parse(lateDeadline) + 2 * 86_400_000).toISOString();
    plan.view.history[plan.view.history.length - 1]!.deadlineFromDelivery = delivered;
    expect(nextAction({ ...plan, nextIndex: legal.index })).toMatchObject({ type: 'run_step', at: delivered });
  });

  it('waits for the legal file to close once the ladder opened it, and shows it', () => {
    const plan = planAt('2026-06-01T10:00:00.000Z', { nextIndex: 7 });
    plan.view.legalFile = { id: 'LF-F-2026-0042', openedAt: plan.now, status: 'open' };
    const next = nextAction(plan);
    expect(next).toMatchObject({ type: 'wait', kind: 'legal_file_open', at: null });
    expect(nextActionView(next, plan.view)).toEqual({
      action: 'legal_file_open',
      at: null,
      legalFileId: 'LF-F-2026-0042',
    });
  });

  it('waits for an approval until its due date, and marks the step in the timeline', () => {
    const policy = {
      ...FRENCH_B2B_POLICY,
      steps: FRENCH_B2B_POLICY.steps.map((s, i) =>
        i === 5 ? { ...s, approval: { timeout: 'P3D', onTimeout: 'hold' as const } } : s,
      ),
    };
    const plan = planAt('2026-04-20T10:00:00.000Z', { nextIndex: 5, policy });
    expect(projectTimeline(plan, false)[0]).toMatchObject({ action: 'formal_notice', approval: 'required' });
    const approval = {
      step: 5,
      action: 'formal_notice' as const,
      template: 'formal-notice',
      taskId: 'T-approval',
      requestedAt: plan.now,
      dueAt: '2026-04-23T10:00:00.000Z',
      onTimeout: 'hold' as const,
    };
    plan.view.approval = approval;
    const next = nextAction(plan);
    expect(next).toMatchObject({ type: 'approval_timeout', kind: 'approval', at: approval.dueAt });
    expect(nextActionView(next, plan.view)).toEqual({
      action: 'approval',
      at: approval.dueAt,
      step: 5,
      taskId: 'T-approval',
    });
    expect(projectTimeline(plan, false)[0]).toMatchObject({ action: 'formal_notice', approval: 'pending' });
    plan.view.approval = null;
    plan.view.approvals = [{ ...approval, decision: 'approved', at: plan.now }];
    expect(nextAction(plan)).toMatchObject({ type: 'run_step', step: { index: 5 } });
    expect(projectTimeline(plan, false)[0]).toMatchObject({ approval: 'approved' });
  });

  it('re-sends a step at once when its contact was corrected, and holds the legal file for a returned notice', () => {
    const plan = planAt('2026-05-01T10:00:00.000Z', { nextIndex: 6 });
    const resend = {
      step: 5,
      action: 'formal_notice' as const,
      template: 'formal-notice',
      cause: 'address_unknown' as const,
      needs: 'address' as const,
      taskKey: 'letter:T-1:address_unknown',
      resend: 1,
      since: plan.now,
      ready: false,
      holdsLegalFile: true,
    };
    plan.view.resend = resend;
    const held = nextAction(plan);
    expect(held).toMatchObject({ type: 'wait', kind: 'fix_contact', at: null });
    expect(nextActionView(held, plan.view)).toEqual({
      action: 'fix_contact',
      at: null,
      step: 5,
      taskKey: 'letter:T-1:address_unknown',
      reason: 'address_unknown',
    });
    plan.view.resend = { ...resend, ready: true };
    expect(nextAction(plan)).toMatchObject({ type: 'resend_step', kind: 'resend', at: plan.now });
  });
});
