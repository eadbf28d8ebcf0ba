import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import request from 'supertest';
import { createApp } from '../../api/create-app';
import { createTemporalGateway, TemporalGateway } from '../../api/temporal/temporal-gateway';
import type { Database } from '../../db/database';
import { createRelanceMetrics } from '../../observability/metrics';
import { createTracing, Tracing } from '../../observability/tracing';
import { workerObservability, workflowTracingModule } from '../../observability/worker-observability';
import { createInvoiceWorkers, InvoiceWorkers, workflowsPath } from '../../worker/create-worker';
import { invoiceWorkflowId } from '../../workflows/routing';
import { eventually } from '../support/eventually';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { invoiceBody, KEYS, testApiKeys, testMailSettings } from '../support/test-stack';
import { ReceivedSpan, startOtlpReceiver } from './otlp-receiver';

const quiet = { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined };
const bundlerLogger = { ...quiet, warn: () => undefined, error: (message: string) => console.error(message) };

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT set, an invoice created through the API is one trace: the client's workflow start,
 * the workflow's activity starts (exported from the sandbox through the sink) and the activities' runs reach an
 * OTLP/HTTP collector. The tracing interceptors live in the workflow bundle, so histories must replay both ways.
 */
describe('OpenTelemetry tracing', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let tracing: Tracing;
  let workDir: string;
  let bundlePath: string;
  let db: Database;
  let connection: NativeConnection;
  let workers: InvoiceWorkers;
  let running: Promise<void>;
  let temporal: TemporalGateway;
  let app: ReturnType<typeof createApp>;
  const taskQueue = `test-tracing-${Date.now()}`;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tracing = createTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, 'relance-test')!;
    workDir = await mkdtemp(path.join(tmpdir(), 'relance-tracing-'));
    // As a worker started with tracing bundles its workflows: the tracing interceptors inside.
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: [workflowTracingModule],
      logger: bundlerLogger,
    });
    bundlePath = path.join(workDir, 'traced-bundle.js');
    await writeFile(bundlePath, bundle.code);
    db = await createTestDatabase();
    const address = requiredEnv('TEMPORAL_ADDRESS');
    connection = await NativeConnection.connect({ address });
    workers = await createInvoiceWorkers({
      connection,
      namespace: 'default',
      taskQueue,
      workflowBundlePath: bundlePath,
      db,
      mail: testMailSettings(),
      mailRatePerSecond: 50,
      tracing,
    });
    running = workers.run();
    temporal = createTemporalGateway({
      connection: { address },
      namespace: 'default',
      interceptors: [new OpenTelemetryWorkflowClientInterceptor()],
    });
    app = createApp({
      db,
      temporal,
      config: { apiKeys: testApiKeys(), taskQueue },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
      metrics: createRelanceMetrics(),
    });
  });

  afterAll(async () => {
    workers?.shutdown();
    await running;
    await connection?.close();
    await temporal?.close();
    await db?.close();
    await tracing?.shutdown();
    await receiver?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const id = `TRACED-${Date.now()}`;

  it('sends the spans of an invoice from its creation to its first reminder, in one trace', async () => {
    const created = await request(app)
      .post('/v1/invoices')
      .auth(KEYS.ops, { type: 'bearer' })
      .send(invoiceBody(id, `${id.toLowerCase()}@client.test`, new Date().toISOString()));
    expect(created.status).toBe(201);

    const named = (name: string) => receiver.spans.find((span: ReceivedSpan) => span.name === name);
    await eventually(
      async () => {
        await tracing.spanProcessor.forceFlush();
        return receiver.spans;
      },
      // The workflow's spans leave the sandbox through a sink, in a batch of their own: they may come last.
      () =>
        ['StartWorkflow:invoiceCollection', 'StartActivity:sendReminderEmail', 'RunActivity:sendReminderEmail'].every(
          (name) => named(name) !== undefined,
        ),
      60_000,
    );
    const start = named('StartWorkflow:invoiceCollection')!;
    const scheduled = named('StartActivity:sendReminderEmail')!;
    const sent = named('RunActivity:sendReminderEmail')!;
    expect(start.service).toBe('relance-test');
    // The workflow's span of scheduling the mail, exported from the sandbox through the sink, and the activity's run
    // on the mail worker: all in the trace the API's start began.
    expect(scheduled.traceId).toBe(start.traceId);
    expect(sent.traceId).toBe(start.traceId);
    expect(sent.parentSpanId).toBe(scheduled.spanId);
  });

  it('leaves a history that replays with the workflow code as it runs without tracing', async () => {
    const client = await temporal.client();
    const history = await client.workflow.getHandle(invoiceWorkflowId(id)).fetchHistory();
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') } }, history),
    ).resolves.toBeUndefined();
  });

  it('replays every recorded history with the tracing interceptors in the workflow code', async () => {
    const dir = path.join(__dirname, '..', 'histories');
    const histories = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({
        workflowId: name.replace(/\.json$/, ''),
        history: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown,
      }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowBundle: { codePath: bundlePath },
        ...workerObservability({ mailQueue: false, tracing, bundled: true }),
      },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error?.message ?? null });
    }
    expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: null })));
  });

  it('costs nothing without the variable: no provider, no interceptor beside the metrics one', () => {
    expect(createTracing({}, 'relance-test')).toBeUndefined();
    expect(createTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, 'relance-test')).toBeUndefined();
    const options = workerObservability({ mailQueue: false });
    expect(options.sinks).toBeUndefined();
    expect(options.interceptors?.workflowModules).toBeUndefined();
    expect(options.interceptors?.activity).toHaveLength(1);
  });
});
