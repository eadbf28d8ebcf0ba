import type { CustomerHoldNotice, InsolvencyNotice } from '../customer-messages';
import { applyWriteOff } from './legal-file';
import { insolvencyFreezes } from './stage';
import type { StateCore } from './state-core';

// What the customer's workflow tells each of its invoices: holds on the customer, insolvency proceedings. Signals,
// each applied once: a hold by its id, a procedure by its opening and its outcome.

/** A customer hold placed or lifted. Lifting the last one resumes escalation as a resumed pause does. */
export function applyCustomerHold(state: StateCore, notice: CustomerHoldNotice): void {
  if (state.closed || typeof notice?.holdId !== 'string') return;
  const holds = (state.view.customerHolds ??= []);
  const standing = holds.findIndex((h) => h.holdId === notice.holdId);
  if (notice.lifted) {
    if (standing < 0) return;
    const [lifted] = holds.splice(standing, 1);
    state.record('customer_hold_lifted', { holdId: notice.holdId, since: lifted!.since, ...by(notice) });
    if (holds.length === 0) state.followups.push({ kind: 'resume_escalation' });
    state.changed();
    return;
  }
  if (standing >= 0) return;
  holds.push({
    holdId: notice.holdId,
    kind: notice.kind,
    reason: notice.reason,
    since: state.now(),
    until: notice.until ?? null,
  });
  state.record('customer_hold_placed', {
    holdId: notice.holdId,
    kind: notice.kind,
    reason: notice.reason,
    ...(notice.until ? { until: notice.until } : {}),
    ...by(notice),
  });
  state.changed();
}

/**
 * Insolvency opened: the invoice freezes (stage `insolvency`), nothing more is sent. Closed: its outcome applies —
 * `dismissed` resumes escalation, `plan_adopted` keeps the invoice frozen for the plan to pay it,
 * `insufficient_assets` writes it off.
 */
export function applyInsolvency(state: StateCore, notice: InsolvencyNotice): void {
  if (state.closed || typeof notice?.openedOn !== 'string') return;
  const { view } = state;
  const current = view.insolvency;
  if (!notice.outcome) {
    if (current && current.openedOn === notice.openedOn && current.outcome === null) return;
    view.insolvency = {
      procedure: notice.procedure,
      openedOn: notice.openedOn,
      publishedOn: notice.publishedOn,
      declareBy: notice.declareBy,
      taskId: notice.taskId ?? null,
      outcome: null,
    };
    const { procedure, openedOn, publishedOn, declareBy } = notice;
    state.record('insolvency_opened', { procedure, openedOn, publishedOn, declareBy, ...by(notice) });
    state.changed();
    return;
  }
  if (!current || current.openedOn !== notice.openedOn || current.outcome === notice.outcome) return;
  const wasFrozen = insolvencyFreezes(view);
  current.outcome = notice.outcome;
  state.record('insolvency_closed', {
    procedure: current.procedure,
    openedOn: current.openedOn,
    outcome: notice.outcome,
    ...(notice.note ? { note: notice.note } : {}),
    ...by(notice),
  });
  if (notice.outcome === 'insufficient_assets') {
    applyWriteOff(state, {
      reason: `insolvency procedure (${current.procedure}) closed for insufficient assets`,
      ...(notice.by ? { by: notice.by } : {}),
    });
  } else if (wasFrozen && !insolvencyFreezes(view)) {
    state.followups.push({ kind: 'resume_escalation' });
  }
  state.changed();
}

const by = (notice: { by?: string }) => (notice.by ? { by: notice.by } : {});
