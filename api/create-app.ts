import express, { Express } from 'express';
import type { ApiKey } from '../config/load-config';
import type { Database } from '../db/database';
import { createAuthenticator } from './auth';
import { createErrorHandler, Logger } from './error-handler';
import { createHealthRouter } from './health-router';
import { NotFoundError } from './http-errors';
import { createInvoicesRouter } from './invoices-router';
import { buildOpenApiDocument } from './openapi';
import type { TemporalGateway } from './temporal-gateway';

export interface AppDeps {
  db: Database;
  temporal: TemporalGateway;
  config: { apiKeys: ApiKey[]; taskQueue?: string };
  logger?: Logger;
}

export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? console;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  // Every write is logged with who did it (the key's role and short id, never the key).
  app.use((req, res, next) => {
    if (req.method !== 'GET') {
      res.on('finish', () => {
        const who = req.caller ? `${req.caller.role}:${req.caller.keyId}` : 'anonymous';
        logger.info(`${req.method} ${req.originalUrl} ${res.statusCode} by ${who}`);
      });
    }
    next();
  });

  const openapi = buildOpenApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(createHealthRouter(deps));
  app.use(
    '/v1',
    createAuthenticator(deps.config.apiKeys),
    createInvoicesRouter({ ...deps, taskQueue: deps.config.taskQueue }),
  );
  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  app.use(createErrorHandler(logger));
  return app;
}
