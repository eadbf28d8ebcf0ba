import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../domain/failure-types';

/** Input that breaks an activity's contract will not heal on retry: a non-retryable `InvalidInput` naming the field. */
export function invalidInput(field: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    message: `${field}: ${message}`,
    type: FailureType.InvalidInput,
    nonRetryable: true,
    details: [{ field }],
  });
}
