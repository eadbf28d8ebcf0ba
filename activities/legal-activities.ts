import { ApplicationFailure } from '@temporalio/common';
import { appendCommunication, exportProofTrail, listCommunications } from '../db/communications';
import type { Database } from '../db/database';
import { listDocuments, storeDocument } from '../db/documents';
import { closeLegalFileOnce, findLegalFile, openLegalFile, reopenLegalFileOnce } from '../db/legal-files';
import { insertTask } from '../db/tasks';
import { FailureType } from '../domain/failure-types';
import { recommendLegalRoute } from '../domain/legal-route';
import { DEFAULT_CREDITOR_COUNTRY } from '../domain/statutory-laws';
import type { StatutoryAmounts } from '../domain/statutory-amounts';
import { escapeHtml } from '../templates/mail-context';
import type { InvoiceSnapshot, LegalFileOutcome } from '../workflows/messages';
import { invalidInput } from './invalid-input';
import { letterDocument } from './letter-documents';
import { createMailDelivery, MailDelivery } from './mail-delivery';
import type { MailSettings, SentMail, StepContext } from './contracts';
import type { StepMailer } from './mail-activities';
import { contextRecordId, mailDomain, stepRecordId } from './mail-activities';
import { DEFAULT_TASK_OWNERS, TaskOwners } from './support-tasks';
import { letterContext, noticeMailFacts, saveLetterShortLink } from './mail-facts';
import { stepTask } from './step-facts';
import { legalDossier } from './legal-dossier';
import { checkedClaim, governingLawOf } from './statutory-claim';

export interface FormalNoticeResult extends SentMail {
  amounts: StatutoryAmounts | null;
}

export interface LegalFileResult {
  legalFileId: string;
  route: string;
  created: boolean;
}

export interface CloseLegalFileInput {
  invoiceId: string;
  legalFileId: string;
  outcome: LegalFileOutcome;
  note?: string;
  by?: string;
}

/**
 * Marks the legal file closed with its outcome and writes the closing to the proof trail, both once. A file closed
 * already (by the API, or an earlier attempt) keeps its first outcome.
 */
async function recordLegalFileClosed(db: Database, input: CloseLegalFileInput, at: Date): Promise<void> {
  const closing = { outcome: input.outcome, note: input.note ?? null, by: input.by ?? null };
  const file = await findLegalFile(db, input.legalFileId);
  if (!file) throw invalidInput('legalFileId', `no legal file ${input.legalFileId}`);
  if (file.invoiceId !== input.invoiceId) {
    throw invalidInput(
      'legalFileId',
      `legal file ${file.id} is about invoice ${file.invoiceId}, not ${input.invoiceId}`,
    );
  }
  await closeLegalFileOnce(db, file.id, closing, at);
}

export function createLegalActivities(deps: {
  db: Database;
  mail: MailSettings;
  mailer: StepMailer;
  delivery?: MailDelivery;
  legalTeam?: string;
  owners?: Partial<TaskOwners>;
  /** The creditor's country: the law of invoices created before their law was recorded. */
  creditorCountry?: string;
}) {
  const { db, mail, mailer } = deps;
  const now = mail.now ?? (() => new Date());
  const deliver = deps.delivery ?? createMailDelivery({ db, mail });
  const creditorCountry = deps.creditorCountry ?? DEFAULT_CREDITOR_COUNTRY;
  const lawOf = (invoice: InvoiceSnapshot) => governingLawOf(invoice, creditorCountry);

  return {
    /**
     * The mise en demeure: a letter stating the principal, the statutory interest and the fixed indemnity and a final
     * deadline, queued for registered post and e-mailed at once with the same PDF attached. The letter is stored and
     * queued before the e-mail, so a refused address never keeps it from being posted. It is not an enforceable title.
     */
    async sendFormalNotice(
      context: StepContext & { deadline: string; issuedAt?: string },
    ): Promise<FormalNoticeResult> {
      const { invoice } = context;
      // Dated when the workflow issued it: a retry on a later day states the same amounts in the e-mail as in the PDF.
      const at = context.issuedAt ? new Date(context.issuedAt) : now();
      // A notice sent again to a corrected address is a new letter: its record id carries the re-send.
      const recordId = contextRecordId(context);
      const governingLaw = lawOf(invoice);
      const amounts = await checkedClaim({ db, context, governingLaw, recordId, at, needsAddress: true });
      // The letter is typed by hand: it prints the short link, kept before the letter is rendered.
      const shortLink = await saveLetterShortLink(db, mail, invoice.customer.id, at);
      const letter = letterContext(invoice, context.balance, at, mail, {
        amounts,
        deadline: context.deadline,
        firstContact: context.firstContact ?? false,
        shortLink,
      });
      const document = await storeDocument(db, await letterDocument(recordId, 'formal-notice', invoice, letter, at));
      const cited = { id: document.id, filename: document.filename, sha256: document.sha256 };
      await db.withTransaction(async (tx) => {
        const owner = deps.owners?.postLetter ?? DEFAULT_TASK_OWNERS.postLetter;
        const post = {
          ...stepTask(context, `${recordId}:post`, 'post_letter', at, {
            letter: 'formal-notice',
            deadline: context.deadline,
            amounts,
            document: cited,
            owner,
          }),
          owner,
        };
        const { created } = await insertTask(tx, post);
        if (created) {
          await appendCommunication(tx, {
            id: `${recordId}:post`,
            invoiceId: invoice.id,
            channel: 'letter',
            kind: 'step:formal_notice',
            recipient: invoice.customer.name,
            template: context.step.template,
            messageId: null,
            result: 'task_created',
            detail: { taskId: post.id, deadline: context.deadline, document: cited },
            occurredAt: at.toISOString(),
          });
        }
      });
      const sent = await mailer(
        context,
        noticeMailFacts(invoice, context.balance, amounts, context.deadline, {
          at,
          firstContact: context.firstContact ?? false,
        }),
        async () => [{ ...document }],
      );
      return { ...sent, amounts };
    },

    /**
     * Opens the legal file once, with the whole dossier (invoice, proof trail, formal notice, statutory amounts,
     * disputes and promises, documents) and the recommended court route, then tells the legal team, once.
     */
    async openLegalFile(context: StepContext & { contested: boolean; legalTeam?: string }): Promise<LegalFileResult> {
      const { invoice } = context;
      const at = now();
      const recordId = stepRecordId(invoice.id, context.step, context.ladder);
      const governingLaw = lawOf(invoice);
      const amounts = await checkedClaim({ db, context, governingLaw, recordId, at, needsAddress: false });
      const outstanding = amounts
        ? { amount: amounts.principal.amount + amounts.interest.amount, currency: invoice.currency }
        : { amount: context.balance, currency: invoice.currency };
      const recommendation = recommendLegalRoute({
        governingLaw,
        creditorCountry,
        debtorCountry: invoice.customer.address?.country ?? invoice.customer.country,
        outstanding,
        contested: context.contested,
      });
      const id = `LF-${invoice.id}`;
      const legalTeam = context.legalTeam ?? deps.legalTeam ?? mail.from;
      const { file, created } = await db.withTransaction(async (tx) => {
        const communications = await listCommunications(tx, invoice.id);
        const trail = await exportProofTrail(tx, invoice.id);
        const dossier = legalDossier({
          invoice,
          balance: context.balance,
          governingLaw,
          amounts,
          recommendation,
          contested: context.contested,
          communications,
          documents: await listDocuments(tx, invoice.id),
          proofTrailDigest: trail.digest,
          openedAt: at.toISOString(),
        });
        const result = await openLegalFile(tx, {
          id,
          invoiceId: invoice.id,
          recommendedRoute: recommendation.route,
          routeReason: recommendation.reason,
          dossier,
        });
        if (result.created) {
          await appendCommunication(tx, {
            id: recordId,
            invoiceId: invoice.id,
            channel: 'legal',
            kind: 'step:legal_file',
            recipient: legalTeam,
            template: context.step.template,
            messageId: null,
            result: 'opened',
            detail: { legalFileId: id, route: recommendation.route, proofTrailDigest: trail.digest },
            occurredAt: at.toISOString(),
          });
        }
        return result;
      });
      // Delivered through the outbox under its own id: a retry after the file was opened still tells the team once. A
      // refused address is in the proof trail; it must not undo the file, which is open either way.
      await deliver({
        recordId: `${recordId}:notify`,
        invoice,
        recipient: legalTeam,
        channel: 'legal',
        kind: 'legal:notify',
        template: 'legal-file-opened',
        messageId: `<${id.toLowerCase()}.legal-file@${mailDomain(mail.from)}>`,
        headers: { 'X-Relance-Invoice': invoice.id, 'X-Relance-Legal-File': id },
        detail: { legalFileId: id },
        render: async () => ({ mail: legalTeamMail(file.id, invoice, file.dossier, mail), documents: [] }),
      }).catch((error: unknown) => {
        if (!(error instanceof ApplicationFailure && error.type === FailureType.MailRejected)) throw error;
      });
      return { legalFileId: file.id, route: file.recommendedRoute, created };
    },

    /** The legal file ends (paid, settled, written off, abandoned): the row and the proof trail say so, once. */
    async closeLegalFileRecord(input: CloseLegalFileInput): Promise<void> {
      await recordLegalFileClosed(db, input, now());
    },

    /** The payment that closed the file as paid was reversed: the row is open again, and the proof trail says so. */
    async reopenLegalFileRecord(input: { invoiceId: string; legalFileId: string; paymentId: string }): Promise<void> {
      await reopenLegalFileOnce(db, { invoiceId: input.invoiceId, id: input.legalFileId }, input, now());
    },
  };
}

function legalTeamMail(id: string, invoice: InvoiceSnapshot, dossier: Record<string, unknown>, mail: MailSettings) {
  const summary = dossier.summary as { lines: string[] } | undefined;
  const lines = [
    `A legal file was opened: ${id}.`,
    `Invoice ${invoice.id}, ${invoice.customer.name} (customer ${invoice.customer.id}, ${invoice.customer.email}).`,
    ...(summary?.lines ?? []),
    `The whole dossier (proof trail, documents, statutory amounts) is in the legal file ${id}.`,
  ];
  const text = `${lines.join('\n\n')}\n\n${mail.creditorName}\n`;
  const html = `<!doctype html><html><body>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`;
  return { subject: `Legal file ${id}: invoice ${invoice.id}, ${invoice.customer.name}`, text, html };
}
