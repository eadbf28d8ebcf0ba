import express, { Router } from 'express';
import type { Database } from '../../db/database';
import {
  findPaymentEvent,
  listUnsettledPaymentEvents,
  reassignPaymentEvent,
  recordPaymentEvent,
  setPaymentEventStatus,
} from '../../db/webhook-events';
import { holds, requirePermission } from '../http/auth';
import { decodeCursor, page } from '../http/cursor';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { applyPaymentEvent } from './payment-events';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { parseBody } from '../http/validate';
import { listUnmatchedQuerySchema, matchPaymentEventSchema, paymentEventSchema } from './webhook-schemas';
import { refuseReplay, SIGNED_BODY_LIMIT, verifySignedDelivery } from './signed-delivery';
import { callerName } from '../http/caller-name';
import { applyCustomerPaymentEvent } from '../customers/customer-payment-events';

export { SIGNATURE_HEADER } from './signed-delivery';

export interface PaymentWebhookDeps {
  db: Database;
  temporal: TemporalGateway;
  /** The shared secrets a signature may be made with (the current one, and the previous one while rotating). */
  webhookSecrets: string[];
  /** The task queue of the workflows (a customer's workflow is started on it by its first payment). */
  taskQueue?: string;
  now?: () => Date;
}

/**
 * `POST /v1/webhooks/payments`, authenticated by its signature rather than an API key. It reads the raw body itself:
 * the signature covers the exact bytes sent.
 */
export function createPaymentWebhookRouter(deps: PaymentWebhookDeps): Router {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.post(
    '/v1/webhooks/payments',
    express.raw({ type: () => true, limit: SIGNED_BODY_LIMIT }),
    async (req, res) => {
      res.locals.actor = 'payment-webhook';
      const delivery = await verifySignedDelivery(req, deps, now(), 'payment');
      res.locals.actor = 'payment-webhook:signed';
      const event = parseBody(paymentEventSchema, delivery.body);
      // The event is kept (status `processing`) before the workflow is asked, and no transaction is held while it answers:
      // a burst of deliveries never queues behind the pool. An event left `processing` by an outage or a dead process is
      // applied again by its redelivery; the workflow counts a paymentId once.
      const recorded = await db.withTransaction(async (tx) => {
        await refuseReplay(tx, delivery.signature);
        return recordPaymentEvent(tx, {
          eventId: event.eventId,
          type: event.type,
          // A payment across a customer's invoices names none: the column says so with an empty id.
          invoiceId: event.invoiceId ?? '',
          paymentId: event.paymentId,
          payload: event,
        });
      });
      const apply = () =>
        event.invoiceId !== undefined
          ? applyPaymentEvent(deps, db, event, event.invoiceId)
          : applyCustomerPaymentEvent(deps, db, event, event.customerId!);
      const outcome =
        recorded.created || recorded.event.status === 'processing'
          ? { ...(await apply()), duplicate: !recorded.created }
          : { event: recorded.event, state: null, duplicate: true };
      const status = outcome.event.status === 'applied' || outcome.event.status === 'matched' ? 200 : 202;
      res.status(status).json({
        eventId: outcome.event.eventId,
        status: outcome.event.status,
        duplicate: outcome.duplicate,
        detail: outcome.event.detail,
        state: outcome.state,
      });
    },
  );
  return router;
}

/** For people: the events that could not be applied, and settling each by matching it to an invoice or dismissing it. */
export function createPaymentEventsRouter(deps: { db: Database; temporal: TemporalGateway }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/webhooks/payments/unmatched', requirePermission('read'), async (req, res) => {
    const query = parseBody(listUnmatchedQuerySchema, req.query);
    const after = decodeCursor(query.cursor, 2);
    const rows = await listUnsettledPaymentEvents(db, {
      after: after && { receivedAt: after[0]!, eventId: after[1]! },
      limit: query.limit + 1,
    });
    res.json(page(rows, query.limit, (row) => [row.receivedAt, row.eventId]));
  });

  router.post('/webhooks/payments/unmatched/:eventId/match', requirePermission('pay'), async (req, res) => {
    const body = parseBody(matchPaymentEventSchema, req.body);
    // Matching applies a payment (a payments key may); throwing a settlement away takes an operator.
    if (body.dismiss && !holds(req, 'write')) throw new ForbiddenError(req.caller!.role);
    const eventId = pathParam(req, 'eventId');
    const outcome = await db.withTransaction(async (tx) => {
      const rows = await tx.query<{ status: string }>(
        'SELECT status FROM payment_events WHERE event_id = $1 FOR UPDATE',
        [eventId],
      );
      if (!rows[0]) throw new NotFoundError(`payment event ${eventId}`);
      if (rows[0].status !== 'unmatched' && rows[0].status !== 'rejected') {
        throw new ConflictError(`payment event ${eventId} is ${rows[0].status} already`);
      }
      const stored = (await findPaymentEvent(tx, eventId))!;
      if (body.dismiss) {
        const dismissed = await setPaymentEventStatus(tx, eventId, 'dismissed', body.note ?? null, callerName(req));
        return { event: dismissed, state: null };
      }
      const event = paymentEventSchema.parse(stored.payload);
      const outcome = await applyPaymentEvent(deps, tx, event, body.invoiceId!, callerName(req));
      if (outcome.event.status !== 'matched') return outcome;
      await reassignPaymentEvent(tx, eventId, body.invoiceId!);
      return { ...outcome, event: { ...outcome.event, invoiceId: body.invoiceId! } };
    });
    if (outcome.event.status === 'rejected' || outcome.event.status === 'unmatched') {
      throw new ValidationError(
        [
          {
            field: 'invoiceId',
            rule: outcome.event.status,
            message: `invoiceId: ${outcome.event.detail ?? 'refused'}`,
          },
        ],
        422,
      );
    }
    res.json(outcome);
  });
  return router;
}
