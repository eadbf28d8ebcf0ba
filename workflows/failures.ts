import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** The message of a non-retryable activity failure: a refusal that retrying will not heal. */
export function permanentRefusal(error: unknown): string | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
    return error.cause.message;
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
