import { dueMoment } from '../../domain/due-moment';
import { assertInstalmentPlan } from '../../domain/instalment-plan';
import { addIsoDuration, parseIsoDuration } from '../../domain/iso-duration';
import type { InstalmentAgreed } from '../messages';
import type { InstalmentPlanView } from '../read-model';
import { endPromise } from './promises';
import { refusal, requireOpen } from './refusal';
import type { StateCore } from './state-core';

export function validatePlan(state: StateCore, plan: InstalmentAgreed, timezone: string): void {
  requireOpen(state);
  if (state.view.dispute)
    throw refusal('instalments', 'no_dispute', 'a dispute is open: resolve it before agreeing a plan');
  const { balance, currency } = state.view;
  assertInstalmentPlan(plan?.instalments, { balance, currency, now: state.now(), timezone });
}

export function applyPlan(state: StateCore, plan: InstalmentAgreed, timezone: string, instalmentGrace: string): void {
  const { view } = state;
  const previous = view.plan;
  if (previous?.status === 'active') previous.status = 'replaced';
  const number = (previous?.number ?? 0) + 1;
  const grace = parseIsoDuration(instalmentGrace);
  view.plan = {
    number,
    status: 'active',
    agreedAt: state.now(),
    ...(plan.agreedBy ? { agreedBy: plan.agreedBy } : {}),
    total: view.balance,
    instalments: plan.instalments.map((instalment, index) => {
      const dueAt = dueMoment(instalment.dueDate, timezone);
      return {
        index,
        dueDate: instalment.dueDate,
        amount: instalment.amount,
        dueAt,
        graceEndsAt: addIsoDuration(dueAt, grace, timezone),
        paid: 0,
        status: 'pending',
      };
    }),
  };
  // A plan supersedes a promise: the debtor's word is now the schedule.
  if (view.promise) endPromise(state, false, 'superseded by an instalment plan');
  state.record('plan_agreed', {
    number,
    total: view.balance,
    instalments: plan.instalments,
    ...(plan.agreedBy ? { agreedBy: plan.agreedBy } : {}),
  });
  state.followups.push({ kind: 'notice', key: `plan-${number}:confirmation`, template: 'plan-confirmation' });
  state.changed();
}

/** Payments go to instalments in order: what the plan has received so far fills them from the first. */
export function allocatePlan(state: StateCore): void {
  const plan = state.view.plan;
  if (!plan || plan.status !== 'active') return;
  let received = plan.total - state.view.balance;
  for (const instalment of plan.instalments) {
    const paid = Math.max(0, Math.min(instalment.amount, received));
    received -= paid;
    const wasPaid = instalment.status === 'paid';
    instalment.paid = paid;
    if (instalment.status !== 'missed') instalment.status = paid === instalment.amount ? 'paid' : 'pending';
    if (!wasPaid && instalment.status === 'paid') {
      state.record('instalment_paid', { plan: plan.number, instalment: instalment.index, amount: instalment.amount });
    }
  }
}

/** At the end of an instalment's grace period: kept when paid, otherwise the whole plan breaks (déchéance du terme). */
export function checkInstalment(state: StateCore, index: number, resumeAt: number): boolean {
  const plan = state.view.plan;
  const instalment = plan?.instalments[index];
  if (!plan || plan.status !== 'active' || !instalment || instalment.status === 'paid') return false;
  instalment.status = 'missed';
  endPlan(state, 'broken');
  state.record('plan_broken', {
    number: plan.number,
    missedInstalment: index,
    dueDate: instalment.dueDate,
    paid: instalment.paid,
    amount: instalment.amount,
    balance: state.view.balance,
  });
  state.followups.push({
    kind: 'notice',
    key: `plan-${plan.number}:broken`,
    template: 'plan-broken',
    instalmentIndex: index,
  });
  state.followups.push({ kind: 'resume_escalation', fromIndex: resumeAt, bringForward: true });
  state.changed();
  return true;
}

export function endPlan(state: StateCore, status: 'kept' | 'broken'): void {
  const plan = state.view.plan as InstalmentPlanView;
  plan.status = status;
  if (status === 'broken') plan.brokenAt = state.now();
  else state.record('plan_kept', { number: plan.number });
}
