import express, { Express } from 'express';
import type { ApiKey, RelanceConfig, SelfServiceConfig } from '../config/load-config';
import { DEFAULT_CREDITOR_COUNTRY } from '../domain/statutory-laws';
import type { Database } from '../db/database';
import { createAuthenticator } from './http/auth';
import { sessionResolver } from './console/console-session';
import { createBatchesRouter } from './batches/batches-router';
import { createConsoleRouter } from './console/console-router';
import { createCustomerStatementRouter } from './customers/customer-statement';
import { createCustomersRouter } from './customers/customers-router';
import { createDocsRouter } from './openapi/docs-page';
import { DOCUMENT_BODY_LIMIT } from './documents/document-schemas';
import { createDocumentsRouter } from './documents/documents-router';
import { createErrorHandler, Logger } from './http/error-handler';
import { createHealthRouter } from './health-router';
import { NotFoundError } from './http/http-errors';
import { createInvoiceMessagesRouter } from './invoices/invoice-messages-router';
import { createInvoicesRouter } from './invoices/invoices-router';
import { createLegalFilesRouter } from './legal-files/legal-files-router';
import { buildOpenApiDocument } from './openapi/openapi';
import { createMailEventsWebhookRouter } from './payments/mail-events-webhook';
import { createPaymentEventsRouter, createPaymentWebhookRouter } from './payments/payment-webhook';
import { createPoliciesRouter } from './policies/policies-router';
import { createQuoteRouter } from './rates/quote-router';
import { createRatesRouter } from './rates/rates-router';
import { createReportsRouter } from './reports/reports-router';
import { createSelfServiceRouter } from './self-service/self-service-router';
import { createWriteLog } from './http/request-log';
import { createTasksRouter } from './tasks/tasks-router';
import type { TemporalGateway } from './temporal/temporal-gateway';

export interface AppDeps {
  db: Database;
  temporal: TemporalGateway;
  config: {
    apiKeys: ApiKey[];
    taskQueue?: string;
    /** Every secret a webhook signature may be made with; the first is current. */
    webhookSecrets?: string[];
    /** One secret, as tests give it. */
    webhookSecret?: string | undefined;
    /** ISO 3166-1 alpha-2: the law of invoices created without `governingLaw` (Rome I art. 4: the seller's). */
    creditorCountry?: string;
    /** Who the creditor is, for documents the API renders itself (the customer statement's letterhead). */
    creditor?: RelanceConfig['creditor'];
    /** The debtor's self-service page; without secrets every link is refused. */
    selfService?: SelfServiceConfig;
  };
  logger?: Logger;
  /** The clock for rules on dates and for webhook signatures; tests may fix it. */
  now?: () => Date;
}

const NO_SELF_SERVICE: SelfServiceConfig = { publicUrl: 'http://localhost:3000', secrets: [], linkTtlMs: 0 };

export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? console;
  const now = deps.now ?? (() => new Date());
  const shared = {
    db: deps.db,
    temporal: deps.temporal,
    taskQueue: deps.config.taskQueue,
    creditorCountry: deps.config.creditorCountry ?? DEFAULT_CREDITOR_COUNTRY,
    now,
    logger,
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  });
  app.use(createWriteLog(logger));
  // Before any JSON parsing: the webhook's signature covers the raw bytes.
  const webhookSecrets = [
    ...(deps.config.webhookSecrets ?? []),
    ...(deps.config.webhookSecret ? [deps.config.webhookSecret] : []),
  ];
  app.use(createPaymentWebhookRouter({ ...shared, webhookSecrets }));
  app.use(createMailEventsWebhookRouter({ ...shared, webhookSecrets }));
  const openapi = buildOpenApiDocument();
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(createDocsRouter());
  app.use(createHealthRouter(deps));
  app.use(
    '/s',
    createSelfServiceRouter({
      ...shared,
      selfService: deps.config.selfService ?? NO_SELF_SERVICE,
      creditor: deps.config.creditor,
    }),
  );
  app.use('/app', createConsoleRouter({ ...shared, apiKeys: deps.config.apiKeys }));
  // The key is checked before a byte of the body is read: a caller without one learns nothing about our parsing.
  app.use('/v1', createAuthenticator(deps.config.apiKeys, sessionResolver(deps.db, deps.config.apiKeys, now)));
  // A batch of a thousand invoices is larger than any other request.
  app.use('/v1/invoice-batches', express.json({ limit: '2mb', type: ['application/json', 'application/*+json'] }));
  // An original invoice travels as base64 in JSON: up to 5 MiB decoded, answered 413 naming the field beyond.
  app.use(
    '/v1/invoices/:id/documents',
    express.json({ limit: DOCUMENT_BODY_LIMIT, type: ['application/json', 'application/*+json'] }),
  );
  app.use('/v1', express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.use(
    '/v1',
    createInvoicesRouter(shared),
    createInvoiceMessagesRouter(shared),
    createBatchesRouter(shared),
    createPoliciesRouter(shared),
    createTasksRouter(shared),
    createLegalFilesRouter(shared),
    createCustomersRouter(shared),
    createCustomerStatementRouter({ ...shared, creditor: deps.config.creditor }),
    createRatesRouter(shared),
    createQuoteRouter(shared),
    createReportsRouter(shared),
    createPaymentEventsRouter(shared),
    createDocumentsRouter(shared),
  );
  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  app.use(createErrorHandler(logger));
  return app;
}
