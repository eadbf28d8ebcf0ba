import { appendCommunication, findCommunication } from '../db/communications';
import type { Database, Queryable } from '../db/database';
import {
  closeTask,
  coverInvoice,
  findOpenCustomerTask,
  findOpenInvoiceTasks,
  insertTask,
  lockCustomerTasks,
  TaskRow,
  uncoverInvoice,
  updateTaskCoverage,
} from '../db/tasks';
import { storeDocument } from '../db/documents';
import { formatMoney } from '../domain/money';
import type { SupportTaskInput } from './contracts';
import { CreatedTask, DEFAULT_TASK_OWNERS, openSupportTask, ownerOf, TaskOwners } from './support-tasks';
import { requirePostalAddress } from './statutory-claim';
import { letterDocument } from './letter-documents';
import type { MailSettings, StepContext } from './contracts';
import { letterContext, saveLetterShortLink } from './mail-facts';
import { contextRecordId } from './mail-activities';
import { daysLate, stepTask } from './step-facts';
import { earlierContacts } from './trail-facts';

export function createTaskActivities(deps: {
  db: Database;
  mail: MailSettings;
  now?: () => Date;
  owners?: Partial<TaskOwners>;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const owners = { ...DEFAULT_TASK_OWNERS, ...deps.owners };

  /**
   * One task per (invoice, step), recorded once in the proof trail: a retry finds the task it already made. A call is
   * one per customer: while the customer's call is open, the step adds its invoice to it instead of opening another.
   */
  async function createStepTask(
    context: StepContext,
    kind: 'phone_call' | 'post_letter',
    extra: Record<string, unknown>,
  ): Promise<CreatedTask> {
    const { invoice, step } = context;
    const at = now();
    const id = contextRecordId(context);
    const owner = kind === 'phone_call' ? owners.phoneCall : owners.postLetter;
    const entry = coveredEntry(context, id, at);
    return db.withTransaction(async (tx) => {
      if (kind === 'phone_call') {
        // Under the customer's lock, two invoices' calls falling due together find one task, never open two.
        await lockCustomerTasks(tx, invoice.customer.id, kind);
        const recorded = await findCommunication(tx, id);
        if (recorded?.result === 'task_created' && typeof recorded.detail.taskId === 'string') {
          return { taskId: recorded.detail.taskId, created: false };
        }
        const open = await findOpenCustomerTask(tx, invoice.customer.id, kind);
        if (open && open.id !== id) return joinCall(tx, open, context, entry, at);
      }
      const coverage = kind === 'phone_call' ? withCoverage(extra, [entry], invoice.customer.locale) : extra;
      const result = await insertTask(tx, {
        ...stepTask(context, id, kind, at, { stepIndex: step.index, template: step.template, owner, ...coverage }),
        owner,
      });
      if (result.created) {
        await coverInvoice(tx, id, { invoiceId: invoice.id, recordId: id });
        await appendCommunication(tx, {
          id,
          invoiceId: invoice.id,
          channel: kind === 'phone_call' ? 'phone' : 'letter',
          kind: `step:${step.action}`,
          recipient: kind === 'phone_call' ? (invoice.customer.phone ?? null) : invoice.customer.name,
          template: step.template,
          messageId: null,
          result: 'task_created',
          detail: { taskId: id, owner, balance: context.balance, currency: invoice.currency, ...documentsOf(extra) },
          occurredAt: at.toISOString(),
        });
      }
      return { taskId: result.task.id, created: result.created };
    });
  }

  /** Adds the invoice to the customer's open call; its proof trail says which task covers its step. */
  async function joinCall(
    tx: Queryable,
    task: TaskRow,
    context: StepContext,
    entry: CoveredEntry,
    at: Date,
  ): Promise<CreatedTask> {
    const { invoice, step } = context;
    // A call opened before tasks covered several invoices still covers its own.
    await coverInvoice(tx, task.id, { invoiceId: task.invoiceId, recordId: task.id });
    await coverInvoice(tx, task.id, { invoiceId: invoice.id, recordId: entry.recordId });
    const entries = [...coveredEntries(task).filter((e) => e.invoiceId !== invoice.id), entry];
    const locale = invoice.customer.locale;
    await updateTaskCoverage(tx, task.id, { context: withCoverage(task.context, entries, locale) });
    await appendCommunication(tx, {
      id: entry.recordId,
      invoiceId: invoice.id,
      channel: 'phone',
      kind: `step:${step.action}`,
      recipient: invoice.customer.phone ?? null,
      template: step.template,
      messageId: null,
      result: 'task_created',
      detail: {
        taskId: task.id,
        owner: task.owner,
        balance: context.balance,
        currency: invoice.currency,
        sharedWith: entries.map((e) => e.invoiceId).filter((other) => other !== invoice.id),
      },
      occurredAt: at.toISOString(),
    });
    return { taskId: task.id, created: false };
  }

  return {
    /** A call for a collector, with what they need on screen: who, how much, how late, what was sent before. */
    async createPhoneTask(context: StepContext): Promise<CreatedTask> {
      const sentBefore = await earlierContacts(db, context.invoice.id);
      return createStepTask(context, 'phone_call', { sentBefore });
    },

    /** A registered reminder letter to print and post with acknowledgement of receipt; the PDF is attached. */
    async queueRegisteredLetter(context: StepContext): Promise<CreatedTask> {
      const { invoice } = context;
      const at = now();
      const recordId = contextRecordId(context);
      await requirePostalAddress({ db, context, recordId, at });
      // The letter is typed by hand: it prints the short link, kept before the letter is rendered.
      const shortLink = await saveLetterShortLink(db, deps.mail, invoice.customer.id, at);
      const letter = letterContext(invoice, context.balance, at, deps.mail, {
        firstContact: context.firstContact ?? false,
        shortLink,
      });
      const document = await storeDocument(
        db,
        await letterDocument(recordId, 'registered-reminder', invoice, letter, at),
      );
      return createStepTask(context, 'post_letter', {
        letter: 'registered-reminder',
        document: { id: document.id, filename: document.filename, sha256: document.sha256 },
      });
    },

    /** A task for a person outside the ladder: a dispute to review, a contact to fix. */
    async createSupportTask(input: SupportTaskInput): Promise<CreatedTask> {
      return openSupportTask(db, { ...input, owner: ownerOf(input.kind, owners) }, now());
    },

    /**
     * Closes what people still have open once it no longer applies: every open task once the invoice is settled or
     * cancelled, or only the tasks of the `kinds` given (the calls and letters of a ladder handed to legal). A task
     * covering other invoices still open only lets this one go, and stays open for them. Answers how many closed.
     */
    async closeInvoiceTasks(input: { invoiceId: string; outcome: string; kinds?: string[] }): Promise<number> {
      const { invoiceId } = input;
      return db.withTransaction(async (tx) => {
        let closed = 0;
        for (const task of await findOpenInvoiceTasks(tx, invoiceId, input.kinds)) {
          const remaining = (await uncoverInvoice(tx, task.id, invoiceId)).filter((other) => other !== invoiceId);
          if (remaining.length === 0) {
            if (await closeTask(tx, task.id, input.outcome)) closed += 1;
            continue;
          }
          // A call's context lists what the collector talks about; other kinds keep theirs (a claim's declarations).
          const entries = coveredEntries(task).filter((e) => remaining.includes(e.invoiceId));
          const locale = typeof task.customer.locale === 'string' ? task.customer.locale : 'en';
          await updateTaskCoverage(tx, task.id, {
            context: task.kind === 'phone_call' ? withCoverage(task.context, entries, locale) : task.context,
            invoiceId: task.invoiceId === invoiceId ? remaining[0] : undefined,
          });
        }
        return closed;
      });
    },
  };
}

/** The documents a task carries, cited in its proof-trail row by id and digest. */
function documentsOf(extra: Record<string, unknown>): Record<string, unknown> {
  return extra.document ? { document: extra.document } : {};
}

/** One invoice a call covers, as the collector sees it. */
interface CoveredEntry {
  invoiceId: string;
  recordId: string;
  balance: number;
  currency: string;
  daysLate: number;
  dueDate: string;
}

function coveredEntry(context: StepContext, recordId: string, at: Date): CoveredEntry {
  const { invoice } = context;
  return {
    invoiceId: invoice.id,
    recordId,
    balance: context.balance,
    currency: invoice.currency,
    daysLate: daysLate(invoice, at),
    dueDate: invoice.dueDate,
  };
}

/** The invoices a task's context lists; a task made before calls were shared lists its own. */
function coveredEntries(task: TaskRow): CoveredEntry[] {
  if (Array.isArray(task.context.invoices)) return task.context.invoices as CoveredEntry[];
  const { invoiceId, balance, currency, daysLate } = task;
  return [{ invoiceId, recordId: task.id, balance, currency, daysLate, dueDate: '' }];
}

/**
 * The context of a call covering these invoices: each of them, the combined balance per currency, and the script the
 * collector reads out (the one invoice's wording when it covers one).
 */
function withCoverage(
  context: Record<string, unknown>,
  entries: CoveredEntry[],
  locale: string,
): Record<string, unknown> {
  const outstanding: { currency: string; amount: number }[] = [];
  for (const e of entries) {
    const total = outstanding.find((o) => o.currency === e.currency);
    if (total) total.amount += e.balance;
    else outstanding.push({ currency: e.currency, amount: e.balance });
  }
  const balance = outstanding.map((o) => formatMoney(o, locale)).join(' + ');
  const numbers = entries.map((e) => e.invoiceId).join(', ');
  const french = locale.toLowerCase().startsWith('fr');
  const several = entries.length > 1;
  const script = french
    ? `Relance téléphonique : facture${several ? 's' : ''} n° ${numbers}, solde ${balance}`
    : `Collection call: invoice${several ? 's' : ''} ${numbers}, balance ${balance}`;
  return { ...context, script, invoices: entries, outstanding };
}
