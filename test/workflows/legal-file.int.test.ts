import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import {
  closeLegalFileUpdate,
  letterTrackedUpdate,
  paymentReceivedUpdate,
  paymentReversedUpdate,
  stateQuery,
  updateContactUpdate,
  writeOffUpdate,
} from '../../workflows/messages';
import { stateWhen } from '../support/workflow-state';
import { createTimeSkippingEnv } from '../support/time-skipping';
import { deskFakes, invoiceInput, withDeskWorker } from './desk-fakes';

const DAY = 86_400_000;

/** Calendar off: a reminder, a call, the notice with a two-day deadline, the legal file on day three. */
const LADDER: DunningPolicy = parseDunningPolicy({
  id: 'legal-life',
  version: 1,
  name: 'Life after the legal file',
  calendar: null,
  instalmentGrace: 'PT2S',
  promiseGrace: 'PT2S',
  disputeSla: 'P30D',
  reversalWindow: 'PT10S',
  steps: [
    { after: 'PT1S', action: 'email', template: 'reminder-1' },
    { after: 'PT2S', action: 'phone_task' },
    { after: 'PT3S', action: 'formal_notice', template: 'formal-notice', deadline: 'P2D' },
    { after: 'P2DT10S', action: 'legal_file' },
  ],
});

/** A reminder, then nothing for ten days: the invoice stays at the reminders while a test works on it. */
const REMINDING: DunningPolicy = parseDunningPolicy({
  ...LADDER,
  steps: [
    { after: 'PT1S', action: 'email', template: 'reminder-1' },
    { after: 'P10D', action: 'formal_notice', template: 'formal-notice', deadline: 'P2D' },
    { after: 'P13D', action: 'legal_file' },
  ],
});

const parisDate = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(ms));

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

describe('life after the legal file, on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeEach(async () => {
    env = await createTimeSkippingEnv();
  });

  afterEach(() => env?.teardown());

  const inSeconds = async (s: number) => new Date((await env.currentTimeMs()) + s * 1000).toISOString();
  const pay = (paymentId: string, amount: number) => ({
    paymentId,
    amount,
    currency: 'EUR',
    receivedAt: new Date().toISOString(),
  });

  it('takes a payment after the legal file opens, stays open in legal, and closes paid with the file when paid in full', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const input = invoiceInput(await inSeconds(1), LADDER);
      const handle = await start(input);
      await env.sleep(4 * DAY);
      const opened = await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      const legalFileId = `LF-${input.invoice.id}`;
      expect(opened).toMatchObject({ status: 'open', stage: 'legal', legalFile: { id: legalFileId, status: 'open' } });
      expect(opened.nextAction).toEqual({ action: 'legal_file_open', at: null, legalFileId });
      // The collectors' calls no longer apply once a lawyer has the file.
      await stateWhen(handle, () => fakes.closedTasks.length > 0);
      expect(fakes.closedTasks).toEqual([
        { invoiceId: input.invoice.id, outcome: 'legal_file_opened', kinds: ['phone_call'] },
      ]);

      const part = await handle.executeUpdate(paymentReceivedUpdate, { args: [pay('after-legal-1', 30_000)] });
      expect(part).toMatchObject({ status: 'open', stage: 'legal', balance: 50_000 });
      const paid = await handle.executeUpdate(paymentReceivedUpdate, { args: [pay('after-legal-2', 50_000)] });
      expect(paid).toMatchObject({ status: 'paid', stage: 'paid', balance: 0 });
      expect(paid.legalFile).toMatchObject({ status: 'closed', outcome: 'paid' });
      expect(await handle.result()).toEqual({ status: 'paid', balance: 0, credit: 0, currency: 'EUR' });
      expect(fakes.legalFilesClosed).toEqual([{ invoiceId: input.invoice.id, legalFileId, outcome: 'paid' }]);
      expect(fakes.events.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['legal_file_opened', 'payment_received', 'legal_file_closed']),
      );
    });
  });

  it('reopens the legal file record when the payment that closed it is reversed, and closes it again on a write-off', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const input = invoiceInput(await inSeconds(1), LADDER);
      const handle = await start(input);
      await env.sleep(4 * DAY);
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      const legalFileId = `LF-${input.invoice.id}`;
      await handle.executeUpdate(paymentReceivedUpdate, { args: [pay('cheque-1', 80_000)] });
      await stateWhen(handle, () => fakes.legalFilesClosed.length === 1);
      const reopened = await handle.executeUpdate(paymentReversedUpdate, {
        args: [{ paymentId: 'cheque-1', reason: 'cheque returned unpaid' }],
      });
      expect(reopened).toMatchObject({ status: 'open', stage: 'legal', legalFile: { status: 'open' } });
      await stateWhen(handle, () => fakes.legalFilesReopened.length === 1);
      expect(fakes.legalFilesReopened).toEqual([{ invoiceId: input.invoice.id, legalFileId, paymentId: 'cheque-1' }]);

      const writtenOff = await handle.executeUpdate(writeOffUpdate, { args: [{ reason: 'debtor in liquidation' }] });
      expect(writtenOff).toMatchObject({
        status: 'written_off',
        legalFile: { status: 'closed', outcome: 'written_off' },
      });
      await handle.result();
      expect(fakes.legalFilesClosed.map((f) => f.outcome)).toEqual(['paid', 'written_off']);
    });
  });

  it.each(['settled', 'abandoned'] as const)(
    'closes the invoice as %s when the legal file closes so, refusing another file id',
    async (outcome) => {
      const fakes = deskFakes();
      await withDeskWorker(env, fakes, async (start) => {
        const input = invoiceInput(await inSeconds(1), LADDER);
        const handle = await start(input);
        await env.sleep(4 * DAY);
        await stateWhen(handle, (s) => s.stage === 'legal');
        const legalFileId = `LF-${input.invoice.id}`;
        const wrong = await refusal(() =>
          handle.executeUpdate(closeLegalFileUpdate, { args: [{ legalFileId: 'LF-other', outcome }] }),
        );
        expect(wrong.field).toBe('legalFileId');
        const closed = await handle.executeUpdate(closeLegalFileUpdate, {
          args: [{ legalFileId, outcome, note: 'agreed with counsel', by: 'legal' }],
        });
        expect(closed).toMatchObject({ status: outcome, stage: outcome, balance: 80_000 });
        expect(await handle.result()).toMatchObject({ status: outcome });
        expect(fakes.legalFilesClosed).toEqual([
          { invoiceId: input.invoice.id, legalFileId, outcome, note: 'agreed with counsel', by: 'legal' },
        ]);
        expect(fakes.closedTasks.map((t) => t.outcome)).toEqual(['legal_file_opened', outcome]);
      });
    },
  );

  it('writes off an invoice still at the reminders, refusing to close a legal file it does not have', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const input = invoiceInput(await inSeconds(1), REMINDING);
      const handle = await start(input);
      await stateWhen(handle, (s) => s.stage === 'reminding');
      const none = await refusal(() =>
        handle.executeUpdate(closeLegalFileUpdate, {
          args: [{ legalFileId: `LF-${input.invoice.id}`, outcome: 'settled' }],
        }),
      );
      expect(none).toEqual({ field: 'legalFileId', message: 'legalFileId: no legal file is open on this invoice' });
      expect((await refusal(() => handle.executeUpdate(writeOffUpdate, { args: [{ reason: '' }] }))).field).toBe(
        'reason',
      );
      const written = await handle.executeUpdate(writeOffUpdate, { args: [{ reason: 'customer dissolved' }] });
      expect(written).toMatchObject({
        status: 'written_off',
        stage: 'written_off',
        writeOff: { reason: 'customer dissolved' },
      });
      expect(await handle.result()).toMatchObject({ status: 'written_off', balance: 80_000 });
      expect(fakes.legalFilesClosed).toEqual([]);
      expect(fakes.sent('sendFormalNotice')).toHaveLength(0);
    });
  });

  it('writes off an invoice in legal, closing its legal file as written off', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const input = invoiceInput(await inSeconds(1), LADDER);
      const handle = await start(input);
      await env.sleep(4 * DAY);
      await stateWhen(handle, (s) => s.stage === 'legal');
      const written = await handle.executeUpdate(writeOffUpdate, { args: [{ reason: 'not worth the court fees' }] });
      expect(written).toMatchObject({ status: 'written_off', legalFile: { status: 'closed', outcome: 'written_off' } });
      expect(await handle.result()).toMatchObject({ status: 'written_off' });
      expect(fakes.legalFilesClosed).toEqual([
        expect.objectContaining({
          legalFileId: `LF-${input.invoice.id}`,
          outcome: 'written_off',
          note: 'not worth the court fees',
        }),
      ]);
    });
  });

  it('counts the notice deadline from the delivery of its letter, and opens the legal file only after it', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), LADDER));
      const noticed = await stateWhen(handle, (s) => s.stage === 'formal_notice');
      const asSent = noticed.history.find((h) => h.action === 'formal_notice')!.deadline!;
      await env.sleep(DAY);
      const today = parisDate(await env.currentTimeMs());
      const posted = await handle.executeUpdate(letterTrackedUpdate, {
        args: [
          {
            taskId: 'T-post',
            letter: 'formal-notice',
            event: 'posted',
            trackingNumber: '1A00123',
            postedOn: parisDate(Date.parse(noticed.history[2]!.at)),
          },
        ],
      });
      expect(posted.history.find((h) => h.action === 'formal_notice')!.tracking).toMatchObject({
        status: 'posted',
        trackingNumber: '1A00123',
      });
      const tomorrow = parisDate((await env.currentTimeMs()) + DAY);
      expect(
        (
          await refusal(() =>
            handle.executeUpdate(letterTrackedUpdate, {
              args: [{ taskId: 'T-post', letter: 'formal-notice', event: 'delivered', deliveredOn: tomorrow }],
            }),
          )
        ).field,
      ).toBe('deliveredOn');
      const delivered = await handle.executeUpdate(letterTrackedUpdate, {
        args: [{ taskId: 'T-post', letter: 'formal-notice', event: 'delivered', deliveredOn: today }],
      });
      const notice = delivered.history.find((h) => h.action === 'formal_notice')!;
      expect(notice.deadline).toBe(asSent);
      expect(notice.tracking).toMatchObject({ status: 'delivered', deliveredOn: today, trackingNumber: '1A00123' });
      expect(Date.parse(notice.deadlineFromDelivery!)).toBeGreaterThan(Date.parse(asSent));
      expect(delivered.nextAction).toEqual({ action: 'legal_file', at: notice.deadlineFromDelivery });
      expect(delivered.timeline.find((t) => t.action === 'legal_file')!.at).toBe(notice.deadlineFromDelivery);
      // Past the deadline the notice gave when it went out, the legal file still waits for the one from delivery.
      await env.sleep(Date.parse(asSent) - (await env.currentTimeMs()) + 120_000);
      const waiting = await handle.query(stateQuery);
      expect(Date.parse(notice.deadlineFromDelivery!)).toBeGreaterThan(await env.currentTimeMs());
      expect(waiting.legalFile ?? null).toBeNull();
      await env.sleep(Date.parse(notice.deadlineFromDelivery!) - (await env.currentTimeMs()) + 60_000);
      const legal = await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      expect(Date.parse(legal.history.find((h) => h.action === 'legal_file')!.at)).toBeGreaterThanOrEqual(
        Date.parse(notice.deadlineFromDelivery!),
      );
      expect(fakes.events.filter((e) => e.kind === 'letter_tracked').map((e) => e.detail.event)).toEqual([
        'posted',
        'delivered',
      ]);
    });
  });

  it('keeps the deadline of a notice refused by its addressee, on record', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), LADDER));
      const noticed = await stateWhen(handle, (s) => s.stage === 'formal_notice');
      const refused = await handle.executeUpdate(letterTrackedUpdate, {
        args: [{ taskId: 'T-post', letter: 'formal-notice', event: 'refused', note: 'refusé par le destinataire' }],
      });
      const notice = refused.history.find((h) => h.action === 'formal_notice')!;
      expect(notice.tracking).toMatchObject({ status: 'refused' });
      expect(notice.deadlineFromDelivery).toBeUndefined();
      expect(refused.nextAction).toEqual({
        action: 'legal_file',
        at: noticed.timeline.find((t) => t.action === 'legal_file')!.at,
      });
      expect(fakes.tasks).toHaveLength(0);
    });
  });

  it('holds the legal file when the notice comes back address unknown, and re-sends it to the corrected address', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env, fakes, async (start) => {
      const handle = await start(invoiceInput(await inSeconds(1), LADDER));
      await stateWhen(handle, (s) => s.stage === 'formal_notice');
      const returned = await handle.executeUpdate(letterTrackedUpdate, {
        args: [{ taskId: 'T-post', letter: 'formal-notice', event: 'address_unknown', trackingNumber: '1A00999' }],
      });
      expect(returned.resend).toMatchObject({
        step: 2,
        cause: 'address_unknown',
        needs: 'address',
        resend: 1,
        ready: false,
      });
      expect(returned.nextAction).toEqual({
        action: 'fix_contact',
        at: null,
        step: 2,
        taskKey: 'letter:T-post:address_unknown',
        reason: 'address_unknown',
      });
      await stateWhen(handle, () => fakes.tasks.length === 1);
      expect(fakes.tasks[0]).toMatchObject({ kind: 'fix_contact', key: 'letter:T-post:address_unknown' });
      // Long past the legal file's date, nothing opens while the notice has not reached the debtor.
      await env.sleep(6 * DAY);
      expect(fakes.sent('openLegalFile')).toHaveLength(0);
      // An e-mail change does not fix a postal address.
      await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'compta@dupont.test' }] });
      expect((await handle.query(stateQuery)).resend?.ready).toBe(false);
      const address = { lines: ['3 quai Saint-Vincent'], postcode: '69001', city: 'Lyon', country: 'FR' };
      await handle.executeUpdate(updateContactUpdate, { args: [{ address }] });
      const resent = await stateWhen(handle, (s) => s.history.some((h) => h.resend === 1));
      const notices = fakes.sent('sendFormalNotice');
      expect(notices.map((n) => n.context.resend)).toEqual([undefined, 1]);
      expect(notices[1]!.context.invoice.customer.address).toEqual(address);
      const again = resent.history.find((h) => h.resend === 1)!;
      expect(again).toMatchObject({ action: 'formal_notice', result: 'sent', messageId: '<2.r1@fake>' });
      expect(resent.resend).toBeNull();
      expect(resent.nextAction).toEqual({ action: 'legal_file', at: again.deadline });
      await env.sleep(3 * DAY);
      const legal = await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      expect(Date.parse(legal.history.find((h) => h.action === 'legal_file')!.at)).toBeGreaterThanOrEqual(
        Date.parse(again.deadline!),
      );
    });
  });
});
