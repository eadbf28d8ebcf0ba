import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { insertTask } from '../../../db/tasks';
import { invoiceWorkflowId } from '../../../workflows/routing';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp } from '../support/api-app';

/** Every workflow message as its own endpoint, against a real Temporal dev server, worker and PostgreSQL. */
describe('invoice message endpoints', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
  });

  afterAll(() => stack.stop());

  /** An open invoice of 1,234.50 EUR due far ahead: its workflow waits and takes every message. */
  async function newInvoice(): Promise<string> {
    const id = `M-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(app).post('/v1/invoices')).send(
      invoiceBody(id, `${id}@client.test`, '2099-12-31'),
    );
    expect(created.status).toBe(201);
    return id;
  }

  it('answers 503 within its deadline when no worker takes the update, instead of holding the request', async () => {
    const { app: unserved, logs: unservedLogs } = createApiApp({
      db: stack.db,
      temporal: stack.temporal,
      taskQueue: `nobody-polls-${randomUUID()}`,
    });
    const id = `N-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(unserved).post('/v1/invoices')).send(
      invoiceBody(id, `${id}@client.test`, '2099-12-31'),
    );
    expect(created.status).toBe(201);
    const started = Date.now();
    const held = await ops(request(unserved).post(`/v1/invoices/${id}/cancel`)).send({ reason: 'duplicate invoice' });
    expect({ status: held.status, errors: unservedLogs.error.map(String) }).toEqual({ status: 503, errors: [] });
    expect(held.body.detail).toContain('no worker answered in time');
    expect(Date.now() - started).toBeLessThan(40_000);
  });

  describe('POST /v1/invoices/:id/contact', () => {
    it('corrects the e-mail in the workflow and the stored invoice, and records who did it', async () => {
      const id = await newInvoice();
      const email = `${id.toLowerCase()}@corrected.test`;
      const response = await ops(request(app).post(`/v1/invoices/${id}/contact`)).send({ email });
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('open');
      const stored = await support(request(app).get(`/v1/invoices/${id}`));
      expect(stored.body.customer.email).toBe(email);
      const trail = await eventually(
        () => support(request(app).get(`/v1/invoices/${id}/communications`)),
        (r) => r.body.items.some((c: { kind: string }) => c.kind === 'contact_updated'),
      );
      const row = trail.body.items.find((c: { kind: string }) => c.kind === 'contact_updated');
      expect(row.detail).toMatchObject({ email: { from: `${id}@client.test`, to: email } });
      expect(row.detail.by).toMatch(/^ops:/);
    });

    it('answers 400 naming the field for an empty body or a malformed address, and 403 for support', async () => {
      const id = await newInvoice();
      const empty = await ops(request(app).post(`/v1/invoices/${id}/contact`)).send({});
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0]).toMatchObject({ field: 'email' });
      const malformed = await ops(request(app).post(`/v1/invoices/${id}/contact`)).send({ email: 'not-an-address' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0]).toMatchObject({ field: 'email' });
      const forbidden = await support(request(app).post(`/v1/invoices/${id}/contact`)).send({
        phone: '+33 1 02 03 04 05',
      });
      expect(forbidden.status).toBe(403);
      const stored = await support(request(app).get(`/v1/invoices/${id}`));
      expect(stored.body.customer.email).toBe(`${id}@client.test`);
    });
  });

  describe('POST /v1/invoices/:id/instalment-plan', () => {
    const plan = () => ({
      instalments: [
        { dueDate: future(30), amount: 61_725 },
        { dueDate: future(60), amount: 61_725 },
      ],
    });

    it('agrees a plan that sums to the balance, recording who agreed it', async () => {
      const id = await newInvoice();
      const response = await ops(request(app).post(`/v1/invoices/${id}/instalment-plan`)).send(plan());
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ stage: 'instalment_plan', plan: { status: 'active', total: 123_450 } });
      expect(response.body.plan.agreedBy).toMatch(/^ops:[0-9a-f]{8}$/);
      expect(response.body.plan.instalments).toHaveLength(2);
    });

    it('answers 422 with the reason when the plan does not sum to the balance, and sends nothing', async () => {
      const id = await newInvoice();
      const response = await ops(request(app).post(`/v1/invoices/${id}/instalment-plan`)).send({
        instalments: [{ dueDate: future(30), amount: 100_000 }],
      });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          field: 'instalments',
          rule: 'sum_to_balance',
          message: expect.stringContaining('123450'),
        }),
      ]);
      const state = await support(request(app).get(`/v1/invoices/${id}`));
      expect(state.body.state.plan).toBeNull();
    });

    it('answers 422 for an instalment in the past and 400 for a malformed body', async () => {
      const id = await newInvoice();
      const past = await ops(request(app).post(`/v1/invoices/${id}/instalment-plan`)).send({
        instalments: [
          { dueDate: '2020-01-01', amount: 61_725 },
          { dueDate: future(60), amount: 61_725 },
        ],
      });
      expect(past.status).toBe(422);
      expect(past.body.errors[0]).toMatchObject({ field: 'instalments[0].dueDate', rule: 'future' });
      const malformed = await ops(request(app).post(`/v1/invoices/${id}/instalment-plan`)).send({
        instalments: [{ dueDate: 'soon', amount: '12' }],
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'instalments[0].dueDate',
        'instalments[0].amount',
      ]);
    });

    it('answers 401 without a key, 403 for support, 404 for an unknown invoice', async () => {
      const id = await newInvoice();
      expect((await request(app).post(`/v1/invoices/${id}/instalment-plan`).send(plan())).status).toBe(401);
      expect((await support(request(app).post(`/v1/invoices/${id}/instalment-plan`)).send(plan())).status).toBe(403);
      expect((await ops(request(app).post('/v1/invoices/none/instalment-plan')).send(plan())).status).toBe(404);
    });
  });

  describe('disputes', () => {
    it('raises a dispute, passes on the workflow refusing a plan meanwhile as 422, and resolves it with a credit', async () => {
      const id = await newInvoice();
      const raised = await ops(request(app).post(`/v1/invoices/${id}/disputes`)).send({ reason: 'goods damaged' });
      expect(raised.status).toBe(200);
      expect(raised.body).toMatchObject({ stage: 'disputed', dispute: { reason: 'goods damaged' } });
      expect(raised.body.dispute.raisedBy).toMatch(/^ops:/);

      const plan = await ops(request(app).post(`/v1/invoices/${id}/instalment-plan`)).send({
        instalments: [{ dueDate: future(30), amount: 123_450 }],
      });
      expect(plan.status).toBe(422);
      expect(plan.body.errors[0]).toMatchObject({ field: 'instalments', rule: 'InvalidMessage' });

      const resolved = await ops(request(app).post(`/v1/invoices/${id}/disputes/resolve`)).send({
        outcome: 'partially_upheld',
        creditAmount: 23_450,
      });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ dispute: null, balance: 100_000 });
    });

    it('refuses to resolve a dispute that was never raised, and a credit as large as the balance', async () => {
      const id = await newInvoice();
      const none = await ops(request(app).post(`/v1/invoices/${id}/disputes/resolve`)).send({ outcome: 'rejected' });
      expect(none.status).toBe(422);
      expect(none.body.errors[0].rule).toBe('no_dispute');
      await ops(request(app).post(`/v1/invoices/${id}/disputes`)).send({ reason: 'price' });
      const tooMuch = await ops(request(app).post(`/v1/invoices/${id}/disputes/resolve`)).send({
        outcome: 'partially_upheld',
        creditAmount: 123_450,
      });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.errors[0].field).toBe('creditAmount');
      const missing = await ops(request(app).post(`/v1/invoices/${id}/disputes/resolve`)).send({
        outcome: 'partially_upheld',
      });
      expect(missing.status).toBe(400);
    });
  });

  describe('promise to pay, pause, resume, cancel', () => {
    it('records a promise with who took it, and refuses one in the past', async () => {
      const id = await newInvoice();
      const past = await ops(request(app).post(`/v1/invoices/${id}/promise-to-pay`)).send({
        promisedDate: '2021-05-01',
      });
      expect(past.status).toBe(422);
      expect(past.body.errors[0]).toMatchObject({ field: 'promisedDate', rule: 'future' });
      const tooMuch = await ops(request(app).post(`/v1/invoices/${id}/promise-to-pay`)).send({
        promisedDate: future(10),
        amount: 200_000,
      });
      expect(tooMuch.status).toBe(422);
      const promised = await ops(request(app).post(`/v1/invoices/${id}/promise-to-pay`)).send({
        promisedDate: future(10),
      });
      expect(promised.status).toBe(200);
      expect(promised.body).toMatchObject({ stage: 'promise_to_pay', promise: { amount: 123_450 } });
      expect(promised.body.promise.promisedBy).toMatch(/^ops:/);
    });

    it('pauses and resumes, recording who held it', async () => {
      const id = await newInvoice();
      const paused = await ops(request(app).post(`/v1/invoices/${id}/pause`)).send({ reason: 'talks' });
      expect(paused.status).toBe(200);
      expect(paused.body).toMatchObject({ stage: 'paused', hold: { reason: 'talks' } });
      expect(paused.body.hold.by).toMatch(/^ops:/);
      const resumed = await ops(request(app).post(`/v1/invoices/${id}/resume`)).send({});
      expect(resumed.status).toBe(200);
      expect(resumed.body.hold).toBeNull();
      expect(resumed.body.stage).not.toBe('paused');
    });

    it('cancels, and then answers 409 to any further message', async () => {
      const id = await newInvoice();
      expect((await ops(request(app).post(`/v1/invoices/${id}/cancel`)).send({})).status).toBe(400);
      const cancelled = await ops(request(app).post(`/v1/invoices/${id}/cancel`)).send({ reason: 'credit note AV-1' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      const late = await ops(request(app).post(`/v1/invoices/${id}/pause`)).send({ reason: 'x' });
      expect(late.status).toBe(409);
      expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  describe('POST /v1/invoices/:id/policy', () => {
    it('moves the invoice to a stored policy version and records it on the invoice only once accepted', async () => {
      const id = await newInvoice();
      const stored = await ops(request(app).post('/v1/policies')).send({
        id: 'demo-gentler',
        name: 'Demo, gentler',
        calendar: null,
        instalmentGrace: 'PT10S',
        promiseGrace: 'PT10S',
        disputeSla: 'PT60S',
        steps: [
          { after: 'PT0S', action: 'email', template: 'reminder-1' },
          { after: 'PT30S', action: 'letter' },
        ],
      });
      expect(stored.status).toBe(201);
      const version = stored.body.version as number;

      const unknown = await ops(request(app).post(`/v1/invoices/${id}/policy`)).send({
        policyId: 'demo-gentler',
        version: 99,
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].field).toBe('version');
      const badStep = await ops(request(app).post(`/v1/invoices/${id}/policy`)).send({
        policyId: 'demo-gentler',
        fromStep: 5,
      });
      expect(badStep.status).toBe(422);
      expect(badStep.body.errors[0].field).toBe('fromStep');
      expect((await support(request(app).get(`/v1/invoices/${id}`))).body.policy).toEqual({
        id: 'demo-fast',
        version: 1,
      });

      const moved = await ops(request(app).post(`/v1/invoices/${id}/policy`)).send({
        policyId: 'demo-gentler',
        version,
        reason: 'gentler ladder',
      });
      expect(moved.status).toBe(200);
      expect(moved.body.policy).toEqual({ id: 'demo-gentler', version });
      expect((await support(request(app).get(`/v1/invoices/${id}`))).body.policy).toEqual({
        id: 'demo-gentler',
        version,
      });

      // The same move again (a client retrying after a lost answer) is a no-op that answers the state.
      const again = await ops(request(app).post(`/v1/invoices/${id}/policy`)).send({
        policyId: 'demo-gentler',
        version,
      });
      expect(again.status).toBe(200);
      expect(again.body.policy).toEqual({ id: 'demo-gentler', version });
      expect(again.body.ladder).toBe(1);
    });
  });

  describe('POST /v1/tasks/:id/complete', () => {
    async function phoneTask(invoiceId: string): Promise<string> {
      const id = `${invoiceId}:step-2:phone_task`;
      await insertTask(stack.db, {
        id,
        invoiceId,
        kind: 'phone_call',
        customer: { name: 'Boulangerie Dupont', timezone: 'Europe/Paris' },
        phone: '+33 1 23 45 67 89',
        amount: 123_450,
        balance: 123_450,
        currency: 'EUR',
        daysLate: 10,
        context: {},
        dueAt: new Date().toISOString(),
      });
      return id;
    }

    it('records a promise once: on the task, in the proof trail, and in the workflow', async () => {
      const invoiceId = await newInvoice();
      const taskId = await phoneTask(invoiceId);
      const body = { outcome: 'promise_to_pay', promisedDate: future(7), note: 'accountant promised' };
      const done = await ops(request(app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send(body);
      expect(done.status).toBe(200);
      expect(done.body.task).toMatchObject({ status: 'done', outcome: 'promise_to_pay', note: 'accountant promised' });
      expect(done.body.task.completedBy).toMatch(/^ops:/);
      expect(done.body.state).toMatchObject({ stage: 'promise_to_pay' });

      const again = await ops(request(app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send(body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ repeated: true, task: { outcome: 'promise_to_pay' } });
      const different = await ops(request(app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send({
        outcome: 'no_answer',
      });
      expect(different.status).toBe(409);

      const trail = await support(request(app).get(`/v1/invoices/${invoiceId}/communications`));
      const outcomes = trail.body.items.filter((c: { channel: string }) => c.channel === 'phone');
      expect(outcomes).toEqual([
        expect.objectContaining({ channel: 'phone', result: 'promise_to_pay', recipient: '+33 1 23 45 67 89' }),
      ]);
    });

    it('records nothing when the workflow refuses the outcome', async () => {
      const invoiceId = await newInvoice();
      const taskId = await phoneTask(invoiceId);
      // A dispute is open already: the workflow refuses a second one.
      await ops(request(app).post(`/v1/invoices/${invoiceId}/disputes`)).send({ reason: 'x' });
      const refused = await ops(request(app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send({
        outcome: 'dispute',
        disputeReason: 'never ordered',
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0].rule).toBe('InvalidMessage');
      const tasks = await support(request(app).get(`/v1/tasks?invoiceId=${invoiceId}`));
      expect(tasks.body.items[0]).toMatchObject({ id: taskId, status: 'open', outcome: null });
      const trail = await support(request(app).get(`/v1/invoices/${invoiceId}/communications`));
      expect(trail.body.items.filter((c: { channel: string }) => c.channel === 'phone')).toEqual([]);
    });

    it('answers a payment repeated after collection ended with the state, and refuses a new one', async () => {
      const invoiceId = await newInvoice();
      const payment = { paymentId: 'VIR-1', amount: 20_000, currency: 'EUR', receivedAt: new Date().toISOString() };
      const pay = (body: object) =>
        request(app).post(`/v1/invoices/${invoiceId}/payments`).auth(KEYS.payments, { type: 'bearer' }).send(body);
      expect((await pay(payment)).body.balance).toBe(103_450);
      // A cancelled invoice has no reversal window to watch: its workflow completes at once.
      await ops(request(app).post(`/v1/invoices/${invoiceId}/cancel`)).send({ reason: 'replaced by a credit note' });
      const client = await stack.temporal.client();
      await eventually(
        () => client.workflow.getHandle(invoiceWorkflowId(invoiceId)).describe(),
        (description) => description.status.name === 'COMPLETED',
      );
      const repeated = await pay(payment);
      expect(repeated.status).toBe(200);
      expect(repeated.body).toMatchObject({ status: 'cancelled', balance: 103_450 });
      const another = await pay({ ...payment, paymentId: 'VIR-2' });
      expect(another.status).toBe(409);
    });

    it('refuses an outcome on a task closed because the invoice was settled', async () => {
      const invoiceId = await newInvoice();
      const taskId = await phoneTask(invoiceId);
      await ops(request(app).post(`/v1/invoices/${invoiceId}/cancel`)).send({ reason: 'void' });
      await eventually(
        () => support(request(app).get(`/v1/tasks?invoiceId=${invoiceId}`)),
        (response) => response.body.items[0]?.status === 'closed',
      );
      const closed = await ops(request(app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send({
        outcome: 'reached',
      });
      expect(closed.status).toBe(409);
      expect(closed.body.detail).toMatch(/closed/);
    });
  });
});
