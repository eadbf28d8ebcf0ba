import { Router } from 'express';
import type { SelfServiceConfig } from '../../config/load-config';
import type { Database } from '../../db/database';
import type { Logger } from '../http/error-handler';
import type { TemporalGateway } from '../temporal/temporal-gateway';

export interface SelfServiceDeps {
  db: Database;
  temporal: TemporalGateway;
  selfService: SelfServiceConfig;
  now: () => Date;
  logger: Logger;
}

/** The debtor's page, `GET/POST /s/<token>`: no login; the signed token is the customer's scope. */
export function createSelfServiceRouter(_deps: SelfServiceDeps): Router {
  return Router();
}
