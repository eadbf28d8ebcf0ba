import {
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  CustomerCollectionInput,
  CustomerCollectionView,
  customerStateQuery,
  invoiceOpenedSignal,
  InvoiceOpened,
} from '../../workflows/customer-messages';
import { CUSTOMER_WORKFLOW_TYPE, customerWorkflowId, INVOICE_TASK_QUEUE } from '../../workflows/routing';
import { ConflictError, HttpError, ServiceUnavailableError, ValidationError } from '../http/http-errors';
import { UPDATE_DEADLINE_MS } from './invoice-workflow-client';
import { grpcStatus, TemporalGateway } from './temporal-gateway';

// The API's one way to a customer's coordinating workflow. The workflow is started by the first message that needs
// it (update-with-start, signal-with-start): a customer has no workflow until something is said about it.

export interface CustomerWorkflowDeps {
  temporal: TemporalGateway;
  /** The task queue of the invoice workflows: the customer workflow runs beside them. */
  taskQueue?: string;
}

/**
 * How the customer workflow's refusals are answered, by failure type (activities/customer-activities.ts names them;
 * the API may not import activities). A validator's `InvalidMessage`, and anything else, is a 422 naming the field.
 */
const REFUSAL_STATUS: Readonly<Record<string, number>> = {
  HoldConflict: 409,
  InsolvencyConflict: 409,
  NoInsolvency: 409,
  PaymentConflict: 409,
  UnknownPayment: 404,
};

const startOperation = (deps: CustomerWorkflowDeps, customerId: string) =>
  new WithStartWorkflowOperation(CUSTOMER_WORKFLOW_TYPE, {
    workflowId: customerWorkflowId(customerId),
    taskQueue: deps.taskQueue ?? INVOICE_TASK_QUEUE,
    args: [{ customerId } satisfies CustomerCollectionInput],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    staticSummary: `Customer ${customerId}`,
  });

/**
 * Sends an update to the customer's workflow, starting it when it does not run. A validator's refusal is a 409 (the
 * customer's state forbids it), a 404 (it names something unknown) or a 422 naming the field.
 */
export async function sendCustomerUpdate<Result, Payload>(
  deps: CustomerWorkflowDeps,
  customerId: string,
  update: UpdateDefinition<Result, [Payload]>,
  payload: NoInfer<Payload>,
): Promise<Result> {
  const client = await deps.temporal.client();
  try {
    return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      client.workflow.executeUpdateWithStart(update, {
        args: [payload],
        startWorkflowOperation: startOperation(deps, customerId),
      }),
    );
  } catch (error) {
    throw fromCustomerUpdateFailure(error, customerId);
  }
}

/** The live view of the customer's workflow; null when the customer has none yet. */
export async function customerView(
  deps: CustomerWorkflowDeps,
  customerId: string,
  deadlineMs = UPDATE_DEADLINE_MS,
): Promise<CustomerCollectionView | null> {
  const client = await deps.temporal.client();
  try {
    return await client.withDeadline(Date.now() + deadlineMs, () =>
      client.workflow.getHandle(customerWorkflowId(customerId)).query(customerStateQuery),
    );
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    // The deadline ran out (DEADLINE_EXCEEDED, or CANCELLED when it expires mid-call): no worker answered in time.
    const code = grpcStatus(error);
    if (code === 4 || code === 1) throw new ServiceUnavailableError(`the workflow of customer ${customerId}`);
    throw error;
  }
}

/** Tells the customer's workflow that one of its invoices opened, so that its credit in that currency applies. */
export async function tellInvoiceOpened(
  deps: CustomerWorkflowDeps,
  customerId: string,
  opened: InvoiceOpened,
): Promise<void> {
  const client = await deps.temporal.client();
  await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
    client.workflow.signalWithStart(CUSTOMER_WORKFLOW_TYPE, {
      workflowId: customerWorkflowId(customerId),
      taskQueue: deps.taskQueue ?? INVOICE_TASK_QUEUE,
      args: [{ customerId } satisfies CustomerCollectionInput],
      signal: invoiceOpenedSignal,
      signalArgs: [opened],
      staticSummary: `Customer ${customerId}`,
    }),
  );
}

/** An update's failure as the API answers it. */
export function fromCustomerUpdateFailure(error: unknown, customerId: string): unknown {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new ServiceUnavailableError(`the workflow of customer ${customerId} (no worker answered in time)`);
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const failure = error.cause;
    const type = failure.type ?? 'rejected';
    if (REFUSAL_STATUS[type] === 404) return new HttpError(404, 'Not found', failure.message);
    if (REFUSAL_STATUS[type] === 409) return new ConflictError(failure.message);
    const field = (failure.details?.[0] as { field?: string } | undefined)?.field ?? '(body)';
    return new ValidationError([{ field, rule: type, message: failure.message }], 422);
  }
  // Update-with-start never meets a missing workflow; a customer workflow that ended is a fault to log.
  if (error instanceof WorkflowNotFoundError) {
    return new ServiceUnavailableError(`the workflow of customer ${customerId}`);
  }
  return error;
}
