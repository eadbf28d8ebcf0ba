import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../db/database';
import { currentRateTables } from '../db/rates';
import { DomainError } from '../domain/domain-error';
import { FailureType, StepBlock } from '../domain/failure-types';
import { computeLatePaymentAmounts, RatesOutdatedError } from '../domain/late-payment';
import { limitationPeriod } from '../domain/limitation';
import { PUBLISHED_RATE_TABLES } from '../domain/rates/published-rate-tables';
import { rateTablesByName } from '../domain/rates/rate-table';
import type { StatutoryAmounts } from '../domain/statutory-amounts';
import type { InvoiceSnapshot } from '../workflows/messages';
import type { StepContext, SupportTaskKind } from './contracts';
import { openSupportTask } from './support-tasks';
import { localDate, localDueDate } from './step-facts';

/**
 * What a letter, a formal notice and a legal file check before they are produced, and the statutory claim they state.
 * A step that cannot be carried out as the law wants (no postal address, a time-barred debt, a rate not known yet) opens
 * a task for a person and is refused with `StepBlocked`: the workflow waits and runs it again, never invents a figure.
 */

/** The law of the invoice: the one fixed at creation, else the creditor's (invoices created before it was recorded). */
export function governingLawOf(invoice: InvoiceSnapshot, creditorCountry: string): string {
  return invoice.governingLaw ?? creditorCountry;
}

/** Part-payments as the engine reads them: value dates in the customer's zone, oldest first. */
function paymentsOf(context: StepContext): { date: string; amount: number }[] {
  return (context.payments ?? [])
    .map((p) => ({ date: localDate(new Date(p.receivedAt), context.invoice.customer.timezone), amount: p.amount }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The statutory claim as of `asOf`: null where no statutory claim applies (a law without one, an invoice in a currency
 * the fixed indemnity is not stated in); the letters then state the principal only. The principal is what is owed net
 * of credits: the balance plus what was paid. A rate table not known far enough throws `RatesOutdatedError`.
 */
export async function statutoryClaim(
  db: Database,
  context: StepContext,
  governingLaw: string,
  asOf: string,
  payments = paymentsOf(context),
): Promise<StatutoryAmounts | null> {
  const paid = payments.reduce((sum, p) => sum + p.amount, 0);
  const rates = rateTablesByName(await currentRateTables(db, PUBLISHED_RATE_TABLES));
  try {
    return computeLatePaymentAmounts({
      governingLaw,
      principal: { amount: context.balance + paid, currency: context.invoice.currency },
      dueDate: localDueDate(context.invoice),
      asOf,
      payments,
      rates,
    });
  } catch (error) {
    if (error instanceof RatesOutdatedError) throw error;
    if (error instanceof DomainError) return null;
    throw error;
  }
}

export interface StepChecks {
  db: Database;
  context: StepContext;
  governingLaw: string;
  recordId: string;
  at: Date;
  /** Letters and notices need a postal address; the legal file does not. */
  needsAddress: boolean;
}

/**
 * Runs the checks in the order a person would: a time-barred debt first (nothing else matters then), then the address.
 * Returns the statutory claim when nothing blocks.
 */
export async function checkedClaim(checks: StepChecks): Promise<StatutoryAmounts | null> {
  const { context, governingLaw, at } = checks;
  const { invoice } = context;
  const asOf = localDate(at, invoice.customer.timezone);
  const payments = paymentsOf(context);
  const limitation = limitationPeriod({
    governingLaw,
    dueDate: localDueDate(invoice),
    asOf,
    ...(payments.length ? { acknowledgedOn: payments[payments.length - 1]!.date } : {}),
  });
  if (limitation.timeBarred) {
    // One task per invoice, whichever step found it: the debt is barred for all of them.
    await block({ ...checks, recordId: invoice.id }, 'time_barred', 'time_barred', 'limitation', {
      message: `the debt is time-barred: the limitation period ended on ${limitation.expiresOn} (${limitation.basis}); no notice or legal action, decide whether to write it off`,
      detail: { expiresOn: limitation.expiresOn, basis: limitation.basis },
    });
  }
  if (checks.needsAddress) await requirePostalAddress(checks);
  try {
    return await statutoryClaim(checks.db, context, governingLaw, asOf, payments);
  } catch (error) {
    if (!(error instanceof RatesOutdatedError)) throw error;
    return block(checks, 'rates_outdated', 'rates_outdated', `rates:${error.table}:${error.neededOn}`, {
      message: `${error.message}: the amounts cannot be stated until the table is brought up to date`,
      detail: { table: error.table, knownUntil: error.knownUntil, neededOn: error.neededOn },
      table: error.table,
    });
  }
}

/** A letter is posted to an address: without one, a `fix_contact` task asks for it and the step waits. */
export async function requirePostalAddress(checks: Omit<StepChecks, 'governingLaw' | 'needsAddress'>): Promise<void> {
  const { invoice } = checks.context;
  if (invoice.customer.address) return;
  await block(checks, 'address_missing', 'fix_contact', 'address', {
    message: `no postal address for ${invoice.customer.name}: give it with POST /v1/invoices/${invoice.id}/contact so the letter can be posted`,
    detail: { missing: 'address' },
  });
}

async function block(
  checks: Omit<StepChecks, 'governingLaw' | 'needsAddress'>,
  reason: StepBlock['reason'],
  kind: SupportTaskKind,
  key: string,
  what: { message: string; detail: Record<string, unknown>; table?: string },
): Promise<never> {
  const { taskId } = await openSupportTask(
    checks.db,
    {
      invoice: checks.context.invoice,
      key: `${checks.recordId}:${key}`,
      kind,
      reason: what.message,
      balance: checks.context.balance,
      detail: what.detail,
    },
    checks.at,
  );
  const stepBlock: StepBlock = { reason, taskId, message: what.message, ...(what.table ? { table: what.table } : {}) };
  throw ApplicationFailure.create({
    type: FailureType.StepBlocked,
    message: what.message,
    nonRetryable: true,
    details: [stepBlock],
  });
}
