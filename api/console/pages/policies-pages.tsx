import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's policies pages. */
export function createPoliciesPages(_deps: ConsolePageDeps): Router {
  return Router();
}
