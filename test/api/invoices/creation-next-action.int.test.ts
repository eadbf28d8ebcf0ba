import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp } from '../support/api-app';

describe('POST /v1/invoices: the next action', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
  });

  afterAll(() => stack.stop());

  it('answers the first step of a scheduled invoice at creation, as the list and the workflow say after', async () => {
    const id = `N-${randomUUID().slice(0, 8)}`;
    const body = invoiceBody(id, `${id.toLowerCase()}@client.test`, '2099-06-15', { policyId: 'fr-b2b-standard' });

    const created = await ops(request(app).post('/v1/invoices')).send(body);

    expect(created.status).toBe(201);
    // The courtesy e-mail: 09:00 Paris on Friday 12 June 2099, three days before the due date.
    const expected = { action: 'email', at: '2099-06-12T07:00:00.000Z' };
    expect(created.body.nextAction).toEqual(expected);
    const listed = await ops(request(app).get(`/v1/invoices?customerId=${body.customer.id}`));
    expect(listed.body.items.map((i: { nextAction: unknown }) => i.nextAction)).toEqual([expected]);
    const live = await eventually(
      async () => (await ops(request(app).get(`/v1/invoices/${id}`))).body,
      (invoice) => invoice.state !== null,
    );
    expect(live.state.nextAction).toEqual(expected);
    expect((await ops(request(app).post('/v1/invoices')).send(body)).body.nextAction).toEqual(expected);
  });
});
