import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { StepContext } from '../../activities/contracts';
import { DunningPolicy, FRENCH_B2B_POLICY, parseDunningPolicy } from '../../domain/dunning-policy';
import { FailureType, StepBlock } from '../../domain/failure-types';
import {
  InvoiceCollectionInput,
  paymentReceivedSignal,
  ratesUpdatedSignal,
  stateQuery,
  updateContactUpdate,
} from '../../workflows/messages';
import { mailTaskQueue } from '../../workflows/routing';
import { invoiceCollection } from '../../workflows/invoice-collection';
import { exportHistory } from '../histories/export-history';
import { createFakeActivities } from '../support/fake-activities';
import { stateWhen } from '../support/workflow-state';
import { requiredEnv } from '../support/test-database';
import { createTimeSkippingEnv } from '../support/time-skipping';

const DAY = 86_400_000;

/** The ladder's shape with the calendar off: a reminder, the registered letter, the notice, the legal file. */
const QUICK: DunningPolicy = parseDunningPolicy({
  id: 'blocked-steps',
  version: 1,
  name: 'Blocked steps',
  calendar: null,
  instalmentGrace: 'PT2S',
  promiseGrace: 'PT2S',
  disputeSla: 'PT1H',
  reversalWindow: 'PT1S',
  steps: [
    { after: 'PT1S', action: 'email', template: 'reminder-1' },
    { after: 'PT2S', action: 'letter' },
    { after: 'PT3S', action: 'formal_notice', template: 'formal-notice', deadline: 'PT2S' },
    { after: 'PT6S', action: 'legal_file' },
  ],
});

const ADDRESS = { lines: ['12 rue des Tanneurs'], postcode: '69002', city: 'Lyon', country: 'FR' };

type StepActivity = 'queueRegisteredLetter' | 'sendFormalNotice' | 'openLegalFile';

/**
 * The fake activities, whose letter, notice and legal file refuse with `StepBlocked` (the task already opened, as the
 * real ones do) while `blockedBy` says so. Every context a step activity is given is kept, blocked or not.
 */
function blockingActivities(blockedBy: (name: StepActivity, context: StepContext) => StepBlock | null) {
  const fakes = createFakeActivities();
  const contexts: { name: StepActivity; context: StepContext; blocked: boolean }[] = [];
  const blocking = (name: StepActivity) => {
    const real = fakes.activities[name] as (context: StepContext) => Promise<never>;
    return async (context: StepContext) => {
      const block = blockedBy(name, context);
      contexts.push({ name, context, blocked: block !== null });
      if (block) {
        throw ApplicationFailure.create({
          type: FailureType.StepBlocked,
          message: block.message,
          nonRetryable: true,
          details: [block],
        });
      }
      return real(context);
    };
  };
  const activities = {
    ...fakes.activities,
    queueRegisteredLetter: blocking('queueRegisteredLetter'),
    sendFormalNotice: blocking('sendFormalNotice'),
    openLegalFile: blocking('openLegalFile'),
  } as typeof fakes.activities;
  return { ...fakes, activities, contexts };
}

describe('blocked ladder steps wait for a person, on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });

  afterEach(() => env?.teardown());

  function input(dueDate: string, policy: DunningPolicy = QUICK, amount = 80_000): InvoiceCollectionInput {
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
        governingLaw: 'FR',
      },
      policy,
    };
  }

  type Fakes = ReturnType<typeof blockingActivities>;
  const started: { terminate(reason: string): Promise<unknown> }[] = [];

  async function withWorker<T>(fakes: Fakes, run: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `blocked-${randomUUID()}`;
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
      return await worker.runUntil(mailWorker.runUntil(run(taskQueue)));
    } finally {
      await Promise.all(started.splice(0).map((handle) => handle.terminate('test over').catch(() => undefined)));
    }
  }

  async function start(taskQueue: string, args: InvoiceCollectionInput) {
    const handle = await env.client.workflow.start(invoiceCollection, {
      taskQueue,
      workflowId: `wf-${randomUUID()}`,
      args: [args],
    });
    started.push(handle);
    return handle;
  }

  const inSeconds = async (s: number) => new Date((await env.currentTimeMs()) + s * 1000).toISOString();
  const pay = (paymentId: string, amount: number) => ({
    paymentId,
    amount,
    currency: 'EUR',
    receivedAt: new Date().toISOString(),
  });
  const calls = (fakes: Fakes, name: StepActivity) => fakes.contexts.filter((c) => c.name === name);

  it('waits on a letter without a postal address, posts it once the contact has one, and goes on to the end', async () => {
    const fakes = blockingActivities((name, context) =>
      name === 'queueRegisteredLetter' && !context.invoice.customer.address
        ? { reason: 'address_missing', taskId: 'task-address', message: 'no postal address for the letter' }
        : null,
    );
    await withWorker(fakes, async (taskQueue) => {
      // Due a few seconds ahead: a start delayed on a busy machine must not make the reminder a backlog.
      const handle = await start(taskQueue, input(await inSeconds(4)));
      const blocked = await stateWhen(handle, (s) => s.blocked?.reason === 'address_missing');
      expect(blocked.stage).toBe('reminding');
      expect(blocked.nextAction).toEqual({
        action: 'blocked',
        at: null,
        step: 1,
        reason: 'address_missing',
        taskId: 'task-address',
      });
      expect(blocked.history.map((h) => [h.action, h.result])).toEqual([
        ['email', 'sent'],
        ['letter', 'blocked'],
      ]);
      expect(blocked.history[1]).toMatchObject({
        detail: 'no postal address for the letter',
        block: { reason: 'address_missing', taskId: 'task-address' },
      });
      // Time passes: nothing after the letter runs while it waits.
      await env.sleep(60_000);
      expect(calls(fakes, 'sendFormalNotice')).toHaveLength(0);
      expect((await handle.query(stateQuery)).history).toHaveLength(2);

      const updated = await handle.executeUpdate(updateContactUpdate, { args: [{ address: ADDRESS, by: 'ops' }] });
      expect(updated.blocked).toBeNull();
      await env.sleep(60_000);
      expect(await stateWhen(handle, (s) => s.legalFile?.status === 'open')).toMatchObject({ stage: 'legal' });
      const letters = calls(fakes, 'queueRegisteredLetter');
      expect(letters.map((l) => l.blocked)).toEqual([true, false]);
      expect(letters[1]!.context.invoice.customer.address).toEqual(ADDRESS);
      expect(letters[1]!.context.step.index).toBe(letters[0]!.context.step.index);
      const state = await handle.query(stateQuery);
      expect(state.history.map((h) => `${h.action}:${h.result}`)).toEqual([
        'email:sent',
        'letter:blocked',
        'letter:sent',
        'formal_notice:sent',
        'legal_file:sent',
      ]);
      expect(fakes.events.find((e) => e.kind === 'step_unblocked')?.detail).toMatchObject({
        index: 1,
        reason: 'address_missing',
        by: 'contact update',
      });
    });
  });

  it('waits on a formal notice for a rate table and runs it again when told the table was extended', async () => {
    let ratesKnown = false;
    const fakes = blockingActivities((name) =>
      name === 'sendFormalNotice' && !ratesKnown
        ? {
            reason: 'rates_outdated',
            taskId: 'task-rates',
            message: 'ECB_MRO known until 2026-06-30',
            table: 'ECB_MRO',
          }
        : null,
    );
    await withWorker(fakes, async (taskQueue) => {
      const handle = await start(taskQueue, input(await inSeconds(1)));
      const blocked = await stateWhen(handle, (s) => s.blocked?.reason === 'rates_outdated');
      expect(blocked.stage).toBe('letter');
      // Re-checked unasked every 30 seconds with the calendar off.
      expect(blocked.nextAction).toMatchObject({ action: 'blocked', step: 2, table: 'ECB_MRO', taskId: 'task-rates' });
      expect(Date.parse(blocked.nextAction!.at!) - Date.parse(blocked.blocked!.checkedAt)).toBe(30_000);
      // Another table's update changes nothing.
      await handle.signal(ratesUpdatedSignal, { table: 'BOE_BANK' });
      expect((await handle.query(stateQuery)).blocked?.reason).toBe('rates_outdated');
      ratesKnown = true;
      await handle.signal(ratesUpdatedSignal, { table: 'ECB_MRO' });
      const noticed = await stateWhen(handle, (s) => s.stage === 'formal_notice');
      expect(noticed.blocked).toBeNull();
      expect(calls(fakes, 'openLegalFile')).toHaveLength(0);
      await env.sleep(60_000);
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      expect(calls(fakes, 'sendFormalNotice').map((c) => c.blocked)).toEqual([true, false]);
      // The legal file opened only once the notice's deadline, counted from the day it went out, had passed.
      const state = await handle.query(stateQuery);
      const notice = state.history.find((h) => h.action === 'formal_notice' && h.result === 'sent')!;
      const legal = state.history.find((h) => h.action === 'legal_file')!;
      expect(Date.parse(legal.at)).toBeGreaterThanOrEqual(Date.parse(notice.deadline!));
    });
  });

  it('tries a step blocked on rates again by itself, without a second record while the block is the same', async () => {
    let attempts = 0;
    const fakes = blockingActivities((name) =>
      name === 'sendFormalNotice' && ++attempts <= 2
        ? { reason: 'rates_outdated', taskId: 'task-rates', message: 'ECB_MRO not known far enough', table: 'ECB_MRO' }
        : null,
    );
    await withWorker(fakes, async (taskQueue) => {
      const handle = await start(taskQueue, input(await inSeconds(1)));
      await stateWhen(handle, (s) => s.blocked?.reason === 'rates_outdated');
      // Two re-checks: the first finds the same block, the second sends.
      await env.sleep(65_000);
      const state = await stateWhen(handle, (s) =>
        s.history.some((h) => h.action === 'formal_notice' && h.result === 'sent'),
      );
      expect(calls(fakes, 'sendFormalNotice').map((c) => c.blocked)).toEqual([true, true, false]);
      expect(state.history.filter((h) => h.result === 'blocked')).toHaveLength(1);
      expect(fakes.events.filter((e) => e.kind === 'step_unblocked')).toHaveLength(0);
    });
  });

  it('holds a time-barred notice until a part-payment restarts limitation, then sends it with that payment', async () => {
    const fakes = blockingActivities((name, context) =>
      name === 'sendFormalNotice' && (context.payments ?? []).length === 0
        ? { reason: 'time_barred', taskId: 'task-limitation', message: 'time-barred on 2026-01-01 (L110-4 C. com.)' }
        : null,
    );
    await withWorker(fakes, async (taskQueue) => {
      const handle = await start(taskQueue, input(await inSeconds(1)));
      const blocked = await stateWhen(handle, (s) => s.blocked?.reason === 'time_barred');
      expect(blocked.nextAction).toMatchObject({ action: 'blocked', at: null, reason: 'time_barred' });
      await env.sleep(60_000);
      expect(calls(fakes, 'sendFormalNotice')).toHaveLength(1);
      await handle.signal(paymentReceivedSignal, pay('part-1', 30_000));
      const noticed = await stateWhen(handle, (s) => s.stage === 'formal_notice');
      expect(noticed.balance).toBe(50_000);
      const [, sent] = calls(fakes, 'sendFormalNotice');
      expect(sent).toMatchObject({ blocked: false, context: { balance: 50_000, firstContact: false } });
      expect(sent!.context.payments).toEqual([expect.objectContaining({ paymentId: 'part-1', amount: 30_000 })]);
    });
  });

  it('closes as paid when paid in full while a step waits for a person, and never runs that step again', async () => {
    const fakes = blockingActivities((name) =>
      name === 'queueRegisteredLetter'
        ? { reason: 'address_missing', taskId: 'task-address', message: 'no postal address for the letter' }
        : null,
    );
    await withWorker(fakes, async (taskQueue) => {
      const handle = await start(taskQueue, input(await inSeconds(1)));
      await stateWhen(handle, (s) => s.blocked?.reason === 'address_missing');
      await handle.signal(paymentReceivedSignal, pay('full', 80_000));
      expect(await handle.result()).toMatchObject({ status: 'paid', balance: 0 });
      expect(calls(fakes, 'queueRegisteredLetter')).toHaveLength(1);
      expect(fakes.calls.filter((c) => c.name === 'sendCustomerNotice').map((c) => c.template)).toEqual([
        'payment-thanks',
      ]);
    });
  });

  it('sends a backlog invoice its catch-up notice on Monday at 09:00 Paris when onboarded on a Sunday evening', async () => {
    const fakes = blockingActivities(() => null);
    // Move the server's clock to the next Sunday at 19:56 in Paris.
    const now = await env.currentTimeMs();
    const sunday = nextParisSunday1956(now);
    await env.sleep(sunday - now);
    const dueDate = new Date(sunday - 150 * DAY).toISOString().slice(0, 10);
    await withWorker(fakes, async (taskQueue) => {
      const handle = await start(taskQueue, input(dueDate, FRENCH_B2B_POLICY));
      await env.sleep(DAY);
      const state = await stateWhen(handle, (s) => s.stage === 'formal_notice');
      const notice = state.history.find((h) => h.result === 'sent')!;
      expect(notice.action).toBe('formal_notice');
      expect(paris(notice.at)).toMatch(/^Mon 09:0\d$/);
      expect(Date.parse(notice.at) - sunday).toBeLessThan(DAY);
      // Every earlier step is recorded as superseded, never sent: the notice is the customer's first contact.
      expect(state.history.filter((h) => h.result === 'skipped')).toHaveLength(5);
      const [sent] = calls(fakes, 'sendFormalNotice');
      expect(sent!.context.firstContact).toBe(true);
      expect(sent!.context.payments).toEqual([]);
      // The deadline ends at midnight in Paris after its last full day; the legal file opens no earlier.
      expect(paris(notice.deadline!)).toMatch(/ 00:00$/);
      await env.sleep(Date.parse(notice.deadline!) - (await env.currentTimeMs()) + 2 * DAY);
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      const legal = (await handle.query(stateQuery)).history.find((h) => h.action === 'legal_file')!;
      expect(Date.parse(legal.at)).toBeGreaterThanOrEqual(Date.parse(notice.deadline!));
    });
  });
});

/**
 * The blocked-step paths as the replay test keeps them, run on the real dev server (the recorded histories come from
 * there). With RELANCE_RECORD_HISTORIES=1 they are written to test/histories/.
 */
describe('recorded blocked-step lifecycles', () => {
  let connection: NativeConnection;
  let client: Client;

  beforeAll(async () => {
    const address = requiredEnv('TEMPORAL_ADDRESS');
    connection = await NativeConnection.connect({ address });
    client = new Client({ connection: await Connection.connect({ address }) });
  });

  afterAll(async () => {
    await client.connection.close();
    await connection.close();
  });

  async function record(name: string, fakes: Fakes, run: (taskQueue: string) => Promise<string>): Promise<void> {
    const taskQueue = `record-${randomUUID()}`;
    const workflowBundle = { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') };
    const worker = await Worker.create({ connection, taskQueue, workflowBundle, activities: fakes.activities });
    const mailWorker = await Worker.create({
      connection,
      taskQueue: mailTaskQueue(taskQueue),
      activities: fakes.activities,
    });
    const workflowId = await worker.runUntil(mailWorker.runUntil(run(taskQueue)));
    if (process.env.RELANCE_RECORD_HISTORIES === '1') {
      await exportHistory(
        requiredEnv('TEMPORAL_ADDRESS'),
        workflowId,
        join(__dirname, '..', 'histories', `${name}.json`),
      );
    }
  }

  type Fakes = ReturnType<typeof blockingActivities>;

  const invoice = (dueDate: string, customerId: string) => ({
    id: `H-${randomUUID().slice(0, 8)}`,
    customer: {
      id: customerId,
      name: 'Dupont SARL',
      email: 'ap@dupont.test',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      country: 'FR',
    },
    amount: 80_000,
    currency: 'EUR',
    issueDate: '2026-01-01',
    dueDate,
  });

  it('a letter blocked for its address, posted once the contact has one, then the notice blocked on rates', async () => {
    let ratesKnown = false;
    const fakes = blockingActivities((name, context) => {
      if (name === 'queueRegisteredLetter' && !context.invoice.customer.address) {
        return { reason: 'address_missing', taskId: 'task-address', message: 'no postal address for the letter' };
      }
      if (name === 'sendFormalNotice' && !ratesKnown) {
        return { reason: 'rates_outdated', taskId: 'task-rates', message: 'ECB_MRO not known', table: 'ECB_MRO' };
      }
      return null;
    });
    await record('letter-blocked-then-posted', fakes, async (taskQueue) => {
      const handle = await client.workflow.start(invoiceCollection, {
        taskQueue,
        workflowId: `history-blocked-${randomUUID()}`,
        args: [{ invoice: invoice(new Date(Date.now() + 1_000).toISOString(), 'C-blocked'), policy: QUICK }],
      });
      await stateWhen(handle, (s) => s.blocked?.reason === 'address_missing');
      await handle.executeUpdate(updateContactUpdate, { args: [{ address: ADDRESS }] });
      await stateWhen(handle, (s) => s.blocked?.reason === 'rates_outdated');
      ratesKnown = true;
      await handle.signal(ratesUpdatedSignal, { table: 'ECB_MRO' });
      await stateWhen(handle, (s) => s.stage === 'legal');
      await handle.terminate('recorded: the legal file is open');
      return handle.workflowId;
    });
  });

  it('a backlog invoice whose catch-up waits for the next send slot', async () => {
    const fakes = blockingActivities(() => null);
    await record('backlog-catch-up-at-send-slot', fakes, async (taskQueue) => {
      const dueDate = new Date(Date.now() - 150 * DAY).toISOString().slice(0, 10);
      const handle = await client.workflow.start(invoiceCollection, {
        taskQueue,
        workflowId: `history-catch-up-${randomUUID()}`,
        args: [{ invoice: invoice(dueDate, 'C-catch-up'), policy: FRENCH_B2B_POLICY }],
      });
      const state = await stateWhen(handle, (s) => s.nextAction?.action === 'formal_notice');
      expect(paris(state.nextAction!.at!)).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      await handle.terminate('recorded: the catch-up waits for its send slot');
      return handle.workflowId;
    });
  });
});

function paris(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** The first Sunday 19:56 in Paris after `from`, at least an hour ahead. */
function nextParisSunday1956(from: number): number {
  for (let t = Math.ceil((from + 3_600_000) / 60_000) * 60_000; ; t += 60_000) {
    if (paris(new Date(t).toISOString()) === 'Sun 19:56') return t;
  }
}
