import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createCustomerActivities } from '../../activities/customer-activities';
import type { CustomerActivities } from '../../activities/customer-contracts';
import { appendCommunication, listCommunications } from '../../db/communications';
import {
  currentInsolvency,
  customerCredit,
  customerOpenInvoices,
  customerPayments,
  standingCustomerHolds,
} from '../../db/customers';
import type { Database } from '../../db/database';
import { projectInvoice } from '../../db/invoices';
import { findTask } from '../../db/tasks';
import { customerWorkflowId } from '../../workflows/routing';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { createIdleWorkflows, IdleWorkflows, openInvoice } from './customer-fixtures';
import { anInvoice, aStep, mailSettings } from './fixtures';

describe('customer activities', () => {
  let db: Database;
  let connection: Connection;
  let client: Client;
  let workflows: IdleWorkflows;
  let acts: CustomerActivities;
  const taskQueue = `customers-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
    client = new Client({ connection, namespace: 'default' });
    workflows = createIdleWorkflows(client, taskQueue);
    acts = createCustomerActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')), temporal: client, taskQueue });
  });

  afterAll(async () => {
    await workflows.terminateAll();
    await connection.close();
    await db.close();
  });

  const aCustomer = () => `C-${randomUUID().slice(0, 8)}`;
  const invoice = async (
    customerId: string,
    dueDate: string,
    balance: number,
    extra: { currency?: string; governingLaw?: string } = {},
  ) => {
    const row = await openInvoice(db, customerId, { dueDate, balance, ...extra });
    await workflows.start(row.id);
    return row;
  };
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    return error as ApplicationFailure;
  };

  describe('payments across invoices', () => {
    it('pays the invoice the reference names first, then the oldest due, each share reaching its invoice', async () => {
      const customerId = aCustomer();
      const later = await invoice(customerId, '2026-01-10', 50_000);
      const oldest = await invoice(customerId, '2026-01-05', 30_000);
      const named = await invoice(customerId, '2026-02-01', 40_000);
      const paymentId = `P-${randomUUID().slice(0, 8)}`;

      const allocation = await acts.allocateCustomerPayment(customerId, {
        paymentId,
        amount: 100_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
        reference: `Virement facture ${named.id.toLowerCase()}.`,
        method: 'sepa_transfer',
      });

      expect(allocation).toEqual({
        paymentId,
        currency: 'EUR',
        shares: [
          { invoiceId: named.id, amount: 40_000 },
          { invoiceId: oldest.id, amount: 30_000 },
          { invoiceId: later.id, amount: 30_000 },
        ],
        credit: 0,
      });
      expect(await workflows.signals(named.id, 'paymentReceived')).toEqual([
        {
          paymentId: `${paymentId}/${named.id}`,
          amount: 40_000,
          currency: 'EUR',
          receivedAt: '2026-03-02T10:00:00.000Z',
          reference: `Virement facture ${named.id.toLowerCase()}.`,
          method: 'sepa_transfer',
        },
      ]);
      expect(await workflows.signals(later.id, 'paymentReceived')).toEqual([
        expect.objectContaining({ paymentId: `${paymentId}/${later.id}`, amount: 30_000 }),
      ]);
    });

    it('keeps what no open invoice of that currency takes as the customer credit', async () => {
      const customerId = aCustomer();
      const euros = await invoice(customerId, '2026-01-05', 12_000);
      const pounds = await invoice(customerId, '2026-01-01', 9_000, { currency: 'GBP' });

      const allocation = await acts.allocateCustomerPayment(customerId, {
        paymentId: `P-${randomUUID().slice(0, 8)}`,
        amount: 15_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
      });

      expect(allocation.shares).toEqual([{ invoiceId: euros.id, amount: 12_000 }]);
      expect(allocation.credit).toBe(3_000);
      expect(await customerCredit(db, customerId)).toEqual([{ currency: 'EUR', amount: 3_000 }]);
      expect(await workflows.signals(pounds.id, 'paymentReceived')).toEqual([]);
    });

    it('answers the same payment delivered twice with the same allocation, recorded and signalled once', async () => {
      const customerId = aCustomer();
      const first = await invoice(customerId, '2026-01-05', 10_000);
      const second = await invoice(customerId, '2026-01-06', 10_000);
      const payment = {
        paymentId: `P-${randomUUID().slice(0, 8)}`,
        amount: 15_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
      };

      const once = await acts.allocateCustomerPayment(customerId, payment);
      await db.query(`UPDATE invoices SET balance = 5000 WHERE id = $1`, [second.id]);
      const twice = await acts.allocateCustomerPayment(customerId, payment);

      expect(twice).toEqual(once);
      expect(once.shares).toEqual([
        { invoiceId: first.id, amount: 10_000 },
        { invoiceId: second.id, amount: 5_000 },
      ]);
      expect((await customerPayments(db, customerId))[0]!.allocations).toHaveLength(2);
      expect(await workflows.signals(first.id, 'paymentReceived')).toHaveLength(1);
    });

    it('does not pay again what an earlier payment paid before the invoice projected it, nor count it twice after', async () => {
      const customerId = aCustomer();
      const stale = await invoice(customerId, '2026-01-05', 10_000);
      const projected = await invoice(customerId, '2026-01-06', 20_000);
      const first = `P-${randomUUID().slice(0, 8)}`;
      await acts.allocateCustomerPayment(customerId, {
        paymentId: first,
        amount: 25_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
      });
      // One invoice's workflow projected its share (balance and proof-trail row together); the other has not yet.
      await projectInvoice(db, projected.id, 2, {
        status: 'open',
        stage: 'reminders',
        balance: 5_000,
        nextAction: null,
        nextActionAt: null,
      });
      await appendCommunication(db, {
        id: `${projected.id}:event-1`,
        invoiceId: projected.id,
        channel: 'event',
        kind: 'payment_received',
        recipient: null,
        template: null,
        messageId: null,
        result: 'recorded',
        detail: { seq: 1, paymentId: `${first}/${projected.id}`, amount: 15_000 },
        occurredAt: '2026-03-02T10:00:01Z',
      });

      const second = await acts.allocateCustomerPayment(customerId, {
        paymentId: `${first}-2`,
        amount: 8_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T11:00:00Z',
      });

      expect(second.shares).toEqual([{ invoiceId: projected.id, amount: 5_000 }]);
      expect(second.credit).toBe(3_000);
      expect(await workflows.signals(stale.id, 'paymentReceived')).toHaveLength(1);
    });

    it('refuses another payment under an id already recorded, naming what was recorded', async () => {
      const customerId = aCustomer();
      await invoice(customerId, '2026-01-05', 10_000);
      const paymentId = `P-${randomUUID().slice(0, 8)}`;
      const payment = { paymentId, amount: 10_000, currency: 'EUR', receivedAt: '2026-03-02T10:00:00Z' };
      await acts.allocateCustomerPayment(customerId, payment);

      const other = await refusal(acts.allocateCustomerPayment(customerId, { ...payment, amount: 9_000 }));
      expect(other.type).toBe('PaymentConflict');
      expect(other.message).toContain('10000 EUR');
      expect((await refusal(acts.allocateCustomerPayment(aCustomer(), payment))).type).toBe('PaymentConflict');
    });

    it('reverses every share, tells each invoice, and the credit left is gone', async () => {
      const customerId = aCustomer();
      const first = await invoice(customerId, '2026-01-05', 10_000);
      const second = await invoice(customerId, '2026-01-06', 10_000);
      const paymentId = `P-${randomUUID().slice(0, 8)}`;
      await acts.allocateCustomerPayment(customerId, {
        paymentId,
        amount: 25_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
      });

      const reversal = { paymentId, reason: 'chargeback' };
      const reversed = await acts.reverseCustomerPayment(customerId, reversal);
      expect(await acts.reverseCustomerPayment(customerId, reversal)).toEqual(reversed);

      expect(reversed).toEqual({
        paymentId,
        currency: 'EUR',
        shares: [
          { invoiceId: first.id, amount: 10_000 },
          { invoiceId: second.id, amount: 10_000 },
        ],
        credit: 0,
      });
      expect(await workflows.signals(second.id, 'paymentReversed')).toContainEqual({
        paymentId: `${paymentId}/${second.id}`,
        reason: 'chargeback',
      });
      expect(await customerCredit(db, customerId)).toEqual([]);
      const [stored] = await customerPayments(db, customerId);
      expect(stored!.reversalReason).toBe('chargeback');
      expect(stored!.allocations.every((a) => a.reversedAt !== null)).toBe(true);
      const unknown = await refusal(acts.reverseCustomerPayment(customerId, { paymentId: 'P-none', reason: 'x' }));
      expect(unknown.type).toBe('UnknownPayment');
      expect(unknown.message).toContain('P-none');
    });

    it("applies the customer's credit to a new invoice, oldest payment first, once", async () => {
      const customerId = aCustomer();
      const older = `P-${randomUUID().slice(0, 8)}`;
      const newer = `P-${randomUUID().slice(0, 8)}`;
      await acts.allocateCustomerPayment(customerId, {
        paymentId: newer,
        amount: 5_000,
        currency: 'EUR',
        receivedAt: '2026-03-05T10:00:00Z',
      });
      await acts.allocateCustomerPayment(customerId, {
        paymentId: older,
        amount: 3_000,
        currency: 'EUR',
        receivedAt: '2026-03-01T10:00:00Z',
      });
      const fresh = await invoice(customerId, '2026-04-30', 6_000);

      const applied = await acts.applyCustomerCredit(customerId, { invoiceId: fresh.id, currency: 'EUR' });
      expect(applied).toEqual([
        { paymentId: older, currency: 'EUR', shares: [{ invoiceId: fresh.id, amount: 3_000 }], credit: 0 },
        { paymentId: newer, currency: 'EUR', shares: [{ invoiceId: fresh.id, amount: 3_000 }], credit: 2_000 },
      ]);
      expect(await acts.applyCustomerCredit(customerId, { invoiceId: fresh.id, currency: 'EUR' })).toEqual(applied);
      expect(await customerCredit(db, customerId)).toEqual([{ currency: 'EUR', amount: 2_000 }]);
      expect(await workflows.signals(fresh.id, 'paymentReceived')).toEqual([
        expect.objectContaining({ paymentId: `${older}/${fresh.id}`, amount: 3_000 }),
        expect.objectContaining({ paymentId: `${newer}/${fresh.id}`, amount: 3_000 }),
      ]);
      const none = await invoice(aCustomer(), '2026-04-30', 6_000);
      expect(await acts.applyCustomerCredit(aCustomer(), { invoiceId: none.id, currency: 'EUR' })).toEqual([]);
    });

    it('keeps a share whose invoice workflow has ended as credit', async () => {
      const customerId = aCustomer();
      const ended = await invoice(customerId, '2026-01-05', 10_000);
      const running = await invoice(customerId, '2026-01-06', 10_000);
      await workflows.terminate(ended.id);

      const allocation = await acts.allocateCustomerPayment(customerId, {
        paymentId: `P-${randomUUID().slice(0, 8)}`,
        amount: 15_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
      });

      expect(allocation.shares).toEqual([{ invoiceId: running.id, amount: 5_000 }]);
      expect(allocation.credit).toBe(10_000);
      expect(await customerCredit(db, customerId)).toEqual([{ currency: 'EUR', amount: 10_000 }]);
    });

    it('allocates one payment delivered twenty times at once into one set of shares', async () => {
      const customerId = aCustomer();
      const invoices = [
        await invoice(customerId, '2026-01-05', 10_000),
        await invoice(customerId, '2026-01-06', 10_000),
        await invoice(customerId, '2026-01-07', 10_000),
      ];
      const payment = {
        paymentId: `P-${randomUUID().slice(0, 8)}`,
        amount: 25_000,
        currency: 'EUR',
        receivedAt: '2026-03-02T10:00:00Z',
      };

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => acts.allocateCustomerPayment(customerId, payment)),
      );

      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      const rows = await db.query<{ invoice_id: string; amount: string }>(
        'SELECT invoice_id, amount FROM payment_allocations WHERE payment_id = $1 ORDER BY invoice_id',
        [payment.paymentId],
      );
      expect(rows.map((r) => [r.invoice_id, Number(r.amount)])).toEqual(
        [
          [invoices[0]!.id, 10_000],
          [invoices[1]!.id, 10_000],
          [invoices[2]!.id, 5_000],
        ].sort(),
      );
      expect(answers[0]!.credit).toBe(0);
    });
  });

  describe('holds', () => {
    it('records a hold once by its id, answers the open invoices, and lifts it once', async () => {
      const customerId = aCustomer();
      const open = await invoice(customerId, '2026-01-05', 10_000);
      const hold = { holdId: `H-${randomUUID().slice(0, 8)}`, kind: 'pause' as const, reason: 'in talks', by: 'ops' };

      const placed = await acts.recordCustomerHold(customerId, hold);
      expect(await acts.recordCustomerHold(customerId, hold)).toEqual(placed);
      expect(placed.invoiceIds).toEqual([open.id]);
      expect(await standingCustomerHolds(db, customerId)).toEqual([
        expect.objectContaining({ holdId: hold.holdId, kind: 'pause', since: placed.since, liftedAt: null }),
      ]);
      const conflict = await refusal(acts.recordCustomerHold(customerId, { ...hold, kind: 'do_not_contact' }));
      expect(conflict.type).toBe('HoldConflict');

      expect(await acts.recordCustomerHoldLifted(customerId, { holdId: hold.holdId, by: 'ops' })).toEqual({
        invoiceIds: [open.id],
      });
      await acts.recordCustomerHoldLifted(customerId, { holdId: hold.holdId, by: 'someone else' });
      expect(await standingCustomerHolds(db, customerId)).toEqual([]);
      const [row] = await db.query<{ lifted_by: string }>('SELECT lifted_by FROM customer_holds WHERE id = $1', [
        hold.holdId,
      ]);
      expect(row!.lifted_by).toBe('ops');
    });
  });

  describe('insolvency', () => {
    it('opens one file_claim task due two months after publication, with each invoice claim to the judgment', async () => {
      const customerId = aCustomer();
      const first = await invoice(customerId, '2025-12-31', 100_000);
      const second = await invoice(customerId, '2026-01-15', 50_000);
      const dollars = await invoice(customerId, '2026-01-20', 20_000, { currency: 'USD' });
      const open = {
        procedure: 'redressement' as const,
        openedOn: '2026-01-31',
        publishedOn: '2026-02-10',
        by: 'ops',
      };

      const opened = await acts.recordInsolvencyOpened(customerId, open);
      expect(await acts.recordInsolvencyOpened(customerId, open)).toEqual(opened);

      expect(opened.view).toEqual({
        procedure: 'redressement',
        openedOn: '2026-01-31',
        publishedOn: '2026-02-10',
        declareBy: '2026-04-10',
        taskId: expect.any(String),
        outcome: null,
      });
      expect(opened.invoiceIds).toEqual([first.id, second.id, dollars.id]);
      const task = (await findTask(db, opened.view.taskId!))!;
      expect(task).toMatchObject({ kind: 'file_claim', status: 'open', invoiceId: first.id });
      // The end of 10 April 2026 in Paris (CEST, UTC+2).
      expect(task.dueAt).toBe('2026-04-10T21:59:59.999Z');
      const claims = task.context.claims as Record<string, unknown>[];
      // 1,000.00 EUR due 31 December 2025: ECB rate of 1 January 2026 (2.15 %) + 10 points = 12.15 %, from 1 to 31
      // January inclusive, 31 days: 100,000 × 12.15 % × 31 / 365 = 1,031.9 → 1,032 cents; D441-5: 40 EUR.
      expect(claims[0]).toEqual({
        invoiceId: first.id,
        currency: 'EUR',
        principal: 100_000,
        interest: 1_032,
        indemnity: 4_000,
        total: 105_032,
      });
      expect(claims[1]).toMatchObject({ invoiceId: second.id, principal: 50_000, indemnity: 4_000 });
      expect(claims[2]).toMatchObject({ invoiceId: dollars.id, principal: 20_000, interest: null, total: 20_000 });
      expect(claims[2]!.note).toEqual(expect.stringContaining('no statutory claim'));
      const secondTotal = (claims[1]!.total as number) + 0;
      expect(task.context.totals).toEqual([
        { currency: 'EUR', amount: 105_032 + secondTotal },
        { currency: 'USD', amount: 20_000 },
      ]);
      const covered = await db.query<{ invoice_id: string }>(
        'SELECT invoice_id FROM task_invoices WHERE task_id = $1 ORDER BY invoice_id',
        [task.id],
      );
      expect(covered.map((r) => r.invoice_id)).toEqual([first.id, second.id, dollars.id].sort());
      const [tagged] = await db.query<{ customer_id: string }>('SELECT customer_id FROM tasks WHERE id = $1', [
        task.id,
      ]);
      expect(tagged!.customer_id).toBe(customerId);
      expect((await currentInsolvency(db, customerId))!.claims).toEqual(claims);
      const trail = (await listCommunications(db, second.id)).filter((r) => r.kind === 'insolvency:opened');
      expect(trail).toHaveLength(1);

      const other = await refusal(acts.recordInsolvencyOpened(customerId, { ...open, procedure: 'liquidation' }));
      expect(other.type).toBe('InsolvencyConflict');
      expect(other.message).toContain('redressement opened on 2026-01-31');

      const closed = await acts.recordInsolvencyClosed(customerId, { outcome: 'dismissed', by: 'ops' });
      expect(await acts.recordInsolvencyClosed(customerId, { outcome: 'dismissed', by: 'ops' })).toEqual(closed);
      expect(closed.invoiceIds).toEqual([first.id, second.id, dollars.id]);
      expect(await currentInsolvency(db, customerId)).toBeNull();
      expect((await findTask(db, task.id))!.status).toBe('closed');
    });

    it('declares the principal alone, saying why, when the rates are not known up to the judgment', async () => {
      const customerId = aCustomer();
      const late = await invoice(customerId, '2026-05-31', 70_000);
      const opened = await acts.recordInsolvencyOpened(customerId, {
        procedure: 'liquidation',
        openedOn: '2026-08-03',
        publishedOn: '2026-08-20',
      });
      expect(opened.view.declareBy).toBe('2026-10-20');
      const [claim] = (await currentInsolvency(db, customerId))!.claims;
      expect(claim).toMatchObject({ invoiceId: late.id, principal: 70_000, interest: null, total: 70_000 });
      expect(claim!.note).toContain('ECB_MRO');
    });
  });

  describe('joining the customer batch', () => {
    it('goes alone without another open invoice or without a window, and joins the customer workflow otherwise', async () => {
      const customerId = aCustomer();
      const only = await openInvoice(db, customerId, { dueDate: '2026-01-05', balance: 10_000 });
      const context = aStep(anInvoice({ id: only.id }, { id: customerId }));
      const request = { invoiceId: only.id, recordId: `${only.id}:step-1`, context, windowMs: 10_000 };
      expect(await acts.joinCustomerBatch(request)).toEqual({ kind: 'alone' });

      await openInvoice(db, customerId, { dueDate: '2026-01-06', balance: 10_000 });
      expect(await acts.joinCustomerBatch({ ...request, windowMs: 0 })).toEqual({ kind: 'alone' });
      expect(await acts.joinCustomerBatch(request)).toEqual({ kind: 'joined' });
      workflows.adopt(customerWorkflowId(customerId));
      const handle = client.workflow.getHandle(customerWorkflowId(customerId));
      expect((await handle.describe()).type).toBe('customerCollection');
      expect(await workflows.signalsOf(customerWorkflowId(customerId), 'consolidationRequest')).toEqual([
        JSON.parse(JSON.stringify(request)),
      ]);

      await appendCommunication(db, {
        id: request.recordId,
        invoiceId: only.id,
        channel: 'email',
        kind: 'step:email',
        recipient: 'compta@dupont.test',
        template: 'reminder-1',
        messageId: '<batch-1@atelier-martin.test>',
        result: 'sent',
        detail: {},
        occurredAt: '2026-03-02T08:00:00Z',
      });
      expect(await acts.joinCustomerBatch(request)).toEqual({
        kind: 'sent',
        messageId: '<batch-1@atelier-martin.test>',
      });
    });
  });

  describe('telling invoices', () => {
    it('signals every invoice by name and skips those whose workflow has ended', async () => {
      const customerId = aCustomer();
      const invoices = await Promise.all(
        Array.from({ length: 40 }, (_, i) => invoice(customerId, '2026-01-05', 1_000 + i)),
      );
      await workflows.terminate(invoices[3]!.id);
      const notice = { holdId: 'H-1', kind: 'pause', reason: 'in talks' };

      const result = await acts.signalInvoices(
        'customerHold',
        invoices.map((i) => ({ invoiceId: i.id, payload: notice })),
      );

      expect(result).toEqual({ delivered: 39 });
      expect(await workflows.signals(invoices[39]!.id, 'customerHold')).toEqual([notice]);
      expect(await customerOpenInvoices(db, customerId)).toHaveLength(40);
    });
  });
});
