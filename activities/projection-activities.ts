import type { Database } from '../db/database';
import { projectInvoice } from '../db/invoices';
import type { InvoiceState } from '../workflows/messages';

export function createProjectionActivities(deps: { db: Database }) {
  return {
    /** Mirrors the workflow's state into PostgreSQL for lists and reports; versioned, so replays never go back. */
    async projectInvoiceState(input: { invoiceId: string; version: number; state: InvoiceState }): Promise<void> {
      const { state } = input;
      await projectInvoice(deps.db, input.invoiceId, input.version, {
        status: state.status,
        stage: state.stage,
        balance: state.balance,
        nextAction: state.nextAction?.action ?? null,
        nextActionAt: state.nextAction?.at ?? null,
      });
    },
  };
}
