import type { ScheduledStep } from '../domain/dunning-schedule';
import type { LegalFileOutcome } from './messages';
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
  | { kind: 'support_task'; key: string; taskKind: 'dispute_review' | 'step_failed' | 'fix_contact'; reason: string }
  /**
   * Opens the task a debtor's answer waits for (`verify_payment` for a payment claim, `approval` for a plan request)
   * and records its id on that claim or request; `detail` goes to the task's context.
   */
  | {
      kind: 'answer_task';
      key: string;
      taskKind: 'verify_payment' | 'approval';
      reason: string;
      detail: Record<string, unknown>;
    }
  /** Closes the invoice's open tasks of these kinds (phone calls once the legal file opens, an approval timed out). */
  | { kind: 'close_tasks'; key: string; kinds: string[]; outcome: string }
  /** Marks the legal file's record closed with the outcome the invoice closed with. */
  | {
      kind: 'close_legal_file';
      key: string;
      legalFileId: string;
      outcome: LegalFileOutcome;
      note?: string;
      by?: string;
    }
  /** Opens the legal file's record again: the payment that had closed it as paid was reversed. */
  | { kind: 'reopen_legal_file'; key: string; legalFileId: string; paymentId: string };

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
