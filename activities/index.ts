import type { Database } from '../db/database';
import { createLegalActivities } from './legal-activities';
import { createMailActivities, createStepMailer, MailSettings } from './mail-activities';
import { createProjectionActivities } from './projection-activities';
import { createTaskActivities } from './task-activities';

export interface ActivityDeps {
  db: Database;
  mail: MailSettings;
}

/** Every side effect of the workflow, built over its dependencies; the worker registers the result. */
export function createActivities(deps: ActivityDeps) {
  const mailer = createStepMailer(deps);
  return {
    ...createMailActivities({ mailer }),
    ...createTaskActivities({ db: deps.db, now: deps.mail.now }),
    ...createLegalActivities({ ...deps, mailer }),
    ...createProjectionActivities(deps),
  };
}
