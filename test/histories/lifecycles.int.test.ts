import { join } from 'node:path';
import { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startInvoiceWorkflow } from '../../api/temporal/invoice-workflow-client';
import { DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import {
  closeLegalFileUpdate,
  disputeRaisedUpdate,
  disputeResolvedUpdate,
  instalmentAgreedUpdate,
  paymentReceivedSignal,
  paymentReceivedUpdate,
  stateQuery,
} from '../../workflows/messages';
import { invoiceWorkflowId } from '../../workflows/routing';
import { stateWhen } from '../support/workflow-state';
import { exportHistory } from './export-history';
import { requiredEnv } from '../support/test-database';
import { invoiceSnapshot, startTestStack, TestStack } from '../support/test-stack';

/**
 * Runs the lifecycles whose histories the replay test keeps, on the real dev server with the real activities, and
 * prints what each costs: history events and billable actions. With RELANCE_RECORD_HISTORIES=1 it also writes them to
 * test/histories/, which is how the recorded histories are refreshed before a workflow change is released.
 */
const EventType = temporal.api.enums.v1.EventType;

/** The French ladder's shape with the calendar off: the same steps, seconds apart. */
const LADDER: DunningPolicy = parseDunningPolicy({
  id: 'lifecycle',
  version: 1,
  name: 'Lifecycle recording',
  calendar: null,
  instalmentGrace: 'PT2S',
  promiseGrace: 'PT2S',
  disputeSla: 'PT1H',
  reversalWindow: 'PT2S',
  steps: [
    { after: '-PT2S', action: 'email', template: 'courtesy' },
    { after: 'PT1S', action: 'email', template: 'reminder-1' },
    { after: 'PT2S', action: 'email', template: 'reminder-2' },
    { after: 'PT6S', action: 'phone_task' },
    { after: 'PT7S', action: 'letter' },
    { after: 'PT8S', action: 'formal_notice', template: 'formal-notice', deadline: 'PT1S' },
    { after: 'PT10S', action: 'legal_file' },
  ],
});

/** What Temporal Cloud bills as actions, read from the history. */
const BILLABLE = new Set([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_MARKER_RECORDED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

describe('recorded lifecycles', () => {
  let stack: TestStack;
  let client: Client;
  const figures: Record<string, { events: number; billable: number }> = {};

  beforeAll(async () => {
    stack = await startTestStack();
    client = await stack.temporal.client();
  });

  afterAll(async () => {
    console.log(
      `lifecycle figures (history events / billable actions):\n${Object.entries(figures)
        .map(([name, f]) => `  ${name}: ${f.events} events, ${f.billable} billable actions`)
        .join('\n')}`,
    );
    await stack.stop();
  });

  async function start(dueInSeconds: number, amount = 120_000) {
    const due = new Date(Date.now() + dueInSeconds * 1000).toISOString();
    const invoice = invoiceSnapshot('H', due, { amount, customerId: 'C-history' });
    await startInvoiceWorkflow(client, invoice, LADDER, stack.taskQueue);
    return client.workflow.getHandle(invoiceWorkflowId(invoice.id));
  }

  const payment = (paymentId: string, amount: number) => ({
    paymentId,
    amount,
    currency: 'EUR',
    receivedAt: new Date().toISOString(),
  });

  async function keep(name: string, handle: WorkflowHandle) {
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    figures[name] = {
      events: events.length,
      billable: events.filter((e) => BILLABLE.has(e.eventType!)).length,
    };
    if (process.env.RELANCE_RECORD_HISTORIES === '1') {
      await exportHistory(requiredEnv('TEMPORAL_ADDRESS'), handle.workflowId, join(__dirname, `${name}.json`));
    }
    return figures[name]!;
  }

  it('paid before the due date: the courtesy note, the payment, a thank-you, the reversal window', async () => {
    const handle = await start(4);
    await stateWhen(handle, (s) => s.history.length === 1);
    await handle.executeUpdate(paymentReceivedUpdate, { args: [payment('early', 120_000)] });
    expect(await handle.result()).toMatchObject({ status: 'paid' });
    const cost = await keep('paid-before-due', handle);
    expect(cost.events).toBeLessThan(80);
  });

  it('paid after the courtesy note and two reminders, by a payment system signal', async () => {
    const handle = await start(1);
    await stateWhen(handle, (s) => s.history.filter((h) => h.result === 'sent').length === 3,
    );
    await handle.signal(paymentReceivedSignal, payment('after-reminders', 120_000));
    expect(await handle.result()).toMatchObject({ status: 'paid' });
    const state = await handle.query(stateQuery);
    expect(state.history.map((h) => h.template)).toEqual(['courtesy', 'reminder-1', 'reminder-2']);
    const cost = await keep('paid-after-two-reminders', handle);
    expect(cost.events).toBeLessThan(120);
  });

  // full-ladder.json was recorded when the legal file ended collection (handed_to_legal): it replays through the patch.
  it('the full ladder to the legal file, which stays open until it closes settled', async () => {
    const handle = await start(2);
    const legal = await stateWhen(handle, (s) => s.legalFile?.status === 'open');
    await handle.executeUpdate(closeLegalFileUpdate, { args: [{ legalFileId: legal.legalFile!.id, outcome: 'settled' }] });
    expect(await handle.result()).toMatchObject({ status: 'settled' });
    const cost = await keep('full-ladder-to-settlement', handle);
    expect(cost.events).toBeLessThan(250);
  });

  it('a dispute rejected, then an instalment plan kept with a dozen payments', async () => {
    const handle = await start(1, 120_000);
    await stateWhen(handle, (s) => s.stage === 'reminding');
    await handle.executeUpdate(disputeRaisedUpdate, { args: [{ reason: 'delivery note missing' }] });
    await handle.executeUpdate(disputeResolvedUpdate, { args: [{ outcome: 'rejected', note: 'note sent' }] });
    const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    await handle.executeUpdate(instalmentAgreedUpdate, {
      args: [{ instalments: [60, 120, 180].map((s) => ({ dueDate: at(s), amount: 40_000 })), agreedBy: 'ops' }],
    });
    for (let i = 0; i < 12; i++) await handle.signal(paymentReceivedSignal, payment(`part-${i}`, 10_000));
    expect(await handle.result()).toMatchObject({ status: 'paid' });
    const state = await handle.query(stateQuery);
    expect(state.plan).toMatchObject({ status: 'kept' });
    expect(state.payments).toHaveLength(12);
    const cost = await keep('dispute-then-plan', handle);
    expect(cost.events).toBeLessThan(250);
  });
});
