import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { Database } from '../../db/database';
import { insertInvoice, projectInvoice, type InvoiceRow } from '../../db/invoices';
import { dueMoment } from '../../domain/due-moment';
import { INVOICE_WORKFLOW_TYPE, invoiceWorkflowId } from '../../workflows/routing';

/** An open invoice of the customer as the API stores it, its balance as its workflow last projected it. */
export async function openInvoice(
  db: Database,
  customerId: string,
  options: { dueDate: string; balance: number; currency?: string; governingLaw?: string; id?: string },
): Promise<InvoiceRow> {
  const id = options.id ?? `F-${randomUUID().slice(0, 8)}`;
  const { row } = await insertInvoice(db, {
    id,
    customerId,
    customer: { id: customerId, name: 'Boulangerie Dupont', timezone: 'Europe/Paris', phone: '+33 1 23 45 67 89' },
    amount: options.balance,
    currency: options.currency ?? 'EUR',
    issueDate: '2025-11-05',
    dueDate: options.dueDate,
    dueAt: dueMoment(options.dueDate, 'Europe/Paris'),
    policyId: 'fr-b2b-standard',
    policyVersion: 1,
    requestHash: id,
    governingLaw: options.governingLaw ?? 'FR',
  });
  await projectInvoice(db, id, 1, {
    status: 'open',
    stage: 'reminders',
    balance: options.balance,
    nextAction: null,
    nextActionAt: null,
  });
  return { ...row, balance: options.balance };
}

export interface IdleWorkflows {
  /** Starts the invoice's workflow on a queue no worker polls: it stays running and keeps every signal it is sent. */
  start(invoiceId: string): Promise<void>;
  /** Ends the invoice's workflow, as a closed invoice's has. */
  terminate(invoiceId: string): Promise<void>;
  /** Terminates this workflow at teardown too. */
  adopt(workflowId: string): void;
  /** The payloads of the signals of that name the invoice's workflow received, in order. */
  signals(invoiceId: string, name: string): Promise<unknown[]>;
  signalsOf(workflowId: string, name: string): Promise<unknown[]>;
  terminateAll(): Promise<void>;
}

/** Invoice workflows that never run: the signals an activity sends them are read back from their histories. */
export function createIdleWorkflows(client: Client, taskQueue: string): IdleWorkflows {
  const started = new Set<string>();
  const terminate = async (workflowId: string) => {
    await client.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  };
  const signalsOf = async (workflowId: string, name: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? [])
      .map((event) => event.workflowExecutionSignaledEventAttributes)
      .filter((signaled) => signaled?.signalName === name)
      .map((signaled) => defaultPayloadConverter.fromPayload(signaled!.input!.payloads![0] as Payload));
  };
  return {
    async start(invoiceId) {
      const workflowId = invoiceWorkflowId(invoiceId);
      await client.workflow.start(INVOICE_WORKFLOW_TYPE, { workflowId, taskQueue, args: [] });
      started.add(workflowId);
    },
    terminate: (invoiceId) => terminate(invoiceWorkflowId(invoiceId)),
    adopt: (workflowId) => void started.add(workflowId),
    signals: (invoiceId, name) => signalsOf(invoiceWorkflowId(invoiceId), name),
    signalsOf,
    async terminateAll() {
      await Promise.all([...started].map(terminate));
    },
  };
}
