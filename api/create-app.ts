import express, { Express } from 'express';
import {
  DEFAULT_CODEC_CORS_ORIGINS,
  DEFAULT_RATE_LIMITS,
  type ApiKey,
  type PayloadKey,
  type RelanceConfig,
  type SelfServiceConfig,
} from '../config/load-config';
import { DEFAULT_CREDITOR_COUNTRY } from '../domain/statutory-laws';
import type { Database } from '../db/database';
import { createAuthenticator } from './http/auth';
import { createKeyRing, KeyRing } from './http/key-ring';
import { createRateLimits, limitPerAddress, limitPerKey } from './http/rate-limit';
import { sessionResolver } from './console/console-session';
import { createBatchesRouter } from './batches/batches-router';
import { createCodecRouter } from './codec/codec-router';
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
import { createRequestId } from './http/request-id';
import { createHttpMetrics, createMetricsRouter } from './http/http-metrics';
import { RelanceMetrics, sharedMetrics } from '../observability/metrics';
import { createTasksRouter } from './tasks/tasks-router';
import type { TemporalGateway } from './temporal/temporal-gateway';

export interface AppDeps {
  db: Database;
  temporal: TemporalGateway;
  config: {
    /** The keys of `API_KEYS`; stored keys (`npm run keys`) are read from the database beside them. */
    apiKeys: ApiKey[];
    /** Per key and per address; the DESIGN's defaults (200 and 1,000 requests per 10 s) when not given. */
    rateLimit?: RelanceConfig['rateLimit'];
    /** Express's `trust proxy`: which hops' X-Forwarded-For gives the address requests are counted under. */
    trustProxy?: boolean | number | string;
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
    /** `PAYLOAD_ENCRYPTION_KEYS`, for the Temporal UI's codec (`/codec`); none: payloads are in clear. */
    payloadKeys?: PayloadKey[];
    /** The Temporal UI origins that may call `/codec` from a browser (`CODEC_CORS_ORIGINS`). */
    codecCorsOrigins?: string[];
  };
  logger?: Logger;
  /** Where `GET /metrics` counts; the process's shared registry unless given (tests with several apps give their own). */
  metrics?: RelanceMetrics;
  /** The Temporal SDK's Prometheus exporter in this process (`127.0.0.1:<port>`), appended to `GET /metrics`. */
  sdkMetricsAddress?: string;
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
  const keys: KeyRing = createKeyRing({ keys: deps.config.apiKeys, db: deps.db });
  const limits = createRateLimits(deps.config.rateLimit ?? DEFAULT_RATE_LIMITS);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const metrics = deps.metrics ?? sharedMetrics();
  app.use(createRequestId(), createHttpMetrics(metrics));
  app.set('trust proxy', deps.config.trustProxy ?? false);
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
  // Probes and scrapes are the platform's own, at its pace; everything else counts against its address first.
  app.use(limitPerAddress(limits, ['/healthz', '/readyz', '/metrics']));
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
  // For Prometheus, like the probes: outside /v1 and without a key.
  app.use(createMetricsRouter({ metrics, db: deps.db, sdkMetricsAddress: deps.sdkMetricsAddress }));
  app.use(
    '/s',
    createSelfServiceRouter({
      ...shared,
      selfService: deps.config.selfService ?? NO_SELF_SERVICE,
      creditor: deps.config.creditor,
    }),
  );
  app.use('/app', createConsoleRouter({ ...shared, keys }));
  const authenticate = createAuthenticator(keys, sessionResolver(deps.db, keys, now), limits);
  const perKey = limitPerKey(limits);
  app.use(
    '/codec',
    createCodecRouter({
      payloadKeys: deps.config.payloadKeys ?? [],
      corsOrigins: deps.config.codecCorsOrigins ?? DEFAULT_CODEC_CORS_ORIGINS,
      // A key's calls to the codec count against it like its calls to /v1.
      authenticate: [authenticate, perKey],
    }),
  );
  // The key is checked before a byte of the body is read: a caller without one learns nothing about our parsing.
  app.use('/v1', authenticate, perKey);
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
