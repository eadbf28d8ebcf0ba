import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's rates pages. */
export function createRatesPages(_deps: ConsolePageDeps): Router {
  return Router();
}
