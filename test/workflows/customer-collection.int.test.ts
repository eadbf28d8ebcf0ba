import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { InvoiceSignalDelivery } from '../../activities/customer-contracts';
import {
  ConsolidationRequest,
  consolidationRequestSignal,
  CustomerCollectionInput,
  customerPaymentUpdate,
  customerStateQuery,
  placeCustomerHoldUpdate,
} from '../../workflows/customer-messages';
import { customerCollection } from '../../workflows/customer-collection';
import { customerWorkflowId, mailTaskQueue } from '../../workflows/routing';
import { requiredEnv } from '../support/test-database';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { invoiceSnapshot } from '../support/test-stack';

const { EventType } = temporal.api.enums.v1;

/**
 * The customer workflow alone, on the time-skipping server with recording fakes: batches gathered for their window,
 * holds that end by themselves, refusals answered to the update without failing the workflow, and what a month of
 * activity costs in history events for 10 and for 1,000 invoices.
 */
describe('customerCollection', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  }, 120_000);

  afterAll(() => env?.teardown());

  interface Calls {
    batches: ConsolidationRequest[][];
    signals: { signal: string; deliveries: InvoiceSignalDelivery[] }[];
    holds: string[];
    lifted: string[];
  }

  function fakes(calls: Calls) {
    return {
      async sendConsolidatedReminder(_customerId: string, requests: ConsolidationRequest[]) {
        calls.batches.push(requests);
        return {
          messageId: `<batch-${calls.batches.length}@fake>`,
          invoiceIds: requests.map((r) => r.invoiceId),
          left: [],
        };
      },
      async signalInvoices(signal: string, deliveries: InvoiceSignalDelivery[]) {
        calls.signals.push({ signal, deliveries });
        return { delivered: deliveries.length };
      },
      async recordCustomerHold(_customerId: string, hold: { holdId: string }) {
        calls.holds.push(hold.holdId);
        return { since: new Date().toISOString(), invoiceIds: ['I-1', 'I-2'] };
      },
      async recordCustomerHoldLifted(_customerId: string, lift: { holdId: string }) {
        calls.lifted.push(lift.holdId);
        return { invoiceIds: ['I-1', 'I-2'] };
      },
      async allocateCustomerPayment(): Promise<never> {
        const { ApplicationFailure } = await import('@temporalio/common');
        throw ApplicationFailure.nonRetryable('payment P-1 was recorded with another amount', 'PaymentConflict');
      },
    };
  }

  async function withCustomerWorker<T>(calls: Calls, run: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `customer-${randomUUID()}`;
    const activities = fakes(calls);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') },
      activities,
    });
    const mailWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: mailTaskQueue(taskQueue),
      activities,
    });
    return worker.runUntil(mailWorker.runUntil(run(taskQueue)));
  }

  const newCalls = (): Calls => ({ batches: [], signals: [], holds: [], lifted: [] });

  function request(customerId: string, invoiceId: string, step = 0, windowMs = 10_000): ConsolidationRequest {
    const invoice = { ...invoiceSnapshot('I', '2026-11-01'), id: invoiceId };
    invoice.customer = { ...invoice.customer, id: customerId };
    return {
      invoiceId,
      recordId: `${invoiceId}:step-${step}:email`,
      windowMs,
      context: {
        invoice,
        step: { index: step, action: 'email', template: 'reminder-1', at: '2026-11-02T08:00:00Z' },
        balance: 1_000,
        policyId: 'p',
      },
    };
  }

  async function join(
    taskQueue: string,
    customerId: string,
    req: ConsolidationRequest,
    input?: Partial<CustomerCollectionInput>,
  ) {
    return env.client.workflow.signalWithStart(customerCollection, {
      taskQueue,
      workflowId: customerWorkflowId(customerId),
      args: [{ customerId, ...input }],
      signal: consolidationRequestSignal,
      signalArgs: [req],
    });
  }

  it('gathers the e-mail steps of one window into one e-mail, once per step, and answers each invoice', async () => {
    const calls = newCalls();
    await withCustomerWorker(calls, async (taskQueue) => {
      const customerId = `C-${randomUUID().slice(0, 6)}`;
      const handle = await join(taskQueue, customerId, request(customerId, 'A'));
      await join(taskQueue, customerId, request(customerId, 'B'));
      await join(taskQueue, customerId, request(customerId, 'A'));
      expect((await handle.query(customerStateQuery)).batch?.invoiceIds).toEqual(['A', 'B']);
      await env.sleep('15 seconds');
      expect(calls.batches.map((b) => b.map((r) => r.recordId))).toEqual([['A:step-0:email', 'B:step-0:email']]);
      const answers = calls.signals.find((s) => s.signal === 'consolidatedMail')!.deliveries;
      expect(answers).toEqual([
        {
          invoiceId: 'A',
          payload: { recordId: 'A:step-0:email', messageId: '<batch-1@fake>', invoiceIds: ['A', 'B'] },
        },
        {
          invoiceId: 'B',
          payload: { recordId: 'B:step-0:email', messageId: '<batch-1@fake>', invoiceIds: ['A', 'B'] },
        },
      ]);

      // A step alone in its window is told to write alone.
      await join(taskQueue, customerId, request(customerId, 'C', 1));
      await env.sleep('15 seconds');
      expect(calls.batches).toHaveLength(1);
      expect(calls.signals.at(-1)!.deliveries).toEqual([
        { invoiceId: 'C', payload: { recordId: 'C:step-1:email', messageId: null, invoiceIds: ['C'] } },
      ]);
      expect((await handle.query(customerStateQuery)).counts).toEqual({
        batchesSent: 1,
        invoicesConsolidated: 2,
        paymentsAllocated: 0,
      });
    });
  }, 120_000);

  it('holds a batch past the contact budget until the budget allows one more e-mail, and tells each step', async () => {
    const calls = newCalls();
    await withCustomerWorker(calls, async (taskQueue) => {
      const customerId = `C-${randomUUID().slice(0, 6)}`;
      const budget = { messages: 1, perMs: 7 * 86_400_000 };
      const handle = await join(taskQueue, customerId, { ...request(customerId, 'A'), budget });
      await join(taskQueue, customerId, { ...request(customerId, 'B'), budget });
      await env.sleep('15 seconds');
      expect(calls.batches).toHaveLength(1);
      const firstSent = Date.now();

      await join(taskQueue, customerId, { ...request(customerId, 'A', 1), budget });
      await join(taskQueue, customerId, { ...request(customerId, 'B', 1), budget });
      await env.sleep('15 seconds');
      expect(calls.batches).toHaveLength(1);
      const deferred = calls.signals.at(-1)!.deliveries.map((d) => d.payload as { deferredUntil?: string });
      expect(deferred).toHaveLength(2);
      const until = Date.parse(deferred[0]!.deferredUntil!);
      expect(Math.abs(until - (firstSent + budget.perMs))).toBeLessThan(60_000);
      expect((await handle.query(customerStateQuery)).batch?.invoiceIds).toEqual(['A', 'B']);

      await env.sleep('7 days');
      expect(calls.batches.map((b) => b.map((r) => r.recordId))).toEqual([
        ['A:step-0:email', 'B:step-0:email'],
        ['A:step-1:email', 'B:step-1:email'],
      ]);
    });
  }, 120_000);

  it('tells every invoice of a hold, lifts it by itself at its end date, and answers a refusal without failing', async () => {
    const calls = newCalls();
    await withCustomerWorker(calls, async (taskQueue) => {
      const customerId = `C-${randomUUID().slice(0, 6)}`;
      const until = new Date(Date.now() + 86_400_000).toISOString();
      const handle = await env.client.workflow.start(customerCollection, {
        taskQueue,
        workflowId: customerWorkflowId(customerId),
        args: [{ customerId }],
      });
      const placed = await handle.executeUpdate(placeCustomerHoldUpdate, {
        args: [{ holdId: 'H-1', kind: 'pause', reason: 'negotiating', until }],
      });
      expect(placed).toEqual({ holdId: 'H-1' });
      expect(calls.signals.map((s) => [s.signal, s.deliveries.map((d) => d.invoiceId)])).toEqual([
        ['customerHold', ['I-1', 'I-2']],
      ]);
      // Refused before it enters the history, naming the field.
      await expect(
        handle.executeUpdate(placeCustomerHoldUpdate, {
          args: [{ holdId: 'H-2', kind: 'forever', reason: 'x' } as never],
        }),
      ).rejects.toThrow(WorkflowUpdateFailedError);

      await env.sleep('25 hours');
      expect(calls.lifted).toEqual(['H-1']);
      expect((await handle.query(customerStateQuery)).holds).toEqual([]);
      expect(calls.signals.at(-1)!.deliveries[0]!.payload).toMatchObject({ holdId: 'H-1', lifted: true });

      const refused = handle.executeUpdate(customerPaymentUpdate, {
        args: [{ paymentId: 'P-1', amount: 100, currency: 'EUR', receivedAt: new Date().toISOString() }],
      });
      await expect(refused).rejects.toMatchObject({ cause: { message: expect.stringMatching(/another amount/) } });
      const { status } = await handle.describe();
      expect(status.name).toBe('RUNNING');
    });
  }, 120_000);

  /** Every run of the customer's workflow, from its first, following continue-as-new. */
  async function historyEvents(workflowId: string): Promise<{ runs: number; events: number; largestRun: number }> {
    let runId: string | undefined =
      (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.execution?.runId ??
      undefined;
    // Walk back from the latest run to the first (each run's first event names the run it continued).
    const sizes: number[] = [];
    while (runId) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      const events = history.events ?? [];
      sizes.push(events.length);
      const started = events.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED);
      runId = started?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    return { runs: sizes.length, events: sizes.reduce((a, b) => a + b, 0), largestRun: Math.max(...sizes) };
  }

  /**
   * A month of activity: invoices falling due over 30 days, each sending four reminders a week apart (days 1, 8, 15
   * and 22 after its due date), a hold placed and lifted, and a payment. Prints the history it costs.
   */
  async function month(
    invoices: number,
    historyLimit?: number,
  ): Promise<{ runs: number; events: number; largestRun: number; batches: number }> {
    const calls = newCalls();
    return withCustomerWorker(calls, async (taskQueue) => {
      const customerId = `M-${invoices}-${randomUUID().slice(0, 6)}`;
      const handle = env.client.workflow.getHandle(customerWorkflowId(customerId));
      for (let day = 0; day < 30; day++) {
        const sends: ConsolidationRequest[] = [];
        for (let i = 0; i < invoices; i++) {
          const dueDay = i % 30;
          for (const [step, after] of [1, 8, 15, 22].entries()) {
            if (dueDay + after === day) sends.push(request(customerId, `I-${i}`, step));
          }
        }
        for (const req of sends) await join(taskQueue, customerId, req, historyLimit ? { historyLimit } : {});
        if (day === 10) {
          await handle.executeUpdate(placeCustomerHoldUpdate, {
            args: [{ holdId: `H-${day}`, kind: 'pause', reason: 'call me' }],
          });
        }
        await env.sleep('1 day');
      }
      const figures = await historyEvents(customerWorkflowId(customerId));
      return { ...figures, batches: calls.batches.length };
    });
  }

  /**
   * CI runs a month of 250 invoices with runs continuing as new at 500 events; `npm run soak:customers` runs the full
   * 1,000 invoices at the production limit (about ten minutes on two cores) and prints the figures.
   */
  const many = Number(process.env.RELANCE_MONTH_INVOICES || 250);
  const manyLimit = many >= 1_000 ? undefined : 500;

  it(`stays bounded over a month for 10 and for ${many} invoices`, async () => {
    const ten = await month(10);
    const lots = await month(many, manyLimit);
    console.log(
      `customerCollection over a month: 10 invoices → ${ten.events} events in ${ten.runs} run(s), ${ten.batches} batches; ` +
        `${many} invoices → ${lots.events} events in ${lots.runs} run(s) (largest ${lots.largestRun}, limit ` +
        `${manyLimit ?? 'default'}), ${lots.batches} batches`,
    );
    expect(lots.runs).toBeGreaterThan(1);
    // Each run continues as new near its limit, well below Temporal's 51,200 events.
    expect(lots.largestRun).toBeLessThan(2 * (manyLimit ?? 2_000));
    expect(ten.runs).toBe(1);
  }, 1_200_000);
});
