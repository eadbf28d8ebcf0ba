import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { StepContext, SupportTaskInput } from '../../activities/contracts';
import { FailureType } from '../../domain/failure-types';
import type { DunningPolicy } from '../../domain/dunning-policy';
import { invoiceCollection } from '../../workflows/invoice-collection';
import type { InvoiceCollectionInput } from '../../workflows/messages';
import { mailTaskQueue } from '../../workflows/routing';
import { createFakeActivities } from '../support/fake-activities';
import { requiredEnv } from '../support/test-database';

/** The address the fakes' relay refuses, as a mailbox that does not exist. */
export const DEAD_MAILBOX = 'nobody@dupont.test';

type StepActivity =
  'sendReminderEmail' | 'createPhoneTask' | 'queueRegisteredLetter' | 'sendFormalNotice' | 'openLegalFile';

/**
 * The fake activities, keeping every step context (its `resend` among them), the support tasks asked for and the tasks
 * closed; each mail's Message-ID carries its re-send number, as the real ones do. A mail to DEAD_MAILBOX is refused.
 */
export function deskFakes() {
  const fakes = createFakeActivities();
  const steps: { name: StepActivity; context: StepContext; messageId: string }[] = [];
  const tasks: SupportTaskInput[] = [];
  const closedTasks: { invoiceId: string; outcome: string; kinds?: string[] }[] = [];
  const legalFilesClosed: { invoiceId: string; legalFileId: string; outcome: string; note?: string }[] = [];
  const legalFilesReopened: { invoiceId: string; legalFileId: string; paymentId: string }[] = [];
  const step = (name: StepActivity) => {
    const real = fakes.activities[name] as unknown as (context: StepContext) => Promise<Record<string, unknown>>;
    return async (context: StepContext) => {
      const messageId = `<${context.step.index}${context.resend ? `.r${context.resend}` : ''}@fake>`;
      steps.push({ name, context, messageId });
      if (
        (name === 'sendReminderEmail' || name === 'sendFormalNotice') &&
        context.invoice.customer.email === DEAD_MAILBOX
      ) {
        throw ApplicationFailure.create({
          type: FailureType.MailRejected,
          message: '550 5.1.1 mailbox unavailable',
          nonRetryable: true,
        });
      }
      return { ...(await real(context)), messageId };
    };
  };
  const activities = {
    ...fakes.activities,
    sendReminderEmail: step('sendReminderEmail'),
    createPhoneTask: step('createPhoneTask'),
    queueRegisteredLetter: step('queueRegisteredLetter'),
    sendFormalNotice: step('sendFormalNotice'),
    openLegalFile: step('openLegalFile'),
    async createSupportTask(input: SupportTaskInput) {
      tasks.push(input);
      return { taskId: `task:${input.key}`, created: true };
    },
    async closeInvoiceTasks(input: { invoiceId: string; outcome: string; kinds?: string[] }) {
      closedTasks.push(input);
      return 0;
    },
    async closeLegalFileRecord(input: { invoiceId: string; legalFileId: string; outcome: string; note?: string }) {
      legalFilesClosed.push(input);
    },
    async reopenLegalFileRecord(input: { invoiceId: string; legalFileId: string; paymentId: string }) {
      legalFilesReopened.push(input);
    },
  } as unknown as typeof fakes.activities;
  const sent = (name: StepActivity) => steps.filter((s) => s.name === name);
  return { ...fakes, activities, steps, tasks, closedTasks, legalFilesClosed, legalFilesReopened, sent };
}

export type DeskFakes = ReturnType<typeof deskFakes>;

export function invoiceInput(dueDate: string, policy: DunningPolicy, amount = 80_000): InvoiceCollectionInput {
  return {
    invoice: {
      id: `INV-${randomUUID().slice(0, 8)}`,
      customer: {
        id: 'C-desk',
        name: 'Dupont SARL',
        email: 'ap@dupont.test',
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
        country: 'FR',
        address: { lines: ['12 rue des Tanneurs'], postcode: '69002', city: 'Lyon', country: 'FR' },
      },
      amount,
      currency: 'EUR',
      issueDate: '2026-01-01',
      dueDate,
      governingLaw: 'FR',
    },
    policy,
  };
}

/**
 * Runs `run` with a workflow worker and a mail worker on their own task queues, then terminates whatever it started: a
 * workflow left without its worker would stop time skipping for every later test.
 */
export async function withDeskWorker<T>(
  env: Pick<TestWorkflowEnvironment, 'nativeConnection' | 'client'>,
  fakes: DeskFakes,
  run: (start: (input: InvoiceCollectionInput) => ReturnType<typeof startWorkflow>) => Promise<T>,
): Promise<T> {
  const taskQueue = `desk-${randomUUID()}`;
  const started: { terminate(reason: string): Promise<unknown> }[] = [];
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') },
    activities: fakes.activities,
  });
  const mailWorker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: mailTaskQueue(taskQueue),
    activities: fakes.activities,
  });
  const start = async (input: InvoiceCollectionInput) => {
    const handle = await startWorkflow(env, taskQueue, input);
    started.push(handle);
    return handle;
  };
  try {
    return await worker.runUntil(mailWorker.runUntil(run(start)));
  } finally {
    await Promise.all(started.map((handle) => handle.terminate('test over').catch(() => undefined)));
  }
}

function startWorkflow(env: Pick<TestWorkflowEnvironment, 'client'>, taskQueue: string, input: InvoiceCollectionInput) {
  return env.client.workflow.start(invoiceCollection, { taskQueue, workflowId: `wf-${randomUUID()}`, args: [input] });
}
