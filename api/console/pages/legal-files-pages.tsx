import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's legal-files pages. */
export function createLegalFilesPages(_deps: ConsolePageDeps): Router {
  return Router();
}
