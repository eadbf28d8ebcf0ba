import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createActivities, ActivityDeps } from '../activities';
import { INVOICE_TASK_QUEUE } from '../workflows/messages';

export interface InvoiceWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /** A pre-built bundle (tests, production images); without it the workflows are bundled at start. */
  workflowBundlePath?: string;
  /** Tuning: SMTP relays throttle, so concurrent activities stay modest. */
  maxConcurrentActivityTaskExecutions?: number;
}

export const workflowsPath = require.resolve('../workflows');

export function createInvoiceWorker(options: InvoiceWorkerOptions): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : { workflowsPath };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? INVOICE_TASK_QUEUE,
    ...workflowSource,
    activities: createActivities({ db: options.db, mail: options.mail }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    shutdownGraceTime: '20 seconds',
  });
}
