import { createApp } from '../../../api/create-app';
import { createTemporalGateway } from '../../../api/temporal/temporal-gateway';
import type { Database } from '../../../db/database';
import type { TemporalGateway } from '../../../api/temporal/temporal-gateway';
import { TEST_RATE_LIMITS, testApiKeys } from '../../support/test-stack';

export const WEBHOOK_SECRET = 'whsec-integration-tests-0123456789';

export interface CapturedLogs {
  info: string[];
  error: unknown[];
}

/** The API over the given database and Temporal, with the test keys, a webhook secret and logs kept for assertions. */
export function createApiApp(deps: { db: Database; temporal: TemporalGateway; taskQueue?: string; now?: () => Date }) {
  const logs: CapturedLogs = { info: [], error: [] };
  const app = createApp({
    db: deps.db,
    temporal: deps.temporal,
    now: deps.now,
    config: {
      apiKeys: testApiKeys(),
      rateLimit: TEST_RATE_LIMITS,
      taskQueue: deps.taskQueue,
      webhookSecret: WEBHOOK_SECRET,
    },
    logger: {
      info: (line: string) => void logs.info.push(line),
      warn: () => undefined,
      error: (...args: unknown[]) => void logs.error.push(args),
    },
  });
  return { app, logs };
}

/** A Temporal gateway to a port nobody listens on, for files that exercise only PostgreSQL. */
export function unreachableTemporal(): TemporalGateway {
  return createTemporalGateway({ connection: { address: '127.0.0.1:1' }, namespace: 'default' });
}
