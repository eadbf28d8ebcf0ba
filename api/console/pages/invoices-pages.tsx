import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's invoices pages. */
export function createInvoicesPages(_deps: ConsolePageDeps): Router {
  return Router();
}
