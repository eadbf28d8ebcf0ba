import { Router } from 'express';
import type { Request } from 'express';
import type { Database } from '../../db/database';
import { setInvoicePolicy, updateInvoiceContact } from '../../db/invoices';
import {
  cancelUpdate,
  disputeRaisedUpdate,
  disputeResolvedUpdate,
  instalmentAgreedUpdate,
  movePolicyUpdate,
  pauseUpdate,
  promiseToPayUpdate,
  resumeUpdate,
  updateContactUpdate,
  writeOffUpdate,
} from '../../workflows/messages';
import { InvoiceState } from '../../workflows/read-model';
import { requirePermission } from '../http/auth';
import { ConflictError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { requireInvoice } from './invoices-router';
import {
  cancelSchema,
  contactUpdateSchema,
  disputeResolutionSchema,
  disputeSchema,
  instalmentPlanSchema,
  movePolicySchema,
  pauseSchema,
  promiseToPaySchema,
  resumeSchema,
  writeOffSchema,
} from './invoice-schemas';
import { checkFutureDate, checkInstalmentPlan, checkWithinBalance, RuleContext } from './message-rules';
import { findPolicyVersion } from '../policies/policy-catalog';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { parseBody } from '../http/validate';
import { callerName } from '../http/caller-name';
import { invoiceState, sendUpdate } from '../temporal/invoice-workflow-client';
import { CollectionEndedError } from '../temporal/temporal-errors';

export interface InvoiceMessagesRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  now?: () => Date;
}

/**
 * One endpoint per workflow message: validated here first (schema, then the rules the API can check against the live
 * state), then sent as an Update so the caller gets the new state or the workflow's refusal naming the field.
 */
export function createInvoiceMessagesRouter(deps: InvoiceMessagesRouterDeps): Router {
  const { db, temporal } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();
  const write = requirePermission('write');

  /** The invoice, its live state (refused with 409 once collection has ended) and the rule context. */
  async function load(req: Request): Promise<{ invoiceId: string; state: InvoiceState; context: RuleContext }> {
    const row = await requireInvoice(db, pathParam(req, 'id'));
    const state = await invoiceState(temporal, row.id);
    if (!state) throw new CollectionEndedError(row.id);
    if (state.status !== 'open')
      throw new ConflictError(`invoice ${row.id} is ${state.status}; it takes no more messages`);
    const timezone = typeof row.customer.timezone === 'string' ? row.customer.timezone : 'UTC';
    return { invoiceId: row.id, state, context: { now: now(), timezone } };
  }

  router.post('/invoices/:id/instalment-plan', write, async (req, res) => {
    const body = parseBody(instalmentPlanSchema, req.body);
    const { invoiceId, state, context } = await load(req);
    checkInstalmentPlan(body, { amount: state.balance, currency: state.currency }, context);
    const plan = { ...body, agreedBy: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, instalmentAgreedUpdate, plan));
  });

  router.post('/invoices/:id/disputes', write, async (req, res) => {
    const body = parseBody(disputeSchema, req.body);
    const { invoiceId } = await load(req);
    const dispute = { ...body, raisedBy: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, disputeRaisedUpdate, dispute));
  });

  router.post('/invoices/:id/disputes/resolve', write, async (req, res) => {
    const body = parseBody(disputeResolutionSchema, req.body);
    const { invoiceId, state } = await load(req);
    if (!state.dispute) {
      throw new ValidationError([{ field: '(body)', rule: 'no_dispute', message: 'the invoice is not disputed' }], 422);
    }
    if (body.creditAmount !== undefined) checkWithinBalance(body.creditAmount, 'creditAmount', state.balance, true);
    const resolution = { ...body, resolvedBy: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, disputeResolvedUpdate, resolution));
  });

  router.post('/invoices/:id/promise-to-pay', write, async (req, res) => {
    const body = parseBody(promiseToPaySchema, req.body);
    const { invoiceId, state, context } = await load(req);
    checkFutureDate(body.promisedDate, 'promisedDate', context);
    if (body.amount !== undefined) checkWithinBalance(body.amount, 'amount', state.balance);
    const promise = { ...body, promisedBy: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, promiseToPayUpdate, promise));
  });

  router.post('/invoices/:id/pause', write, async (req, res) => {
    const body = parseBody(pauseSchema, req.body);
    const { invoiceId, context } = await load(req);
    if (body.until !== undefined) checkFutureDate(body.until, 'until', context);
    const pause = { ...body, by: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, pauseUpdate, pause));
  });

  router.post('/invoices/:id/resume', write, async (req, res) => {
    const body = parseBody(resumeSchema, req.body);
    const { invoiceId } = await load(req);
    const resume = { ...body, by: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, resumeUpdate, resume));
  });

  router.post('/invoices/:id/cancel', write, async (req, res) => {
    const body = parseBody(cancelSchema, req.body);
    const { invoiceId } = await load(req);
    const cancel = { ...body, by: callerName(req) };
    res.json(await sendUpdate(temporal, invoiceId, cancelUpdate, cancel));
  });

  /** Gives up on the balance (in any open stage, the legal file's included): the invoice closes as written_off. */
  router.post('/invoices/:id/write-off', write, async (req, res) => {
    const body = parseBody(writeOffSchema, req.body);
    const row = await requireInvoice(db, pathParam(req, 'id'));
    const state = await invoiceState(temporal, row.id);
    if (!state) throw new CollectionEndedError(row.id);
    // A retry after a lost answer hears of the write-off it made; any other ending refuses it.
    if (state.status === 'written_off') {
      res.json(state);
      return;
    }
    if (state.status !== 'open')
      throw new ConflictError(`invoice ${row.id} is ${state.status}; it takes no more messages`);
    res.json(await sendUpdate(temporal, row.id, writeOffUpdate, { reason: body.reason, by: callerName(req) }));
  });

  router.post('/invoices/:id/contact', write, async (req, res) => {
    const body = parseBody(contactUpdateSchema, req.body);
    const { invoiceId } = await load(req);
    const update = { ...body, by: callerName(req) };
    const state = await sendUpdate(temporal, invoiceId, updateContactUpdate, update);
    // The row follows the workflow, never the other way: a refused update changes nothing stored.
    const { by: _by, ...contact } = body;
    await updateInvoiceContact(db, invoiceId, contact);
    res.json(state);
  });

  router.post('/invoices/:id/policy', write, async (req, res) => {
    const body = parseBody(movePolicySchema, req.body);
    const { invoiceId, state: current } = await load(req);
    const policy = await findPolicyVersion(db, body.policyId, body.version);
    if (!policy) {
      const what = body.version === undefined ? `'${body.policyId}'` : `'${body.policyId}' version ${body.version}`;
      const field = body.version === undefined ? 'policyId' : 'version';
      throw new ValidationError([{ field, rule: 'unknown', message: `${field}: no policy ${what}` }], 422);
    }
    if (body.fromStep !== undefined && body.fromStep >= policy.steps.length) {
      throw new ValidationError(
        [
          {
            field: 'fromStep',
            rule: 'step_index',
            message: `fromStep: ${body.fromStep} is not a step of ${policy.id} v${policy.version} (0 to ${policy.steps.length - 1})`,
          },
        ],
        422,
      );
    }
    const move = { policy, fromStep: body.fromStep, reason: body.reason, by: callerName(req) };
    // A retry after the workflow took the move but the row was not written finishes the job instead of refusing.
    const already = current.policy.id === policy.id && current.policy.version === policy.version;
    const state = already ? current : await sendUpdate(temporal, invoiceId, movePolicyUpdate, move);
    // Only once the workflow has taken the new policy: the row never names a policy the workflow does not follow.
    await setInvoicePolicy(db, invoiceId, policy.id, policy.version);
    res.json(state);
  });

  return router;
}
