import { createHash } from 'node:crypto';
import { appendCommunication, findCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { findDocument, findOriginalInvoice, NewDocument } from '../db/documents';
import { findInvoice } from '../db/invoices';
import { findOutboxMail } from '../db/mail-outbox';
import { coverInvoice, findOpenCustomerTask } from '../db/tasks';
import { dueMoment } from '../domain/due-moment';
import { formatMoney } from '../domain/money';
import { renderCustomerReminder } from '../templates/customer-reminder';
import type { ConsolidationRequest } from '../workflows/customer-messages';
import type { ActivityDeps } from '.';
import type { StepContext } from './contracts';
import type { CustomerMailActivities } from './customer-contracts';
import { invalidInput } from './invalid-input';
import { invoiceStatement, mailDomain } from './mail-activities';
import type { MailDelivery } from './mail-delivery';
import { moneyIn, printedDueDate, selfServiceLink } from './mail-facts';
import { daysLate } from './step-facts';
import { openSupportTask } from './support-tasks';

/** The header that names the invoices a customer's mail lists: kept with the rendered mail, so every retry reads it. */
const INVOICES_HEADER = 'X-Relance-Invoices';

/** Stages in which an open invoice is not being chased: a request made before it got there is left out. */
const NOT_ESCALATING = new Set(['disputed', 'paused', 'promise_to_pay', 'instalment_plan', 'insolvency']);

/**
 * The outbox and proof-trail id of a customer's e-mail: derived from the batch as requested (every step it was asked
 * for), so a retry, even after one of its invoices closed, finds the same mail.
 */
export function consolidatedRecordId(customerId: string, requests: Pick<ConsolidationRequest, 'recordId'>[]): string {
  const ids = [...new Set(requests.map((r) => r.recordId))].sort();
  const digest = createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 24);
  return `customer-${customerId}:batch-${digest}`;
}

/** Invoices whose statement (and original) a customer's e-mail attaches, oldest due first. */
export const MAX_INVOICES_ATTACHED = 10;

/** The customer's e-mail's Message-ID, derived from its record id: the same on every attempt. */
export function consolidatedMessageId(recordId: string, from: string): string {
  const digest = createHash('sha256').update(recordId).digest('hex').slice(0, 32);
  return `<${digest}.customer@${mailDomain(from)}>`;
}

/** The customer's one e-mail listing every invoice of a consolidation batch. */
export function createCustomerMailActivities(deps: ActivityDeps & { delivery: MailDelivery }): CustomerMailActivities {
  const { db, mail } = deps;
  const now = mail.now ?? (() => new Date());
  const deliver = deps.delivery;

  return {
    async sendConsolidatedReminder(customerId, requests) {
      if (requests.length === 0) throw invalidInput('requests', 'a customer e-mail needs at least one request');
      const unique = oldestDueFirst([...new Map(requests.map((r) => [r.recordId, r])).values()]);
      const recordId = consolidatedRecordId(customerId, unique);
      const messageId = consolidatedMessageId(recordId, mail.from);
      const included = await includedRequests(db, recordId, unique);
      const invoiceIds = [...new Set(included.map((r) => r.invoiceId))];
      const left = unique.filter((r) => !invoiceIds.includes(r.invoiceId)).map((r) => r.invoiceId);
      if (included.length === 0) return { messageId: '', invoiceIds: [], left };

      const first = included[0]!;
      const { customer } = first.context.invoice;
      const batch = { batch: recordId, invoiceIds };
      const trailOf = (request: ConsolidationRequest, result: string, id: string | null, detail: object) => ({
        id: request.recordId,
        invoiceId: request.invoiceId,
        channel: 'email',
        kind: `step:${request.context.step.action}`,
        recipient: customer.email,
        template: request.context.step.template,
        messageId: id,
        result,
        detail: {
          ...batch,
          others: invoiceIds.filter((other) => other !== request.invoiceId),
          stepIndex: request.context.step.index,
          balance: request.context.balance,
          currency: request.context.invoice.currency,
          ...detail,
        },
        occurredAt: now().toISOString(),
      });

      const sent = await deliver({
        recordId,
        invoice: first.context.invoice,
        // Its own row sits on the first invoice's trail beside that invoice's step row; a channel of its own keeps it
        // out of the contacts a statement lists, where the step row already stands for the mail.
        channel: 'customer',
        kind: 'customer:reminder',
        template: 'customer-reminder',
        messageId,
        headers: { 'X-Relance-Customer': customer.id, [INVOICES_HEADER]: invoiceIds.join(' ') },
        detail: batch,
        render: async (at, alsoAttached) => {
          const documents: NewDocument[] = [];
          // The body lists every invoice; the documents go with the oldest ones only, so that a customer with hundreds
          // of open invoices gets a readable mail (and the activity stays well within its time).
          for (const request of latestPerInvoice(included).slice(0, MAX_INVOICES_ATTACHED)) {
            documents.push(...(await invoiceStatement(db, mail, request.context, request.recordId, at)));
            // The delivery attaches the original of the mail's own invoice (`alsoAttached`); the others' come here.
            if (request.invoiceId !== first.invoiceId) documents.push(...(await original(db, request.invoiceId)));
          }
          const rendered = renderCustomerReminder(customer.locale, {
            customerName: customer.name,
            invoices: latestPerInvoice(included).map((r) => line(r.context, at)),
            totals: totals(included, customer.locale),
            firm: included.some((r) => r.context.step.template === 'reminder-2'),
            governingLaw: first.context.invoice.governingLaw,
            attachments: [...documents.map((d) => d.filename), ...alsoAttached],
            paymentInstructions: mail.paymentInstructions,
            contact: mail.contact,
            creditorName: mail.creditorName,
            selfServiceUrl: selfServiceLink(mail, customer.id, at),
          });
          return { mail: rendered, documents };
        },
        onRejected: async (reason) => {
          const intent = await findOutboxMail(db, recordId);
          for (const request of included) {
            await appendCommunication(db, trailOf(request, 'rejected', intent?.messageId ?? null, { reason }));
          }
          await fixContact(db, now(), customerId, recordId, included, reason);
        },
      });

      // Each invoice's step is recorded once the relay took the mail: its own row, citing the one Message-ID.
      const intent = await findOutboxMail(db, recordId);
      const attachments = intent?.message.attachments ?? [];
      for (const request of included) {
        await appendCommunication(db, {
          ...trailOf(request, 'sent', sent.messageId, {
            subject: intent?.message.subject,
            attachments: attachments.filter((a) => a.documentId.startsWith(`${request.invoiceId}:`)),
          }),
          recipient: sent.recipient,
          occurredAt: sent.sentAt,
        });
      }
      return { messageId: sent.messageId, invoiceIds, left };
    },
  };
}

/**
 * The requests the mail lists: those its rendered mail names once it exists (a retry never changes what was sent), else
 * those whose invoice is still open and being chased. An invoice without a stored row is taken as open.
 */
async function includedRequests(
  db: Database,
  recordId: string,
  requests: ConsolidationRequest[],
): Promise<ConsolidationRequest[]> {
  const rendered = await findOutboxMail(db, recordId);
  const named = rendered?.message.headers[INVOICES_HEADER]?.split(' ');
  if (named) return requests.filter((r) => named.includes(r.invoiceId));
  const kept: ConsolidationRequest[] = [];
  for (const request of requests) {
    // A step an earlier e-mail already carried (it asked again, its answer late) is not mailed twice: left out, it
    // writes alone, and its own delivery finds that e-mail in its proof trail.
    if ((await findCommunication(db, request.recordId))?.result === 'sent') continue;
    const stored = await findInvoice(db, request.invoiceId);
    if (!stored || (stored.status === 'open' && !NOT_ESCALATING.has(stored.stage))) kept.push(request);
  }
  return kept;
}

/** Oldest due first, then by invoice and step: the same order whatever order the requests came in. */
function oldestDueFirst(requests: ConsolidationRequest[]): ConsolidationRequest[] {
  const due = (r: ConsolidationRequest) =>
    Date.parse(dueMoment(r.context.invoice.dueDate, r.context.invoice.customer.timezone));
  return [...requests].sort(
    (a, b) => due(a) - due(b) || a.invoiceId.localeCompare(b.invoiceId) || a.recordId.localeCompare(b.recordId),
  );
}

/** One line per invoice: when one invoice has several steps in the batch, its latest figures. */
function latestPerInvoice(requests: ConsolidationRequest[]): ConsolidationRequest[] {
  const byInvoice = new Map<string, ConsolidationRequest>();
  for (const request of requests) byInvoice.set(request.invoiceId, request);
  return [...byInvoice.values()];
}

function line(context: StepContext, at: Date) {
  const { invoice } = context;
  return {
    invoiceNumber: invoice.id,
    dueDate: printedDueDate(invoice),
    balance: moneyIn(invoice)(context.balance),
    daysLate: daysLate(invoice, at),
  };
}

/** The outstanding total per currency, in the order the invoices come. */
function totals(requests: ConsolidationRequest[], locale: string): string[] {
  const sums = new Map<string, number>();
  for (const { context } of latestPerInvoice(requests)) {
    sums.set(context.invoice.currency, (sums.get(context.invoice.currency) ?? 0) + context.balance);
  }
  return [...sums].map(([currency, amount]) => formatMoney({ amount, currency }, locale));
}

/** The invoice's uploaded original, with its bytes, as the mail attaches it; none when none was uploaded. */
async function original(db: Database, invoiceId: string): Promise<NewDocument[]> {
  const meta = await findOriginalInvoice(db, invoiceId);
  const stored = meta && (await findDocument(db, meta.id));
  return stored ? [stored] : [];
}

/**
 * The relay refused the customer's address: one task for a person to fix it, covering every invoice the mail was
 * about (a correction reaches each), or the customer's contact task still open, which now covers these too.
 */
async function fixContact(
  db: Database,
  at: Date,
  customerId: string,
  recordId: string,
  included: ConsolidationRequest[],
  reason: string,
): Promise<void> {
  const first = included[0]!;
  const open = await findOpenCustomerTask(db, customerId, 'fix_contact');
  const taskId =
    open?.id ??
    (
      await openSupportTask(
        db,
        {
          invoice: first.context.invoice,
          key: `mail:${recordId}`,
          kind: 'fix_contact',
          reason: `the mail relay refused the customer's e-mail about invoices ${included.map((r) => r.invoiceId).join(', ')}: ${reason}`,
          balance: first.context.balance,
        },
        at,
      )
    ).taskId;
  for (const request of included) {
    await coverInvoice(db, taskId, { invoiceId: request.invoiceId, recordId: request.recordId });
  }
}
