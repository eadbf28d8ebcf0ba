import { z } from 'zod';
import { identifier, multiLine, requiredLine, rfc3339 } from '../http/field-schemas';
import type { MailEvent } from '../../workflows/messages';

export const MAIL_EVENT_KINDS = ['hard_bounce', 'complaint'] as const;

/**
 * A Message-ID as relays report it, with or without its angle brackets (`<id@domain>` or `id@domain`); normalised to
 * the bracketed form the proof trail records.
 */
const messageId = requiredLine(998)
  .regex(/^<?[^<>\s@]+@[^<>\s@]+>?$/, 'must be a Message-ID such as <id@domain>')
  .transform((value) => `<${value.replace(/^</, '').replace(/>$/, '')}>`);

/** What the mail relay (or a provider's webhook) posts; unknown extra fields are ignored, as relays add them freely. */
export const mailEventSchema = z.object({
  eventId: identifier,
  messageId,
  kind: z.enum(MAIL_EVENT_KINDS),
  recipient: requiredLine(320),
  detail: multiLine(2000).optional(),
  occurredAt: rfc3339,
}) satisfies z.ZodType<MailEvent>;

export type MailEventBody = z.infer<typeof mailEventSchema>;

export const mailEventExample: MailEventBody = {
  eventId: 'dsn-20260316-0042',
  messageId: '<3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f.step-1@atelier-martin.test>',
  kind: 'hard_bounce',
  recipient: 'compta@dupont.test',
  detail: '550 5.1.1 <compta@dupont.test>: Recipient address rejected: User unknown',
  occurredAt: '2026-03-16T09:00:12Z',
};
