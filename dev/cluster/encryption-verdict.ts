import type { Client } from '@temporalio/client';
import { isEncrypted } from '../../config/payload-codec';
import { invoiceWorkflowId } from '../../scripts/fault/workflow-inspection';
import type { NamedCheck } from './delivery-verdict';

/**
 * Reads the raw histories of a sample of invoices, as anyone with access to the Temporal server would: the workflow's
 * input and every activity's input must be encrypted, with the key the workers and the API were given.
 */
export async function judgeEncryption(client: Client, invoiceIds: string[], sample = 10): Promise<NamedCheck> {
  const check: NamedCheck = { name: 'histories with payloads in clear (sampled)', failures: [] };
  const step = Math.max(1, Math.floor(invoiceIds.length / sample));
  for (let i = 0; i < invoiceIds.length; i += step) {
    const workflowId = invoiceWorkflowId(invoiceIds[i]!);
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    let clear = 0;
    for (const event of history.events ?? []) {
      const payloads = [
        ...(event.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
        ...(event.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ];
      clear += payloads.filter((payload) => !isEncrypted(payload)).length;
    }
    if (clear > 0) check.failures.push(`${workflowId}: ${clear} payload(s) in clear`);
  }
  return check;
}
