import { appendCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { closeOpenTasks, insertTask } from '../db/tasks';
import { storeDocument } from '../db/documents';
import { formatMoney } from '../domain/money';
import type { SupportTaskInput } from './contracts';
import { CreatedTask, DEFAULT_TASK_OWNERS, openSupportTask, ownerOf, TaskOwners } from './support-tasks';
import { requirePostalAddress } from './statutory-claim';
import { letterDocument } from './letter-documents';
import type { MailSettings, StepContext } from './contracts';
import { letterContext } from './mail-facts';
import { contextRecordId } from './mail-activities';
import { stepTask } from './step-facts';
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

  /** One task per (invoice, step), recorded once in the proof trail: a retry finds the task it already made. */
  async function createStepTask(
    context: StepContext,
    kind: 'phone_call' | 'post_letter',
    extra: Record<string, unknown>,
  ): Promise<CreatedTask> {
    const { invoice, step } = context;
    const at = now();
    const id = contextRecordId(context);
    const owner = kind === 'phone_call' ? owners.phoneCall : owners.postLetter;
    const { task, created } = await db.withTransaction(async (tx) => {
      const result = await insertTask(tx, {
        ...stepTask(context, id, kind, at, { stepIndex: step.index, template: step.template, owner, ...extra }),
        owner,
      });
      if (result.created) {
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
      return result;
    });
    return { taskId: task.id, created };
  }

  return {
    /** A call for a collector, with what they need on screen: who, how much, how late, what was sent before. */
    async createPhoneTask(context: StepContext): Promise<CreatedTask> {
      const { invoice } = context;
      const balance = formatMoney({ amount: context.balance, currency: invoice.currency }, invoice.customer.locale);
      const sentBefore = await earlierContacts(db, invoice.id);
      return createStepTask(context, 'phone_call', {
        script: invoice.customer.locale.toLowerCase().startsWith('fr')
          ? `Relance téléphonique : facture n° ${invoice.id}, solde ${balance}`
          : `Collection call: invoice ${invoice.id}, balance ${balance}`,
        sentBefore,
      });
    },

    /** A registered reminder letter to print and post with acknowledgement of receipt; the PDF is attached. */
    async queueRegisteredLetter(context: StepContext): Promise<CreatedTask> {
      const { invoice } = context;
      const at = now();
      const recordId = contextRecordId(context);
      await requirePostalAddress({ db, context, recordId, at });
      const letter = letterContext(invoice, context.balance, at, deps.mail, {
        firstContact: context.firstContact ?? false,
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
     * cancelled, or only the tasks of the `kinds` given (the calls and letters of a ladder handed to legal).
     */
    async closeInvoiceTasks(input: { invoiceId: string; outcome: string; kinds?: string[] }): Promise<number> {
      return closeOpenTasks(db, input.invoiceId, input.outcome, input.kinds);
    },
  };
}

/** The documents a task carries, cited in its proof-trail row by id and digest. */
function documentsOf(extra: Record<string, unknown>): Record<string, unknown> {
  return extra.document ? { document: extra.document } : {};
}
