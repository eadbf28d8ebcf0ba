/**
 * Every failure type an activity or a workflow raises on purpose, as Temporal's `ApplicationFailure.type`. Callers
 * match on these names (the workflow decides which refusals it tolerates, the API maps a validator's refusal to 422),
 * so they are part of the contract and never change once released.
 */
export const FailureType = {
  /** An update validator, or the workflow refusing a signal, rejected a message; `details[0].field` names the field. */
  InvalidMessage: 'InvalidMessage',
  /** An activity's input breaks its contract; retrying cannot heal it. */
  InvalidInput: 'InvalidInput',
  /** The relay refused the recipient or the message for good, or the address cannot receive mail. */
  MailRejected: 'MailRejected',
  /** Another attempt is in the middle of sending the same mail; retried until it settles. */
  MailInFlight: 'MailInFlight',
  /** The mail was withdrawn from the outbox before it was sent. */
  MailWithdrawn: 'MailWithdrawn',
  /** No mail template of that name exists for the customer's locale. */
  UnknownTemplate: 'UnknownTemplate',
  /**
   * A step cannot be carried out until a person acts: no postal address for a letter, a rate table not known far
   * enough, a time-barred debt. The activity has opened the task; `details[0]` is a `StepBlock`. The workflow waits.
   */
  StepBlocked: 'StepBlocked',
} as const;

export type FailureType = (typeof FailureType)[keyof typeof FailureType];

/** Why a ladder step waits for a person, and the task that asks them (`details[0]` of a `StepBlocked` failure). */
export interface StepBlock {
  reason: 'address_missing' | 'rates_outdated' | 'time_barred';
  taskId: string;
  message: string;
  /** rates_outdated: the table that is not known far enough. */
  table?: string;
}
