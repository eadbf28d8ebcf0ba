import { appendCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { projectInvoice } from '../db/invoices';
import type { ProjectionInput } from './contracts';

/** The proof-trail id of a workflow event: stable across retries and replays, so each event is written once. */
export const eventRecordId = (invoiceId: string, seq: number) => `${invoiceId}:event-${seq}`;

export function createProjectionActivities(deps: { db: Database }) {
  return {
    /**
     * Mirrors the workflow's state into PostgreSQL for lists and reports, and appends its new events to the proof
     * trail, in one transaction. Versioned, so a replayed or retried projection never goes back.
     */
    async projectInvoiceState(input: ProjectionInput): Promise<void> {
      const { state, invoiceId } = input;
      await deps.db.withTransaction(async (tx) => {
        for (const event of input.events ?? []) {
          await appendCommunication(tx, {
            id: eventRecordId(invoiceId, event.seq),
            invoiceId,
            channel: 'event',
            kind: event.kind,
            recipient: null,
            template: null,
            messageId: null,
            result: 'recorded',
            detail: { seq: event.seq, ...event.detail },
            occurredAt: event.at,
          });
        }
        await projectInvoice(tx, invoiceId, input.version, {
          status: state.status,
          stage: state.stage,
          balance: state.balance,
          nextAction: state.nextAction?.action ?? null,
          nextActionAt: state.nextAction?.at ?? null,
        });
      });
    },
  };
}
