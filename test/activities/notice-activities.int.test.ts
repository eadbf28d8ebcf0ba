import { createActivities } from '../../activities';
import type { CustomerNoticeInput } from '../../activities/contracts';
import { appendCommunication, listCommunications } from '../../db/communications';
import type { Database } from '../../db/database';
import { listTasks } from '../../db/tasks';
import type { InstalmentPlanView } from '../../workflows/read-model';
import { eventually } from '../support/eventually';
import { inboxMessage, messagesTo } from '../support/mail-inbox';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { anInvoice, mailSettings } from './fixtures';

const plan: InstalmentPlanView = {
  number: 1,
  status: 'active',
  agreedAt: '2026-03-20T10:00:00Z',
  total: 123_450,
  instalments: [
    {
      index: 0,
      dueDate: '2026-04-10',
      amount: 61_725,
      dueAt: '2026-04-10T22:00:00Z',
      graceEndsAt: '2026-04-15T22:00:00Z',
      paid: 0,
      status: 'pending',
    },
    {
      index: 1,
      dueDate: '2026-05-10',
      amount: 61_725,
      dueAt: '2026-05-10T22:00:00Z',
      graceEndsAt: '2026-05-15T22:00:00Z',
      paid: 0,
      status: 'pending',
    },
  ],
};

describe('customer notices and support tasks', () => {
  let db: Database;
  let acts: ReturnType<typeof createActivities>;

  beforeAll(async () => {
    db = await createTestDatabase();
    acts = createActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')) });
  });

  afterAll(() => db.close());

  const cases: [string, CustomerNoticeInput['template'], Partial<CustomerNoticeInput>, RegExp, RegExp][] = [
    [
      'fr-FR',
      'payment-thanks',
      { balance: 0, payment: { paymentId: 'P-1', amount: 123_450, receivedAt: '2026-03-20T10:00:00Z' } },
      /^Merci : paiement reçu pour la facture n° /,
      /intégralement réglée/,
    ],
    [
      'fr-FR',
      'plan-confirmation',
      { plan },
      /^Échéancier confirmé pour la facture n° /,
      /Échéance 2 : 617,25\s€ au plus tard le 10 mai 2026/u,
    ],
    [
      'fr-FR',
      'instalment-reminder',
      { plan, instalmentIndex: 1 },
      /^Échéance 2 de votre échéancier : facture n° /,
      /est due le 10 mai 2026/,
    ],
    [
      'fr-FR',
      'plan-broken',
      { plan, instalmentIndex: 0 },
      /^Échéancier non respecté : facture n° /,
      /nos relances reprennent/,
    ],
    [
      'en-GB',
      'payment-thanks',
      { balance: 61_725, payment: { paymentId: 'P-2', amount: 61_725, receivedAt: '2026-03-20T10:00:00Z' } },
      /^Thank you: payment received for invoice /,
      /€617\.25 remains outstanding/,
    ],
    [
      'en-GB',
      'plan-confirmation',
      { plan },
      /^Payment plan confirmed for invoice /,
      /Instalment 1: €617\.25 by 10 April 2026/,
    ],
    [
      'en-GB',
      'instalment-reminder',
      { plan, instalmentIndex: 0 },
      /^Instalment 1 of your payment plan: invoice /,
      /is due on 10 April 2026/,
    ],
    ['en-GB', 'plan-broken', { plan, instalmentIndex: 1 }, /^Payment plan not kept: invoice /, /our reminders resume/],
  ];

  it.each(cases)(
    'sends the %s %s notice once per key, and records it',
    async (locale, template, extra, subject, body) => {
      const invoice = anInvoice({}, { locale });
      const input: CustomerNoticeInput = { invoice, template, key: `${template}:1`, balance: invoice.amount, ...extra };

      const sent = await acts.sendCustomerNotice(input);
      const again = await acts.sendCustomerNotice(input);

      expect(again).toEqual({ ...sent, alreadySent: true });
      const messages = await eventually(
        () => messagesTo(invoice.customer.email),
        (m) => m.length >= 1,
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]!.subject).toMatch(subject);
      expect(messages[0]!.subject).toContain(invoice.id);
      expect(messages[0]!.messageId).toBe(sent.messageId);
      const full = await inboxMessage(messages[0]!.id);
      expect(full.text).toMatch(body);
      expect(full.html).toContain(invoice.id);
      expect(await listCommunications(db, invoice.id)).toEqual([
        expect.objectContaining({
          channel: 'email',
          kind: `notice:${template}`,
          template,
          result: 'sent',
          messageId: sent.messageId,
        }),
      ]);
    },
  );

  it('sends a second notice under a different key', async () => {
    const invoice = anInvoice();
    const base = { invoice, template: 'instalment-reminder' as const, balance: invoice.amount, plan };
    const first = await acts.sendCustomerNotice({ ...base, key: 'plan-1:instalment-1:reminder', instalmentIndex: 0 });
    const second = await acts.sendCustomerNotice({ ...base, key: 'plan-1:instalment-2:reminder', instalmentIndex: 1 });
    expect(second.messageId).not.toBe(first.messageId);
    expect(
      await eventually(
        () => messagesTo(invoice.customer.email),
        (m) => m.length >= 2,
      ),
    ).toHaveLength(2);
  });

  it('withholds the thank-you for a payment the proof trail shows reversed meanwhile', async () => {
    const invoice = anInvoice();
    await appendCommunication(db, {
      id: `${invoice.id}:event:7`,
      invoiceId: invoice.id,
      channel: 'event',
      kind: 'payment_reversed',
      recipient: null,
      template: null,
      messageId: null,
      result: 'recorded',
      detail: { seq: 7, paymentId: 'CHQ-1', reason: 'cheque returned unpaid' },
      occurredAt: new Date().toISOString(),
    });
    const payment = { paymentId: 'CHQ-1', amount: 10_000, receivedAt: '2026-03-20T10:00:00Z' };
    const thanks = { invoice, template: 'payment-thanks' as const, balance: invoice.amount, payment };
    const withheld = await acts.sendCustomerNotice({ ...thanks, key: 'payment:CHQ-1:thanks' });
    expect(withheld).toMatchObject({ withheld: 'payment_reversed', messageId: '' });
    const sent = await acts.sendCustomerNotice({
      ...thanks,
      payment: { ...payment, paymentId: 'VIR-2' },
      key: 'payment:VIR-2:thanks',
    });
    expect(sent.withheld).toBeUndefined();
    const mails = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length >= 1,
    );
    expect(mails).toHaveLength(1);
    expect((await listCommunications(db, invoice.id)).filter((c) => c.kind === 'notice:payment-thanks')).toHaveLength(
      1,
    );
  });

  it('refuses a notice without what its template needs, naming the field', async () => {
    const invoice = anInvoice();
    await expect(
      acts.sendCustomerNotice({ invoice, template: 'plan-broken', key: 'k', balance: 1, plan }),
    ).rejects.toMatchObject({
      type: 'InvalidInput',
      nonRetryable: true,
      message: expect.stringMatching(/^instalmentIndex: /),
    });
    await expect(
      acts.sendCustomerNotice({ invoice, template: 'payment-thanks', key: 'k', balance: 1 }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^payment: /) });
  });

  it('opens a support task once per key and records it in the proof trail', async () => {
    const invoice = anInvoice();
    const input = {
      invoice,
      key: 'dispute-1:sla',
      kind: 'dispute_review' as const,
      reason: 'Dispute unresolved after 30 days: goods damaged',
      dueAt: '2026-04-20T08:00:00Z',
    };
    const first = await acts.createSupportTask(input);
    const again = await acts.createSupportTask(input);

    expect(first.created).toBe(true);
    expect(again).toEqual({ taskId: first.taskId, created: false });
    const tasks = await listTasks(db, { invoiceId: invoice.id });
    expect(tasks).toEqual([
      expect.objectContaining({
        kind: 'dispute_review',
        status: 'open',
        dueAt: '2026-04-20T08:00:00.000Z',
        balance: 123_450,
      }),
    ]);
    expect(tasks[0]!.context).toMatchObject({ reason: input.reason, owner: 'support' });
    expect(await listCommunications(db, invoice.id)).toEqual([
      expect.objectContaining({ channel: 'task', kind: 'task:dispute_review', result: 'task_created' }),
    ]);
  });

  it('refuses a support task with a bad due time, naming the field', async () => {
    await expect(
      acts.createSupportTask({ invoice: anInvoice(), key: 'k', kind: 'fix_contact', reason: 'r', dueAt: 'tomorrow' }),
    ).rejects.toMatchObject({ type: 'InvalidInput', message: "dueAt: 'tomorrow' is not an RFC 3339 instant" });
  });
});
