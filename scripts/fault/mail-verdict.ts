import type { StoredMessage } from '../../dev/smtp-sink';
import type { Check } from './round-verdict';

export interface TrailRow {
  invoice_id: string;
  channel: string;
  kind: string;
  message_id: string | null;
  result: string;
  detail: { paymentId?: string };
}

/**
 * The relay against the proof trail: every mail recorded as sent arrived; no step went out under two Message-IDs;
 * the same Message-ID arriving twice (a re-send of the same bytes) is counted and listed, not failed.
 */
export function judgeMail(input: { invoiceIds: string[]; relay: StoredMessage[]; trail: TrailRow[] }) {
  const lost: Check = { id: 'lost-mails', name: 'mails in the proof trail the relay never received', failures: [] };
  const duplicates: Check = {
    id: 'different-id-duplicates',
    name: 'duplicate mails under a different Message-ID',
    failures: [],
  };
  const figures: Record<string, number> = {};
  const bump = (name: string) => (figures[name] = (figures[name] ?? 0) + 1);
  const received = new Set<string>();
  const byMessageId = new Map<string, StoredMessage[]>();
  const idsByStep = new Map<string, Set<string>>();
  const ours = new Set(input.invoiceIds);
  for (const message of input.relay) {
    const invoiceId = header(message.raw, 'X-Relance-Invoice');
    if (!invoiceId || !ours.has(invoiceId)) continue;
    const messageId = bare(message.messageId ?? '');
    received.add(messageId);
    byMessageId.set(messageId, [...(byMessageId.get(messageId) ?? []), message]);
    const step = header(message.raw, 'X-Relance-Step');
    const notice = header(message.raw, 'X-Relance-Notice');
    const key = `${invoiceId} ${step ? `step ${step}` : notice ? `notice ${notice}` : `legal file notification`}`;
    idsByStep.set(key, (idsByStep.get(key) ?? new Set()).add(messageId));
    bump('mails received by the relay');
  }
  figures['distinct Message-IDs received'] = byMessageId.size;
  const resends: string[] = [];
  for (const [messageId, copies] of byMessageId) {
    if (copies.length < 2) continue;
    const times = copies
      .map((c) => c.receivedAt.slice(11, 19))
      .sort()
      .join(', ');
    resends.push(`<${messageId}> ×${copies.length} (${header(copies[0]!.raw, 'X-Relance-Invoice')}) at ${times}`);
  }
  figures['same-Message-ID re-sends'] = [...byMessageId.values()].reduce((n, c) => n + c.length - 1, 0);
  for (const [key, messageIds] of idsByStep) {
    if (messageIds.size > 1) duplicates.failures.push(`${key}: ${[...messageIds].join(', ')}`);
  }
  const recorded = new Set<string>();
  for (const row of input.trail) {
    if (row.result !== 'sent' || !row.message_id) continue;
    recorded.add(bare(row.message_id));
    bump('mails sent per the proof trail');
    if (!received.has(bare(row.message_id))) lost.failures.push(`${row.invoice_id} ${row.kind} <${row.message_id}>`);
  }
  const unrecorded: string[] = [];
  for (const [messageId, copies] of byMessageId) {
    if (!recorded.has(messageId)) unrecorded.push(`<${messageId}> (${copies[0]!.subject.slice(0, 60)})`);
  }
  figures['mails received but absent from the proof trail'] = unrecorded.length;

  return { lost, duplicates, figures, resends, unrecorded };
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head);
  return match?.[1]?.trim();
}

const bare = (messageId: string) => messageId.trim().replace(/^<|>$/g, '');
