import { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { stateQuery } from '../../workflows/messages';
import { InvoiceState } from '../../workflows/read-model';

export interface WorkflowRun {
  workflowId: string;
  runId: string;
  status: string;
}

/** What the history says about a workflow that failed or did not finish. */
export interface WorkflowDiagnosis {
  workflowId: string;
  runId: string;
  status: string;
  /** The workflow's own failure, with its causes. */
  failure?: string;
  /** The last activity failures or timeouts in the history, newest last. */
  activityFailures: string[];
  /** Workflow tasks that failed (a wedged workflow retries them forever). */
  workflowTaskFailures: string[];
  pendingActivities: string[];
}

export const invoiceWorkflowId = (invoiceId: string) => `invoice-${invoiceId}`;

/** The latest run of every invoice workflow of the given ids, by its execution status (visibility). */
export async function latestRuns(client: Client, invoiceIds: string[]): Promise<Map<string, WorkflowRun>> {
  const wanted = new Set(invoiceIds.map(invoiceWorkflowId));
  const runs = new Map<string, WorkflowRun & { startTime: number }>();
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'invoiceCollection'` })) {
    if (!wanted.has(execution.workflowId)) continue;
    const startTime = execution.startTime.getTime();
    const known = runs.get(execution.workflowId);
    if (known && known.startTime > startTime) continue;
    runs.set(execution.workflowId, {
      workflowId: execution.workflowId,
      runId: execution.runId,
      status: execution.status.name,
      startTime,
    });
  }
  return runs;
}

/** The live state of an invoice's workflow, or why it cannot be read. */
export async function queryState(client: Client, invoiceId: string): Promise<InvoiceState | { error: string }> {
  try {
    return await client.workflow.getHandle(invoiceWorkflowId(invoiceId)).query(stateQuery);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function diagnose(client: Client, run: WorkflowRun): Promise<WorkflowDiagnosis> {
  const handle = client.workflow.getHandle(run.workflowId, run.runId);
  const diagnosis: WorkflowDiagnosis = {
    ...run,
    activityFailures: [],
    workflowTaskFailures: [],
    pendingActivities: [],
  };
  const scheduled = new Map<string, string>();
  try {
    const history = await handle.fetchHistory();
    for (const event of history.events ?? []) {
      const id = String(event.eventId);
      const activity = event.activityTaskScheduledEventAttributes;
      if (activity) scheduled.set(id, activity.activityType?.name ?? '?');
      const failed = event.activityTaskFailedEventAttributes;
      if (failed) {
        const name = scheduled.get(String(failed.scheduledEventId)) ?? '?';
        diagnosis.activityFailures.push(`${name}: ${failureText(failed.failure)}`);
      }
      const timedOut = event.activityTaskTimedOutEventAttributes;
      if (timedOut) {
        const name = scheduled.get(String(timedOut.scheduledEventId)) ?? '?';
        diagnosis.activityFailures.push(`${name} timed out: ${failureText(timedOut.failure)}`);
      }
      const taskFailed = event.workflowTaskFailedEventAttributes;
      if (taskFailed) diagnosis.workflowTaskFailures.push(failureText(taskFailed.failure));
      const wfFailed = event.workflowExecutionFailedEventAttributes;
      if (wfFailed) diagnosis.failure = failureText(wfFailed.failure);
      const terminated = event.workflowExecutionTerminatedEventAttributes;
      if (terminated) diagnosis.failure = `terminated: ${terminated.reason ?? ''}`;
    }
    const description = await handle.describe();
    for (const pending of description.raw.pendingActivities ?? []) {
      const last = pending.lastFailure ? `, last failure: ${failureText(pending.lastFailure)}` : '';
      diagnosis.pendingActivities.push(`${pending.activityType?.name} attempt ${pending.attempt}${last}`);
    }
  } catch (error) {
    diagnosis.failure ??= `history unreadable: ${String(error)}`;
  }
  diagnosis.activityFailures = diagnosis.activityFailures.slice(-4);
  diagnosis.workflowTaskFailures = unique(diagnosis.workflowTaskFailures).slice(-3);
  return diagnosis;
}

function failureText(failure: temporal.api.failure.v1.IFailure | null | undefined): string {
  const parts: string[] = [];
  for (let f = failure; f && parts.length < 5; f = f.cause) {
    const type = f.applicationFailureInfo?.type;
    const timeout = f.timeoutFailureInfo ? ` (${String(f.timeoutFailureInfo.timeoutType)})` : '';
    parts.push(`${type ? `[${type}] ` : ''}${f.message ?? ''}${timeout}`.trim());
  }
  return parts.filter(Boolean).join(' <- ');
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
