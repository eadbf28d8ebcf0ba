import { Router } from 'express';
import type { Database } from '../db/database';
import type { TemporalGateway } from './temporal/temporal-gateway';

/** Liveness says the process answers; readiness says PostgreSQL (migrated) and Temporal both answer right now. */
export function createHealthRouter(deps: { db: Database; temporal: TemporalGateway }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      deps.db.ping().then(
        () => true,
        () => false,
      ),
      deps.temporal.ready(),
    ]);
    const ready = database && temporal;
    if (!ready) res.setHeader('Retry-After', '5');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: { database, temporal } });
  });
  return router;
}
