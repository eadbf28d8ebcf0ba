import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { createActivities } from '../../activities';
import { findCommunication } from '../../db/communications';
import type { Database } from '../../db/database';
import { coverInvoice, findTask, insertTask, listTasks } from '../../db/tasks';
import { eventually } from '../support/eventually';
import { createTestDatabase, requiredEnv } from '../support/test-database';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../support/test-stack';
import { anInvoice, aStep, mailSettings } from './fixtures';

type Task = {
  id: string;
  status: string;
  invoiceId: string;
  invoices: { invoiceId: string; recordId: string | null }[];
  context: Record<string, unknown>;
};

/** The phone steps of one customer's invoices, run directly: one open call covers them all. */
describe('one open phone call per customer', () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(() => db.close());

  const activities = () => createActivities({ db, mail: mailSettings(requiredEnv('SMTP_URL')) });
  const call = { index: 3, action: 'phone_task' as const, template: 'call' };

  function invoicesOfOneCustomer() {
    const customer = { id: `C-${randomUUID().slice(0, 8)}` };
    return [
      anInvoice({ amount: 100_000 }, customer),
      anInvoice({ amount: 50_000, dueDate: '2026-03-01' }, customer),
      anInvoice({ amount: 7_000, currency: 'GBP' }, customer),
    ] as const;
  }

  it('adds the second invoice to the open call, once even when retried, each trail citing that task', async () => {
    const [first, second, third] = invoicesOfOneCustomer();
    const opened = await activities().createPhoneTask(aStep(first, call));
    const joined = await activities().createPhoneTask(aStep(second, call, 40_000));
    const retried = await activities().createPhoneTask(aStep(second, call, 40_000));
    await activities().createPhoneTask(aStep(third, call));

    expect(opened).toEqual({ taskId: `${first.id}:step-3:phone_task`, created: true });
    expect(joined).toEqual({ taskId: opened.taskId, created: false });
    expect(retried).toEqual(joined);
    const [task, ...others] = await listTasks(db, { kind: 'phone_call', invoiceId: second.id });
    expect(others).toEqual([]);
    expect(task).toMatchObject({ id: opened.taskId, status: 'open', customerId: first.customer.id });
    expect(task!.invoices.map((i) => [i.invoiceId, i.recordId])).toEqual([
      [first.id, `${first.id}:step-3:phone_task`],
      [second.id, `${second.id}:step-3:phone_task`],
      [third.id, `${third.id}:step-3:phone_task`],
    ]);
    expect(task!.context).toMatchObject({
      invoices: [
        { invoiceId: first.id, balance: 100_000, currency: 'EUR', daysLate: 45 },
        { invoiceId: second.id, balance: 40_000, currency: 'EUR', daysLate: 20 },
        { invoiceId: third.id, balance: 7_000, currency: 'GBP' },
      ],
      outstanding: [
        { currency: 'EUR', amount: 140_000 },
        { currency: 'GBP', amount: 7_000 },
      ],
      script: `Relance téléphonique : factures n° ${first.id}, ${second.id}, ${third.id}, solde 1\u202f400,00\u00a0€ + 70,00\u00a0£GB`,
    });
    const row = await findCommunication(db, `${second.id}:step-3:phone_task`);
    expect(row).toMatchObject({
      result: 'task_created',
      detail: { taskId: opened.taskId, sharedWith: [first.id] },
    });
  });

  it('keeps a shared call open while another covered invoice is open, and closes it with the last', async () => {
    const [first, second] = invoicesOfOneCustomer();
    const { taskId } = await activities().createPhoneTask(aStep(first, call));
    await activities().createPhoneTask(aStep(second, call));

    expect(await activities().closeInvoiceTasks({ invoiceId: first.id, outcome: 'paid' })).toBe(0);
    const kept = (await findTask(db, taskId))!;
    expect(kept).toMatchObject({ status: 'open', invoiceId: second.id });
    expect(kept.invoices.map((i) => i.invoiceId)).toEqual([second.id]);
    expect(kept.context).toMatchObject({ invoices: [{ invoiceId: second.id }], outstanding: [{ amount: 50_000 }] });
    expect(await listTasks(db, { invoiceId: first.id, status: 'open' })).toEqual([]);

    expect(await activities().closeInvoiceTasks({ invoiceId: second.id, outcome: 'cancelled' })).toBe(1);
    expect(await findTask(db, taskId)).toMatchObject({ status: 'closed', outcome: 'cancelled' });
    const next = await activities().createPhoneTask(aStep(first, { ...call, index: 5 }));
    expect(next).toEqual({ taskId: `${first.id}:step-5:phone_task`, created: true });
  });
});

/** The same through the workflows and the API: the call's outcome reaches every invoice it covers. */
describe('completing the customer’s call', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const yesterday = () => DateTime.now().setZone('Europe/Paris').minus({ days: 1 }).toISODate()!;

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = {
      id: 'customer-call',
      name: 'customer-call',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [{ after: 'PT0S', action: 'phone_task' }],
    };
    expect((await ops(request(stack.app).post('/v1/policies')).send(policy)).status).toBe(201);
  });

  afterAll(() => stack.stop());

  /** Two invoices of one customer whose ladders open a call at once; answers their ids and the one call. */
  async function twoInvoicesCalled(): Promise<{ ids: string[]; task: Task }> {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const ids = [`P-${randomUUID().slice(0, 8)}`, `P-${randomUUID().slice(0, 8)}`];
    for (const id of ids) {
      const body = invoiceBody(id, `${customerId}@client.test`, yesterday(), { policyId: 'customer-call' });
      const created = await ops(request(stack.app).post('/v1/invoices')).send({
        ...body,
        customer: { ...body.customer, id: customerId },
      });
      expect(created.status).toBe(201);
    }
    const listed = await eventually(
      () => ops(request(stack.app).get(`/v1/tasks?invoiceId=${ids[1]}&kind=phone_call`)),
      (r) => r.body.items?.[0]?.invoices?.length === 2,
    );
    return { ids, task: listed.body.items[0] as Task };
  }

  const state = async (invoiceId: string) =>
    (await ops(request(stack.app).get(`/v1/invoices/${invoiceId}`))).body.state as {
      status: string;
      calls: { taskId: string; outcome: string }[];
    };

  it('tells every covered invoice and writes the outcome on each proof trail', async () => {
    const { ids, task } = await twoInvoicesCalled();
    expect((await ops(request(stack.app).get(`/v1/tasks?invoiceId=${ids[0]}&kind=phone_call`))).body.items).toEqual([
      expect.objectContaining({ id: task.id }),
    ]);
    const shown = await ops(request(stack.app).get(`/v1/tasks/${encodeURIComponent(task.id)}`));
    expect(shown.body.invoices.map((i: { invoiceId: string }) => i.invoiceId).sort()).toEqual([...ids].sort());

    const completed = await ops(request(stack.app).post(`/v1/tasks/${encodeURIComponent(task.id)}/complete`)).send({
      outcome: 'reached',
      note: 'will pay both next week',
    });

    expect(completed.status).toBe(200);
    expect(completed.body.task).toMatchObject({ status: 'done', outcome: 'reached' });
    for (const id of ids) {
      expect((await state(id)).calls).toEqual([expect.objectContaining({ taskId: task.id, outcome: 'reached' })]);
      const trail = await ops(request(stack.app).get(`/v1/invoices/${id}/communications`));
      const outcomes = trail.body.items.filter(
        (c: { channel: string; kind: string }) => c.channel === 'phone' && c.kind === 'call_outcome',
      );
      expect(outcomes).toEqual([
        expect.objectContaining({
          id: `${id}:call-outcome:${task.id}`,
          result: 'reached',
          detail: expect.objectContaining({ taskId: task.id }),
        }),
      ]);
    }
    const again = await ops(request(stack.app).post(`/v1/tasks/${encodeURIComponent(task.id)}/complete`)).send({
      outcome: 'reached',
      note: 'will pay both next week',
    });
    expect(again.body.repeated).toBe(true);
  });

  it('keeps the call open for the other invoice when one is paid', async () => {
    const { ids, task } = await twoInvoicesCalled();
    const paid = await request(stack.app)
      .post(`/v1/invoices/${ids[0]}/payments`)
      .auth(KEYS.payments, { type: 'bearer' })
      .send({ paymentId: 'VIR-1', amount: 123_450, currency: 'EUR', receivedAt: new Date().toISOString() });
    expect(paid.body.status).toBe('paid');

    const kept = await eventually(
      () => ops(request(stack.app).get(`/v1/tasks/${encodeURIComponent(task.id)}`)),
      (r) => r.body.invoices?.length === 1,
    );
    expect(kept.body).toMatchObject({ status: 'open', invoiceId: ids[1], invoices: [{ invoiceId: ids[1] }] });
    const promised = await ops(request(stack.app).post(`/v1/tasks/${encodeURIComponent(task.id)}/complete`)).send({
      outcome: 'promise_to_pay',
      promisedDate: DateTime.now().plus({ days: 10 }).toISODate(),
    });
    expect(promised.status).toBe(200);
    expect((await state(ids[1]!)).calls).toEqual([expect.objectContaining({ taskId: task.id })]);
    expect((await state(ids[0]!)).calls).toEqual([]);
  });

  it('writes a claim filed on the proof trail of every invoice it covers', async () => {
    const { ids } = await twoInvoicesCalled();
    const id = `claim-${randomUUID().slice(0, 8)}`;
    await insertTask(stack.db, {
      id,
      invoiceId: ids[0]!,
      kind: 'file_claim',
      customer: { name: 'Boulangerie Dupont', timezone: 'Europe/Paris' },
      phone: null,
      amount: 246_900,
      balance: 246_900,
      currency: 'EUR',
      daysLate: 1,
      context: {},
      dueAt: new Date().toISOString(),
    });
    for (const invoiceId of ids) await coverInvoice(stack.db, id, { invoiceId, recordId: null });

    const filed = await ops(request(stack.app).post(`/v1/tasks/${id}/complete`)).send({
      outcome: 'filed',
      filedOn: DateTime.now().setZone('Europe/Paris').toISODate(),
      reference: 'MJ-2026-118',
    });

    expect(filed.status).toBe(200);
    for (const invoiceId of ids) {
      const row = await findCommunication(stack.db, `${invoiceId}:task-outcome:${id}`);
      expect(row).toMatchObject({ result: 'filed', detail: expect.objectContaining({ reference: 'MJ-2026-118' }) });
    }
  });
});
