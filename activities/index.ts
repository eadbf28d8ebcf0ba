import type { Database } from '../db/database';
import { createMailActivities, MailSettings } from './mail-activities';
import { createProjectionActivities } from './projection-activities';

export interface ActivityDeps {
  db: Database;
  mail: MailSettings;
}

/** Every side effect of the workflow, built over its dependencies; the worker registers the result. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createMailActivities(deps),
    ...createProjectionActivities(deps),
  };
}
