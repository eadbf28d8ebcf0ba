import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DEMO_POLICY, DunningPolicy, FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import { scheduleSteps } from '../../domain/dunning-schedule';
import {
  callOutcomeSignal,
  closeLegalFileUpdate,
  disputeRaisedSignal,
  instalmentAgreedSignal,
  InvoiceCollectionInput,
  paymentReceivedSignal,
  paymentReversedSignal,
  stateQuery,
} from '../../workflows/messages';
import type { InvoiceState } from '../../workflows/read-model';
import { mailTaskQueue } from '../../workflows/routing';
import { invoiceCollection } from '../../workflows/invoice-collection';
import { createFakeActivities } from '../support/fake-activities';
import { eventually } from '../support/eventually';
import { stateWhen } from '../support/workflow-state';
import { requiredEnv } from '../support/test-database';
import { createTimeSkippingEnv } from '../support/time-skipping';

const DAY = 86_400_000;

describe('invoiceCollection on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  // One test server per test: its clock is global, and anything a test leaves behind (a task no worker will take)
  // would stop time skipping for every test after it.
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });

  afterEach(() => env?.teardown());

  function input(dueDate: string, policy: DunningPolicy = FRENCH_B2B_POLICY, amount = 50_000): InvoiceCollectionInput {
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

  type Fakes = ReturnType<typeof createFakeActivities>;

  /** A worker on the workflow's queue and one on its mail queue, as in production. */
  async function withWorker<T>(run: (taskQueue: string, fakes: Fakes) => Promise<T>, refuse: string[] = []) {
    const taskQueue = `ts-${randomUUID()}`;
    const fakes = createFakeActivities(Date.now, { templates: refuse });
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
    try {
      return await worker.runUntil(mailWorker.runUntil(run(taskQueue, fakes)));
    } finally {
      // A workflow left running without its worker holds a task the test server waits for, which stops time
      // skipping for every later test: end whatever this test started.
      await Promise.all(started.splice(0).map((handle) => handle.terminate('test over').catch(() => undefined)));
    }
  }

  const started: { terminate(reason: string): Promise<unknown> }[] = [];
  const start = async (taskQueue: string, args: InvoiceCollectionInput) => {
    const handle = await env.client.workflow.start(invoiceCollection, {
      taskQueue,
      workflowId: `wf-${randomUUID()}`,
      args: [args],
    });
    started.push(handle);
    return handle;
  };

  /**
   * A backlog's catch-up step goes out at the next send slot: skips time to it when it is not now, waits until `accept`
   * holds, and answers the server's time then, from which the test counts on.
   */
  async function caughtUp(
    handle: Parameters<typeof stateWhen>[0],
    onboarded: number,
    accept: (state: InvoiceState) => boolean,
  ): Promise<number> {
    const planned = await stateWhen(
      handle,
      (s) => accept(s) || (!!s.nextAction?.at && Date.parse(s.nextAction.at) > onboarded),
    );
    if (!accept(planned)) await env.sleep(Date.parse(planned.nextAction!.at!) - (await env.currentTimeMs()) + 60_000);
    await stateWhen(handle, accept);
    return env.currentTimeMs();
  }

  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const parisSlot = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    }).format(new Date(iso));
  const pay = (paymentId: string, amount: number) => ({
    paymentId,
    amount,
    currency: 'EUR',
    receivedAt: new Date().toISOString(),
  });

  it('walks the whole French ladder, each step at 09:00 Paris time on a business day, to the legal file', async () => {
    const now = await env.currentTimeMs();
    const args = input(isoDate(now + 10 * DAY));
    const expected = scheduleSteps({
      dueDate: args.invoice.dueDate,
      timezone: 'Europe/Paris',
      country: 'FR',
      policy: FRENCH_B2B_POLICY,
    });
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, args);
      await env.sleep(80 * DAY);
      const opened = await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      // The legal file no longer ends collection: the invoice stays open in `legal` until the file closes.
      const legalFileId = `LF-${args.invoice.id}`;
      expect(opened).toMatchObject({ status: 'open', stage: 'legal' });
      expect(opened.nextAction).toEqual({ action: 'legal_file_open', at: null, legalFileId });
      const settled = await handle.executeUpdate(closeLegalFileUpdate, {
        args: [{ legalFileId, outcome: 'settled', note: 'settled with the lawyer' }],
      });
      expect(settled).toMatchObject({ status: 'settled', stage: 'settled', legalFile: { status: 'closed' } });
      const result = await handle.result();
      expect(result).toEqual({ status: 'settled', balance: 50_000, credit: 0, currency: 'EUR' });
      const steps = fakes.calls.filter((c) => c.stepIndex !== undefined);
      expect(steps.map((c) => c.template)).toEqual(FRENCH_B2B_POLICY.steps.map((s) => s.template));
      expect(fakes.calls.find((c) => c.name === 'closeLegalFileRecord')).toMatchObject({
        key: legalFileId,
        template: 'settled',
      });
      // Activities run on real time; the workflow's own record of each step carries the skipped time.
      const state = await handle.query(stateQuery);
      state.history.forEach((record, i) => {
        expect(record.scheduledAt).toBe(expected[i]!.at);
        // The legal file may wait past its slot for the end of the formal notice's deadline.
        const due = i === 6 ? Math.max(Date.parse(expected[6]!.at), Date.parse(expected[5]!.deadline!)) : null;
        expect(Date.parse(record.at) - (due ?? Date.parse(expected[i]!.at))).toBeLessThan(60_000);
        expect(parisSlot(record.scheduledAt)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      });
      expect(state.history.map((h) => h.result)).toEqual(Array(7).fill('sent'));
      const notice = state.history.find((h) => h.action === 'formal_notice')!;
      expect(notice.deadline).toBe(expected[5]!.deadline);
      // The legal file waits for the end of the notice's deadline, even where the policy's offset falls on its last day.
      const legal = state.history.find((h) => h.action === 'legal_file')!;
      expect(Date.parse(legal.at)).toBeGreaterThanOrEqual(Date.parse(notice.deadline!));
      const stages = fakes.events.filter((e) => e.kind === 'stage_changed').map((e) => e.detail.to);
      expect(stages).toEqual(['reminding', 'calling', 'letter', 'formal_notice', 'legal', 'settled']);
    });
  });

  it('re-opens a paid invoice when its cheque bounces and resumes the ladder where it stood', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(new Date(now + 1_000).toISOString(), DEMO_POLICY));
      await env.sleep(7_000);
      await handle.signal(paymentReceivedSignal, { ...pay('chq-1', 50_000), method: 'cheque' });
      expect((await handle.query(stateQuery)).status).toBe('paid');
      const sentBefore = fakes.calls.filter((c) => c.name !== 'sendCustomerNotice').length;
      await handle.signal(paymentReversedSignal, { paymentId: 'chq-1', reason: 'chèque sans provision' });
      await env.sleep(60_000);
      const legal = await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      expect(legal).toMatchObject({ status: 'open', stage: 'legal', balance: 50_000 });
      const steps = fakes.calls.filter((c) => c.stepIndex !== undefined);
      const resumed = steps.slice(sentBefore).map((c) => c.name);
      expect(resumed[resumed.length - 1]).toBe('openLegalFile');
      expect(resumed).not.toContain('sendReminderEmail');
      expect(fakes.calls.filter((c) => c.template === 'payment-thanks')).toHaveLength(1);
      expect(fakes.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['payment_received', 'payment_reversed']));
    });
  });

  it('runs only the most advanced step already due for a backlog invoice, then continues the ladder', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(now - 20 * DAY)));
      // The catch-up goes out at the next send slot: at most four days ahead (a Friday evening before a Monday holiday),
      // and the letter after it is ten days later.
      await env.sleep(4 * DAY);
      const state = await stateWhen(handle, (s) => s.stage === 'calling');
      expect(parisSlot(state.history.find((h) => h.result === 'sent')!.at)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:0\d$/);
      expect(fakes.calls.map((c) => c.name)).toEqual(['createPhoneTask']);
      expect(state.history.filter((h) => h.result === 'skipped').map((h) => h.template)).toEqual([
        'courtesy',
        'reminder-1',
        'reminder-2',
      ]);
      expect(state.nextAction?.action).toBe('letter');
      expect(state.timeline.map((t) => t.action)).toEqual(['letter', 'formal_notice', 'legal_file']);
    });
  });

  it('sends a formal notice first to a backlog invoice already due for the legal file, then waits for its deadline', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(now - 90 * DAY)));
      await env.sleep(4 * DAY); // the catch-up's send slot
      const noticed = await stateWhen(handle, (s) => s.stage === 'formal_notice');
      expect(fakes.calls.map((c) => c.name)).toEqual(['sendFormalNotice']);
      const notice = noticed.history.find((h) => h.result === 'sent')!;
      // Eight full days from the day it went out, to the end of a working day.
      expect(Date.parse(notice.deadline!) - Date.parse(notice.at)).toBeGreaterThanOrEqual(8 * DAY);
      expect(noticed.nextAction).toEqual({ action: 'legal_file', at: notice.deadline });
      await env.sleep(Date.parse(notice.deadline!) - (await env.currentTimeMs()) + DAY);
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      expect(fakes.calls.filter((c) => c.stepIndex !== undefined).map((c) => c.name)).toEqual([
        'sendFormalNotice',
        'openLegalFile',
      ]);
    });
  });

  it('keeps an instalment plan: a reminder before each instalment, payments in order, no escalation, paid', async () => {
    const onboarded = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(onboarded - 5 * DAY), FRENCH_B2B_POLICY, 90_000));
      const now = await caughtUp(handle, onboarded, (s) => s.stage === 'reminding');
      const plan = {
        instalments: [
          { dueDate: isoDate(now + 20 * DAY), amount: 30_000 },
          { dueDate: isoDate(now + 50 * DAY), amount: 30_000 },
          { dueDate: isoDate(now + 80 * DAY), amount: 30_000 },
        ],
        agreedBy: 'collector',
      };
      await handle.signal(instalmentAgreedSignal, plan);
      await handle.signal(instalmentAgreedSignal, { instalments: [{ dueDate: isoDate(now + DAY), amount: 1 }] });
      const agreed = await handle.query(stateQuery);
      expect(agreed.stage).toBe('instalment_plan');
      expect(agreed.plan!.number).toBe(1);
      expect(agreed.timeline.slice(0, 2).map((t) => t.action)).toEqual(['instalment_reminder', 'instalment_check']);
      expect(parisSlot(agreed.timeline[0]!.at)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      expect(agreed.timeline.filter((t) => t.index !== undefined).every((t) => t.tentative)).toBe(true);
      for (const [i, offset] of [18, 48, 78].entries()) {
        await env.sleep(now + offset * DAY - (await env.currentTimeMs()));
        await handle.signal(paymentReceivedSignal, pay(`inst-${i}`, 30_000));
      }
      const result = await handle.result();
      expect(result.status).toBe('paid');
      const notices = fakes.calls.filter((c) => c.name === 'sendCustomerNotice').map((c) => c.key);
      expect(notices).toEqual([
        'plan-1:confirmation',
        'plan-1:instalment-0:reminder',
        'plan-1:instalment-1:reminder',
        'plan-1:instalment-2:reminder',
        'payment:inst-2:thanks',
      ]);
      const ladder = fakes.calls.filter((c) => c.stepIndex !== undefined).map((c) => c.template);
      expect(ladder).toEqual(['reminder-1']);
      const state = await handle.query(stateQuery);
      expect(state.plan!.status).toBe('kept');
      expect(state.plan!.instalments.map((i) => i.status)).toEqual(['paid', 'paid', 'paid']);
    });
  });

  it('breaks a plan on a missed instalment and resumes at the registered letter on the next business morning', async () => {
    const onboarded = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(onboarded - 5 * DAY), FRENCH_B2B_POLICY, 60_000));
      const now = await caughtUp(handle, onboarded, (s) => s.stage === 'reminding');
      await handle.signal(instalmentAgreedSignal, {
        instalments: [
          { dueDate: isoDate(now + 10 * DAY), amount: 20_000 },
          { dueDate: isoDate(now + 40 * DAY), amount: 40_000 },
        ],
      });
      await env.sleep(9 * DAY);
      await handle.signal(paymentReceivedSignal, pay('short', 5_000));
      await env.sleep(11 * DAY);
      // Activities run in real time after the skipped timers fire: wait for the letter to be recorded.
      const broken = await stateWhen(handle, (s) => s.history.some((h) => h.action === 'letter'));
      expect(broken.plan).toMatchObject({ status: 'broken' });
      expect(broken.plan!.instalments[0]!.status).toBe('missed');
      expect(broken.balance).toBe(55_000);
      expect(fakes.calls.filter((c) => c.name === 'sendCustomerNotice').map((c) => c.key)).toContain('plan-1:broken');
      const letter = broken.history.find((h) => h.action === 'letter');
      expect(letter).toBeDefined();
      expect(parisSlot(letter!.scheduledAt)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      expect(Date.parse(letter!.scheduledAt)).toBeGreaterThan(Date.parse(broken.plan!.brokenAt!));
      // The friendly steps were used up: nothing between the first reminder and the letter is sent again.
      expect(fakes.calls.filter((c) => c.stepIndex !== undefined).map((c) => c.template)).toEqual([
        'reminder-1',
        'registered-letter',
      ]);
      expect(broken.history.filter((h) => h.result === 'sent').map((h) => h.template)).toEqual([
        'reminder-1',
        'registered-letter',
      ]);
    });
  });

  it('holds escalation while disputed, and asks support to act once the SLA passes', async () => {
    const onboarded = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(onboarded - 5 * DAY)));
      await caughtUp(handle, onboarded, (s) => s.stage === 'reminding');
      await handle.signal(disputeRaisedSignal, { reason: 'goods arrived damaged', raisedBy: 'customer' });
      await handle.signal(disputeRaisedSignal, { reason: 'second copy of the same complaint' });
      await env.sleep(45 * DAY);
      const state = await handle.query(stateQuery);
      expect(state.stage).toBe('disputed');
      expect(state.disputes).toHaveLength(1);
      expect(state.dispute!.slaBreached).toBe(true);
      expect(fakes.calls.filter((c) => c.stepIndex !== undefined).map((c) => c.template)).toEqual(['reminder-1']);
      const support = await eventually(
        async () => fakes.calls.filter((c) => c.name === 'createSupportTask'),
        (calls) => calls.length > 0,
      );
      expect(support.map((c) => c.template)).toEqual(['dispute_review']);
      const passed = fakes.events.find((e) => e.kind === 'dispute_sla_passed')!;
      expect(Math.abs(Date.parse(passed.at) - Date.parse(state.dispute!.slaEndsAt))).toBeLessThan(60_000);
    });
  });

  it('sends nothing when a payment lands a moment before the step fires', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const dueMs = now + 60_000;
      const handle = await start(taskQueue, input(new Date(dueMs).toISOString(), DEMO_POLICY));
      await env.sleep(dueMs - 2_000 - (await env.currentTimeMs()));
      await handle.signal(paymentReceivedSignal, pay('just-in-time', 50_000));
      await env.sleep(60_000);
      expect(fakes.calls.filter((c) => c.stepIndex !== undefined)).toEqual([]);
      expect((await handle.query(stateQuery)).status).toBe('paid');
    });
  });

  it('applies duplicate and out-of-order messages once, in the only order that makes sense', async () => {
    const now = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(now + 30 * DAY)));
      // Overtakes its payment on the way: kept, and applied when the payment arrives.
      await handle.signal(paymentReversedSignal, { paymentId: 'p1', reason: 'bounced' });
      await handle.signal(paymentReceivedSignal, pay('p1', 20_000));
      await handle.signal(paymentReceivedSignal, pay('p1', 20_000));
      await handle.signal(paymentReceivedSignal, { ...pay('p2', 1_000), currency: 'USD' }); // wrong currency: dropped
      await handle.signal(paymentReversedSignal, { paymentId: 'p1', reason: 'bounced' });
      await handle.signal(paymentReversedSignal, { paymentId: 'p1', reason: 'bounced' });
      await handle.signal(callOutcomeSignal, { taskId: 't-1', outcome: 'no_answer' });
      await handle.signal(callOutcomeSignal, { taskId: 't-1', outcome: 'no_answer' });
      const state = await stateWhen(handle, (s) => s.calls.length > 0);
      expect(state.payments).toHaveLength(1);
      expect(state.payments[0]!.reversed?.reason).toBe('bounced');
      expect(state.balance).toBe(50_000);
      expect(state.calls).toHaveLength(1);
      // Nobody waits for a signal's answer: each refusal is on the proof trail with its reason.
      const refused = await eventually(
        async () => fakes.events.filter((e) => e.kind === 'message_refused'),
        (events) => events.length === 1,
      );
      expect(refused.map((e) => e.detail.reason)).toEqual([
        'currency: currency USD does not match the invoice currency EUR',
      ]);
      // Whichever of the two came first, nothing is left waiting.
      expect(state.pendingReversals ?? []).toEqual([]);
    });
  });

  it('records a refused e-mail as a failed step with the reason and goes on with the ladder', async () => {
    const now = await env.currentTimeMs();
    await withWorker(
      async (taskQueue) => {
        const handle = await start(taskQueue, input(new Date(now + 1_000).toISOString(), DEMO_POLICY));
        await env.sleep(12_000);
        const state = await stateWhen(handle, (s) => s.history.length >= 3);
        expect(state.history[0]).toMatchObject({ template: 'reminder-1', result: 'failed' });
        expect(state.history[0]!.detail).toContain('550');
        expect(state.history.slice(1, 3).map((h) => h.result)).toEqual(['sent', 'sent']);
      },
      ['reminder-1'],
    );
  });

  it('waits for a promise made on a call, counts it broken, then resumes escalation', async () => {
    const onboarded = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const handle = await start(taskQueue, input(isoDate(onboarded - 5 * DAY)));
      const now = await caughtUp(handle, onboarded, (s) => s.stage === 'reminding');
      await handle.signal(callOutcomeSignal, {
        taskId: 'call-1',
        outcome: 'promise_to_pay',
        promisedDate: isoDate(now + 20 * DAY),
      });
      const promised = await handle.query(stateQuery);
      expect(promised.stage).toBe('promise_to_pay');
      await env.sleep(22 * DAY);
      expect(fakes.calls.filter((c) => c.stepIndex !== undefined).map((c) => c.template)).toEqual(['reminder-1']);
      await env.sleep(3 * DAY);
      const state = await stateWhen(handle, (s) => s.brokenPromises === 1);
      expect(state.promise).toBeNull();
      expect(fakes.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['promise_made', 'promise_broken']));
      // Escalation resumes with the next step, at the next send slot, not with a burst of overdue ones.
      const next = state.nextAction!;
      if (next.action === 'email')
        await env.sleep(Math.max(0, Date.parse(next.at) - (await env.currentTimeMs())) + 60_000);
      const resumed = await eventually(
        async () => fakes.calls.filter((c) => c.stepIndex !== undefined).map((c) => c.template),
        (templates) => templates.length >= 2,
      );
      expect(resumed).toEqual(['reminder-1', 'reminder-2']);
      const reminder = (await handle.query(stateQuery)).history.find((h) => h.template === 'reminder-2')!;
      expect(Date.parse(reminder.scheduledAt)).toBeGreaterThan(Date.parse(promised.promise!.watchUntil));
      expect(parisSlot(reminder.scheduledAt)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
    });
  });

  it('continues as new on a long plan without losing state, messages or proof-trail events', async () => {
    const onboarded = await env.currentTimeMs();
    await withWorker(async (taskQueue, fakes) => {
      const args = { ...input(isoDate(onboarded + 2 * DAY), FRENCH_B2B_POLICY, 120_000), historyLimit: 60 };
      const handle = await start(taskQueue, args);
      // The courtesy note (already due) goes out first. The Java test server cannot cancel an activity that is still
      // queued ("ACTIVITY_UNKNOWN"), which a plan agreed at that moment would do; the dev server test covers that case.
      const now = await caughtUp(handle, onboarded, (s) => s.history.length === 1);
      const instalments = Array.from({ length: 12 }, (_, i) => ({
        dueDate: isoDate(now + (30 + 30 * i) * DAY),
        amount: 10_000,
      }));
      await handle.signal(instalmentAgreedSignal, { instalments });
      for (let i = 0; i < 12; i++) {
        await env.sleep(now + (28 + 30 * i) * DAY - (await env.currentTimeMs()));
        await handle.signal(paymentReceivedSignal, pay(`m-${i}`, 10_000));
      }
      const result = await handle.result();
      expect(result.status).toBe('paid');
      const description = await handle.describe();
      expect(description.runId).not.toBe(handle.firstExecutionRunId);
      const state = await handle.query(stateQuery);
      expect(state.payments.map((p) => p.paymentId)).toEqual(instalments.map((_, i) => `m-${i}`));
      expect(state.plan!.status).toBe('kept');
      const seqs = fakes.events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      const reminders = fakes.calls.filter((c) => c.key?.endsWith(':reminder'));
      expect(new Set(reminders.map((c) => c.key)).size).toBe(reminders.length);
      expect(reminders).toHaveLength(12);
    });
  });
});
