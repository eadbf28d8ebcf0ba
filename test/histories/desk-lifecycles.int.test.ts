import { join } from 'node:path';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { DunningPolicy, parseDunningPolicy } from '../../domain/dunning-policy';
import {
  approvalDecidedUpdate,
  closeLegalFileUpdate,
  letterTrackedUpdate,
  mailEventSignal,
  paymentReceivedUpdate,
  resumeUpdate,
  updateContactUpdate,
  writeOffUpdate,
} from '../../workflows/messages';
import { requiredEnv } from '../support/test-database';
import { stateWhen } from '../support/workflow-state';
import { deskFakes, invoiceInput, withDeskWorker } from '../workflows/desk-fakes';
import { exportHistory } from './export-history';

/**
 * The paths of life after the ladder as the replay test keeps them, run on the real dev server with fake activities:
 * the legal file staying open until paid, an approval rejected then given, a late bounce re-sent after a correction, a
 * notice returned for an unknown address re-sent to a new one. RELANCE_RECORD_HISTORIES=1 writes them to this folder.
 */
const policy = (steps: Record<string, unknown>[]): DunningPolicy =>
  parseDunningPolicy({
    id: 'desk-lifecycle',
    version: 1,
    name: 'Desk lifecycle recording',
    calendar: null,
    instalmentGrace: 'PT2S',
    promiseGrace: 'PT2S',
    disputeSla: 'PT1H',
    reversalWindow: 'PT1S',
    steps,
  });

const NOTICE_THEN_LEGAL = [
  { after: 'PT1S', action: 'email', template: 'reminder-1' },
  { after: 'PT2S', action: 'formal_notice', template: 'formal-notice', deadline: 'PT2S' },
  { after: 'PT3S', action: 'legal_file' },
];

describe('recorded lifecycles after the ladder', () => {
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

  const env = () => ({ nativeConnection: connection, client });
  const due = () => new Date(Date.now() + 1_000).toISOString();
  const pay = (paymentId: string, amount: number) => ({
    paymentId,
    amount,
    currency: 'EUR',
    receivedAt: new Date().toISOString(),
  });

  async function keep(name: string, handle: WorkflowHandle): Promise<void> {
    if (process.env.RELANCE_RECORD_HISTORIES === '1') {
      await exportHistory(requiredEnv('TEMPORAL_ADDRESS'), handle.workflowId, join(__dirname, `${name}.json`));
    }
  }

  it('the legal file stays open, takes a part-payment, and closes paid with the balance', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env(), fakes, async (start) => {
      const handle = await start(invoiceInput(due(), policy(NOTICE_THEN_LEGAL)));
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      await handle.executeUpdate(paymentReceivedUpdate, { args: [pay('part', 30_000)] });
      await handle.executeUpdate(paymentReceivedUpdate, { args: [pay('rest', 50_000)] });
      expect(await handle.result()).toMatchObject({ status: 'paid' });
      expect(fakes.legalFilesClosed.map((f) => f.outcome)).toEqual(['paid']);
      await keep('legal-file-then-paid', handle);
    });
  });

  it('an approval rejected, asked again on resume, given; the legal file then closes settled', async () => {
    const fakes = deskFakes();
    const steps = NOTICE_THEN_LEGAL.map((s) =>
      s.action === 'formal_notice' ? { ...s, approval: { timeout: 'PT1H', onTimeout: 'hold' } } : s,
    );
    await withDeskWorker(env(), fakes, async (start) => {
      const input = invoiceInput(due(), policy(steps));
      const handle = await start(input);
      const first = await stateWhen(handle, (s) => !!s.approval);
      await handle.executeUpdate(approvalDecidedUpdate, {
        args: [{ taskId: first.approval!.taskId, decision: 'rejected', note: 'not yet' }],
      });
      await handle.executeUpdate(resumeUpdate, { args: [{}] });
      const second = await stateWhen(handle, (s) => !!s.approval);
      await handle.executeUpdate(approvalDecidedUpdate, {
        args: [{ taskId: second.approval!.taskId, decision: 'approved' }],
      });
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      await handle.executeUpdate(closeLegalFileUpdate, {
        args: [{ legalFileId: `LF-${input.invoice.id}`, outcome: 'settled' }],
      });
      expect(await handle.result()).toMatchObject({ status: 'settled' });
      await keep('approval-rejected-then-approved', handle);
    });
  });

  it('a reminder bounced later is re-sent once the e-mail is corrected; the invoice is then written off', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env(), fakes, async (start) => {
      const handle = await start(
        invoiceInput(
          due(),
          policy([
            { after: 'PT1S', action: 'email', template: 'reminder-1' },
            { after: 'PT1H', action: 'phone_task' },
          ]),
        ),
      );
      const sent = await stateWhen(handle, (s) => s.history.length === 1);
      await handle.signal(mailEventSignal, {
        eventId: 'E-1',
        messageId: sent.history[0]!.messageId!,
        kind: 'hard_bounce',
        recipient: 'ap@dupont.test',
        occurredAt: new Date().toISOString(),
      });
      await stateWhen(handle, (s) => !!s.resend);
      await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'compta@dupont.test' }] });
      await stateWhen(handle, (s) => s.history.some((h) => h.resend === 1));
      await handle.executeUpdate(writeOffUpdate, { args: [{ reason: 'recorded' }] });
      expect(await handle.result()).toMatchObject({ status: 'written_off' });
      await keep('bounce-then-resend', handle);
    });
  });

  it('a notice returned for an unknown address holds the legal file until re-sent to a new address', async () => {
    const fakes = deskFakes();
    await withDeskWorker(env(), fakes, async (start) => {
      const input = invoiceInput(due(), policy(NOTICE_THEN_LEGAL.map((s) => ({ ...s, after: s.after === 'PT3S' ? 'PT6S' : s.after }))));
      const handle = await start(input);
      await stateWhen(handle, (s) => s.stage === 'formal_notice');
      await handle.executeUpdate(letterTrackedUpdate, {
        args: [{ taskId: 'T-post', letter: 'formal-notice', event: 'address_unknown' }],
      });
      const address = { lines: ['3 quai Saint-Vincent'], postcode: '69001', city: 'Lyon', country: 'FR' };
      await handle.executeUpdate(updateContactUpdate, { args: [{ address }] });
      await stateWhen(handle, (s) => s.legalFile?.status === 'open');
      await handle.executeUpdate(closeLegalFileUpdate, {
        args: [{ legalFileId: `LF-${input.invoice.id}`, outcome: 'abandoned' }],
      });
      expect(await handle.result()).toMatchObject({ status: 'abandoned' });
      expect(fakes.sent('sendFormalNotice').map((n) => n.context.resend)).toEqual([undefined, 1]);
      await keep('notice-returned-then-resent', handle);
    });
  });
});
