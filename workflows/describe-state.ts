import { formatMoney } from '../domain/money';
import type { InvoiceState } from './read-model';

/** The "current details" support staff read in the Temporal UI: stage, balance, next action and why. */
export function describeState(state: InvoiceState): string {
  const balance = formatMoney({ amount: state.balance, currency: state.currency }, 'en-GB');
  const lines = [
    `**Stage:** ${state.stage} (${state.status})`,
    `**Balance:** ${balance}${state.credit > 0 ? ` · credit ${formatMoney({ amount: state.credit, currency: state.currency }, 'en-GB')}` : ''}`,
    `**Next:** ${describeNext(state)}`,
  ];
  if (state.legalFile)
    lines.push(
      `**Legal file:** ${state.legalFile.id} ${state.legalFile.status === 'open' ? `open since ${state.legalFile.openedAt}` : `closed ${state.legalFile.outcome} on ${state.legalFile.closedAt}`}`,
    );
  if (state.approval)
    lines.push(
      `**Approval:** ${state.approval.action} « ${state.approval.template} » waits for task ${state.approval.taskId}, due ${state.approval.dueAt} (then ${state.approval.onTimeout})`,
    );
  if (state.resend)
    lines.push(
      `**Re-send:** ${state.resend.action} « ${state.resend.template} » (${state.resend.cause}) ${state.resend.ready ? 'goes out again now' : `waits for a corrected ${state.resend.needs}`}`,
    );
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
  if (state.paymentClaim)
    lines.push(
      `**Payment claim:** the debtor says it paid on ${state.paymentClaim.paidOn} (reference « ${state.paymentClaim.reference} »); task ${state.paymentClaim.taskId ?? 'being opened'} checks it`,
    );
  if (state.planRequest)
    lines.push(
      `**Plan requested:** ${state.planRequest.instalments.length} instalment(s) asked by the debtor; approval task ${state.planRequest.taskId ?? 'being opened'}`,
    );
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

/** The effective moment of what comes next (a legal file: the notice's deadline when later), or what it waits for. */
function describeNext(state: InvoiceState): string {
  const next = state.nextAction;
  if (!next) return 'nothing scheduled';
  switch (next.action) {
    case 'legal_file_open':
      return `legal file ${next.legalFileId} open: waiting for a payment or for the file to close`;
    case 'approval':
      return `approval of step ${next.step} (task ${next.taskId}) by ${next.at}`;
    case 'payment_claim':
      return `a person to check the payment the debtor says it made (task ${next.taskId ?? 'being opened'})`;
    case 'plan_request':
      return `approval of the instalment plan the debtor asked for (task ${next.taskId ?? 'being opened'})`;
    case 'fix_contact':
      return `a corrected postal address, to send step ${next.step} again before the legal file`;
    case 'legal_file':
      return `legal_file at ${next.at}${state.history.some((h) => h.action === 'formal_notice' && h.result === 'sent') ? " (no earlier than the formal notice's deadline)" : ''}`;
    default:
      return next.at ? `${next.action} at ${next.at}` : 'waiting for a person';
  }
}
