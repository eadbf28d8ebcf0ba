import { Router } from 'express';
import type { ConsolePageDeps } from './index';

/** The console's tasks pages. */
export function createTasksPages(_deps: ConsolePageDeps): Router {
  return Router();
}
