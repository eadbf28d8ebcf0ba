import type { StoredMessage } from '../smtp-sink';
import type { InvoiceState } from '../../workflows/read-model';

/** An assertion of the cluster run: how many times it was broken, each case in a line. */
export interface NamedCheck {
  name: string;
  failures: string[];
}

/**
 * How long before a worker's SIGKILL the relay may have taken a mail that worker had not yet recorded as sent: the
 * outbox's one window (activities/mail-delivery.ts), between the relay's "250 OK" and the outbox commit.
 */
export const KILL_WINDOW_MS = 2_000;

/**
 * Exactly once, by Message-ID: every step a workflow records as mailed reached the relay once, and no message about
 * these invoices reached it twice — except a re-send of the same bytes whose first copy the relay took in the moment
 * before a worker was killed, which is counted and listed apart.
 */
export function judgeDeliveries(input: {
  states: Map<string, InvoiceState>;
  relay: StoredMessage[];
  invoiceIds: string[];
  /** When workers were SIGKILLed. */
  workerKills?: Date[];
}) {
  const ours = new Set(input.invoiceIds);
  const copies = new Map<string, string[]>();
  let received = 0;
  for (const message of input.relay) {
    const invoiceId = /^X-Relance-Invoice:\s*(.+)$/im.exec(message.raw.split(/\r?\n\r?\n/, 1)[0] ?? '')?.[1]?.trim();
    if (!invoiceId || !ours.has(invoiceId)) continue;
    received += 1;
    const id = bare(message.messageId ?? '');
    copies.set(id, [...(copies.get(id) ?? []), message.receivedAt]);
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
  const kills = (input.workerKills ?? []).map((at) => at.getTime());
  const resentAfterKill: string[] = [];
  let duplicated = 0;
  for (const [messageId, times] of copies) {
    if (times.length < 2) continue;
    const sorted = [...times].sort();
    const first = Date.parse(sorted[0]!);
    const line = `<${messageId}> ×${times.length} at ${sorted.map((t) => t.slice(11, 23)).join(', ')}`;
    if (kills.some((kill) => first <= kill && kill - first <= KILL_WINDOW_MS)) {
      resentAfterKill.push(line);
    } else {
      duplicated += times.length - 1;
      twice.failures.push(line);
    }
  }
  return {
    checks: [missing, twice],
    expected,
    received,
    missing: missing.failures.length,
    duplicated,
    resentAfterKill,
  };
}

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');
