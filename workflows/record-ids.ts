import type { ScheduledStep } from '../domain/dunning-schedule';
import type { StepContext } from '../activities/contracts';

// Proof-trail ids, pure: the workflow computes them too (to wait for the customer's answer about one step).

/** A counter's part of an id: nothing at zero, so ids made before the counter existed stay what they were. */
export const counted = (prefix: string, n = 0) => (n > 0 ? `${prefix}${n}` : '');

/**
 * The proof-trail id of a step: one per (invoice, ladder, step), so a retry finds what an earlier attempt recorded. The
 * ladder counts policy moves: the steps of a new policy are new steps, even where an index and an action repeat. A
 * re-send (after a corrected contact) is a new mail, so it has its own id; without one the id is unchanged, as running
 * histories and stored rows know it.
 */
export const stepRecordId = (
  invoiceId: string,
  step: Pick<ScheduledStep, 'index' | 'action'>,
  ladder = 0,
  resend = 0,
) => `${invoiceId}:step-${step.index}:${step.action}${counted(':ladder-', ladder)}${counted(':resend-', resend)}`;

/** The proof-trail id of the step a context is about, its re-send included. */
export const contextRecordId = (context: Pick<StepContext, 'invoice' | 'step' | 'ladder' | 'resend'>) =>
  stepRecordId(context.invoice.id, context.step, context.ladder, context.resend);
