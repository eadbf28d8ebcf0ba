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
  // While a lawyer has the file, that is where the invoice stands, whatever else holds or pays it.
  if (view.legalFile?.status === 'open') return 'legal';
  if (hold) return 'paused';
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

/** Escalation runs only when nothing holds it: no hold, dispute, active plan or pending promise. */
export function isEscalating(view: InvoiceState): boolean {
  const { hold, dispute, plan, promise } = view;
  return view.status === 'open' && !hold && !dispute && plan?.status !== 'active' && !promise;
}
