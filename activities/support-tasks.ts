import { appendCommunication } from '../db/communications';
import type { Database, Queryable } from '../db/database';
import { findInvoice } from '../db/invoices';
import { insertTask } from '../db/tasks';
import type { SupportTaskInput } from './contracts';
import { invalidInput } from './invalid-input';
import { daysLate } from './step-facts';

export interface CreatedTask {
  taskId: string;
  created: boolean;
}

/** Who picks up each kind of task, until the API assigns a named person. */
export interface TaskOwners {
  phoneCall: string;
  postLetter: string;
  support: string;
  /** Who decides on a policy step that requires approval (a formal notice, a legal file), or a plan a debtor asks for. */
  approval: string;
  /** Who looks for a payment a debtor says it made: whoever reconciles the bank account. */
  verifyPayment: string;
}

export const DEFAULT_TASK_OWNERS: TaskOwners = {
  phoneCall: 'collections',
  postLetter: 'mail-room',
  support: 'support',
  approval: 'managers',
  verifyPayment: 'accounts-receivable',
};

/** The team a new task of this kind goes to. */
export function ownerOf(kind: string, owners: TaskOwners = DEFAULT_TASK_OWNERS): string {
  if (kind === 'phone_call') return owners.phoneCall;
  if (kind === 'post_letter') return owners.postLetter;
  if (kind === 'approval') return owners.approval;
  if (kind === 'verify_payment') return owners.verifyPayment;
  return owners.support;
}

/** The id of a support task: one per (invoice, kind, key), so a retry finds the task it already made. */
export const supportTaskId = (invoiceId: string, kind: string, key: string) => `${invoiceId}:${kind}:${key}`;

/**
 * Opens a task for a person once (a dispute to review, a contact to fix) and records it in the proof trail, in one
 * transaction so neither exists without the other.
 */
export async function openSupportTask(
  db: Database,
  input: SupportTaskInput & { balance?: number; owner?: string; detail?: Record<string, unknown> },
  at: Date,
): Promise<CreatedTask> {
  const { invoice } = input;
  if (!input.key) throw invalidInput('key', 'a support task needs an idempotency key');
  if (!input.reason) throw invalidInput('reason', 'a support task needs a reason a person can act on');
  if (input.dueAt !== undefined && Number.isNaN(Date.parse(input.dueAt))) {
    throw invalidInput('dueAt', `'${input.dueAt}' is not an RFC 3339 instant`);
  }
  const id = supportTaskId(invoice.id, input.kind, input.key);
  const balance = input.balance ?? (await currentBalance(db, invoice.id)) ?? invoice.amount;
  const dueAt = input.dueAt ?? at.toISOString();
  const owner = input.owner ?? ownerOf(input.kind);
  const { task, created } = await db.withTransaction(async (tx) => {
    const result = await insertTask(tx, {
      id,
      invoiceId: invoice.id,
      kind: input.kind,
      customer: { ...invoice.customer },
      phone: invoice.customer.phone ?? null,
      amount: invoice.amount,
      balance,
      currency: invoice.currency,
      daysLate: daysLate(invoice, at),
      context: { key: input.key, reason: input.reason, owner, ...input.detail },
      dueAt,
      owner,
    });
    if (result.created) {
      await appendCommunication(tx, {
        id,
        invoiceId: invoice.id,
        channel: 'task',
        kind: `task:${input.kind}`,
        recipient: owner,
        template: null,
        messageId: null,
        result: 'task_created',
        detail: { taskId: id, reason: input.reason, dueAt, balance, currency: invoice.currency },
        occurredAt: at.toISOString(),
      });
    }
    return result;
  });
  return { taskId: task.id, created };
}

async function currentBalance(db: Queryable, invoiceId: string): Promise<number | undefined> {
  return (await findInvoice(db, invoiceId))?.balance;
}
