import express, { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import { appendCommunication } from '../../db/communications';
import type { Database } from '../../db/database';
import { invoicesCitingMessage, MailEventRow, recordMailEvent, setMailEventStatus } from '../../db/mail-events';
import { mailEventSignal } from '../../workflows/messages';
import { invoiceWorkflowId } from '../../workflows/routing';
import { parseBody } from '../http/validate';
import { UPDATE_DEADLINE_MS } from '../temporal/invoice-workflow-client';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { MailEventBody, mailEventSchema } from './mail-event-schemas';
import { refuseReplay, SIGNED_BODY_LIMIT, verifySignedDelivery } from './signed-delivery';

export interface MailEventsWebhookDeps {
  db: Database;
  temporal: TemporalGateway;
  webhookSecrets: string[];
  now?: () => Date;
}

/**
 * `POST /v1/webhooks/mail-events`: the mail relay reports a hard bounce or a complaint about a mail sent earlier,
 * signed exactly like the payment webhook. The mail is found by its Message-ID in the proof trail, the event is written
 * to the proof trail of each invoice the mail was about and signalled to its workflow, which treats it as a refusal of
 * that mail. An event id seen before counts once; an unknown Message-ID is kept (202) and matched on a redelivery.
 */
export function createMailEventsWebhookRouter(deps: MailEventsWebhookDeps): Router {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.post(
    '/v1/webhooks/mail-events',
    express.raw({ type: () => true, limit: SIGNED_BODY_LIMIT }),
    async (req, res) => {
      res.locals.actor = 'mail-events-webhook';
      const delivery = await verifySignedDelivery(req, deps, now(), 'mail event');
      res.locals.actor = 'mail-events-webhook:signed';
      const event = parseBody(mailEventSchema, delivery.body);
      const recorded = await db.withTransaction(async (tx) => {
        await refuseReplay(tx, delivery.signature);
        return recordMailEvent(tx, { ...event, payload: event });
      });
      // No transaction is held while Temporal answers. An event left `processing` (an outage, a dead process) is told
      // again on its redelivery; the proof-trail row is keyed by the event and the workflow counts an eventId once.
      const stored = recorded.event.status === 'delivered' ? recorded.event : await deliverMailEvent(deps, event);
      res.status(stored.status === 'delivered' ? 200 : 202).json({
        eventId: stored.eventId,
        status: stored.status,
        duplicate: !recorded.created,
        invoiceIds: stored.invoiceIds,
      });
    },
  );
  return router;
}

async function deliverMailEvent(deps: MailEventsWebhookDeps, event: MailEventBody): Promise<MailEventRow> {
  const { db } = deps;
  const invoiceIds = await invoicesCitingMessage(db, event.messageId);
  if (invoiceIds.length === 0) return setMailEventStatus(db, event.eventId, 'unmatched', []);
  const client = await deps.temporal.client();
  for (const invoiceId of invoiceIds) {
    await appendCommunication(db, {
      id: `${invoiceId}:mail-event:${event.eventId}`,
      invoiceId,
      channel: 'email',
      kind: `mail_event:${event.kind}`,
      recipient: event.recipient,
      template: null,
      messageId: event.messageId,
      result: event.kind,
      detail: { eventId: event.eventId, ...(event.detail === undefined ? {} : { detail: event.detail }) },
      occurredAt: event.occurredAt,
    });
    try {
      await client.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        client.workflow.getHandle(invoiceWorkflowId(invoiceId)).signal(mailEventSignal, event),
      );
    } catch (error) {
      // A collection that has ended has nothing left to send: the proof trail keeps the event.
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return setMailEventStatus(db, event.eventId, 'delivered', invoiceIds);
}
