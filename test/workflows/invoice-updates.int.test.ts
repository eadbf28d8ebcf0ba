import { randomUUID } from 'node:crypto';
import { Client, WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createInvoiceWorker, createMailWorker } from '../../worker/create-worker';
import { ApplicationFailure } from '@temporalio/common';
import { startInvoiceWorkflow } from '../../api/temporal/invoice-workflow-client';
import { listCommunications } from '../../db/communications';
import { DEMO_POLICY, DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import {
  cancelUpdate,
  disputeRaisedUpdate,
  disputeResolvedUpdate,
  instalmentAgreedUpdate,
  movePolicyUpdate,
  pauseUpdate,
  paymentReceivedUpdate,
  promiseToPayUpdate,
  resumeUpdate,
  stateQuery,
} from '../../workflows/messages';
import { invoiceWorkflowId } from '../../workflows/routing';
import { eventually } from '../support/eventually';
import { stateWhen } from '../support/workflow-state';
import { messagesTo } from '../support/mail-inbox';
import { requiredEnv } from '../support/test-database';
import { invoiceSnapshot, startTestStack, TestStack, testMailSettings } from '../support/test-stack';

/** Calendar off and a long gap before the legal file: each invoice stays at a known stage while the test works. */
const SLOW: DunningPolicy = parseDunningPolicy({
  id: 'slow-test',
  version: 1,
  name: 'Slow test ladder',
  calendar: null,
  instalmentGrace: 'PT2S',
  promiseGrace: 'PT2S',
  disputeSla: 'PT1H',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'PT1S', action: 'formal_notice', template: 'formal-notice', deadline: 'PT1H' },
    { after: 'PT2H', action: 'legal_file' },
  ],
});

describe('invoiceCollection updates on the real dev server', () => {
  let stack: TestStack;
  let client: Client;

  beforeAll(async () => {
    stack = await startTestStack();
    client = await stack.temporal.client();
  });

  afterAll(() => stack.stop());

  async function startInvoice(policy = SLOW, dueInMs = 500, amount = 90_000, taskQueue = stack.taskQueue) {
    const invoice = invoiceSnapshot('U', new Date(Date.now() + dueInMs).toISOString(), { amount });
    await startInvoiceWorkflow(client, invoice, policy, taskQueue);
    return { invoice, handle: client.workflow.getHandle(invoiceWorkflowId(invoice.id)) };
  }

  const stageOf = (handle: WorkflowHandle, stage: string) => stateWhen(handle, (s) => s.stage === stage);

  async function refusal(run: () => Promise<unknown>): Promise<{ field: string; message: string }> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('InvalidMessage');
    return { field: (cause.details?.[0] as { field: string }).field, message: cause.message };
  }

  const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

  it('finds exactly the invoices at a stage with the DunningStage search attribute', async () => {
    const { invoice, handle } = await startInvoice();
    await stageOf(handle, 'formal_notice');
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const wf of client.workflow.list({
          query: `DunningStage = 'formal_notice' AND CustomerId = '${invoice.customer.id}'`,
        }))
          ids.push(wf.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(found).toEqual([invoiceWorkflowId(invoice.id)]);
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get({ name: 'NextActionAt', type: 'DATETIME' } as never)).toBeDefined();
    await handle.terminate('test over');
  });

  it('refuses an instalment plan that does not add up, then takes one that does, answering with the new state', async () => {
    const { handle } = await startInvoice();
    await stageOf(handle, 'formal_notice');
    const before = await handle.query(stateQuery);
    const wrong = await refusal(() =>
      handle.executeUpdate(instalmentAgreedUpdate, {
        args: [{ instalments: [{ dueDate: inSeconds(3600), amount: 10_000 }] }],
      }),
    );
    expect(wrong.field).toBe('instalments');
    expect(wrong.message).toContain('the balance is 90000');
    expect((await handle.query(stateQuery)).plan).toBeNull();
    const state = await handle.executeUpdate(instalmentAgreedUpdate, {
      args: [
        {
          instalments: [
            { dueDate: inSeconds(3600), amount: 45_000 },
            { dueDate: inSeconds(7200), amount: 45_000 },
          ],
          agreedBy: 'ops',
        },
      ],
    });
    expect(state.stage).toBe('instalment_plan');
    expect(state.plan!.instalments).toHaveLength(2);
    // Due within the three days a reminder gives: no reminder, the first thing ahead is the instalment's check.
    expect(state.nextAction).toEqual({ action: 'instalment_check', at: state.plan!.instalments[0]!.graceEndsAt });
    expect(before.plan).toBeNull();
    const cancelled = await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'credit note AV-2026-7' }] });
    expect(cancelled.status).toBe('cancelled');
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
  });

  it('waits on a promise to pay, and keeps it when the promised amount arrives', async () => {
    const { handle } = await startInvoice();
    await stageOf(handle, 'formal_notice');
    expect(
      (await refusal(() => handle.executeUpdate(promiseToPayUpdate, { args: [{ promisedDate: '2020-01-01' }] }))).field,
    ).toBe('promisedDate');
    const promised = await handle.executeUpdate(promiseToPayUpdate, {
      args: [{ promisedDate: inSeconds(2), amount: 40_000 }],
    });
    expect(promised.stage).toBe('promise_to_pay');
    expect(promised.nextAction?.action).toBe('promise_check');
    await handle.executeUpdate(paymentReceivedUpdate, {
      args: [{ paymentId: 'kept-1', amount: 40_000, currency: 'EUR', receivedAt: new Date().toISOString() }],
    });
    const after = await stateWhen(handle, (s) => s.promise === null);
    expect(after).toMatchObject({ stage: 'formal_notice', brokenPromises: 0, balance: 50_000 });
    await handle.terminate('test over');
  });

  it('pauses until resumed, refuses a second pause, and resumes where it stood without a burst', async () => {
    const { handle } = await startInvoice(SLOW, 1_500);
    const paused = await handle.executeUpdate(pauseUpdate, { args: [{ reason: 'customer in safeguard procedure' }] });
    expect(paused).toMatchObject({ stage: 'paused', nextAction: null });
    expect(paused.timeline.every((t) => t.tentative)).toBe(true);
    expect((await refusal(() => handle.executeUpdate(pauseUpdate, { args: [{}] }))).message).toContain(
      'already paused',
    );
    // The first reminder falls due while the invoice is held.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const resumedAt = Date.now();
    const resumed = await handle.executeUpdate(resumeUpdate, { args: [{ reason: 'procedure lifted' }] });
    expect(resumed.stage).toBe('scheduled');
    expect(resumed.hold).toBeNull();
    // The answer already carries the rebased ladder: the overdue reminder now, the notice one second after it.
    expect(resumed.nextAction?.action).toBe('email');
    expect(Date.parse(resumed.nextAction!.at!)).toBeGreaterThanOrEqual(resumedAt - 1_000);
    const [email, notice] = resumed.timeline;
    expect(Date.parse(notice!.at) - Date.parse(email!.at)).toBe(1_000);
    await handle.terminate('test over');
  });

  it('resolves disputes: rejected resumes, partially upheld lowers the balance, upheld cancels', async () => {
    const { invoice, handle } = await startInvoice();
    await stageOf(handle, 'formal_notice');
    const disputed = await handle.executeUpdate(disputeRaisedUpdate, { args: [{ reason: 'wrong quantity' }] });
    expect(disputed.stage).toBe('disputed');
    expect(disputed.nextAction?.action).toBe('dispute_sla');
    expect(
      (await refusal(() => handle.executeUpdate(disputeRaisedUpdate, { args: [{ reason: 'again' }] }))).message,
    ).toContain('already open');
    const rejected = await handle.executeUpdate(disputeResolvedUpdate, { args: [{ outcome: 'rejected' }] });
    expect(rejected.stage).toBe('formal_notice');
    await handle.executeUpdate(disputeRaisedUpdate, { args: [{ reason: 'one crate damaged' }] });
    const partial = await handle.executeUpdate(disputeResolvedUpdate, {
      args: [{ outcome: 'partially_upheld', creditAmount: 15_000 }],
    });
    expect(partial).toMatchObject({ balance: 75_000, stage: 'formal_notice' });
    await handle.executeUpdate(disputeRaisedUpdate, { args: [{ reason: 'order never placed' }] });
    const upheld = await handle.executeUpdate(disputeResolvedUpdate, { args: [{ outcome: 'upheld' }] });
    expect(upheld.status).toBe('cancelled');
    expect(upheld.disputes.map((d) => d.outcome)).toEqual(['rejected', 'partially_upheld', 'upheld']);
    expect(await handle.result()).toMatchObject({ status: 'cancelled' });
    const kinds = (await listCommunications(stack.db, invoice.id))
      .filter((c) => c.channel === 'event')
      .map((c) => c.kind);
    expect(kinds.filter((k) => k === 'dispute_resolved')).toHaveLength(3);
    expect(kinds).toContain('stage_changed');
  });

  it('moves a running invoice to another policy version explicitly and continues beyond what was done', async () => {
    const { invoice, handle } = await startInvoice(SLOW, 60_000);
    const next = parseDunningPolicy({ ...SLOW, version: 2, steps: [...DEMO_POLICY.steps] });
    expect((await refusal(() => handle.executeUpdate(movePolicyUpdate, { args: [{ policy: SLOW }] }))).field).toBe(
      'policy',
    );
    expect(
      (await refusal(() => handle.executeUpdate(movePolicyUpdate, { args: [{ policy: next, fromStep: 9 }] }))).field,
    ).toBe('fromStep');
    const moved = await handle.executeUpdate(movePolicyUpdate, {
      args: [{ policy: next, reason: 'customer moved to the fast ladder', by: 'ops' }],
    });
    expect(moved.policy).toEqual({ id: 'slow-test', version: 2 });
    expect(moved.ladder).toBe(1);
    expect(moved.timeline.map((t) => t.template)).toEqual(next.steps.map((s) => s.template));
    const trail = await eventually(
      () => listCommunications(stack.db, invoice.id),
      (rows) => rows.some((r) => r.kind === 'policy_moved'),
    );
    expect(trail.find((r) => r.kind === 'policy_moved')!.detail).toMatchObject({
      from: { id: 'slow-test', version: 1 },
      to: { id: 'slow-test', version: 2 },
      fromStep: 0,
    });
    await handle.terminate('test over');
  });

  it('stops a reminder still waiting in the mail queue when the invoice is paid: it never goes out', async () => {
    const taskQueue = `queued-${randomUUID()}`;
    const connection = await NativeConnection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
    const deps = { connection, namespace: 'default', taskQueue, db: stack.db, mail: testMailSettings() };
    // Only the workflow queue is served at first: the reminder waits in the mail queue, as behind a month-end wave.
    const main = await createInvoiceWorker({ ...deps, workflowBundlePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') });
    const mainRun = main.run();
    try {
      const { invoice, handle } = await startInvoice(SLOW, 0, 90_000, taskQueue);
      await eventually(
        async () => ((await handle.describe()).raw.pendingActivities ?? []).map((a) => a.activityType?.name),
        (names) => names.includes('sendReminderEmail'),
      );
      const paid = await handle.executeUpdate(paymentReceivedUpdate, {
        args: [{ paymentId: 'while-queued', amount: 90_000, currency: 'EUR', receivedAt: new Date().toISOString() }],
      });
      expect(paid.status).toBe('paid');
      const state = await stateWhen(handle, (s) => s.history.length === 1);
      expect(state.history[0]).toMatchObject({ template: 'reminder-1', result: 'skipped' });
      expect(state.history[0]!.detail).toContain('stopped before it started');
      // The mail queue now holds only the thank-you for the payment.
      const mail = await createMailWorker({ ...deps, ratePerSecond: 50 });
      await mail.runUntil(
        eventually(
          () => messagesTo(invoice.customer.email).then((m) => m.filter((x) => x.subject.includes(invoice.id))),
          (messages) => messages.length >= 1,
        ),
      );
      const received = (await messagesTo(invoice.customer.email)).filter((m) => m.subject.includes(invoice.id));
      expect(received).toHaveLength(1);
      expect(received[0]!.subject).not.toContain('retard');
      await handle.terminate('test over');
    } finally {
      main.shutdown();
      await mainRun;
      await connection.close();
    }
  });
});
