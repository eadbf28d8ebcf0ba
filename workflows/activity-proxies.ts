import { ActivityCancellationType, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { LocalActivities, MailQueueActivities, MainQueueActivities } from '../activities';
import { mailTaskQueue } from './routing';

/** Side effects that reach customers are retried with backoff; a permanent refusal is a named, non-retryable failure. */
const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  // Activities heartbeat while they run: an attempt whose worker died is retried within seconds, not minutes.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
  // A step stopped by a payment or a dispute while it waits in the (rate-limited) queue never starts; one already
  // running finishes, and its result says whether it was sent.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
} as const;

/** Tasks for people and the legal file, on the workflow's own task queue. */
export const mainQueue = proxyActivities<MainQueueActivities>(ACTIVITY_OPTIONS);

/** Mail, on `<workflow queue>-mail`, whose workers share the relay's sending rate. */
export function mailQueue() {
  return proxyActivities<MailQueueActivities>({
    ...ACTIVITY_OPTIONS,
    taskQueue: mailTaskQueue(workflowInfo().taskQueue),
  });
}

/** Projections to the app database are cheap and idempotent: local activities keep them out of the history's way. */
export const local = proxyLocalActivities<LocalActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
