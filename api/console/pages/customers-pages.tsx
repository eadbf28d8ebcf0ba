import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's customers pages. */
export function createCustomersPages(_deps: ConsolePageDeps): Router {
  return Router();
}
