import type { WorkflowHandle } from '@temporalio/client';
import { stateQuery } from '../../workflows/messages';
import { InvoiceState } from '../../workflows/read-model';
import { eventually } from './eventually';

/** Polls the invoice's `state` query until `accept` holds: effects of signals and activities land asynchronously. */
export function stateWhen(
  handle: Pick<WorkflowHandle, 'query'>,
  accept: (state: InvoiceState) => boolean,
): Promise<InvoiceState> {
  return eventually(() => handle.query(stateQuery), accept);
}
