import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../../activities';
import type { Database } from '../../db/database';
import { listDocuments } from '../../db/documents';
import { appendRateTable } from '../../db/rates';
import { listTasks } from '../../db/tasks';
import { FailureType, StepBlock } from '../../domain/failure-types';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { anInvoice, aStep, mailSettings } from './fixtures';

/**
 * What a letter, a formal notice and a legal file check before they exist (real PostgreSQL and SMTP sink): a time-barred
 * debt, a missing postal address and a rate table not known far enough each open one task for a person and refuse the
 * step with `StepBlocked`, leaving no document and no mail behind; the governing law is the invoice's, not the debtor's.
 */
describe('checks before a letter, a notice or a legal file', () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const activitiesAt = (now: string) =>
    createActivities({
      db,
      mail: mailSettings(requiredEnv('SMTP_URL'), { now: () => new Date(now) }),
      creditorCountry: 'FR',
    });
  const notice = (invoice: ReturnType<typeof anInvoice>) => ({
    ...aStep(invoice, { index: 5, action: 'formal_notice', template: 'formal-notice' }),
    deadline: '2026-03-30T22:00:00Z',
  });

  async function blocked(run: () => Promise<unknown>): Promise<StepBlock> {
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect({ type: failure.type, nonRetryable: failure.nonRetryable }).toEqual({
      type: FailureType.StepBlocked,
      nonRetryable: true,
    });
    return failure.details![0] as StepBlock;
  }

  it('asks for the postal address before a registered letter or a formal notice, and produces nothing', async () => {
    const invoice = anInvoice({}, { address: undefined });
    const acts = activitiesAt('2026-03-21T09:00:00Z');
    const letter = await blocked(() =>
      acts.queueRegisteredLetter(aStep(invoice, { index: 4, action: 'letter', template: 'registered-reminder' })),
    );
    expect(letter.reason).toBe('address_missing');
    const formal = await blocked(() => acts.sendFormalNotice(notice(invoice)));
    expect(formal.reason).toBe('address_missing');

    const tasks = await listTasks(db, { invoiceId: invoice.id });
    expect(tasks.map((t) => [t.kind, t.context.missing])).toEqual([
      ['fix_contact', 'address'],
      ['fix_contact', 'address'],
    ]);
    expect(tasks.map((t) => t.id).sort()).toEqual([letter.taskId, formal.taskId].sort());
    expect(await listDocuments(db, invoice.id)).toEqual([]);
  });

  it('holds a time-barred debt for a person: no notice and no legal file (FR: five years, art. L110-4 C. com.)', async () => {
    const invoice = anInvoice({ issueDate: '2020-11-02', dueDate: '2020-12-02', governingLaw: 'FR' });
    const acts = activitiesAt('2026-03-21T09:00:00Z');
    const formal = await blocked(() => acts.sendFormalNotice(notice(invoice)));
    expect(formal.reason).toBe('time_barred');
    const file = await blocked(() =>
      acts.openLegalFile({
        ...aStep(invoice, { index: 6, action: 'legal_file', template: 'legal-file' }),
        contested: false,
      }),
    );
    expect(file).toEqual(formal);
    const [task] = await listTasks(db, { invoiceId: invoice.id });
    expect(task).toMatchObject({ kind: 'time_barred', context: { expiresOn: '2025-12-02' } });
    expect(await listDocuments(db, invoice.id)).toEqual([]);
  });

  it('waits with a rates_outdated task past what a table knows, then computes once it is appended', async () => {
    // Due 1 June 2026, noticed 15 August: the second half-year needs the ECB rate in force on 1 July 2026.
    const invoice = anInvoice({ issueDate: '2026-05-01', dueDate: '2026-06-01', governingLaw: 'FR' });
    const acts = activitiesAt('2026-08-15T08:00:00Z');
    const context = notice(invoice);
    const stale = await blocked(() => acts.sendFormalNotice(context));
    expect(stale).toMatchObject({ reason: 'rates_outdated', table: 'ECB_MRO' });
    const [task] = await listTasks(db, { invoiceId: invoice.id });
    expect(task).toMatchObject({ kind: 'rates_outdated', context: { table: 'ECB_MRO', neededOn: '2026-07-01' } });
    expect(await listDocuments(db, invoice.id)).toEqual([]);

    await appendRateTable(db, 'ECB_MRO', 'test', (current) => ({
      ...current,
      entries: [...current.entries, { from: '2026-06-10', ratePercent: 2.4 }],
      knownUntil: '2026-12-31',
    }));
    const sent = await acts.sendFormalNotice(context);
    // 06-02..06-30 at 2.15 + 10 = 12.15 %, 07-01..08-15 at 2.4 + 10 = 12.4 %.
    expect(sent.amounts?.periods.map((p) => [p.from, p.to, p.ratePercent])).toEqual([
      ['2026-06-02', '2026-06-30', 12.15],
      ['2026-07-01', '2026-08-15', 12.4],
    ]);
  });

  it("states the invoice's governing law, not the debtor's: a French creditor's German customer owes French penalties", async () => {
    const invoice = anInvoice(
      { governingLaw: 'FR' },
      {
        country: 'DE',
        locale: 'en-GB',
        timezone: 'Europe/Berlin',
        address: { lines: ['Hauptstraße 5'], postcode: '10115', city: 'Berlin', country: 'DE' },
      },
    );
    const sent = await activitiesAt('2026-03-21T09:00:00Z').sendFormalNotice(notice(invoice));
    expect(sent.amounts?.law.governingLaw).toBe('FR');
    // ECB 2.15 on 1 January 2026 + 10 points (art. L441-10 C. com.), not the German base rate + 9.
    expect(sent.amounts?.periods.map((p) => p.ratePercent)).toEqual([12.15]);
  });
});
