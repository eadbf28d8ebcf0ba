import type { NoticeClaim } from './notice-claim';

/** What every mail template receives: strings already formatted for the customer's locale and currency. */
export interface MailContext {
  invoiceNumber: string;
  customerName: string;
  amount: string;
  balance: string;
  dueDate: string;
  daysLate: number;
  paymentInstructions: string;
  contact: string;
  creditorName: string;
  /** ISO 3166-1 alpha-2 of the law governing late payment, when known: picks the statutory wording. */
  governingLaw?: string;
  /**
   * Present on the formal notice: the final deadline (the last full day) and the statutory claim. `claim` carries the
   * law-aware wording's facts (`noticeMailFacts` in activities/mail-facts.ts builds the whole object); null: no statutory
   * claim, the e-mail states the principal only. Without `claim` (older callers) the flat fields are used, and an
   * empty or '—' `ratePercent` means no claim.
   */
  /** No earlier step of the ladder reached the customer (a backlog invoice): no text claims an earlier reminder. */
  firstContact?: boolean;
  notice?: {
    interest: string;
    indemnity: string;
    total: string;
    deadline: string;
    ratePercent: string;
    claim?: NoticeClaim | null;
    /** No earlier reminder reached the customer: the e-mail never claims one. */
    firstContact?: boolean;
  };
  /** Present on notices about an instalment plan: its instalments, formatted. */
  plan?: { number: number; total: string; instalments: { number: number; dueDate: string; amount: string }[] };
  /** instalment-reminder: the instalment the reminder is about (numbered from 1). */
  instalment?: { number: number; dueDate: string; amount: string };
  /** payment-thanks: the payment being acknowledged. */
  payment?: { amount: string; receivedOn: string; settled: boolean };
  /** Names of the attached documents, so the body can refer to them. */
  attachments?: string[];
  /** The customer's self-service page (`PUBLIC_URL/s/<token>`); absent when none is configured: no line is printed. */
  selfServiceUrl?: string;
}

/** A line that ends with a link: the label, then the URL, which the HTML part makes clickable. */
export interface MailLink {
  label: string;
  url: string;
}

/** The self-service line of a mail in the customer's language; undefined when the mail carries no link. */
export function answerOnline(language: 'fr' | 'en', url: string | undefined): MailLink | undefined {
  if (!url) return undefined;
  // French typography: a no-break space before the colon.
  return { label: language === 'fr' ? 'Répondre en ligne\u00a0:' : 'Answer online:', url };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailTemplate = (context: MailContext) => RenderedMail;

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The link line as text (label, space, URL) and as an HTML paragraph whose URL is a link. */
export function linkLine(link: MailLink): { text: string; html: string } {
  const url = escapeHtml(link.url);
  return { text: `${link.label} ${link.url}`, html: `<p>${escapeHtml(link.label)} <a href="${url}">${url}</a></p>` };
}

/**
 * Builds the plain-text and HTML bodies from the same paragraphs, so the two never say different things; `link` (the
 * self-service page) comes last, just above the signature.
 */
export function mail(subject: string, paragraphs: string[], signature: string, link?: MailLink): RenderedMail {
  const kept = paragraphs.filter((p) => p !== '');
  const line = link && linkLine(link);
  const text = [...kept, ...(line ? [line.text] : []), signature].join('\n\n') + '\n';
  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1f2933">',
    ...kept.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    ...(line ? [line.html] : []),
    `<p style="color:#52606d">${escapeHtml(signature).replace(/\n/g, '<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** The schedule of a plan, one line per instalment, for the body of a notice. */
export function instalmentLines(
  plan: MailContext['plan'],
  line: (i: { number: number; dueDate: string; amount: string }) => string,
): string {
  return (plan?.instalments ?? []).map((i) => `  ${line(i)}`).join('\n');
}
