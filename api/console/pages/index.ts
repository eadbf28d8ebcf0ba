import { Router } from 'express';
import type { Database } from '../../../db/database';
import type { Logger } from '../../http/error-handler';
import { createCustomersPages } from './customers-pages';
import { createInvoicesPages } from './invoices-pages';
import { createLegalFilesPages } from './legal-files-pages';
import { createPaymentsPages } from './payments-pages';
import { createPoliciesPages } from './policies-pages';
import { createRatesPages } from './rates-pages';
import { createTasksPages } from './tasks-pages';

export interface ConsolePageDeps {
  db: Database;
  now: () => Date;
  logger: Logger;
}

/** Every page of the console behind the session: one router per area, each reading and acting through `/v1`. */
export function consolePages(deps: ConsolePageDeps): Router {
  return Router().use(
    createInvoicesPages(deps),
    createCustomersPages(deps),
    createTasksPages(deps),
    createLegalFilesPages(deps),
    createPaymentsPages(deps),
    createPoliciesPages(deps),
    createRatesPages(deps),
  );
}
