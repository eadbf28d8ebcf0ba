/** Wire names are a contract with the API, payment systems and running histories: never rename them. */
export const INVOICE_WORKFLOW_TYPE = 'invoiceCollection';
export const INVOICE_TASK_QUEUE = 'invoice-collection';
export const invoiceWorkflowId = (invoiceId: string): string => `invoice-${invoiceId}`;
/**
 * Activities that send mail run on their own task queue, `<workflow queue>-mail`, whose workers carry a task-queue-wide
 * rate limit: SMTP relays throttle, and a month-end wave must drain at that rate rather than fail.
 */
export const mailTaskQueue = (workflowTaskQueue: string): string => `${workflowTaskQueue}-mail`;
export const CUSTOMER_WORKFLOW_TYPE = 'customerCollection';
/** One customer's coordinating workflow: consolidation, holds, insolvency and settlements across its invoices. */
export const customerWorkflowId = (customerId: string): string => `customer-${customerId}`;
