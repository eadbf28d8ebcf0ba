import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** The console's tasks: my tasks first, assigning, the call script and its outcomes, through the /v1 API. */
describe('the console’s tasks pages', () => {
  let stack: TestStack;
  const policyId = `console-calls-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const yesterday = () => DateTime.now().setZone('Europe/Paris').minus({ days: 1 }).toISODate()!;
  const inDays = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = await ops(request(stack.app).post('/v1/policies')).send({
      id: policyId,
      name: 'Call at once',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [{ after: 'PT0S', action: 'phone_task' }],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  }, 120_000);
  afterAll(() => stack.stop());

  async function signedIn(key: string) {
    const agent = request.agent(stack.app);
    await agent.post('/app/sign-in').type('form').send({ key, next: '/app/tasks' }).set('Accept-Language', 'en');
    await agent.get('/app/lang?to=en&back=/app/tasks');
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  /** A backlog invoice whose one step opens a phone task at once; answers the invoice and its task. */
  async function phoneTask() {
    const id = `CT-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(stack.app).post('/v1/invoices')).send(
      invoiceBody(id, `${id.toLowerCase()}@client.test`, yesterday(), { policyId }),
    );
    expect(created.status).toBe(201);
    const tasks = await eventually(
      async () => (await ops(request(stack.app).get('/v1/tasks')).query({ invoiceId: id })).body.items as object[],
      (items) => items.length === 1,
      60_000,
    );
    return { invoiceId: id, customerId: `cust-${id}`, task: tasks[0] as { id: string } };
  }

  it('lists my tasks first and assigns a task to me', async () => {
    const { invoiceId, task } = await phoneTask();
    const agent = await signedIn(KEYS.ops);
    const before = await agent.get('/app/tasks');
    expect(before.status).toBe(200);
    const others = before.text.slice(before.text.indexOf('id="other-tasks"'));
    expect(others).toContain(invoiceId);
    expect(before.text).toContain('No task is assigned to you.');
    const assigned = await agent
      .post(`/app/tasks/${task.id}/assign`)
      .type('form')
      .send({ _csrf: csrfOf(before.text), back: '/app/tasks' });
    expect(assigned.status).toBe(303);
    expect(assigned.headers.location).toBe('/app/tasks?done=assign');
    const after = await agent.get(assigned.headers.location!);
    expect(after.text).toContain('The task is assigned to you.');
    const mine = after.text.slice(after.text.indexOf('id="my-tasks"'), after.text.indexOf('id="others-title"'));
    expect(mine).toContain(invoiceId);
    const stored = await ops(request(stack.app).get(`/v1/tasks/${task.id}`));
    expect(stored.body.owner).toMatch(/^ops:/);
  });

  it('shows the call script: who to call, the open invoices with days late, the last contacts, the outcomes', async () => {
    const { invoiceId, customerId, task } = await phoneTask();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/tasks/${task.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Boulangerie Dupont');
    expect(page.text).toContain('href="tel:+33123456789"');
    expect(page.text).toContain(`href="/app/customers/${customerId}"`);
    const invoices = page.text.slice(page.text.indexOf('id="open-invoices"'));
    expect(invoices).toContain(invoiceId);
    expect(invoices).toMatch(/<td class="num">1<\/td><td class="num">€1,234.50<\/td>/);
    expect(page.text).toContain('id="last-contacts"');
    for (const outcome of ['reached', 'no_answer', 'wrong_number', 'promise_to_pay', 'dispute', 'paid_already']) {
      expect(page.text).toContain(`id="outcome-${outcome}-form"`);
    }
    expect(page.text).toContain('<label for="outcome-promise_to_pay-promisedDate">Promised date</label>');
    const path = `/app/tasks/${encodeURIComponent(task.id)}`;
    const assigned = await agent
      .post(`${path}/assign`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: path });
    expect(assigned.headers.location).toBe(`${path}?done=assign`);
    const elsewhere = await agent
      .post(`${path}/assign`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), back: '//attacker.test/app/tasks' });
    expect(elsewhere.headers.location).toBe('/app/tasks?done=assign');
  });

  it('records a promise to pay with its date and amount: the invoice’s stage becomes promise_to_pay', async () => {
    const { invoiceId, task } = await phoneTask();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/tasks/${task.id}`);
    const done = await agent
      .post(`/app/tasks/${task.id}/complete`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        outcome: 'promise_to_pay',
        promisedDate: inDays(10),
        promisedAmount: '1 000,50',
        note: 'Will pay on the 10th',
      });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/app/tasks/${encodeURIComponent(task.id)}?done=complete`);
    const invoice = await ops(request(stack.app).get(`/v1/invoices/${invoiceId}`));
    expect(invoice.body.state.stage).toBe('promise_to_pay');
    const stored = await ops(request(stack.app).get(`/v1/tasks/${task.id}`));
    expect(stored.body).toMatchObject({ status: 'done', outcome: 'promise_to_pay' });
    expect(stored.body.outcomeDetail).toMatchObject({ promisedAmount: 100_050 });
    const after = await agent.get(done.headers.location!);
    expect(after.text).toContain('The outcome is recorded.');
    expect(after.text).not.toContain('id="outcome-forms"');
  });

  it('keeps what was typed and names the field when the API refuses an outcome', async () => {
    const { task } = await phoneTask();
    const agent = await signedIn(KEYS.ops);
    const page = await agent.get(`/app/tasks/${task.id}`);
    const refused = await agent
      .post(`/app/tasks/${task.id}/complete`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), outcome: 'promise_to_pay', promisedDate: '', note: 'kept note' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('The request was refused');
    expect(refused.text).toMatch(/id="outcome-promise_to_pay-promisedDate"[^>]*aria-invalid="true"/);
    expect(refused.text).toContain('id="outcome-promise_to_pay-promisedDate-error"');
    expect(refused.text).toContain('kept note</textarea>');
    expect((await ops(request(stack.app).get(`/v1/tasks/${task.id}`))).body.status).toBe('open');
  });

  it('speaks French to a browser that asks for it', async () => {
    const { task } = await phoneTask();
    const agent = request.agent(stack.app);
    await agent.post('/app/sign-in').type('form').send({ key: KEYS.ops, next: '/app/tasks' });
    const list = await agent.get('/app/tasks').set('Accept-Language', 'fr-FR');
    expect(list.text).toContain('<h2 id="mine-title">Mes tâches</h2>');
    const page = await agent.get(`/app/tasks/${encodeURIComponent(task.id)}`).set('Accept-Language', 'fr-FR');
    expect(page.text).toContain('<h2 id="call-title">Qui appeler</h2>');
    expect(page.text).toContain('<label for="outcome-promise_to_pay-promisedDate">Date promise</label>');
  });

  it('shows support the tasks without any form that changes them', async () => {
    const { task } = await phoneTask();
    const agent = await signedIn(KEYS.support);
    const list = await agent.get('/app/tasks');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('/assign"');
    const page = await agent.get(`/app/tasks/${task.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('id="outcome-forms"');
    expect(page.text).not.toContain('id="assign-form"');
    // Posting anyway is the API's own refusal.
    const forced = await agent
      .post(`/app/tasks/${task.id}/complete`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), outcome: 'reached' });
    expect(forced.status).toBe(403);
  });
});
