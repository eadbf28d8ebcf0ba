import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ActivityFailure, Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection } from '@temporalio/worker';
import type { CustomerNoticeInput } from '../../activities/contracts';
import { listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { createInvoiceWorkers, InvoiceWorkers } from '../../worker/create-worker';
import { anInvoice, mailSettings } from '../activities/fixtures';
import { messagesTo } from '../support/mail-inbox';
import { eventually } from '../support/eventually';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { noticeWave, queueProbe } from './notice-wave-workflows';

const RATE = 4;

describe('the worker process: a workflow queue and a rate-limited mail queue', () => {
  let db: Database;
  let connection: NativeConnection;
  let clientConnection: Connection;
  let client: Client;
  let workers: InvoiceWorkers;
  let running: Promise<void>;
  const taskQueue = `mail-test-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const address = requiredEnv('TEMPORAL_ADDRESS');
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./notice-wave-workflows'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    const bundlePath = path.join(await mkdtemp(path.join(tmpdir(), 'relance-mail-worker-')), 'bundle.js');
    await writeFile(bundlePath, bundle.code);
    connection = await NativeConnection.connect({ address });
    workers = await createInvoiceWorkers({
      connection,
      namespace: 'default',
      taskQueue,
      workflowBundlePath: bundlePath,
      db,
      mail: mailSettings(requiredEnv('SMTP_URL'), { now: () => new Date() }),
      mailRatePerSecond: RATE,
      mailConcurrency: 8,
      maxCachedWorkflows: 40,
    });
    running = workers.run();
    clientConnection = await Connection.connect({ address });
    client = new Client({ connection: clientConnection });
  });

  it('keeps at most the configured number of workflows in memory (MAX_CACHED_WORKFLOWS)', () => {
    expect(workers.main.options.maxCachedWorkflows).toBe(40);
  });

  afterAll(async () => {
    workers?.shutdown();
    await running;
    await clientConnection?.close();
    await connection?.close();
    await db?.close();
  });

  const notice = (key: string): CustomerNoticeInput => {
    const invoice = anInvoice();
    return {
      invoice,
      template: 'payment-thanks',
      key,
      balance: 0,
      payment: { paymentId: key, amount: invoice.amount, receivedAt: '2026-03-20T10:00:00Z' },
    };
  };

  it('drains a wave of mails at the configured rate, losing none', async () => {
    const notices = Array.from({ length: 12 }, (_, i) => notice(`payment:P-${i}:thanks`));

    const messageIds = await client.workflow.execute(noticeWave, {
      taskQueue,
      workflowId: `wave-${randomUUID()}`,
      args: [{ taskQueue, notices }],
    });

    expect(new Set(messageIds).size).toBe(12);
    const sentAt: number[] = [];
    for (const { invoice } of notices) {
      const rows = await listCommunications(db, invoice.id);
      expect(rows.map((r) => r.result)).toEqual(['sent']);
      sentAt.push(Date.parse(rows[0]!.occurredAt));
      expect(
        await eventually(
          () => messagesTo(invoice.customer.email),
          (m) => m.length >= 1,
        ),
      ).toHaveLength(1);
    }
    // 12 mails at 4 a second cannot leave in less than (12 - one second's burst) / 4 ≈ 2 s; unthrottled they leave within about half a second.
    const spread = Math.max(...sentAt) - Math.min(...sentAt);
    expect(spread).toBeGreaterThanOrEqual(((12 - RATE) / RATE) * 1000 * 0.75);
  });

  it('fails a refused mail at once, as a MailRejected failure the workflow can record', async () => {
    const refused = notice('payment:P-refused:thanks');
    refused.invoice.customer.email = 'compta at dupont';
    const started = Date.now();

    const failure = await client.workflow
      .execute(noticeWave, {
        taskQueue,
        workflowId: `refused-${randomUUID()}`,
        args: [{ taskQueue, notices: [refused] }],
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activity = (failure as WorkflowFailedError).cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect(activity?.cause).toMatchObject({ type: 'MailRejected', nonRetryable: true });
    expect((activity?.cause as Error | undefined)?.message).toContain("'compta at dupont' is malformed");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps mail off the workflow queue, which still runs the other activities', async () => {
    const probe = notice('payment:P-probe:thanks');
    const outcomes = await client.workflow.execute(queueProbe, {
      taskQueue,
      workflowId: `probe-${randomUUID()}`,
      args: [
        { notice: probe, task: { invoice: probe.invoice, key: 'contact', kind: 'fix_contact', reason: 'bounced' } },
      ],
    });

    expect(outcomes[0]).toMatch(/^mail refused: .*sendCustomerNotice.*not registered/);
    expect(outcomes[1]).toBe('task created');
    expect(await listCommunications(db, probe.invoice.id)).toEqual([
      expect.objectContaining({ channel: 'task', kind: 'task:fix_contact' }),
    ]);
  });
});
