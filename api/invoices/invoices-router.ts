import { Router } from 'express';
import type { Database } from '../../db/database';
import { findInvoice, InvoiceRow, listInvoices } from '../../db/invoices';
import { listCommunications } from '../../db/communications';
import { dueMoment } from '../../domain/due-moment';
import { paymentReversedUpdate } from '../../workflows/messages';
import { requirePermission } from '../http/auth';
import { NotFoundError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { callerName } from '../http/caller-name';
import { createInvoice } from './invoice-creation';
import { buildProofTrailExport } from './proof-trail-export';
import { toInvoiceResource } from './invoice-resource';
import { createInvoiceSchema, listInvoicesQuerySchema, paymentReversalSchema, paymentSchema } from './invoice-schemas';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { parseBody } from '../http/validate';
import { invoiceState, recordPayment, sendUpdate } from '../temporal/invoice-workflow-client';

export interface InvoicesRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  /** The task queue new workflows go to; tests isolate themselves with their own. */
  taskQueue?: string;
  now?: () => Date;
}

export function createInvoicesRouter(deps: InvoicesRouterDeps): Router {
  const { db, temporal } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.post('/invoices', requirePermission('write'), async (req, res) => {
    const body = parseBody(createInvoiceSchema, req.body);
    const { row, created } = await createInvoice(deps, body);
    res
      .status(created ? 201 : 200)
      .location(`/v1/invoices/${encodeURIComponent(row.id)}`)
      .json(toInvoiceResource(row));
  });

  router.get('/invoices', requirePermission('read'), async (req, res) => {
    const query = parseBody(listInvoicesQuerySchema, req.query);
    const dueBefore = [
      query.overdueSince === undefined ? undefined : dueMoment(query.overdueSince, 'UTC'),
      query.minDaysOverdue === undefined
        ? undefined
        : new Date(now().getTime() - query.minDaysOverdue * 86_400_000).toISOString(),
    ]
      .filter((at): at is string => at !== undefined)
      .sort()[0];
    const rows = await listInvoices(db, {
      status: query.status,
      stage: query.stage,
      customerId: query.customerId,
      search: query.q,
      customerName: query.customer,
      dueBefore,
      minBalance: query.minAmount,
      maxBalance: query.maxAmount,
      after: query.cursor,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    res.json({
      items: page.map(toInvoiceResource),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
    });
  });

  router.get('/invoices/:id', requirePermission('read'), async (req, res) => {
    const row = await requireInvoice(db, pathParam(req, 'id'));
    res.json({ ...toInvoiceResource(row), state: await invoiceState(temporal, row.id) });
  });

  router.get('/invoices/:id/communications', requirePermission('read'), async (req, res) => {
    const row = await requireInvoice(db, pathParam(req, 'id'));
    res.json({ items: await listCommunications(db, row.id) });
  });

  router.get('/invoices/:id/communications/export', requirePermission('read'), async (req, res) => {
    const row = await requireInvoice(db, pathParam(req, 'id'));
    const document = await buildProofTrailExport(db, row, now());
    const filename = `proof-trail-${row.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
    res
      .attachment(filename)
      .type('application/json')
      .send(JSON.stringify(document, null, 2));
  });

  router.post('/invoices/:id/payments', requirePermission('pay'), async (req, res) => {
    const payment = parseBody(paymentSchema, req.body);
    const row = await requireInvoice(db, pathParam(req, 'id'));
    res.json(await recordPayment(temporal, row.id, { ...payment, recordedBy: callerName(req) }));
  });

  router.post('/invoices/:id/payment-reversals', requirePermission('pay'), async (req, res) => {
    const reversal = parseBody(paymentReversalSchema, req.body);
    const row = await requireInvoice(db, pathParam(req, 'id'));
    res.json(await sendUpdate(temporal, row.id, paymentReversedUpdate, { ...reversal, by: callerName(req) }));
  });

  return router;
}

export async function requireInvoice(db: Database, id: string): Promise<InvoiceRow> {
  const row = await findInvoice(db, id);
  if (!row) throw new NotFoundError(`invoice ${id}`);
  return row;
}
