import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import type { SupportTaskInput } from '../../activities/contracts';
import { listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { findLegalFile, openLegalFile } from '../../db/legal-files';
import { findTask, listTasks } from '../../db/tasks';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { anInvoice, aStep, mailSettings } from './fixtures';

describe('task owners, closing tasks by kind, and closing the legal file record', () => {
  let db: Database;
  let acts: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    acts = createActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')), owners: { phoneCall: 'team-north' } });
  });

  afterAll(() => db.close());

  it('writes each new task to the owner column: the configured team, else the default one of its kind', async () => {
    const invoice = anInvoice();
    const call = await acts.createPhoneTask(aStep(invoice, { index: 2, action: 'phone_task', template: 'phone-call' }));
    const letter = await acts.queueRegisteredLetter(aStep(invoice, { index: 3, action: 'letter', template: 'letter' }));
    const contact = await acts.createSupportTask({ invoice, key: 'mail:1', kind: 'fix_contact', reason: 'bounced' });
    const approval = await acts.createSupportTask({
      invoice,
      key: 'approval:4',
      kind: 'approval' as SupportTaskInput['kind'],
      reason: 'the formal notice needs approval',
    });
    const owners = await Promise.all(
      [call, letter, contact, approval].map(async (t) => (await findTask(db, t.taskId))?.owner),
    );
    expect(owners).toEqual(['team-north', 'mail-room', 'support', 'managers']);
  });

  it('closes only the kinds named, and every open task without a filter', async () => {
    const invoice = anInvoice();
    await acts.createPhoneTask(aStep(invoice, { index: 2, action: 'phone_task', template: 'phone-call' }));
    await acts.queueRegisteredLetter(aStep(invoice, { index: 3, action: 'letter', template: 'letter' }));
    await acts.createSupportTask({ invoice, key: 'dispute-1:sla', kind: 'dispute_review', reason: 'SLA passed' });

    const calls = await acts.closeInvoiceTasks({
      invoiceId: invoice.id,
      outcome: 'legal_file_opened',
      kinds: ['phone_call'],
    });
    expect(calls).toBe(1);
    const statuses = async () =>
      Object.fromEntries(
        (await listTasks(db, { invoiceId: invoice.id })).map((t) => [t.kind, `${t.status}:${t.outcome}`]),
      );
    expect(await statuses()).toEqual({
      phone_call: 'closed:legal_file_opened',
      post_letter: 'open:null',
      dispute_review: 'open:null',
    });
    expect(await acts.closeInvoiceTasks({ invoiceId: invoice.id, outcome: 'x', kinds: [] })).toBe(0);
    expect(await acts.closeInvoiceTasks({ invoiceId: invoice.id, outcome: 'paid' })).toBe(2);
    expect(await statuses()).toEqual({
      phone_call: 'closed:legal_file_opened',
      post_letter: 'closed:paid',
      dispute_review: 'closed:paid',
    });
  });

  it('closes the legal file record with its outcome and one proof-trail row, however often it is called', async () => {
    const invoice = anInvoice();
    const id = `LF-${invoice.id}`;
    await openLegalFile(db, {
      id,
      invoiceId: invoice.id,
      recommendedRoute: 'injonction_de_payer',
      routeReason: 'r',
      dossier: {},
    });
    const input = {
      invoiceId: invoice.id,
      legalFileId: id,
      outcome: 'settled' as const,
      note: 'agreed at 1,000 EUR',
      by: 'ops:1234',
    };
    await acts.closeLegalFileRecord(input);
    await acts.closeLegalFileRecord(input);
    await acts.closeLegalFileRecord({ ...input, outcome: 'abandoned' });
    expect(await findLegalFile(db, id)).toMatchObject({
      status: 'closed',
      outcome: 'settled',
      closingNote: 'agreed at 1,000 EUR',
      closedBy: 'ops:1234',
      closedAt: expect.any(String),
    });
    const rows = (await listCommunications(db, invoice.id)).filter((row) => row.kind === 'legal:closed');
    expect(rows).toEqual([
      expect.objectContaining({
        channel: 'legal',
        result: 'settled',
        detail: { legalFileId: id, note: 'agreed at 1,000 EUR', by: 'ops:1234' },
      }),
    ]);
  });

  it('reopens a file closed as paid when that payment is reversed, once, and records its second closing', async () => {
    const invoice = anInvoice();
    const id = `LF-${invoice.id}`;
    await openLegalFile(db, {
      id,
      invoiceId: invoice.id,
      recommendedRoute: 'small_claims',
      routeReason: 'r',
      dossier: {},
    });
    await acts.closeLegalFileRecord({ invoiceId: invoice.id, legalFileId: id, outcome: 'paid' });
    const reopen = { invoiceId: invoice.id, legalFileId: id, paymentId: 'cheque-1' };
    await acts.reopenLegalFileRecord(reopen);
    await acts.reopenLegalFileRecord(reopen);
    expect(await findLegalFile(db, id)).toMatchObject({ status: 'open', outcome: null, closedAt: null });
    await acts.closeLegalFileRecord({
      invoiceId: invoice.id,
      legalFileId: id,
      outcome: 'written_off',
      note: 'liquidation',
    });
    expect(await findLegalFile(db, id)).toMatchObject({ status: 'closed', outcome: 'written_off' });
    // A file closed otherwise than paid is never reopened by a reversal.
    await acts.reopenLegalFileRecord({ ...reopen, paymentId: 'cheque-2' });
    expect(await findLegalFile(db, id)).toMatchObject({ status: 'closed', outcome: 'written_off' });
    const trail = (await listCommunications(db, invoice.id)).filter((row) => row.channel === 'legal');
    // The activities' clock is pinned in these tests, the closing's is the database's: compare without order.
    expect(trail.map((row) => `${row.kind} ${row.result}`).sort()).toEqual([
      'legal:closed paid',
      'legal:closed written_off',
      'legal:reopened reopened',
    ]);
  });

  it('refuses, without retrying, a legal file that does not exist or is about another invoice', async () => {
    const invoice = anInvoice();
    const other = anInvoice();
    await openLegalFile(db, {
      id: `LF-${other.id}`,
      invoiceId: other.id,
      recommendedRoute: 'r',
      routeReason: 'r',
      dossier: {},
    });
    for (const legalFileId of [`LF-${invoice.id}`, `LF-${other.id}`]) {
      const failure = await acts.closeLegalFileRecord({ invoiceId: invoice.id, legalFileId, outcome: 'paid' }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true });
    }
    expect(await findLegalFile(db, `LF-${other.id}`)).toMatchObject({ status: 'open', outcome: null });
  });
});
