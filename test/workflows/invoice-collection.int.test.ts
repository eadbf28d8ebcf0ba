import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DEMO_POLICY, FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import {
  InvoiceCollectionInput,
  paymentReceivedSignal,
  paymentReversedSignal,
  stateQuery,
} from '../../workflows/messages';
import { invoiceCollection } from '../../workflows/invoice-collection';
import { createFakeActivities } from '../support/fake-activities';
import { eventually } from '../support/eventually';
import { requiredEnv } from '../support/test-database';
import { createTimeSkippingEnv } from '../support/time-skipping';

const DAY = 86_400_000;

describe('invoiceCollection on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });

  afterAll(() => env?.teardown());

  function input(dueDate: string, policy = FRENCH_B2B_POLICY, amount = 50_000): InvoiceCollectionInput {
    return {
      invoice: {
        id: `INV-${randomUUID().slice(0, 8)}`,
        customer: {
          id: 'C-1',
          name: 'Dupont SARL',
          email: 'ap@dupont.test',
          locale: 'fr-FR',
          timezone: 'Europe/Paris',
          country: 'FR',
        },
        amount,
        currency: 'EUR',
        issueDate: '2026-01-01',
        dueDate,
      },
      policy,
    };
  }

  async function withWorker<T>(run: (taskQueue: string, fakes: ReturnType<typeof createFakeActivities>) => Promise<T>) {
    const taskQueue = `ts-${randomUUID()}`;
    const fakes = createFakeActivities();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') },
      activities: fakes.activities,
    });
    return worker.runUntil(run(taskQueue, fakes));
  }

  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  it('sleeps until the due date and sends the first late reminder the next business morning at 09:00 Paris time', async () => {
    const now = await env.currentTimeMs();
    const due = isoDate(now + 20 * DAY);
    await withWorker(async (taskQueue, fakes) => {
      const handle = await env.client.workflow.start(invoiceCollection, {
        taskQueue,
        workflowId: `wf-${randomUUID()}`,
        args: [input(due)],
      });
      await env.sleep(20 * DAY + 2 * DAY + 12 * 3_600_000);
      const state = await handle.query(stateQuery);
      const sentTemplates = state.history.filter((h) => h.result === 'sent').map((h) => h.template);
      expect(sentTemplates).toEqual(['courtesy', 'reminder-1']);
      const reminder = state.history.find((h) => h.template === 'reminder-1')!;
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Paris',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      }).format(new Date(reminder.scheduledAt));
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      expect(Date.parse(reminder.scheduledAt)).toBeGreaterThan(Date.parse(state.dueAt));
      expect(fakes.calls.map((c) => c.template)).toEqual(['courtesy', 'reminder-1']);
      await handle.signal(paymentReceivedSignal, {
        paymentId: 'p1',
        amount: 50_000,
        currency: 'EUR',
        receivedAt: new Date(now).toISOString(),
      });
      await handle.terminate('test over');
    });
  });

  it('re-opens a paid invoice when its cheque bounces and resumes the ladder where it stood', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await env.client.workflow.start(invoiceCollection, {
        taskQueue,
        workflowId: `wf-${randomUUID()}`,
        args: [input(new Date(now + 1_000).toISOString(), DEMO_POLICY)],
      });
      await env.sleep(7_000);
      await handle.signal(paymentReceivedSignal, {
        paymentId: 'chq-1',
        amount: 50_000,
        currency: 'EUR',
        receivedAt: new Date(now).toISOString(),
        method: 'cheque',
      });
      expect((await handle.query(stateQuery)).status).toBe('paid');
      const sentBefore = fakes.calls.length;
      await handle.signal(paymentReversedSignal, { paymentId: 'chq-1', reason: 'chèque sans provision' });
      const result = await handle.result();
      expect(result).toEqual({ status: 'handed_to_legal', balance: 50_000, credit: 0, currency: 'EUR' });
      const resumed = fakes.calls.slice(sentBefore).map((c) => c.name);
      expect(resumed[resumed.length - 1]).toBe('openLegalFile');
      expect(resumed).not.toContain('sendReminderEmail');
    });
  });

  it('runs only the most advanced step already due for a backlog invoice, then continues the ladder', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await env.client.workflow.start(invoiceCollection, {
        taskQueue,
        workflowId: `wf-${randomUUID()}`,
        args: [input(isoDate(now - 20 * DAY))],
      });
      // No time needs to pass: the catch-up happens at start. Poll rather than skip time, so nothing races the timers.
      const state = await eventually(
        () => handle.query(stateQuery),
        (s) => s.stage === 'calling',
      );
      expect(fakes.calls.map((c) => c.name)).toEqual(['createPhoneTask']);
      expect(state.history.filter((h) => h.result === 'skipped').map((h) => h.template)).toEqual([
        'courtesy',
        'reminder-1',
        'reminder-2',
      ]);
      expect(state.stage).toBe('calling');
      expect(state.nextAction?.action).toBe('letter');
      await handle.terminate('test over');
    });
  });
});
