import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CustomerNoticeInput, SupportTaskInput } from '../../activities/contracts';
import { mailTaskQueue } from '../../workflows/routing';

/** Sends every notice at once through the mail queue, as a month-end wave of workflows would. */
export async function noticeWave(input: { taskQueue: string; notices: CustomerNoticeInput[] }): Promise<string[]> {
  const { sendCustomerNotice } = proxyActivities<Activities>({
    taskQueue: mailTaskQueue(input.taskQueue),
    startToCloseTimeout: '1 minute',
  });
  const sent = await Promise.all(input.notices.map((notice) => sendCustomerNotice(notice)));
  return sent.map((s) => s.messageId);
}

/** Asks the workflow queue itself for a mail activity, once, and for a support task: answers what each did. */
export async function queueProbe(input: { notice: CustomerNoticeInput; task: SupportTaskInput }): Promise<string[]> {
  const main = proxyActivities<Activities>({
    startToCloseTimeout: '10 seconds',
    scheduleToCloseTimeout: '10 seconds',
    retry: { maximumAttempts: 1 },
  });
  const outcomes: string[] = [];
  try {
    await main.sendCustomerNotice(input.notice);
    outcomes.push('mail sent from the workflow queue');
  } catch (error) {
    outcomes.push(error instanceof ActivityFailure ? `mail refused: ${error.cause?.message ?? ''}` : String(error));
  }
  const task = await main.createSupportTask(input.task);
  outcomes.push(`task ${task.created ? 'created' : 'found'}`);
  return outcomes;
}
