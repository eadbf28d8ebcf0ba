import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { createApp } from '../../api/create-app';
import { createTemporalGateway } from '../../api/temporal/temporal-gateway';
import { parsePayloadKeys } from '../../config/load-config';
import { freePort } from '../../dev/free-port';
import { resolveTemporalCli } from '../../dev/temporal-cli';
import { DevServerHandle, startTemporalDevServer } from '../../dev/temporal-dev-server';
import { invoiceWorkflowId } from '../../workflows/routing';
import { createInvoiceWorkers, InvoiceWorkers } from '../../worker/create-worker';
import { NativeConnection } from '@temporalio/worker';
import { launchChromium, listen, screenshot } from '../support/browser';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { invoiceBody, KEYS, testApiKeys, testMailSettings } from '../support/test-stack';

const NAME = 'Menuiserie Lefèvre & Fils';

/**
 * What `npm start` gives support: the dev server's Web UI pointed at the API's codec (`--ui-codec-endpoint`), payloads
 * encrypted. A person signed in to the console, with "include cross-origin credentials" ticked in the UI's codec
 * settings (the CLI cannot set it), reads the invoice's input decoded in the Temporal UI.
 */
describe('the Temporal UI decodes encrypted payloads through the API’s codec', () => {
  const payloadKeys = parsePayloadKeys(`ui-test:${randomBytes(32).toString('base64')}`);
  const taskQueue = `test-${randomUUID()}`;
  const invoiceId = `UI-${randomUUID().slice(0, 8)}`;
  let server: DevServerHandle;
  let api: { url: string; close(): Promise<void> };
  let app: ReturnType<typeof createApp>;
  let stop: () => Promise<void>;
  let browser: Browser;
  let uiPort: number;
  // The console's cookie is SameSite: the UI and the API must be the same site, both on localhost.
  const apiUrl = () => api.url.replace('127.0.0.1', 'localhost');

  beforeAll(async () => {
    api = await listen((req, res) => void app(req, res));
    uiPort = await freePort();
    const cli = await resolveTemporalCli({ log: () => undefined });
    server = await startTemporalDevServer({
      cliPath: cli.path,
      port: await freePort(),
      uiPort,
      uiCodecEndpoint: `${apiUrl()}/codec`,
    });
    const db = await createTestDatabase();
    const connection = await NativeConnection.connect({ address: server.address });
    const workers: InvoiceWorkers = await createInvoiceWorkers({
      connection,
      namespace: server.namespace,
      taskQueue,
      workflowBundlePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE'),
      db,
      mail: testMailSettings(),
      mailRatePerSecond: 50,
      payloadKeys,
    });
    const running = workers.run();
    const temporal = createTemporalGateway({
      connection: { address: server.address },
      namespace: server.namespace,
      payloadKeys,
    });
    app = createApp({
      db,
      temporal,
      config: { apiKeys: testApiKeys(), taskQueue, payloadKeys, codecCorsOrigins: [`http://localhost:${uiPort}`] },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
    stop = async () => {
      workers.shutdown();
      await running;
      await connection.close();
      await temporal.close();
      await db.close();
    };
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stop?.();
    await api?.close();
    await server?.stop();
  });

  it('shows the invoice’s customer decoded to a signed-in person, and encrypted bytes to one who is not', async () => {
    const due = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString().slice(0, 10);
    const body = invoiceBody(invoiceId, `compta-${invoiceId.toLowerCase()}@lefevre.test`, due);
    const created = await request(app)
      .post('/v1/invoices')
      .set('Authorization', `Bearer ${KEYS.ops}`)
      .send({ ...body, customer: { ...body.customer, name: NAME } });
    expect(created.status).toBe(201);

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${apiUrl()}/app`);
    await page.waitForURL(/\/app\/sign-in/);
    await page.locator('#key').fill(KEYS.support);
    await page.locator('form[action="/app/sign-in"] button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));

    // What a person sets once in the UI's codec settings: this endpoint, with cross-origin credentials.
    const codec = `${apiUrl()}/codec`;
    await context.addInitScript(
      ({ origin, endpoint }) => {
        if (window.location.origin !== origin) return;
        window.localStorage.setItem('endpoint', JSON.stringify(endpoint));
        window.localStorage.setItem('includeCredentials', 'true');
        window.localStorage.setItem('overrideRemoteCodecConfiguration', 'true');
      },
      { origin: `http://localhost:${uiPort}`, endpoint: codec },
    );
    const workflowUrl = `http://localhost:${uiPort}/namespaces/default/workflows/${invoiceWorkflowId(invoiceId)}`;
    await page.goto(workflowUrl);
    await page.getByText(NAME).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'temporal-ui-decoded');

    // Signed out, the same page shows the payloads as stored: encrypted, no name.
    const stranger = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(workflowUrl);
    await strangerPage.getByText(invoiceWorkflowId(invoiceId)).first().waitFor({ timeout: 30_000 });
    await strangerPage.waitForTimeout(3_000);
    expect(await strangerPage.content()).not.toContain('Lefèvre');
    await stranger.close();
    await context.close();
  });
});
