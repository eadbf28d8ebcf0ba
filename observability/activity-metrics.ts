import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { RelanceMetrics } from './metrics';

/** The activities that carry out a ladder step, by the step's action (DESIGN: the dunning policy's actions). */
const STEP_ACTIONS: Record<string, string> = {
  sendReminderEmail: 'email',
  sendConsolidatedReminder: 'email',
  createPhoneTask: 'phone_task',
  queueRegisteredLetter: 'letter',
  sendFormalNotice: 'formal_notice',
  openLegalFile: 'legal_file',
};

/**
 * Counts every attempt of a ladder step's activity, completed or failed (by failure type: `MailRejected`,
 * `StepBlocked`…, `error` for an unnamed one), and logs it through the activity's logger, whose lines carry the
 * workflow id; on the mail queue, times how long each attempt waited to start: the backlog a month-end wave builds
 * under the relay's rate. Activities themselves stay unaware of it.
 */
export function activityMetricsInterceptor(
  metrics: RelanceMetrics,
  options: { mailQueue: boolean },
): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType, currentAttemptScheduledTimestampMs } = ctx.info;
        if (options.mailQueue) {
          const waited = Math.max(0, Date.now() - currentAttemptScheduledTimestampMs) / 1_000;
          metrics.mailQueueLag.observe({ activity: activityType }, waited);
        }
        const action = STEP_ACTIONS[activityType];
        if (!action) return next(input);
        try {
          const result = await next(input);
          metrics.stepsRun.inc({ action });
          ctx.log.info('ladder step ran', { action });
          return result;
        } catch (error) {
          const failure = failureType(error);
          metrics.stepsFailed.inc({ action, failure });
          ctx.log.warn('ladder step failed', { action, failure, attempt: ctx.info.attempt });
          throw error;
        }
      },
    },
  });
}

function failureType(error: unknown): string {
  const e = error as { type?: unknown; name?: unknown } | undefined;
  if (typeof e?.type === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(e.type)) return e.type;
  if (e?.name === 'CancelledFailure') return 'cancelled';
  return 'error';
}
