import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { DunningPolicy } from '../domain/dunning-policy';
import { dueMoment } from '../domain/due-moment';
import { formatMoney, toMajorUnits } from '../domain/money';
import { InvoiceSnapshot } from '../workflows/messages';
import { INVOICE_TASK_QUEUE, invoiceWorkflowId } from '../workflows/routing';
import { invoiceCollection } from '../workflows/invoice-collection';
import {
  AMOUNT_OUTSTANDING,
  CURRENCY,
  CUSTOMER_ID,
  DUE_DATE,
  DUNNING_STAGE,
  INVOICE_ID,
} from '../workflows/search-attributes';

/**
 * Starts the invoice's workflow unless it runs or ran already: the id is derived from the invoice, a running one is
 * reused and a closed one is never started again, so creating the same invoice twice never starts two workflows.
 */
export async function startInvoiceWorkflow(
  client: Client,
  invoice: InvoiceSnapshot,
  policy: DunningPolicy,
  taskQueue = INVOICE_TASK_QUEUE,
): Promise<void> {
  const amount = formatMoney({ amount: invoice.amount, currency: invoice.currency }, 'en-GB');
  try {
    await client.workflow.start(invoiceCollection, {
      taskQueue,
      workflowId: invoiceWorkflowId(invoice.id),
      args: [{ invoice, policy }],
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
