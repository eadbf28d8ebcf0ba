import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { Client, WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createMailQueueActivities, MailQueueActivities } from '../../activities';
import type { StepContext } from '../../activities/contracts';
import { startInvoiceWorkflow } from '../../api/temporal/invoice-workflow-client';
import { findOutboxMail } from '../../db/mail-outbox';
import { listTasks } from '../../db/tasks';
import { DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import { paymentReceivedUpdate } from '../../workflows/messages';
import { invoiceWorkflowId, mailTaskQueue } from '../../workflows/routing';
import { exportHistory } from '../histories/export-history';
import { eventually } from '../support/eventually';
import { messagesTo } from '../support/mail-inbox';
import { requiredEnv } from '../support/test-database';
import { invoiceSnapshot, startTestStack, TestStack, testMailSettings } from '../support/test-stack';
import { stateWhen } from '../support/workflow-state';
import { createInvoiceWorker } from '../../worker/create-worker';

const LADDER: DunningPolicy = parseDunningPolicy({
  id: 'interrupted-test',
  version: 1,
  name: 'One reminder, then a long wait',
  calendar: null,
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'PT2H', action: 'phone_task' },
  ],
});

/**
 * With RELANCE_RECORD_HISTORIES=1 the two lost-attempt runs are written to test/histories, where the replay test keeps
 * them replaying against every later version of the workflow.
 *
 * A reminder whose first attempt is lost once the invoice is paid, as when its worker is killed mid-step: once the
 * workflow has asked to cancel a running activity the server no longer retries it, so the loss reaches the workflow as
 * an activity failure. `afterSend` says whether the relay had taken the mail before the loss.
 */
function lostOnce(send: (context: StepContext) => Promise<unknown>, afterSend: boolean) {
  let started: () => void = () => undefined;
  const startedOnce = new Promise<void>((resolve) => (started = resolve));
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  return {
    startedOnce,
    release,
    calls: () => calls,
    async sendReminderEmail(context: StepContext) {
      calls++;
      if (calls > 1) return send(context);
      if (afterSend) await send(context);
      Context.current().heartbeat();
      started();
      await released;
      throw ApplicationFailure.retryable('the worker running this attempt was lost', 'WorkerLost');
    },
  };
}

const SECONDS_APART: DunningPolicy = parseDunningPolicy({
  id: 'outage-test',
  version: 1,
  name: 'Reminders seconds apart',
  calendar: null,
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'PT10S', action: 'email', template: 'reminder-2' },
    { after: 'PT13S', action: 'phone_task' },
    { after: 'PT2H', action: 'formal_notice', template: 'formal-notice', deadline: 'PT1H' },
    { after: 'PT3H', action: 'legal_file' },
  ],
});

interface Workers {
  taskQueue: string;
  /** A worker of the workflow queue, to run for as long as the test says (`runUntil`). */
  workflowWorker(): Promise<Worker>;
}

describe('a collection whose steps meet lost attempts, outages and unexpected refusals', () => {
  let stack: TestStack;
  let client: Client;

  beforeAll(async () => {
    stack = await startTestStack();
    client = await stack.temporal.client();
  });

  afterAll(() => stack.stop());

  /** Its own task queues, served by a mail worker running `mailActivities` for the whole test. */
  async function withWorkers<T>(
    mailActivities: (real: MailQueueActivities) => object,
    work: (workers: Workers) => Promise<T>,
  ): Promise<T> {
    const taskQueue = `interrupted-${randomUUID()}`;
    const connection = await NativeConnection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
    const deps = { connection, namespace: 'default', taskQueue, db: stack.db, mail: testMailSettings() };
    const mail = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue: mailTaskQueue(taskQueue),
      activities: mailActivities(createMailQueueActivities(deps)),
    });
    const workflowWorker = () =>
      createInvoiceWorker({ ...deps, workflowBundlePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') });
    try {
      return await mail.runUntil(work({ taskQueue, workflowWorker }));
    } finally {
      await connection.close();
    }
  }

  async function startInvoice(taskQueue: string, policy: DunningPolicy, due = Date.now()) {
    const invoice = invoiceSnapshot('I', new Date(due).toISOString(), { amount: 90_000 });
    await startInvoiceWorkflow(client, invoice, policy, taskQueue);
    return { invoice, handle: client.workflow.getHandle(invoiceWorkflowId(invoice.id)) as WorkflowHandle };
  }

  async function paidWhileLost(afterSend: boolean) {
    let lost: ReturnType<typeof lostOnce> | undefined;
    return withWorkers(
      (real) => {
        lost = lostOnce(real.sendReminderEmail, afterSend);
        return { ...real, sendReminderEmail: lost.sendReminderEmail };
      },
      async ({ taskQueue, workflowWorker }) =>
        (await workflowWorker()).runUntil(
          (async () => {
            const { invoice, handle } = await startInvoice(taskQueue, LADDER);
            await lost!.startedOnce;
            const paid = await handle.executeUpdate(paymentReceivedUpdate, {
              args: [
                { paymentId: `P-${invoice.id}`, amount: 90_000, currency: 'EUR', receivedAt: new Date().toISOString() },
              ],
            });
            expect(paid.status).toBe('paid');
            lost!.release();
            const state = await stateWhen(handle, (s) => s.history.length === 1);
            const thanks = await eventually(
              () => messagesTo(invoice.customer.email).then((m) => m.filter((x) => x.subject.includes(invoice.id))),
              (messages) => messages.some((m) => !m.subject.includes('retard')),
            );
            const description = await handle.describe();
            if (process.env.RELANCE_RECORD_HISTORIES === '1') {
              const name = afterSend ? 'lost-attempt-had-sent' : 'lost-attempt-had-not-sent';
              const file = join(__dirname, '..', 'histories', `${name}.json`);
              await exportHistory(requiredEnv('TEMPORAL_ADDRESS'), handle.workflowId, file);
            }
            return { invoice, state, thanks, description, lost: lost! };
          })(),
        ),
    );
  }

  it('counts a reminder lost after the relay took it as sent, sends it once, and closes as paid', async () => {
    const { invoice, state, thanks, description, lost } = await paidWhileLost(true);
    expect(description.status.name).not.toBe('FAILED');
    expect(state).toMatchObject({ status: 'paid', balance: 0 });
    expect(state.history[0]).toMatchObject({ template: 'reminder-1', result: 'sent' });
    // The lost attempt had written its proof-trail row: finishing the step found it there (the customer's join reads
    // it first) or completed it with a second call that sent nothing. Either way the relay saw one reminder.
    expect([1, 2]).toContain(lost.calls());
    const rows = await stack.db.query<{ result: string }>(
      `SELECT result FROM communications WHERE invoice_id = $1 AND kind = 'step:email'`,
      [invoice.id],
    );
    expect(rows).toEqual([{ result: 'sent' }]);
    expect(thanks.filter((m) => m.subject.includes('retard'))).toHaveLength(1);
    expect(await findOutboxMail(stack.db, `${invoice.id}:step-0:email`)).toMatchObject({ status: 'sent' });
  });

  it('counts a reminder lost before the relay had it as not sent, and sends it never', async () => {
    const { invoice, state, thanks, description, lost } = await paidWhileLost(false);
    expect(description.status.name).not.toBe('FAILED');
    expect(state).toMatchObject({ status: 'paid', balance: 0 });
    expect(state.history[0]).toMatchObject({ template: 'reminder-1', result: 'skipped' });
    expect(state.history[0]!.detail).toContain('stopped before it was sent');
    expect(lost.calls()).toBe(1);
    expect(thanks.filter((m) => m.subject.includes('retard'))).toHaveLength(0);
    expect(await findOutboxMail(stack.db, `${invoice.id}:step-0:email`)).toBeUndefined();
  });

  it('runs the steps that fell due while no workflow worker ran, none skipped as backlog, spacing kept', async () => {
    await withWorkers(
      (real) => real,
      async ({ taskQueue, workflowWorker }) => {
        const due = Date.now() + 1_000;
        const { handle } = await startInvoice(taskQueue, SECONDS_APART, due);
        await (await workflowWorker()).runUntil(stateWhen(handle, (s) => s.history.length === 1));
        // The outage: no workflow worker from reminder-1 until well past the moments of reminder-2 and the phone task.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due + 20_000 - Date.now())));
        const back = Date.now();
        const state = await (await workflowWorker()).runUntil(stateWhen(handle, (s) => s.history.length === 3));
        expect(state.history.map((h) => [h.template, h.result])).toEqual([
          ['reminder-1', 'sent'],
          ['reminder-2', 'sent'],
          ['phone-call', 'sent'],
        ]);
        const [, late, next] = state.history;
        // reminder-2 went out once the workers were back, at its moment moved there; the phone task kept its three
        // seconds of spacing after it, as the policy says: no burst of everything overdue.
        expect(Date.parse(late!.scheduledAt)).toBeGreaterThanOrEqual(back - 1_000);
        expect(Date.parse(next!.scheduledAt) - Date.parse(late!.scheduledAt)).toBeGreaterThanOrEqual(3_000);
        expect(Date.parse(next!.at)).toBeGreaterThanOrEqual(Date.parse(next!.scheduledAt));
        await handle.terminate('test over');
      },
    );
  });

  it('records a step refused for an unexpected reason as failed, goes on, and opens a step_failed task', async () => {
    await withWorkers(
      (real) => ({
        ...real,
        async sendReminderEmail() {
          throw ApplicationFailure.nonRetryable('balance: must be an integer', 'InvalidInput');
        },
      }),
      async ({ taskQueue, workflowWorker }) =>
        (await workflowWorker()).runUntil(
          (async () => {
            const { invoice, handle } = await startInvoice(taskQueue, LADDER);
            const state = await stateWhen(handle, (s) => s.history.length >= 1);
            expect(state.history[0]).toMatchObject({ template: 'reminder-1', result: 'failed' });
            const tasks = await eventually(
              () => listTasks(stack.db, { invoiceId: invoice.id, kind: 'step_failed' }),
              (found) => found.length === 1,
            );
            expect(tasks[0]!.context).toMatchObject({ reason: expect.stringContaining('InvalidInput') });
            await handle.terminate('test over');
          })(),
        ),
    );
  });
});
