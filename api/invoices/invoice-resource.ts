import type { InvoiceRow } from '../../db/invoices';

/** The invoice as the API shows it: stored data and the projection of its workflow, no internal columns. */
export function toInvoiceResource(row: InvoiceRow) {
  return {
    id: row.id,
    customer: row.customer,
    amount: row.amount,
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    dueAt: row.dueAt,
    policy: { id: row.policyId, version: row.policyVersion },
    governingLaw: row.governingLaw,
    status: row.status,
    stage: row.stage,
    balance: row.balance,
    nextAction: row.nextAction ? { action: row.nextAction, at: row.nextActionAt } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type InvoiceResource = ReturnType<typeof toInvoiceResource>;
