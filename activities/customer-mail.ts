import type { ActivityDeps } from '.';
import type { CustomerMailActivities } from './customer-contracts';

/** The customer's one e-mail listing every invoice of a consolidation batch. */
export function createCustomerMailActivities(deps: ActivityDeps): CustomerMailActivities {
  void deps;
  return {
    sendConsolidatedReminder: () => {
      throw new Error('consolidated reminder: not built yet');
    },
  };
}
