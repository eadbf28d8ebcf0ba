import type { CommunicationRow } from '../db/communications';
import type { DocumentMeta } from '../db/documents';
import type { StatutoryAmounts } from '../domain/statutory-amounts';
import type { LegalRouteRecommendation } from '../domain/legal-route';
import { formatMoney } from '../domain/money';
import type { InvoiceSnapshot } from '../workflows/messages';

export interface DossierInput {
  invoice: InvoiceSnapshot;
  balance: number;
  /** ISO 3166-1 alpha-2 of the law that governs late payment. */
  governingLaw: string;
  amounts: StatutoryAmounts | null;
  recommendation: LegalRouteRecommendation;
  contested: boolean;
  communications: CommunicationRow[];
  documents: DocumentMeta[];
  /** The proof trail's digest when the file was opened: a later copy of the trail can be checked against it. */
  proofTrailDigest: string;
  openedAt: string;
}

const eventsOf = (rows: CommunicationRow[], prefixes: string[]) =>
  rows
    .filter((row) => row.channel === 'event' && prefixes.some((prefix) => row.kind.startsWith(prefix)))
    .map((row) => ({ at: row.occurredAt, kind: row.kind, detail: row.detail }));

/**
 * Everything a lawyer or a court asks for, in one JSON document: the claim, every contact with its proof (Message-ID,
 * attached documents and their digests, tasks), the formal notice and its deadline, the statutory amounts, disputes,
 * promises, plans and payments as the workflow recorded them, and the recommended route with its reason.
 */
export function legalDossier(input: DossierInput): Record<string, unknown> {
  const { invoice, communications, amounts } = input;
  const notices = communications.filter((row) => row.kind === 'step:formal_notice');
  const noticeMail = notices.find((row) => row.channel === 'email' && row.result === 'sent');
  const noticeLetter = notices.find((row) => row.channel === 'letter');
  const deadline = (noticeLetter?.detail.deadline as string | undefined) ?? null;
  const contacts = communications
    .filter((row) => row.channel !== 'event')
    .map((row) => ({
      at: row.occurredAt,
      channel: row.channel,
      kind: row.kind,
      recipient: row.recipient,
      template: row.template,
      result: row.result,
      proof: {
        recordId: row.id,
        messageId: row.messageId,
        ...(row.detail.attachments ? { attachments: row.detail.attachments } : {}),
        ...(row.detail.document ? { document: row.detail.document } : {}),
        ...(row.detail.taskId ? { taskId: row.detail.taskId } : {}),
        ...(row.detail.relayResponse ? { relayResponse: row.detail.relayResponse } : {}),
      },
    }));
  const money = (amount: number) => formatMoney({ amount, currency: invoice.currency }, 'en-GB');
  const summary = [
    `Balance outstanding: ${money(input.balance)} of ${money(invoice.amount)}.`,
    amounts
      ? `Statutory interest ${money(amounts.interest.amount)} and fixed indemnity ${money(amounts.indemnity.amount)} as of ${amounts.computedOn}: ${money(amounts.total.amount)} in all.`
      : `No statutory late-payment claim under ${input.governingLaw} law for this invoice: the principal only is claimed.`,
    noticeMail || noticeLetter
      ? `Formal notice issued ${(noticeMail ?? noticeLetter)!.occurredAt}${deadline ? `, final deadline ${deadline}` : ''}.`
      : 'No formal notice on record.',
    `Debt ${input.contested ? 'contested' : 'not contested'}${input.recommendation.crossBorder ? ', cross-border within the EU' : ''}. Recommended route: ${input.recommendation.route} — ${input.recommendation.reason}`,
    ...(input.recommendation.preAction ? [`Before any claim: ${input.recommendation.preAction}`] : []),
  ];
  return {
    invoice,
    balance: input.balance,
    currency: invoice.currency,
    contested: input.contested,
    governingLaw: input.governingLaw,
    statutoryAmounts: amounts,
    recommendation: input.recommendation,
    formalNotice:
      noticeMail || noticeLetter
        ? {
            sentAt: noticeMail?.occurredAt ?? null,
            messageId: noticeMail?.messageId ?? null,
            recipient: noticeMail?.recipient ?? null,
            queuedForPostAt: noticeLetter?.occurredAt ?? null,
            deadline,
            document: noticeLetter?.detail.document ?? null,
          }
        : null,
    communications: contacts,
    disputes: eventsOf(communications, ['dispute_']),
    promises: eventsOf(communications, ['promise_']),
    plans: eventsOf(communications, ['plan_', 'instalment_']),
    payments: eventsOf(communications, ['payment_']),
    callOutcomes: eventsOf(communications, ['call_outcome']),
    documents: input.documents,
    proofTrailDigest: input.proofTrailDigest,
    summary: { lines: summary },
    openedAt: input.openedAt,
  };
}
