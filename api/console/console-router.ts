import { Router } from 'express';
import type { ApiKey } from '../../config/load-config';
import type { Database } from '../../db/database';
import type { Logger } from '../http/error-handler';

export interface ConsoleDeps {
  db: Database;
  apiKeys: ApiKey[];
  now: () => Date;
  logger: Logger;
}

/** The operations console under `/app`: server-rendered pages over the `/v1` API, signed in with a key. */
export function createConsoleRouter(_deps: ConsoleDeps): Router {
  return Router();
}
