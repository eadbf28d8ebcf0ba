import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import { mailEventSignal, stateQuery, updateContactUpdate } from '../../workflows/messages';
import { stateWhen } from '../support/workflow-state';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { DEAD_MAILBOX, deskFakes, invoiceInput, withDeskWorker } from './desk-fakes';

/** Two reminders a day apart, then a call a week later. */
const REMINDERS: DunningPolicy = parseDunningPolicy({
  id: 'resends',
  version: 1,
  name: 'Re-sends',
  calendar: null,
  instalmentGrace: 'PT2S',
  promiseGrace: 'PT2S',
  disputeSla: 'P30D',
  steps: [
    { after: 'PT1S', action: 'email', template: 'reminder-1' },
    { after: 'P1D', action: 'email', template: 'reminder-2' },
    { after: 'P7D', action: 'phone_task' },
  ],
});

describe('re-sending a step after a contact correction, on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });

  afterEach(() => env?.teardown());

  const inSeconds = async (s: number) => new Date((await env.currentTimeMs()) + s * 1000).toISOString();
  const event = (eventId: string, kind: 'hard_bounce' | 'complaint', messageId: string) => ({
    eventId,
    messageId,
    kind,
    recipient: 'ap@dupont.test',
    detail: '550 5.1.1 user unknown\r\n',
    occurredAt: new Date().toISOString(),
  });

  it('re-sends a reminder bounced later by the relay once the e-mail is corrected, under a new Message-ID', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), REMINDERS));
      const sent = await stateWhen(handle, (s) => s.history.length === 1);
      expect(sent.history[0]).toMatchObject({ template: 'reminder-1', result: 'sent', messageId: '<0@fake>' });
      await handle.signal(mailEventSignal, event('E-1', 'hard_bounce', '<0@fake>'));
      await handle.signal(mailEventSignal, event('E-1', 'hard_bounce', '<0@fake>'));
      const bounced = await stateWhen(handle, (s) => !!s.resend);
      expect(bounced.resend).toMatchObject({ step: 0, cause: 'hard_bounce', needs: 'email', resend: 1, ready: false });
      expect(bounced.history[0]!.mailEvents).toEqual([
        expect.objectContaining({ eventId: 'E-1', kind: 'hard_bounce', detail: '550 5.1.1 user unknown' }),
      ]);
      await stateWhen(handle, () => fakes.tasks.length > 0);
      expect(fakes.tasks).toEqual([expect.objectContaining({ kind: 'fix_contact', key: 'mail-event:E-1' })]);
      // The ladder is not held meanwhile: the next reminder keeps its date.
      expect(bounced.nextAction?.action).toBe('email');

      await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'compta@dupont.test' }] });
      const resent = await stateWhen(handle, (s) => s.history.some((h) => h.resend === 1));
      const again = resent.history.find((h) => h.resend === 1)!;
      expect(again).toMatchObject({ index: 0, template: 'reminder-1', result: 'sent', messageId: '<0.r1@fake>' });
      const emails = fakes.sent('sendReminderEmail');
      expect(emails.map((e) => [e.context.step.index, e.context.resend, e.context.invoice.customer.email])).toEqual([
        [0, undefined, 'ap@dupont.test'],
        [0, 1, 'compta@dupont.test'],
      ]);
      expect(resent.resend).toBeNull();
      expect(resent.nextAction?.action).toBe('email');
      // A second correction re-sends nothing more; the ladder goes on from there.
      await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'ap2@dupont.test' }] });
      await env.sleep(2 * 86_400_000);
      await stateWhen(handle, (s) => s.history.filter((h) => h.result === 'sent').length === 3);
      expect(fakes.sent('sendReminderEmail').map((e) => e.context.step.template)).toEqual([
        'reminder-1',
        'reminder-1',
        'reminder-2',
      ]);
      expect(fakes.events.filter((e) => e.kind === 'mail_event')).toHaveLength(1);
    });
  });

  it('records a complaint with a task for a person and re-sends nothing', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), REMINDERS));
      await stateWhen(handle, (s) => s.history.length === 1);
      await handle.signal(mailEventSignal, event('E-2', 'complaint', '<0@fake>'));
      await stateWhen(handle, () => fakes.tasks.length > 0);
      expect(fakes.tasks[0]!.reason).toMatch(/complained/);
      await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'compta@dupont.test' }] });
      const state = await handle.query(stateQuery);
      expect(state.resend ?? null).toBeNull();
      expect(state.history[0]!.mailEvents).toEqual([expect.objectContaining({ kind: 'complaint' })]);
      expect(fakes.sent('sendReminderEmail')).toHaveLength(1);
    });
  });

  it('re-sends a reminder the relay refused at once, after the e-mail is corrected', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const input = invoiceInput(await inSeconds(1), REMINDERS);
      const handle = await start({
        ...input,
        invoice: { ...input.invoice, customer: { ...input.invoice.customer, email: DEAD_MAILBOX } },
      });
      const failed = await stateWhen(handle, (s) => !!s.resend);
      expect(failed.history[0]).toMatchObject({ result: 'failed' });
      expect(failed.resend).toMatchObject({ step: 0, cause: 'mail_rejected', resend: 1, taskKey: 'mail:step-0' });
      await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'compta@dupont.test' }] });
      const resent = await stateWhen(handle, (s) => s.history.some((h) => h.resend === 1 && h.result === 'sent'));
      expect(resent.history.map((h) => [h.template, h.result, h.resend ?? null])).toEqual([
        ['reminder-1', 'failed', null],
        ['reminder-1', 'sent', 1],
      ]);
    });
  });
});
