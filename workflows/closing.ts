import { allHandlersFinished, condition } from '@temporalio/workflow';
import { DEFAULT_REVERSAL_WINDOW } from '../domain/dunning-policy';
import { isoDurationToMillis, parseIsoDuration } from '../domain/iso-duration';
import { local } from './activity-proxies';
import type { Collection } from './collection';
import { waitUntil } from './wait-until';

/**
 * The invoice is closed: closes what collectors still have open, watches a paid invoice for a late reversal, then
 * ends. True when the run may end; false when a message changed or re-opened the invoice meanwhile.
 */
export async function closeOut(c: Collection): Promise<boolean> {
  const { state, view, done } = c;
  const closing = `close-tasks:${view.closedAt}`;
  // An invoice closed by the legal file or a write-off leaves nothing for collectors either (handed_to_legal, in older
  // histories, did not close them).
  if (view.status !== 'handed_to_legal' && view.status !== 'open' && !done.has(closing)) {
    await local.closeInvoiceTasks.executeWithOptions({ summary: `close open tasks: invoice ${view.status}` }, [
      { invoiceId: c.invoice.id, outcome: view.status },
    ]);
    done.add(closing);
  }
  if (!state.closed) return false; // a reversal re-opened the invoice while its tasks were closing
  // A cheque can bounce and a direct debit be charged back weeks after the invoice was marked paid. Every change
  // meanwhile (a second payment's credit) is published; a reversal re-opens the invoice.
  const window = isoDurationToMillis(parseIsoDuration(c.policy.reversalWindow ?? DEFAULT_REVERSAL_WINDOW));
  const until = view.status === 'paid' ? Date.parse(view.closedAt!) + window : 0;
  if (Date.now() < until) {
    const seen = state.version;
    await waitUntil(
      until,
      () => state.version !== seen || state.followups.length > 0,
      'watch for a late payment reversal',
    );
    return false;
  }
  // From here a message is refused rather than applied to a run that is about to complete.
  state.ended = true;
  await condition(allHandlersFinished);
  if (state.closed && state.followups.length === 0) return true;
  state.ended = false; // an update accepted just before re-opened the invoice: collection goes on
  return false;
}
