import type { ActivityDeps } from '.';
import type { CustomerActivities } from './customer-contracts';

/** The customer workflow's side effects: holds, insolvency, payments across invoices, and telling its invoices. */
export function createCustomerActivities(deps: ActivityDeps): CustomerActivities {
  void deps;
  const unbuilt = (): never => {
    throw new Error('customer activities: not built yet');
  };
  return {
    joinCustomerBatch: unbuilt,
    recordCustomerHold: unbuilt,
    recordCustomerHoldLifted: unbuilt,
    recordInsolvencyOpened: unbuilt,
    recordInsolvencyClosed: unbuilt,
    allocateCustomerPayment: unbuilt,
    reverseCustomerPayment: unbuilt,
    applyCustomerCredit: unbuilt,
    signalInvoices: unbuilt,
  };
}
