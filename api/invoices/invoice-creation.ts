import { createHash } from 'node:crypto';
import type { Database } from '../../db/database';
import type { DunningPolicy } from '../../domain/dunning-policy';
import { insertInvoice, InvoiceRow } from '../../db/invoices';
import { dueMoment, validateTimezone } from '../../domain/due-moment';
import { rebaseSchedule, ScheduleInput, scheduleSteps, selectCatchUp } from '../../domain/dunning-schedule';
import { isKnownCurrency } from '../../domain/money';
import type { InvoiceSnapshot } from '../../workflows/messages';
import { ConflictError, ValidationError } from '../http/http-errors';
import type { CreateInvoiceBody } from './invoice-schemas';
import { startInvoiceWorkflow } from '../temporal/invoice-workflow-client';
import { DEFAULT_POLICY_ID, findPolicy, findPolicyVersion } from '../policies/policy-catalog';
import { DEFAULT_CREDITOR_COUNTRY } from '../../domain/statutory-laws';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { domainCheck } from '../http/validate';
import { customerStandingForNewInvoice, hasCreditIn } from '../customers/customer-standing';
import { lockCustomer } from '../../db/customers';
import { tellInvoiceOpened } from '../temporal/customer-workflow-client';

export interface InvoiceCreationDeps {
  db: Database;
  temporal: TemporalGateway;
  taskQueue?: string;
  /** The law of an invoice created without `governingLaw`: the creditor's country. */
  creditorCountry?: string;
}

/**
 * Creates an invoice and starts its collection, idempotently by id: the same body again answers the stored row, a
 * different body under the same id is a conflict. Single and batch creation both go through here.
 */
export async function createInvoice(
  deps: InvoiceCreationDeps,
  body: CreateInvoiceBody,
  /** Policies already looked up, by id: a batch resolves each policy once. */
  policies?: Map<string, Promise<DunningPolicy | undefined>>,
): Promise<{ row: InvoiceRow; created: boolean }> {
  checkInvoiceRules(body);
  const policyId = body.policyId ?? DEFAULT_POLICY_ID;
  const policyKey = body.policyVersion === undefined ? policyId : `${policyId}@${body.policyVersion}`;
  let lookup = policies?.get(policyKey);
  if (!lookup) {
    lookup = findPolicyVersion(deps.db, policyId, body.policyVersion);
    policies?.set(policyKey, lookup);
    // A lookup that failed (the database blinked) is not remembered: the next item asks again.
    lookup.catch(() => policies?.delete(policyKey));
  }
  const policy = await lookup;
  if (!policy) {
    if (body.policyVersion !== undefined && (await findPolicy(deps.db, policyId))) {
      throw new ValidationError([
        {
          field: 'policyVersion',
          rule: 'unknown',
          message: `policyVersion: policy '${policyId}' has no version ${body.policyVersion}`,
        },
      ]);
    }
    throw new ValidationError([{ field: 'policyId', rule: 'unknown', message: `policyId: no policy '${policyId}'` }]);
  }
  const { policyId: _requested, policyVersion: _version, ...given } = body;
  const snapshot: InvoiceSnapshot = {
    ...given,
    governingLaw: body.governingLaw ?? deps.creditorCountry ?? DEFAULT_CREDITOR_COUNTRY,
  };
  const requestHash = canonicalHash({ ...body, policyId });
  const first = firstAction(
    { dueDate: body.dueDate, timezone: body.customer.timezone, country: body.customer.country, policy },
    new Date().toISOString(),
  );
  // The row and the workflow start commit together: if Temporal refuses, nothing is left half-created.
  const { result, credit } = await deps.db.withTransaction(async (tx) => {
    // Under the customer's lock, like a hold or a lift: either the hold lists this invoice, or the invoice reads it.
    await lockCustomer(tx, body.customer.id);
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
      governingLaw: snapshot.governingLaw ?? null,
      requestHash,
      nextAction: first?.action ?? null,
      nextActionAt: first?.at ?? null,
    });
    if (!result.created && result.row.requestHash !== requestHash) {
      throw new ConflictError(`invoice ${body.id} already exists with different content`);
    }
    // Also on a repeat: a crash between an earlier commit and start would otherwise leave no workflow.
    const customer = await customerStandingForNewInvoice(tx, body.customer.id);
    await startInvoiceWorkflow(await deps.temporal.client(), snapshot, policy, deps.taskQueue, customer);
    return { result, credit: result.row.status === 'open' && (await hasCreditIn(tx, body.customer.id, body.currency)) };
  });
  // After the commit, so that the customer's workflow finds the invoice's row and its workflow running. It applies an
  // invoice's credit once; a repeat of the request (after a crash here) tells it again, to no effect but the first.
  if (credit) await tellInvoiceOpened(deps, body.customer.id, { invoiceId: body.id, currency: body.currency });
  return result;
}

/**
 * What the new workflow will do first, as its state will say once it has projected itself: the policy's first step at
 * its date, or, for an invoice onboarded overdue, the most advanced step already due (a legal file preceded by its formal
 * notice) at the next send slot. Stored with the row, so the creation answer and the lists right after it tell the
 * truth; the workflow's projection overwrites it.
 */
export function firstAction(input: ScheduleInput, now: string): { action: string; at: string } | null {
  const schedule = scheduleSteps(input);
  const { run } = selectCatchUp(schedule, 0, now);
  if (!run) return schedule[0] ? { action: schedule[0].action, at: schedule[0].at } : null;
  const notice =
    run.action === 'legal_file' ? schedule.find((s) => s.action === 'formal_notice' && s.index < run.index) : undefined;
  const target = notice ?? run;
  const at = input.policy.calendar ? rebaseSchedule(input, target.index, now)[target.index]!.at : now;
  return { action: target.action, at: Date.parse(at) < Date.parse(now) ? now : at };
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
