import { currentInsolvency, customerCredit, standingCustomerHolds } from '../../db/customers';
import type { Queryable } from '../../db/database';
import type { CustomerHoldNotice, InsolvencyNotice } from '../../workflows/customer-messages';
import type { InvoiceCollectionInput } from '../../workflows/messages';

/**
 * What stands on a customer when one of its invoices opens, as its workflow input takes it: the holds in force and
 * the procedure in progress. Undefined when nothing stands, so that an ordinary invoice starts with the input it always
 * had.
 */
export async function customerStandingForNewInvoice(
  db: Queryable,
  customerId: string,
): Promise<InvoiceCollectionInput['customer']> {
  const [holds, insolvency] = await Promise.all([
    standingCustomerHolds(db, customerId),
    currentInsolvency(db, customerId),
  ]);
  if (holds.length === 0 && !insolvency) return undefined;
  return {
    holds: holds.map((hold): CustomerHoldNotice => ({
      holdId: hold.holdId,
      kind: hold.kind,
      reason: hold.reason,
      ...(hold.until ? { until: hold.until } : {}),
      ...(hold.by ? { by: hold.by } : {}),
    })),
    ...(insolvency
      ? {
          insolvency: {
            procedure: insolvency.procedure,
            openedOn: insolvency.openedOn,
            publishedOn: insolvency.publishedOn,
            declareBy: insolvency.declareBy,
            ...(insolvency.taskId ? { taskId: insolvency.taskId } : {}),
            ...(insolvency.openedBy ? { by: insolvency.openedBy } : {}),
          } satisfies InsolvencyNotice,
        }
      : {}),
  };
}

/** Whether the customer has credit left in a currency (a new invoice in it takes that credit). */
export async function hasCreditIn(db: Queryable, customerId: string, currency: string): Promise<boolean> {
  const credit = await customerCredit(db, customerId);
  return credit.some((c) => c.currency === currency && c.amount > 0);
}
