import { appendCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { closeOpenTasks, insertTask } from '../db/tasks';
import { formatMoney } from '../domain/money';
import type { StepContext } from './mail-activities';
import { stepRecordId } from './mail-activities';
import { stepTask } from './step-facts';

export interface CreatedTask {
  taskId: string;
  created: boolean;
}

export function createTaskActivities(deps: { db: Database; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** One task per (invoice, step), recorded once in the proof trail: a retry finds the task it already made. */
  async function createStepTask(
    context: StepContext,
    kind: string,
    extra: Record<string, unknown>,
  ): Promise<CreatedTask> {
    const { invoice, step } = context;
    const at = now();
    const id = stepRecordId(invoice.id, step);
    const { task, created } = await db.withTransaction(async (tx) => {
      const result = await insertTask(
        tx,
        stepTask(context, id, kind, at, { stepIndex: step.index, template: step.template, ...extra }),
      );
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
          detail: { taskId: id, balance: context.balance, currency: invoice.currency },
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
      const balance = formatMoney({ amount: context.balance, currency: context.invoice.currency }, 'fr-FR');
      return createStepTask(context, 'phone_call', { script: `Relance téléphonique : solde ${balance}` });
    },

    /** A registered reminder letter to print and post with acknowledgement of receipt. */
    async queueRegisteredLetter(context: StepContext): Promise<CreatedTask> {
      return createStepTask(context, 'post_letter', { letter: 'registered-reminder' });
    },

    /** Closes what collectors still have open once the invoice is settled or cancelled. */
    async closeInvoiceTasks(input: { invoiceId: string; outcome: string }): Promise<number> {
      return closeOpenTasks(db, input.invoiceId, input.outcome);
    },
  };
}
