import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's payments pages. */
export function createPaymentsPages(_deps: ConsolePageDeps): Router {
  return Router();
}
