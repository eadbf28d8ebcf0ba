import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import { activityMetricsInterceptor } from './activity-metrics';
import { RelanceMetrics, sharedMetrics } from './metrics';
import type { Tracing } from './tracing';

/** The workflow-side tracing interceptors, bundled with the workflow code when tracing is on. */
export const workflowTracingModule =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/**
 * What a worker adds for metrics and, with tracing on, for spans: the step and mail-queue metrics around every
 * activity; the SDK's OpenTelemetry interceptors for activities and, on the workflow queue, for workflows, whose spans
 * leave the sandbox through the `exporter` sink. A pre-built bundle carries only the workflow interceptors it was
 * built with, so none are added to it here.
 */
export function workerObservability(options: {
  mailQueue: boolean;
  tracing?: Tracing;
  /** The workflows come from a pre-built bundle rather than being bundled at start. */
  bundled?: boolean;
  /** The process's shared metrics unless given. */
  metrics?: RelanceMetrics;
}): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const activity: ActivityInterceptorsFactory[] = [
    activityMetricsInterceptor(options.metrics ?? sharedMetrics(), { mailQueue: options.mailQueue }),
  ];
  const { tracing } = options;
  if (!tracing) return { interceptors: { activity } };
  activity.push((ctx) => ({
    inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
    outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
  }));
  // The mail queue's worker runs no workflows.
  const runsWorkflows = !options.mailQueue && !options.bundled;
  return {
    interceptors: { activity, ...(runsWorkflows ? { workflowModules: [workflowTracingModule] } : {}) },
    ...(options.mailQueue
      ? {}
      : { sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } }),
  };
}
