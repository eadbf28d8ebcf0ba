import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Request } from 'express';
import { PaymentReceived, paymentReceivedUpdate, stateQuery } from '../workflows/messages';
import { InvoiceState } from '../workflows/read-model';
import { invoiceWorkflowId } from '../workflows/routing';
import { HttpError, ServiceUnavailableError, ValidationError } from './http-errors';
import { grpcStatus, TemporalGateway } from './temporal-gateway';

export class CollectionEndedError extends HttpError {
  constructor(invoiceId: string) {
    super(409, 'Conflict', `collection of invoice ${invoiceId} has ended; it takes no more messages`);
  }
}

/**
 * How long a request waits for the invoice's workflow to take an update. Without a deadline the SDK waits for as long
 * as no worker runs, holding the request (and any transaction around it) open; past it the caller gets a 503 to retry.
 */
export const UPDATE_DEADLINE_MS = 15_000;

/** Runs an update on the invoice's workflow and maps its refusals: a validator's InvalidMessage is a 422 naming the field. */
export async function runUpdate(
  temporal: TemporalGateway,
  invoiceId: string,
  run: (handle: WorkflowHandle) => Promise<InvoiceState>,
): Promise<InvoiceState> {
  const client = await temporal.client();
  try {
    return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      run(client.workflow.getHandle(invoiceWorkflowId(invoiceId))),
    );
  } catch (error) {
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new ServiceUnavailableError(`the collection of invoice ${invoiceId} (no worker answered in time)`);
    }
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      const field = (error.cause.details?.[0] as { field?: string } | undefined)?.field ?? '(body)';
      throw new ValidationError([{ field, rule: error.cause.type ?? 'rejected', message: error.cause.message }], 422);
    }
    if (error instanceof WorkflowNotFoundError) throw new CollectionEndedError(invoiceId);
    throw error;
  }
}

/**
 * Records a payment on the invoice's workflow. A payment it already applied is answered with the state even once its
 * collection has ended: a payer retrying after a lost answer must hear that it counted, not that it was refused.
 */
export async function recordPayment(
  temporal: TemporalGateway,
  invoiceId: string,
  payment: PaymentReceived,
): Promise<InvoiceState> {
  try {
    return await runUpdate(temporal, invoiceId, (h) => h.executeUpdate(paymentReceivedUpdate, { args: [payment] }));
  } catch (error) {
    if (!(error instanceof CollectionEndedError)) throw error;
    const state = await queryState(temporal, invoiceId);
    if (state?.payments.some((p) => p.paymentId === payment.paymentId)) return state;
    throw error;
  }
}

/** The live state of the invoice's workflow; null when it has no workflow. */
export async function queryState(temporal: TemporalGateway, invoiceId: string): Promise<InvoiceState | null> {
  const client = await temporal.client();
  try {
    return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      client.workflow.getHandle(invoiceWorkflowId(invoiceId)).query(stateQuery),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    if (isDeadlineExceeded(error)) {
      throw new ServiceUnavailableError(`the collection of invoice ${invoiceId} (no worker answered in time)`);
    }
    throw error;
  }
}

/** The deadline ran out (gRPC DEADLINE_EXCEEDED, or CANCELLED when it expires mid-call): no worker answered in time. */
function isDeadlineExceeded(error: unknown): boolean {
  const code = grpcStatus(error);
  return code === 4 || code === 1;
}

/** Who made a request, as recorded in messages and logs: the key's role and short id, never the key. */
export function callerName(req: Request): string {
  return req.caller ? `${req.caller.role}:${req.caller.keyId}` : 'anonymous';
}
