import request from 'supertest';
import { createApp } from '../../api/create-app';
import { createRelanceMetrics } from '../../observability/metrics';
import { eventually } from '../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack, testApiKeys } from '../support/test-stack';
import { parseSamples, sampleSum } from './prometheus-text';

const SENT = 'relance_mails_sent_total';
const REMINDER_1 = { kind: 'step:email', template: 'reminder-1' };

/**
 * `GET /metrics` on the API of a running stack: in one process the worker counts into the same registry, so a wave of
 * reminders shows on the API's endpoint as it leaves.
 */
describe('GET /metrics on the API while a wave of reminders leaves', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const scrape = async () => {
    const res = await request(stack.app).get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('counts each reminder of the wave once, and shows the invoices by stage and the requests by route', async () => {
    const before = await scrape();
    const wave = Array.from({ length: 5 }, (_, i) => `WAVE-${Date.now()}-${i}`);
    for (const id of wave) {
      const created = await ops(request(stack.app).post('/v1/invoices')).send(
        invoiceBody(id, `${id.toLowerCase()}@client.test`, new Date().toISOString()),
      );
      expect(created.status).toBe(201);
    }

    const after = await eventually(
      scrape,
      (text) => sampleSum(text, SENT, REMINDER_1) - sampleSum(before, SENT, REMINDER_1) >= wave.length,
      60_000,
    );
    // A wave of five is five mails, each counted once, however many attempts or activities touched it.
    expect(sampleSum(after, SENT, REMINDER_1) - sampleSum(before, SENT, REMINDER_1)).toBe(wave.length);
    expect(sampleSum(after, 'relance_steps_run_total', { action: 'email' })).toBeGreaterThanOrEqual(wave.length);
    expect(sampleSum(after, 'relance_mail_queue_lag_seconds_count', { activity: 'sendReminderEmail' })).toBeGreaterThan(
      sampleSum(before, 'relance_mail_queue_lag_seconds_count', { activity: 'sendReminderEmail' }),
    );

    const stages = parseSamples(after).filter((s) => s.name === 'relance_invoices');
    expect(stages.reduce((sum, s) => sum + s.value, 0)).toBe(wave.length);
    expect(stages.map((s) => s.labels.stage)).toEqual(expect.arrayContaining(['reminding']));

    const created = { method: 'POST', route: '/v1/invoices', status: '201' };
    expect(sampleSum(after, 'relance_http_request_duration_seconds_count', created)).toBe(wave.length);
    // Labelled by the route's pattern, never by the path a caller chose.
    const routes = parseSamples(after)
      .filter((s) => s.name === 'relance_http_request_duration_seconds_count')
      .map((s) => s.labels.route);
    expect(routes.filter((route) => route?.includes('WAVE-'))).toEqual([]);
  });

  it('labels a request by its route pattern, and one no route matched as unmatched', async () => {
    const id = `WAVE-READ-${Date.now()}`;
    await ops(request(stack.app).get(`/v1/invoices/${id}`));
    await ops(request(stack.app).get(`/v1/no-such-thing/${id}`));
    const text = await scrape();
    expect(sampleSum(text, 'relance_http_request_duration_seconds_count', { route: '/v1/invoices/:id' })).toBe(1);
    expect(sampleSum(text, 'relance_http_request_duration_seconds_count', { route: 'unmatched' })).toBeGreaterThan(0);
    expect(text).not.toContain(id);
  });

  it('is served without a key, outside /v1, with Node process metrics beside the product metrics', async () => {
    const res = await request(stack.app).get('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(res.text).toContain('# TYPE relance_mails_sent_total counter');
  });

  it('answers every request with its id, which the write log carries with the workflow id', async () => {
    // A second app in the same process, on a registry of its own: nothing is registered twice.
    const info: string[] = [];
    const metrics = createRelanceMetrics();
    const app = createApp({
      db: stack.db,
      temporal: stack.temporal,
      config: { apiKeys: testApiKeys(), taskQueue: stack.taskQueue },
      logger: { info: (line: string) => void info.push(line), warn: () => undefined, error: console.error },
      metrics,
    });
    const id = `WAVE-RID-${Date.now()}`;
    const res = await ops(request(app).post('/v1/invoices'))
      .set('X-Request-Id', 'ops-console.4711')
      .send(invoiceBody(id, `${id.toLowerCase()}@client.test`, '2099-01-31'));
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('ops-console.4711');
    const lines = info.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        event: 'api.write',
        requestId: 'ops-console.4711',
        workflowId: `invoice-${id}`,
        status: 201,
      }),
    ]);
    const text = await (await request(app).get('/metrics')).text;
    expect(sampleSum(text, 'relance_http_request_duration_seconds_count', { route: '/v1/invoices' })).toBe(1);
  });
});
