import { ApplicationFailure } from '@temporalio/common';
import { DomainError, isDomainError } from '../../domain/domain-error';
import { FailureType } from '../../domain/failure-types';
import type { StateCore } from './state-core';

/**
 * Validators throw a DomainError, whether a domain rule or the invoice's live state refuses the message;
 * `refuseOnDomainError` is the one place that turns it into the workflow's refusal: a non-retryable `InvalidMessage`
 * naming the field, which an update's caller receives and a signal's refusal writes to the proof trail.
 */
export function refuseOnDomainError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isDomainError(error)) throw invalid(error.field, withoutField(error.message, error.field));
    throw error;
  }
}

export function invalid(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.InvalidMessage,
    message: `${field}: ${message}`,
    nonRetryable: true,
    details: [{ field }],
  });
}

/** A refusal by the invoice's live state (closed, already disputed, …), in the domain's shape. */
export function refusal(field: string, rule: string, message: string): DomainError {
  return new DomainError(field, rule, `${field}: ${message}`);
}

export function requireOpen(state: StateCore): void {
  if (state.closed || state.ended) {
    throw refusal('status', 'open', `the invoice is ${state.view.status}; it takes no more of this message`);
  }
}

/** Payments and reversals still apply to a closed invoice (a late payment, a cheque bouncing), until collection ends. */
export function requireNotEnded(state: StateCore): void {
  if (state.ended) throw refusal('status', 'open', `collection of this invoice has ended (${state.view.status})`);
}

export function requireText(value: unknown, field: string, message = `${field} is required`): void {
  if (typeof value !== 'string' || value.trim() === '') throw refusal(field, 'required', message);
}

function withoutField(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}
