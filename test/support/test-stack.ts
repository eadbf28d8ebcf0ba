import { randomUUID } from 'node:crypto';
import { NativeConnection } from '@temporalio/worker';
import { createTransport } from 'nodemailer';
import { createApp } from '../../api/create-app';
import { createTemporalGateway, TemporalGateway } from '../../api/temporal/temporal-gateway';
import type { MailSettings } from '../../activities/contracts';
import { ApiKey, parseApiKeys, RelanceConfig, SelfServiceConfig } from '../../config/load-config';
import type { Database } from '../../db/database';
import type { InvoiceSnapshot } from '../../workflows/messages';
import { createInvoiceWorkers } from '../../worker/create-worker';
import { createTestDatabase, requiredEnv } from './test-database';

export const KEYS = {
  ops: 'ops-key-for-integration-tests',
  payments: 'payments-key-for-integration-tests',
  support: 'support-key-for-integration-tests',
} as const;

/** The test keys as `API_KEYS` would give them without names: each named after its role and short id (`ops:1a2b3c4d`). */
export function testApiKeys(roles: (keyof typeof KEYS)[] = ['ops', 'payments', 'support']): ApiKey[] {
  return parseApiKeys(roles.map((role) => `${role}=${KEYS[role]}`).join(','));
}

export interface TestStack {
  app: ReturnType<typeof createApp>;
  db: Database & { url: string };
  temporal: TemporalGateway;
  taskQueue: string;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Mails per second on this stack's mail queue; high by default so tests never wait on the limit. */
  mailRatePerSecond?: number;
  /** Where the self-service links in this stack's e-mails and letters point (`PUBLIC_URL`). */
  publicUrl?: string;
  /** The API's keys; the three test keys, named after their role, by default. */
  apiKeys?: ApiKey[];
  /** The API's rate limits; by default none that a test's own traffic could reach (the limits have their own tests). */
  rateLimit?: RelanceConfig['rateLimit'];
}

/** Limits far above what a test sends: tests of other features never meet a 429. */
export const TEST_RATE_LIMITS: RelanceConfig['rateLimit'] = {
  perKey: { limit: 1_000_000, windowMs: 10_000 },
  perAddress: { limit: 1_000_000, windowMs: 10_000 },
};

/** The secret that signs this stack's self-service links, for tests that forge, tamper with or sign one. */
export const TEST_SELF_SERVICE_SECRET = 'self-service-secret-for-integration-tests-0123456789';
export const TEST_PUBLIC_URL = 'https://pay.atelier-martin.test';

/** The self-service page of a test stack: links valid for 60 days. */
export function testSelfServiceConfig(publicUrl = TEST_PUBLIC_URL): SelfServiceConfig {
  return { publicUrl, secrets: [TEST_SELF_SERVICE_SECRET], linkTtlMs: 60 * 24 * 3_600_000 };
}

/**
 * The API and the workers of this test file (the workflow queue's and the mail queue's), against the shared real
 * servers: its own database and task queues, so files running side by side never see each other's workflows or rows.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const taskQueue = `test-${randomUUID()}`;
  const db = await createTestDatabase();
  const address = requiredEnv('TEMPORAL_ADDRESS');
  const connection = await NativeConnection.connect({ address });
  const selfService = testSelfServiceConfig(options.publicUrl);
  const workers = await createInvoiceWorkers({
    connection,
    namespace: 'default',
    taskQueue,
    workflowBundlePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE'),
    db,
    mail: testMailSettings(),
    mailRatePerSecond: options.mailRatePerSecond ?? 50,
    legalTeam: 'juridique@atelier-martin.test',
    selfService,
  });
  const running = workers.run();
  const temporal = createTemporalGateway({ connection: { address }, namespace: 'default' });
  const app = createApp({
    db,
    temporal,
    config: {
      apiKeys: options.apiKeys ?? testApiKeys(),
      rateLimit: options.rateLimit ?? TEST_RATE_LIMITS,
      taskQueue,
      selfService,
      creditor: {
        name: 'Atelier Martin SAS',
        paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
        contact: 'compta@atelier-martin.test',
        address: ['12 rue des Tanneurs', '69002 Lyon', 'France'],
      },
    },
    logger: { info: () => undefined, warn: () => undefined, error: console.error },
  });
  return {
    app,
    db,
    temporal,
    taskQueue,
    async stop() {
      workers.shutdown();
      await running;
      await connection.close();
      await temporal.close();
      await db.close();
    },
  };
}

/** An invoice snapshot as the workflow takes it, due `dueDate`, with a fresh id under `prefix`. */
export function invoiceSnapshot(
  prefix: string,
  dueDate: string,
  overrides: { amount?: number; customerId?: string } = {},
): InvoiceSnapshot {
  return {
    id: `${prefix}-${randomUUID().slice(0, 8)}`,
    customer: {
      id: overrides.customerId ?? `C-${randomUUID().slice(0, 6)}`,
      name: 'Boulangerie Dupont',
      email: 'compta@boulangerie-dupont.test',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      country: 'FR',
      address: { lines: ['12 rue des Lilas'], postcode: '69003', city: 'Lyon', country: 'FR' },
    },
    amount: overrides.amount ?? 90_000,
    currency: 'EUR',
    issueDate: '2026-01-05',
    dueDate,
  };
}

/** The creditor and relay every test stack uses: the shared SMTP sink. */
export function testMailSettings(): MailSettings {
  return {
    transport: createTransport(requiredEnv('SMTP_URL')),
    from: 'Atelier Martin <recouvrement@atelier-martin.test>',
    creditorName: 'Atelier Martin SAS',
    paymentInstructions: 'virement IBAN FR76 3000 6000 0112 3456 7890 189',
    contact: 'compta@atelier-martin.test',
    creditorAddress: ['12 rue des Tanneurs', '69002 Lyon', 'France'],
    creditorRegistration: 'SIREN 812 345 678',
    creditorCity: 'Lyon',
  };
}

export function invoiceBody(id: string, email: string, dueDate: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    customer: {
      id: `cust-${id}`,
      name: 'Boulangerie Dupont',
      email,
      phone: '+33 1 23 45 67 89',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      country: 'FR',
      address: { lines: ['12 rue des Lilas'], postcode: '69003', city: 'Lyon', country: 'FR' },
    },
    amount: 123_450,
    currency: 'EUR',
    issueDate: '2026-01-05',
    dueDate,
    policyId: 'demo-fast',
    ...overrides,
  };
}
