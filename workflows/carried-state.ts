import type { ScheduledStep } from '../domain/dunning-schedule';
import type { InvoiceState, TrailEvent } from './read-model';

/** What a message asks the workflow's main loop to do once its handler has changed the state. */
export type Followup =
  | { kind: 'resume_escalation'; fromIndex?: number; bringForward?: boolean }
  | {
      kind: 'notice';
      key: string;
      template: 'payment-thanks' | 'plan-confirmation' | 'plan-broken';
      paymentId?: string;
      /** plan-broken: the instalment that was missed. */
      instalmentIndex?: number;
    }
  | { kind: 'support_task'; key: string; taskKind: 'dispute_review' | 'step_failed'; reason: string };

/** Everything a run hands to the next one on continue-as-new; nothing else survives. */
export interface CarriedState {
  state: InvoiceState;
  schedule: ScheduledStep[];
  nextIndex: number;
  version: number;
  /** Proof-trail events not yet projected when the run ended. */
  pendingEvents: TrailEvent[];
  nextSeq: number;
  /** Work asked by messages and not yet done. */
  followups: Followup[];
  /** Side-effect keys already done (notices, support tasks), so that none runs twice. */
  done: string[];
}
