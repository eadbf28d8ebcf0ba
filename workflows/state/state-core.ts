import type { Followup } from '../carried-state';
import type { InvoiceState, TrailEvent, TrailEventKind } from '../read-model';

export type ClosedStatus = Exclude<InvoiceState['status'], 'open'>;

/**
 * The shared view every state module reads and changes: the invoice's live state, the proof trail, the work asked of
 * the main loop, and the workflow's deterministic clock. `CollectionState` is the one implementation.
 */
export interface StateCore {
  readonly view: InvoiceState;
  /** Work the handlers ask of the main loop, which alone runs activities. */
  followups: Followup[];
  /** Set when the workflow is about to complete: nothing more can be applied, not even a late reversal. */
  readonly ended: boolean;
  readonly closed: boolean;
  readonly now: () => string;
  /** Appends a proof-trail event. */
  record(kind: TrailEventKind, detail: Record<string, unknown>): TrailEvent;
  /** Called after every change: re-derives the stage and bumps the version. */
  changed(): void;
  close(status: ClosedStatus): void;
}
