import type { StoredMessage } from '../smtp-sink';
import type { InvoiceState } from '../../workflows/read-model';

/** An assertion of the cluster run: how many times it was broken, each case in a line. */
export interface NamedCheck {
  name: string;
  failures: string[];
}

/**
 * Exactly once, by Message-ID: every step a workflow records as mailed reached the relay once, and no message about
 * these invoices reached it twice.
 */
export function judgeDeliveries(input: {
  states: Map<string, InvoiceState>;
  relay: StoredMessage[];
  invoiceIds: string[];
}) {
  const ours = new Set(input.invoiceIds);
  const copies = new Map<string, number>();
  let received = 0;
  for (const message of input.relay) {
    const invoiceId = /^X-Relance-Invoice:\s*(.+)$/im.exec(message.raw.split(/\r?\n\r?\n/, 1)[0] ?? '')?.[1]?.trim();
    if (!invoiceId || !ours.has(invoiceId)) continue;
    received += 1;
    const id = bare(message.messageId ?? '');
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  const missing: NamedCheck = { name: 'mailed steps the relay never received', failures: [] };
  const twice: NamedCheck = { name: 'messages received more than once (same Message-ID)', failures: [] };
  let expected = 0;
  for (const [invoiceId, state] of input.states) {
    for (const step of state.history) {
      if (step.result !== 'sent' || !step.messageId) continue;
      expected += 1;
      if (!copies.get(bare(step.messageId))) {
        missing.failures.push(`${invoiceId} step ${step.index} ${step.action} <${step.messageId}>`);
      }
    }
  }
  let duplicated = 0;
  for (const [messageId, count] of copies) {
    if (count < 2) continue;
    duplicated += count - 1;
    twice.failures.push(`<${messageId}> ×${count}`);
  }
  return { checks: [missing, twice], expected, received, missing: missing.failures.length, duplicated };
}

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');
