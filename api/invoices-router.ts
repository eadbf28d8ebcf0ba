import { createHash } from 'node:crypto';
import { Router } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../db/database';
import { findInvoice, insertInvoice, InvoiceRow, listInvoices } from '../db/invoices';
import { listCommunications } from '../db/communications';
import { dueMoment, validateTimezone } from '../domain/due-moment';
import { isKnownCurrency } from '../domain/money';
import {
  InvoiceSnapshot,
  InvoiceState,
  invoiceWorkflowId,
  paymentReceivedUpdate,
  paymentReversedUpdate,
  stateQuery,
} from '../workflows/messages';
import { requirePermission } from './auth';
import { ConflictError, HttpError, NotFoundError, ValidationError } from './http-errors';
import {
  createInvoiceSchema,
  CreateInvoiceBody,
  listInvoicesQuerySchema,
  paymentReversalSchema,
  paymentSchema,
} from './invoice-schemas';
import { startInvoiceWorkflow } from './invoice-workflows';
import { DEFAULT_POLICY_ID, findPolicy } from './policy-catalog';
import type { TemporalGateway } from './temporal-gateway';
import { domainCheck, parseBody } from './validate';

export interface InvoicesRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  /** The task queue new workflows go to; tests isolate themselves with their own. */
  taskQueue?: string;
}

export function createInvoicesRouter(deps: InvoicesRouterDeps): Router {
  const { db, temporal } = deps;
  const router = Router();

  router.post('/invoices', requirePermission('write'), async (req, res) => {
    const body = parseBody(createInvoiceSchema, req.body);
    checkInvoiceRules(body);
    const policyId = body.policyId ?? DEFAULT_POLICY_ID;
    const policy = await findPolicy(db, policyId);
    if (!policy)
      throw new ValidationError([{ field: 'policyId', rule: 'unknown', message: `policyId: no policy '${policyId}'` }]);
    const { policyId: _requested, ...snapshot } = body satisfies InvoiceSnapshot & { policyId?: string };
    const requestHash = canonicalHash({ ...body, policyId });
    // The row and the workflow start commit together: if Temporal refuses, nothing is left half-created.
    const { row, created } = await db.withTransaction(async (tx) => {
      const result = await insertInvoice(tx, {
        id: body.id,
        customerId: body.customer.id,
        customer: body.customer,
        amount: body.amount,
        currency: body.currency,
        issueDate: body.issueDate,
        dueDate: body.dueDate,
        dueAt: dueMoment(body.dueDate, body.customer.timezone),
        policyId: policy.id,
        policyVersion: policy.version,
        requestHash,
      });
      if (!result.created && result.row.requestHash !== requestHash) {
        throw new ConflictError(`invoice ${body.id} already exists with different content`);
      }
      // Also on a repeat: a crash between an earlier commit and start would otherwise leave no workflow.
      await startInvoiceWorkflow(await temporal.client(), snapshot, policy, deps.taskQueue);
      return result;
    });
    res
      .status(created ? 201 : 200)
      .location(`/v1/invoices/${encodeURIComponent(row.id)}`)
      .json(toInvoiceResource(row));
  });

  router.get('/invoices', requirePermission('read'), async (req, res) => {
    const query = parseBody(listInvoicesQuerySchema, req.query);
    const rows = await listInvoices(db, { ...query, after: query.cursor, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    res.json({
      items: page.map(toInvoiceResource),
      nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
    });
  });

  router.get('/invoices/:id', requirePermission('read'), async (req, res) => {
    const row = await requireInvoice(db, String(req.params.id));
    const client = await temporal.client();
    let state: InvoiceState | null = null;
    try {
      state = await client.workflow.getHandle(invoiceWorkflowId(row.id)).query(stateQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    res.json({ ...toInvoiceResource(row), state });
  });

  router.get('/invoices/:id/communications', requirePermission('read'), async (req, res) => {
    const row = await requireInvoice(db, String(req.params.id));
    res.json({ items: await listCommunications(db, row.id) });
  });

  router.post('/invoices/:id/payments', requirePermission('pay'), async (req, res) => {
    const payment = parseBody(paymentSchema, req.body);
    const row = await requireInvoice(db, String(req.params.id));
    res.json(await update(row.id, (handle) => handle.executeUpdate(paymentReceivedUpdate, { args: [payment] })));
  });

  router.post('/invoices/:id/payment-reversals', requirePermission('pay'), async (req, res) => {
    const reversal = parseBody(paymentReversalSchema, req.body);
    const row = await requireInvoice(db, String(req.params.id));
    res.json(await update(row.id, (handle) => handle.executeUpdate(paymentReversedUpdate, { args: [reversal] })));
  });

  type Handle = ReturnType<Awaited<ReturnType<TemporalGateway['client']>>['workflow']['getHandle']>;
  /** Runs an update and maps its refusals: a validator's InvalidMessage is a 422 naming the field. */
  async function update(invoiceId: string, run: (handle: Handle) => Promise<InvoiceState>): Promise<InvoiceState> {
    const client = await temporal.client();
    try {
      return await run(client.workflow.getHandle(invoiceWorkflowId(invoiceId)));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        const field = (error.cause.details?.[0] as { field?: string } | undefined)?.field ?? '(body)';
        throw new ValidationError([{ field, rule: error.cause.type ?? 'rejected', message: error.cause.message }], 422);
      }
      if (error instanceof WorkflowNotFoundError) {
        throw new HttpError(409, 'Conflict', `collection of invoice ${invoiceId} has ended; it takes no more messages`);
      }
      throw error;
    }
  }

  return router;
}

async function requireInvoice(db: Database, id: string): Promise<InvoiceRow> {
  const row = await findInvoice(db, id);
  if (!row) throw new NotFoundError(`invoice ${id}`);
  return row;
}

function checkInvoiceRules(body: CreateInvoiceBody): void {
  if (!isKnownCurrency(body.currency)) {
    throw new ValidationError([
      { field: 'currency', rule: 'iso4217', message: `currency: '${body.currency}' is not an ISO 4217 currency` },
    ]);
  }
  domainCheck(() => validateTimezone(body.customer.timezone, 'customer.timezone'));
  if (body.dueDate.slice(0, 10) < body.issueDate) {
    throw new ValidationError([
      { field: 'dueDate', rule: 'after_issue', message: 'dueDate: must not be before issueDate' },
    ]);
  }
}

/** A stable digest of the request as understood (defaults applied, keys sorted): equal bodies, equal hashes. */
function canonicalHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

function toInvoiceResource(row: InvoiceRow) {
  return {
    id: row.id,
    customer: row.customer,
    amount: row.amount,
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    dueAt: row.dueAt,
    policy: { id: row.policyId, version: row.policyVersion },
    status: row.status,
    stage: row.stage,
    balance: row.balance,
    nextAction: row.nextAction ? { action: row.nextAction, at: row.nextActionAt } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
