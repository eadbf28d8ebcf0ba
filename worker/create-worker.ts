import { Client } from '@temporalio/client';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { ActivityDeps, createMailQueueActivities, createMainQueueActivities } from '../activities';
import type { PayloadKey } from '../config/load-config';
import { payloadDataConverter } from '../config/payload-codec';
import { INVOICE_TASK_QUEUE, mailTaskQueue } from '../workflows/routing';
import type { Tracing } from '../observability/tracing';
import { workerObservability } from '../observability/worker-observability';

/** `PAYLOAD_ENCRYPTION_KEYS`: payloads are encrypted on the way to Temporal and decrypted on the way back. */
interface PayloadEncryption {
  payloadKeys?: readonly PayloadKey[];
}

export interface InvoiceWorkerOptions extends ActivityDeps, PayloadEncryption {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /** A pre-built bundle (tests, production images); without it the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** OpenTelemetry tracing (`OTEL_EXPORTER_OTLP_ENDPOINT`): spans of workflows and activities; none when unset. */
  tracing?: Tracing;
  /** Tuning of the workflow queue's activities (database work, tasks, legal files). */
  maxConcurrentActivityTaskExecutions?: number;
  /** Workflows kept in memory between their tasks; the SDK's default (from the heap's size) when not given. */
  maxCachedWorkflows?: number;
}

export interface MailWorkerOptions extends ActivityDeps, PayloadEncryption {
  connection: NativeConnection;
  namespace: string;
  /** OpenTelemetry tracing (`OTEL_EXPORTER_OTLP_ENDPOINT`): spans of the mail activities; none when unset. */
  tracing?: Tracing;
  /** The workflow task queue; mail runs on `mailTaskQueue(taskQueue)`. */
  taskQueue?: string;
  /**
   * Mails per second across every worker polling the mail queue: Temporal's task-queue-wide limit, so a month-end
   * wave waits in the queue, durably, instead of overrunning the relay.
   */
  ratePerSecond: number;
  /** Concurrent SMTP conversations in this process; each holds a database connection while it talks to the relay. */
  maxConcurrentActivityTaskExecutions?: number;
}

export const workflowsPath = require.resolve('../workflows');

/** The workflow task queue's worker: the workflows and every activity except the ones that send mail. */
export function createInvoiceWorker(options: InvoiceWorkerOptions): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? INVOICE_TASK_QUEUE,
    dataConverter: payloadDataConverter(options.payloadKeys),
    ...workflowSource,
    activities: createMainQueueActivities(withClient(options)),
    // Steps run and failed by action; spans when tracing is on.
    ...workerObservability({ mailQueue: false, tracing: options.tracing, bundled: !!options.workflowBundlePath }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    shutdownGraceTime: '20 seconds',
    // An activity that ignores cancellation cannot hold a shutdown for ever: past this the run fails and the process ends.
    shutdownForceTime: '30 seconds',
  });
}

/** The mail task queue's worker: only the mail-sending activities, under the shared sending rate. */
export function createMailWorker(options: MailWorkerOptions): Promise<Worker> {
  if (!(options.ratePerSecond > 0)) throw new RangeError(`ratePerSecond: ${options.ratePerSecond} is not positive`);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: mailTaskQueue(options.taskQueue ?? INVOICE_TASK_QUEUE),
    dataConverter: payloadDataConverter(options.payloadKeys),
    activities: createMailQueueActivities(withClient(options)),
    // Mail-queue lag and steps by action; spans when tracing is on.
    ...workerObservability({ mailQueue: true, tracing: options.tracing }),
    maxTaskQueueActivitiesPerSecond: options.ratePerSecond,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 4,
    shutdownGraceTime: '20 seconds',
    // An activity that ignores cancellation cannot hold a shutdown for ever: past this the run fails and the process ends.
    shutdownForceTime: '30 seconds',
  });
}

export interface InvoiceWorkers {
  main: Worker;
  mail: Worker;
  /** Runs both until both stop; if one fails, the other is shut down and the failure is thrown. */
  run(): Promise<void>;
  shutdown(): void;
}

/** Both workers of a worker process, over the same connection and dependencies. */
export async function createInvoiceWorkers(
  options: InvoiceWorkerOptions & { mailRatePerSecond: number; mailConcurrency?: number },
): Promise<InvoiceWorkers> {
  const main = await createInvoiceWorker(options);
  const mail = await createMailWorker({
    ...options,
    ratePerSecond: options.mailRatePerSecond,
    maxConcurrentActivityTaskExecutions: options.mailConcurrency,
  });
  const shutdown = () => {
    for (const worker of [main, mail]) if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  return {
    main,
    mail,
    shutdown,
    async run() {
      const results = await Promise.allSettled(
        [main, mail].map((worker) =>
          worker.run().catch((error: unknown) => {
            shutdown();
            throw error;
          }),
        ),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** The activities' Temporal client runs on the worker's own connection and namespace, on the workflow task queue. */
function withClient<
  T extends ActivityDeps & PayloadEncryption & { connection: NativeConnection; namespace: string; taskQueue?: string },
>(options: T): T {
  const temporal =
    options.temporal ??
    new Client({
      connection: options.connection,
      namespace: options.namespace,
      dataConverter: payloadDataConverter(options.payloadKeys),
    });
  return { ...options, temporal, taskQueue: options.taskQueue ?? INVOICE_TASK_QUEUE };
}
