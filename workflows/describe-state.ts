import { formatMoney } from '../domain/money';
import type { InvoiceState } from './read-model';

/** The "current details" support staff read in the Temporal UI: stage, balance, next action and why. */
export function describeState(state: InvoiceState): string {
  const balance = formatMoney({ amount: state.balance, currency: state.currency }, 'en-GB');
  const lines = [
    `**Stage:** ${state.stage} (${state.status})`,
    `**Balance:** ${balance}${state.credit > 0 ? ` · credit ${formatMoney({ amount: state.credit, currency: state.currency }, 'en-GB')}` : ''}`,
    state.nextAction?.at
      ? `**Next:** ${state.nextAction.action} at ${state.nextAction.at}`
      : `**Next:** ${state.nextAction ? 'waiting for a person' : 'nothing scheduled'}`,
  ];
  if (state.blocked)
    lines.push(
      `**Blocked:** ${state.blocked.action} « ${state.blocked.template} » — ${state.blocked.reason}, task ${state.blocked.taskId}: ${state.blocked.message}`,
    );
  if (state.hold)
    lines.push(
      `**Paused:** since ${state.hold.since}${state.hold.until ? ` until ${state.hold.until}` : ''}${state.hold.reason ? ` — ${state.hold.reason}` : ''}`,
    );
  if (state.dispute)
    lines.push(
      `**Dispute:** ${state.dispute.reason} (raised ${state.dispute.raisedAt}${state.dispute.slaBreached ? ', past its SLA' : ''})`,
    );
  if (state.plan?.status === 'active') {
    const paid = state.plan.instalments.filter((i) => i.status === 'paid').length;
    lines.push(`**Instalment plan ${state.plan.number}:** ${paid}/${state.plan.instalments.length} paid`);
  }
  if (state.promise)
    lines.push(`**Promise to pay:** ${state.promise.promisedDate}, watched until ${state.promise.watchUntil}`);
  if (state.brokenPromises > 0) lines.push(`**Broken promises:** ${state.brokenPromises}`);
  const last = state.history[state.history.length - 1];
  if (last)
    lines.push(
      `**Last step:** ${last.action} « ${last.template} » ${last.result}${last.detail ? ` — ${last.detail}` : ''}`,
    );
  const paid = state.payments.filter((payment) => !payment.reversed).length;
  if (paid > 0) lines.push(`**Payments:** ${paid}`);
  return lines.join('\n\n');
}
