import { requiredEnv } from './test-database';

export interface InboxMessage {
  id: string;
  subject: string;
  to: string[];
  messageId?: string;
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number }[];
}

/** Reads the shared SMTP sink through its HTTP API, as a person would through the web inbox. */
export async function inboxMessages(): Promise<InboxMessage[]> {
  const response = await fetch(`${requiredEnv('RELANCE_SMTP_SINK_URL')}/api/messages`);
  if (!response.ok) throw new Error(`inbox answered ${response.status}`);
  return (await response.json()) as InboxMessage[];
}

export async function messagesTo(recipient: string): Promise<InboxMessage[]> {
  return (await inboxMessages()).filter((message) => message.to.some((to) => to.includes(recipient)));
}

/** One message with its text and HTML parts. */
export async function inboxMessage(id: string): Promise<InboxMessage> {
  const response = await fetch(`${requiredEnv('RELANCE_SMTP_SINK_URL')}/api/messages/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`inbox answered ${response.status} for message ${id}`);
  return (await response.json()) as InboxMessage;
}

/** The bytes of a message's attachment, as the web inbox serves them for download. */
export async function inboxAttachment(id: string, index: number): Promise<Buffer> {
  const base = requiredEnv('RELANCE_SMTP_SINK_URL').replace(/\/$/, '');
  const response = await fetch(`${base}/messages/${encodeURIComponent(id)}/attachments/${index}`);
  if (!response.ok) throw new Error(`inbox answered ${response.status} for attachment ${index} of message ${id}`);
  return Buffer.from(await response.arrayBuffer());
}
