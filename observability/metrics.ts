import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The product's own metrics, one definition for the API and the worker so that both expose the same names. Every label
 * takes values from a small fixed set (an activity type, a template, a route pattern): never an invoice id or a path.
 */
export const METRIC_NAMES = {
  invoices: 'relance_invoices',
  stepsRun: 'relance_steps_run_total',
  stepsFailed: 'relance_steps_failed_total',
  mailsSent: 'relance_mails_sent_total',
  mailsFailed: 'relance_mails_failed_total',
  mailsResent: 'relance_mails_resent_total',
  mailQueueLag: 'relance_mail_queue_lag_seconds',
  httpRequestDuration: 'relance_http_request_duration_seconds',
} as const;

export interface RelanceMetrics {
  registry: Registry;
  /** Attempts of a ladder step's activity that completed, by action (`email`, `phone_task`, `letter`, …). */
  stepsRun: Counter<'action'>;
  /** Attempts of a ladder step's activity that failed, by action and failure type (retried or not). */
  stepsFailed: Counter<'action' | 'failure'>;
  /** Mails the relay accepted, counted once per mail (a retry that finds it sent does not count it again). */
  mailsSent: Counter<'kind' | 'template'>;
  /** `rejected`: refused for good (an address to fix); `attempt_failed`: an attempt failed and is retried. */
  mailsFailed: Counter<'kind' | 'template' | 'reason'>;
  /**
   * `contact_corrected`: a step sent again to a corrected address (a new message); `retried`: a mail the relay took
   * on a later attempt, after an earlier one failed or died (the relay down, a worker killed mid-conversation).
   */
  mailsResent: Counter<'kind' | 'template' | 'reason'>;
  /** How long a mail-queue activity waited between being scheduled and starting: the month-end wave's backlog. */
  mailQueueLag: Histogram<'activity'>;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
}

/** The metrics on a registry of their own; tests give each app one, processes share `sharedMetrics()`. */
export function createRelanceMetrics(registry = new Registry()): RelanceMetrics {
  const registers = [registry];
  return {
    registry,
    stepsRun: new Counter({
      name: METRIC_NAMES.stepsRun,
      help: 'Attempts of ladder-step activities that completed, by step action',
      labelNames: ['action'],
      registers,
    }),
    stepsFailed: new Counter({
      name: METRIC_NAMES.stepsFailed,
      help: 'Attempts of ladder-step activities that failed, by step action and failure type',
      labelNames: ['action', 'failure'],
      registers,
    }),
    mailsSent: new Counter({
      name: METRIC_NAMES.mailsSent,
      help: 'Mails accepted by the relay, by proof-trail kind and template',
      labelNames: ['kind', 'template'],
      registers,
    }),
    mailsFailed: new Counter({
      name: METRIC_NAMES.mailsFailed,
      help: 'Mails refused for good (rejected) and attempts that failed and are retried (attempt_failed)',
      labelNames: ['kind', 'template', 'reason'],
      registers,
    }),
    mailsResent: new Counter({
      name: METRIC_NAMES.mailsResent,
      help: 'Mails sent again: to a corrected contact (contact_corrected), or taken on a later attempt (retried)',
      labelNames: ['kind', 'template', 'reason'],
      registers,
    }),
    mailQueueLag: new Histogram({
      name: METRIC_NAMES.mailQueueLag,
      help: 'Time between scheduling an attempt of a mail-queue activity and its start, in seconds',
      labelNames: ['activity'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: METRIC_NAMES.httpRequestDuration,
      help: 'API request duration in seconds, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

let shared: RelanceMetrics | undefined;

/**
 * The process's metrics, with Node's process metrics (CPU, memory, event-loop lag) beside them; created on first use,
 * so that the API and the worker of one process (tests, `npm start`) count into the same registry.
 */
export function sharedMetrics(): RelanceMetrics {
  if (!shared) {
    shared = createRelanceMetrics();
    collectDefaultMetrics({ register: shared.registry });
  }
  return shared;
}
