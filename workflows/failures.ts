import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FailureType } from '../domain/failure-types';

export interface Refusal {
  type: string;
  message: string;
  /** A refusal the product expects of the world (an address a relay refuses, a template missing for a locale). */
  expected: boolean;
}

/** What a ladder step may be refused for without anything being wrong with the product itself. */
const EXPECTED_REFUSALS: readonly string[] = [FailureType.MailRejected, FailureType.UnknownTemplate];

/** A non-retryable activity failure: a refusal that retrying will not heal. Null for anything else. */
export function permanentRefusal(error: unknown): Refusal | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
    const type = error.cause.type ?? 'Error';
    return { type, message: error.cause.message, expected: EXPECTED_REFUSALS.includes(type) };
  }
  return null;
}

/** Why a message was refused, or null when it is valid. */
export function refusalOf(validate: () => void): string | null {
  try {
    validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
