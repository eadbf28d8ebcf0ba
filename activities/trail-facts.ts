import { listCommunications } from '../db/communications';
import type { Queryable } from '../db/database';

/** One earlier contact with the customer, as a collector or a statement shows it. */
export interface EarlierContact {
  at: string;
  channel: string;
  template: string | null;
  result: string;
  subject?: string;
}

const CONTACT_CHANNELS = new Set(['email', 'letter', 'phone']);

/** What the customer was already sent or asked, oldest first, read from the proof trail. */
export async function earlierContacts(db: Queryable, invoiceId: string): Promise<EarlierContact[]> {
  return (await listCommunications(db, invoiceId))
    .filter((row) => CONTACT_CHANNELS.has(row.channel))
    .map((row) => ({
      at: row.occurredAt,
      channel: row.channel,
      template: row.template,
      result: row.result,
      ...(typeof row.detail.subject === 'string' ? { subject: row.detail.subject } : {}),
    }));
}
