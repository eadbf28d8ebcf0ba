import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { DunningPolicy } from '../../domain/dunning-policy';
import { dueMoment } from '../../domain/due-moment';
import { formatMoney, toMajorUnits } from '../../domain/money';
import {
  InvoiceCollectionInput,
  InvoiceSnapshot,
  PaymentReceived,
  paymentReceivedUpdate,
  ratesUpdatedSignal,
  stateQuery,
} from '../../workflows/messages';
import { InvoiceState } from '../../workflows/read-model';
import { INVOICE_TASK_QUEUE, invoiceWorkflowId } from '../../workflows/routing';
import { invoiceCollection } from '../../workflows/invoice-collection';
import {
  AMOUNT_OUTSTANDING,
  CURRENCY,
  CUSTOMER_ID,
  DUE_DATE,
  DUNNING_STAGE,
  INVOICE_ID,
} from '../../workflows/search-attributes';
import { CollectionEndedError, fromQueryFailure, fromUpdateFailure } from './temporal-errors';
import type { TemporalGateway } from './temporal-gateway';

// The API's one way to an invoice's workflow: start it, read its state, send it an update, record a payment. Its
// failures become HTTP answers in temporal-errors.ts.

/**
 * How long a request waits for the invoice's workflow to take an update. Without a deadline the SDK waits for as long
 * as no worker runs, holding the request (and any transaction around it) open; past it the caller gets a 503 to retry.
 */
export const UPDATE_DEADLINE_MS = 15_000;

/**
 * Starts the invoice's workflow unless it runs or ran already: the id is derived from the invoice, a running one is
 * reused and a closed one is never started again, so creating the same invoice twice never starts two workflows.
 */
export async function startInvoiceWorkflow(
  client: Client,
  invoice: InvoiceSnapshot,
  policy: DunningPolicy,
  taskQueue = INVOICE_TASK_QUEUE,
  /** What stands on the customer (holds, a procedure in progress) when the invoice opens; omitted when nothing does. */
  customer?: InvoiceCollectionInput['customer'],
): Promise<void> {
  const amount = formatMoney({ amount: invoice.amount, currency: invoice.currency }, 'en-GB');
  try {
    await client.workflow.start(invoiceCollection, {
      taskQueue,
      workflowId: invoiceWorkflowId(invoice.id),
      args: [{ invoice, policy, ...(customer ? { customer } : {}) }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: INVOICE_ID, value: invoice.id },
        { key: CUSTOMER_ID, value: invoice.customer.id },
        { key: DUNNING_STAGE, value: 'scheduled' },
        { key: AMOUNT_OUTSTANDING, value: toMajorUnits({ amount: invoice.amount, currency: invoice.currency }) },
        { key: CURRENCY, value: invoice.currency },
        { key: DUE_DATE, value: new Date(dueMoment(invoice.dueDate, invoice.customer.timezone)) },
      ],
      staticSummary: `Invoice ${invoice.id} · ${invoice.customer.name} · ${amount}`,
      staticDetails: [
        `**Invoice:** ${invoice.id} issued ${invoice.issueDate}, due ${invoice.dueDate}`,
        `**Customer:** ${invoice.customer.name} (${invoice.customer.id}), ${invoice.customer.country}, ${invoice.customer.timezone}`,
        `**Amount:** ${amount}`,
        `**Policy:** ${policy.name} (${policy.id} v${policy.version})`,
      ].join('\n\n'),
    });
  } catch (error) {
    // Closed already (paid, cancelled…): the invoice has had its one workflow.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/** Sends an update to the invoice's workflow and answers its state; a validator's refusal is a 422 naming the field. */
export async function sendUpdate<Payload>(
  temporal: TemporalGateway,
  invoiceId: string,
  update: UpdateDefinition<InvoiceState, [Payload]>,
  payload: NoInfer<Payload>,
): Promise<InvoiceState> {
  const client = await temporal.client();
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        client.workflow.getHandle(invoiceWorkflowId(invoiceId)).executeUpdate(update, { args: [payload] }),
      );
    } catch (error) {
      const pause = UNPROCESSED_RETRIES_MS[attempt];
      if (pause === undefined || !isUnprocessed(error)) throw fromUpdateFailure(error, invoiceId);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Updates arriving together can reach a workflow task the server then replaces (a run continuing as new, a task
 * completing as they arrive): the server gives them back unprocessed — never applied, never refused — so sending the
 * same update again is safe. After these pauses it is a 503 to retry.
 */
const UNPROCESSED_RETRIES_MS = [100, 400, 1_000];

const isUnprocessed = (error: unknown) =>
  error instanceof WorkflowUpdateFailedError &&
  error.cause instanceof ApplicationFailure &&
  error.cause.type === 'UnprocessedUpdate';

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
    return await sendUpdate(temporal, invoiceId, paymentReceivedUpdate, payment);
  } catch (error) {
    if (!(error instanceof CollectionEndedError)) throw error;
    const state = await invoiceState(temporal, invoiceId);
    if (state?.payments.some((p) => p.paymentId === payment.paymentId)) return state;
    throw error;
  }
}

/** The live state of the invoice's workflow; null when it has no workflow. */
export async function invoiceState(temporal: TemporalGateway, invoiceId: string): Promise<InvoiceState | null> {
  const client = await temporal.client();
  try {
    return await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      client.workflow.getHandle(invoiceWorkflowId(invoiceId)).query(stateQuery),
    );
  } catch (error) {
    const answer = fromQueryFailure(error, invoiceId);
    if (answer === null) return null;
    throw answer;
  }
}

/** Tells the invoice's workflow that a rate table it waited for moved on: its blocked step runs again at once. */
export async function tellRatesUpdated(temporal: TemporalGateway, invoiceId: string, table: string): Promise<void> {
  const client = await temporal.client();
  await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
    client.workflow.getHandle(invoiceWorkflowId(invoiceId)).signal(ratesUpdatedSignal, { table }),
  );
}
