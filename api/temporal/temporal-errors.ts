import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { HttpError, ServiceUnavailableError, ValidationError } from '../http/http-errors';
import { grpcStatus } from './temporal-gateway';

// The one place Temporal's errors become HTTP answers: an update's refusal, an ended collection, an outage.

export class CollectionEndedError extends HttpError {
  constructor(invoiceId: string) {
    super(409, 'Conflict', `collection of invoice ${invoiceId} has ended; it takes no more messages`);
  }
}

/** An update's failure as the API answers it: a validator's InvalidMessage is a 422 naming the field. */
export function fromUpdateFailure(error: unknown, invoiceId: string): unknown {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return noWorkerAnswered(invoiceId);
  // The server hands back an update no workflow task took up (the run was continuing as new or ending as it
  // arrived): not a refusal — the same update sent again is answered.
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    if (error.cause.type === 'UnprocessedUpdate') return noWorkerAnswered(invoiceId);
    const field = (error.cause.details?.[0] as { field?: string } | undefined)?.field ?? '(body)';
    return new ValidationError([{ field, rule: error.cause.type ?? 'rejected', message: error.cause.message }], 422);
  }
  if (error instanceof WorkflowNotFoundError) return new CollectionEndedError(invoiceId);
  return error;
}

/** A state query's failure as the API answers it: null when the invoice has no workflow. */
export function fromQueryFailure(error: unknown, invoiceId: string): unknown {
  if (error instanceof WorkflowNotFoundError) return null;
  if (isDeadlineExceeded(error)) return noWorkerAnswered(invoiceId);
  return error;
}

function noWorkerAnswered(invoiceId: string): ServiceUnavailableError {
  return new ServiceUnavailableError(`the collection of invoice ${invoiceId} (no worker answered in time)`);
}

/** The deadline ran out (gRPC DEADLINE_EXCEEDED, or CANCELLED when it expires mid-call): no worker answered in time. */
function isDeadlineExceeded(error: unknown): boolean {
  const code = grpcStatus(error);
  return code === 4 || code === 1;
}

/**
 * Any other Temporal failure, for the error handler. gRPC statuses from the Temporal frontend that mean "not now":
 * UNAVAILABLE (14), DEADLINE_EXCEEDED (4), RESOURCE_EXHAUSTED (8, rate limits) and FAILED_PRECONDITION (9, e.g. the
 * workflow task is in a failed state until a worker retries it). Any other refusal (a bad argument, a permission) is a
 * fault of ours, logged as such.
 */
export function fromTemporal(e: { name?: string; message?: string }): HttpError | undefined {
  if (e.name === 'TransportError') return new ServiceUnavailableError('Temporal');
  // The state query is always registered: a workflow that cannot answer it is failing its workflow task (a bug, or
  // nondeterminism after a deployment) and answers again once a fixed worker replays it. The cause is logged.
  if (e.name === 'QueryNotRegisteredError') {
    return new ServiceUnavailableError("the invoice's workflow (it cannot answer its state query now)");
  }
  const code = grpcStatus(e);
  if (code === 14 || code === 4 || code === 8 || code === 9) return new ServiceUnavailableError('Temporal');
  if (/Failed to connect to Temporal server/.test(e.message ?? '')) return new ServiceUnavailableError('Temporal');
  return undefined;
}
