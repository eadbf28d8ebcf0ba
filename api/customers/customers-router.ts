import { createHash, randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { currentInsolvency, findCustomerHold, lastClosedInsolvency, searchCustomers } from '../../db/customers';
import type { Database } from '../../db/database';
import { assertFutureDate } from '../../domain/commitment-rules';
import {
  closeInsolvencyUpdate,
  liftCustomerHoldUpdate,
  openInsolvencyUpdate,
  placeCustomerHoldUpdate,
} from '../../workflows/customer-messages';
import { requirePermission } from '../http/auth';
import { callerName } from '../http/caller-name';
import { decodeCursor, page } from '../http/cursor';
import { queryText } from '../http/field-schemas';
import { ConflictError, NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { domainCheck, parseBody } from '../http/validate';
import { customerView, sendCustomerUpdate } from '../temporal/customer-workflow-client';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { recordCustomerPayment, reverseCustomerPayment } from './customer-payments';
import { buildCustomerResource, customerInvoices } from './customer-resource';
import {
  closeInsolvencySchema,
  customerPaymentReversalSchema,
  customerPaymentSchema,
  holdIdParam,
  OpenInsolvencyBody,
  openInsolvencySchema,
  paymentIdParam,
  placeHoldSchema,
} from './customer-schemas';

/** `GET /v1/customers`: customers whose id or name holds `q` (case-insensitive), by id, keyset-paginated. */
export const listCustomersQuerySchema = z.object({
  q: queryText(100).trim().optional().describe('part of the customer id or of its name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});

export interface CustomersRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  /** The task queue of the invoice workflows; the customer's workflow runs beside them. */
  taskQueue?: string;
  now?: () => Date;
}

/**
 * One customer across its invoices: holds, insolvency, payments spread over invoices. A customer is known by its
 * invoices (404 until one names it); its workflow starts with the first message about it.
 */
export function createCustomersRouter(deps: CustomersRouterDeps): Router {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.get('/customers', requirePermission('read'), async (req, res) => {
    const query = parseBody(listCustomersQuerySchema, req.query);
    const after = decodeCursor(query.cursor, 1);
    const rows = await searchCustomers(db, { q: query.q || undefined, after: after?.[0], limit: query.limit + 1 });
    res.json(page(rows, query.limit, (row) => [row.customerId]));
  });

  router.get('/customers/:id', requirePermission('read'), async (req, res) => {
    const customerId = pathParam(req, 'id');
    const invoices = await customerInvoices(db, customerId);
    if (invoices.length === 0) throw new NotFoundError(`customer ${customerId}`);
    res.json(await buildCustomerResource(db, invoices, await customerView(deps, customerId), now()));
  });

  router.post('/customers/:id/holds', requirePermission('write'), async (req, res) => {
    const body = parseBody(placeHoldSchema, req.body);
    const customer = await requireCustomer(db, pathParam(req, 'id'));
    const timezone = customer.timezone;
    const until =
      body.until === undefined
        ? undefined
        : domainCheck(() => assertFutureDate(body.until, 'until', { now: now().toISOString(), timezone }), '', 422);
    // The id is ours, chosen before the update: a retried update is the same hold. A client sending an
    // `Idempotency-Key` (the console does, per form) gets the same id for the same key: a double click is one hold.
    const holdId = holdIdFor(customer.id, idempotencyKey(req));
    const by = callerName(req);
    const hold = { holdId, kind: body.kind, reason: body.reason, ...(until ? { until } : {}), by };
    const placed = await sendCustomerUpdate(deps, customer.id, placeCustomerHoldUpdate, hold);
    res
      .status(201)
      .location(`/v1/customers/${encodeURIComponent(customer.id)}/holds/${placed.holdId}`)
      .json({ holdId: placed.holdId, kind: hold.kind, reason: hold.reason, until: until ?? null, by });
  });

  /** Lifting a hold already lifted (or ended by its `until`) answers 200 again; a hold never placed is a 404. */
  router.delete('/customers/:id/holds/:holdId', requirePermission('write'), async (req, res) => {
    const holdId = param(req, 'holdId', holdIdParam);
    const customer = await requireCustomer(db, pathParam(req, 'id'));
    const stored = await findCustomerHold(db, customer.id, holdId);
    // The workflow's view is only needed for a hold the database does not show standing: a workflow busy with a burst
    // of updates answers its query late, and the lift itself (an update, queued behind them) must not wait on it.
    const view =
      stored && stored.liftedAt === null ? undefined : await customerView(deps, customer.id, VIEW_DEADLINE_MS);
    // Standing in the workflow, or recorded and never lifted (the workflow's view lost it): the lift is sent, once.
    if (view?.holds.some((hold) => hold.holdId === holdId) || (stored && stored.liftedAt === null)) {
      const after = await sendCustomerUpdate(deps, customer.id, liftCustomerHoldUpdate, {
        holdId,
        by: callerName(req),
      });
      res.json({ holdId, lifted: true, repeated: false, holds: after.holds });
      return;
    }
    if (!stored) throw new NotFoundError(`hold ${holdId} of customer ${customer.id}`);
    res.json({ holdId, lifted: true, repeated: true, holds: view?.holds ?? [] });
  });

  router.post('/customers/:id/insolvency', requirePermission('write'), async (req, res) => {
    const body = parseBody(openInsolvencySchema, req.body);
    const customer = await requireCustomer(db, pathParam(req, 'id'));
    checkNotInFuture(body, today(now(), customer.timezone));
    const open = await currentInsolvency(db, customer.id);
    if (open) {
      throw new ConflictError(
        `customer ${customer.id} is in a ${open.procedure} procedure opened on ${open.openedOn}; close it first`,
      );
    }
    const procedure = await sendCustomerUpdate(deps, customer.id, openInsolvencyUpdate, {
      ...body,
      by: callerName(req),
    });
    res
      .status(201)
      .location(`/v1/customers/${encodeURIComponent(customer.id)}`)
      .json(procedure);
  });

  /** The same outcome again, once closed, answers 200 (`repeated`); without a procedure in progress, 409. */
  router.post('/customers/:id/insolvency/close', requirePermission('write'), async (req, res) => {
    const body = parseBody(closeInsolvencySchema, req.body);
    const customer = await requireCustomer(db, pathParam(req, 'id'));
    const view = await customerView(deps, customer.id);
    const inProgress = view ? view.insolvency !== null && view.insolvency.outcome === null : false;
    const closedAlready = async () => {
      const last = await lastClosedInsolvency(db, customer.id);
      if (last?.outcome === body.outcome) return { ...last, repeated: true };
      throw new ConflictError(`customer ${customer.id} has no insolvency procedure in progress`);
    };
    if (!inProgress && !(await currentInsolvency(db, customer.id))) {
      res.json(await closedAlready());
      return;
    }
    try {
      const closed = await sendCustomerUpdate(deps, customer.id, closeInsolvencyUpdate, {
        outcome: body.outcome,
        ...(body.note ? { note: body.note } : {}),
        by: callerName(req),
      });
      // Queued behind a close that ended the procedure first, the workflow has nothing left to close: as above.
      res.json(closed ? { ...closed, repeated: false } : await closedAlready());
    } catch (error) {
      // Closed meanwhile by a request sent at the same time: its validator found no procedure in progress. The same
      // outcome is the same close (200, repeated), another one a 409, as when it comes after.
      if (!(error instanceof ValidationError) || (await currentInsolvency(db, customer.id))) throw error;
      res.json(await closedAlready());
    }
  });

  /** Idempotent by paymentId: the same body again is a 200 with the same allocation, another body a 409. */
  router.post('/customers/:id/payments', requirePermission('pay'), async (req, res) => {
    const body = parseBody(customerPaymentSchema, req.body);
    const customer = await requireCustomer(db, pathParam(req, 'id'));
    const { allocation, created } = await recordCustomerPayment(deps, customer.id, { ...body, by: callerName(req) });
    res
      .status(created ? 201 : 200)
      .location(`/v1/customers/${encodeURIComponent(customer.id)}`)
      .json(allocation);
  });

  router.post('/customers/:id/payments/:paymentId/reverse', requirePermission('pay'), async (req, res) => {
    const body = parseBody(customerPaymentReversalSchema, req.body);
    const paymentId = param(req, 'paymentId', paymentIdParam);
    const customer = await requireCustomer(db, pathParam(req, 'id'));
    res.json(await reverseCustomerPayment(deps, customer.id, { paymentId, reason: body.reason, by: callerName(req) }));
  });

  return router;
}

/** The customer as its most recent invoice knows it; a customer no invoice names is a 404. */
async function requireCustomer(db: Database, customerId: string): Promise<{ id: string; timezone: string }> {
  const invoices = await customerInvoices(db, customerId, 1);
  const snapshot = invoices[0]?.customer;
  if (!snapshot) throw new NotFoundError(`customer ${customerId}`);
  const timezone = typeof snapshot.timezone === 'string' ? snapshot.timezone : 'Europe/Paris';
  return { id: customerId, timezone };
}

function param(req: Request, name: string, schema: z.ZodType<string>): string {
  const result = schema.safeParse(req.params[name]);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is not valid';
  throw new ValidationError([{ field: name, rule: 'path_parameter', message: `${name}: ${message}` }]);
}

/** Today's date where the customer is: a judgment of today there is not in the future. */
function today(now: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(now)
    .slice(0, 10);
}

function checkNotInFuture(body: OpenInsolvencyBody, today: string): void {
  const issues = (['openedOn', 'publishedOn'] as const)
    .filter((field) => body[field] > today)
    .map((field) => ({ field, rule: 'not_future', message: `${field}: ${body[field]} is in the future` }));
  if (issues.length) throw new ValidationError(issues, 422);
}

/** How long a lift waits for the workflow's view when the database cannot answer alone. */
const VIEW_DEADLINE_MS = 10_000;

function holdIdFor(customerId: string, key: string | undefined): string {
  if (key === undefined) return `hold-${randomUUID()}`;
  return `hold-${createHash('sha256').update(`${customerId}\u0000${key}`).digest('hex').slice(0, 32)}`;
}

/** The request's `Idempotency-Key`: 8 to 100 visible ASCII characters, else a 400 naming the header. */
function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{8,100}$/.test(key)) {
    throw new ValidationError([
      {
        field: 'Idempotency-Key',
        rule: 'format',
        message: 'Idempotency-Key must be 8 to 100 visible ASCII characters',
      },
    ]);
  }
  return key;
}
