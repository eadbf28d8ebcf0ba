import type { ScheduledStep } from '../../domain/dunning-schedule';
import type { DunningStage, InvoiceState } from '../read-model';

/** The stage an open invoice is in once the ladder has reached a given action. */
const STAGE_OF_ACTION: Record<ScheduledStep['action'], DunningStage> = {
  email: 'reminding',
  phone_task: 'calling',
  letter: 'letter',
  formal_notice: 'formal_notice',
  legal_file: 'legal',
};

/** The stage of an open invoice: what holds escalation first, else where escalation stood. */
export function openStage(view: InvoiceState): DunningStage {
  const { hold, dispute, plan, promise } = view;
  // Insolvency proceedings stop every individual action against the customer, a lawyer's included.
  if (insolvencyFreezes(view)) return 'insolvency';
  // While a lawyer has the file, that is where the invoice stands, whatever else holds or pays it.
  if (view.legalFile?.status === 'open') return 'legal';
  if (hold || (view.customerHolds?.length ?? 0) > 0) return 'paused';
  if (dispute) return 'disputed';
  if (plan?.status === 'active') return 'instalment_plan';
  if (promise) return 'promise_to_pay';
  return escalationStage(view);
}

/** The stage given by the last step actually taken: where escalation stood. */
export function escalationStage(view: InvoiceState): DunningStage {
  const taken = [...view.history].reverse().find((record) => record.result === 'sent');
  return taken ? STAGE_OF_ACTION[taken.action] : 'scheduled';
}

/**
 * Escalation runs only when nothing holds it: no hold on the invoice or its customer, no insolvency procedure, no
 * dispute, active plan or pending promise, no payment claim being checked or plan request awaiting approval.
 */
export function isEscalating(view: InvoiceState): boolean {
  const { hold, dispute, plan, promise } = view;
  if ((view.customerHolds?.length ?? 0) > 0 || insolvencyFreezes(view)) return false;
  if (view.paymentClaim || view.planRequest) return false;
  return view.status === 'open' && !hold && !dispute && plan?.status !== 'active' && !promise;
}

/** A procedure in progress freezes the invoice; so does an adopted plan (the plan pays it). A dismissal lifts it. */
export function insolvencyFreezes(view: InvoiceState): boolean {
  return !!view.insolvency && view.insolvency.outcome !== 'dismissed';
}
