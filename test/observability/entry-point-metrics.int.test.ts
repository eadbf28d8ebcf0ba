import { Agent } from 'node:http';
import { freePort } from '../../dev/free-port';
import type { Database } from '../../db/database';
import { call, EntryPoint, entryPointNamespace, startEntryPoint } from '../support/entry-point';
import { eventually } from '../support/eventually';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { invoiceBody, KEYS } from '../support/test-stack';
import { sampleSum } from './prometheus-text';

/**
 * The production entry points, as an operator runs them: `curl :PORT/metrics` on the API and `curl :METRICS_PORT/metrics`
 * on the worker each show the Temporal SDK's metrics and the product's, and the worker's mail counter moves when a
 * reminder leaves.
 */
describe('GET /metrics on the API and worker processes', () => {
  let db: Database & { url: string };
  let api: EntryPoint;
  let worker: EntryPoint;
  let apiBase: string;
  let workerMetrics: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const auth = { authorization: `Bearer ${KEYS.ops}` };
  const scrape = async (url: string) => {
    const answer = await call(agent, url);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const [apiPort, metricsPort] = [await freePort(), await freePort()];
    apiBase = `http://127.0.0.1:${apiPort}`;
    workerMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    const shared = {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_NAMESPACE: await entryPointNamespace(),
      SMTP_URL: requiredEnv('SMTP_URL'),
    };
    api = startEntryPoint('api/main.ts', { ...shared, API_KEYS: `ops=${KEYS.ops}`, PORT: String(apiPort) });
    worker = startEntryPoint('worker/main.ts', {
      ...shared,
      WORKFLOW_BUNDLE_PATH: requiredEnv('RELANCE_WORKFLOW_BUNDLE'),
      MAIL_RATE_PER_SECOND: '50',
      METRICS_PORT: String(metricsPort),
    });
    await Promise.all([api.waitFor(/; ready/), worker.waitFor(/worker polling/)]);
  });

  afterAll(async () => {
    agent.destroy();
    await Promise.all([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
    await db?.close();
  });

  it('show the SDK metrics and the product metrics on both, and the mail counter moving on the worker', async () => {
    const sentBefore = sampleSum(await scrape(workerMetrics), 'relance_mails_sent_total');
    const id = `METRICS-${Date.now()}`;
    const created = await call(agent, `${apiBase}/v1/invoices`, {
      method: 'POST',
      headers: auth,
      body: invoiceBody(id, `${id.toLowerCase()}@client.test`, new Date().toISOString()),
    });
    expect(created.status).toBe(201);
    await eventually(
      async () => (await call(agent, `${apiBase}/v1/invoices/${id}/communications`, { headers: auth })).body,
      (body) => body.includes('reminder-1'),
      60_000,
    );

    const fromWorker = await eventually(
      () => scrape(workerMetrics),
      (text) => sampleSum(text, 'relance_mails_sent_total') > sentBefore,
      30_000,
    );
    expect(sampleSum(fromWorker, 'relance_mails_sent_total', { template: 'reminder-1' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(fromWorker, 'relance_steps_run_total', { action: 'email' })).toBeGreaterThanOrEqual(1);
    expect(fromWorker).toMatch(/^relance_mail_queue_lag_seconds_bucket\{/m);
    // The SDK's own, from its exporter in the same process: workflow tasks, activities, the sticky cache.
    expect(fromWorker).toMatch(/^temporal_workflow_task_schedule_to_start_latency/m);
    expect(fromWorker).toMatch(/^temporal_sticky_cache_size/m);

    const fromApi = await scrape(`${apiBase}/metrics`);
    expect(sampleSum(fromApi, 'relance_http_request_duration_seconds_count', { route: '/v1/invoices' })).toBe(1);
    expect(sampleSum(fromApi, 'relance_invoices')).toBe(1);
    // The API's calls to Temporal, measured by the SDK through its native connection.
    expect(fromApi).toMatch(/^temporal_request/m);
    expect(fromApi).toMatch(/^temporal_request_latency/m);
  });

  it('logs the SDK and the ladder steps as JSON lines carrying the workflow id', () => {
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    const step = lines.find((line) => line.message === 'ladder step ran');
    expect(step).toMatchObject({ level: 'INFO', action: 'email', activityType: 'sendReminderEmail' });
    expect(step?.workflowId).toMatch(/^invoice-METRICS-/);
  });

  it('then both still finish a SIGTERM and exit 0', async () => {
    const [apiExit, workerExit] = await Promise.all([api.stop('SIGTERM'), worker.stop('SIGTERM')]);
    expect(apiExit).toMatchObject({ code: 0, signal: null });
    expect(workerExit).toMatchObject({ code: 0, signal: null });
  });
});
