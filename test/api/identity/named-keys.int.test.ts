import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { revokeApiKeys } from '../../../db/api-keys';
import { createStoredKey } from '../../../api/http/key-ring';
import { eventually } from '../../support/eventually';
import { invoiceBody, startTestStack, TestStack } from '../../support/test-stack';

const ALICE = 'alice-ops-key-for-identity-tests';
const PAYMENTS = 'payments-key-for-identity-tests';
const run = promisify(execFile);

/** Who did something is the key's name, whatever the body claims; stored keys come and go without a restart. */
describe('named keys', () => {
  let stack: TestStack;
  const as = (key: string) => (r: request.Test) => r.auth(key, { type: 'bearer' });
  const alice = as(ALICE);

  beforeAll(async () => {
    stack = await startTestStack({
      apiKeys: [
        { name: 'alice', role: 'ops', secret: ALICE },
        { name: 'payments-gateway', role: 'payments', secret: PAYMENTS },
      ],
    });
  });
  afterAll(() => stack?.stop());

  const createInvoice = async () => {
    const id = `KEY-${randomUUID().slice(0, 8)}`;
    const created = await alice(request(stack.app).post('/v1/invoices')).send(
      invoiceBody(id, `${id.toLowerCase()}@client.test`, '2031-03-01'),
    );
    expect(created.status).toBe(201);
    return id;
  };

  it('records alice on the proof trail and in the workflow, whatever actor the body names', async () => {
    const id = await createInvoice();
    const paused = await alice(request(stack.app).post(`/v1/invoices/${id}/pause`)).send({
      reason: 'customer on holiday',
      by: 'payments:22eaa134',
    });
    expect(paused.status).toBe(200);
    expect(paused.body.hold.by).toBe('alice');
    const resumed = await alice(request(stack.app).post(`/v1/invoices/${id}/resume`)).send({ by: 'someone-else' });
    expect(resumed.status).toBe(200);

    const contact = await alice(request(stack.app).post(`/v1/invoices/${id}/contact`)).send({
      email: `${id.toLowerCase()}@corrected.test`,
      by: 'payments:22eaa134',
    });
    expect(contact.status).toBe(200);
    const trail = await eventually(
      () => alice(request(stack.app).get(`/v1/invoices/${id}/communications`)),
      (r) => r.body.items.some((c: { kind: string }) => c.kind === 'contact_updated'),
    );
    const row = trail.body.items.find((c: { kind: string }) => c.kind === 'contact_updated');
    expect(row.detail.by).toBe('alice');
    expect(JSON.stringify(trail.body)).not.toContain('22eaa134');
  });

  it('records who reported a payment and its reversal: the key of the payment system', async () => {
    const id = await createInvoice();
    const gateway = as(PAYMENTS);
    const paid = await gateway(request(stack.app).post(`/v1/invoices/${id}/payments`)).send({
      paymentId: `pay-${id}`,
      amount: 10_000,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
    });
    expect(paid.status).toBe(200);
    const reversed = await gateway(request(stack.app).post(`/v1/invoices/${id}/payment-reversals`)).send({
      paymentId: `pay-${id}`,
      reason: 'chargeback',
    });
    expect(reversed.status).toBe(200);
    const trail = await eventually(
      () => alice(request(stack.app).get(`/v1/invoices/${id}/communications`)),
      (r) => r.body.items.some((c: { kind: string }) => c.kind === 'payment_reversed'),
    );
    const detail = (kind: string) => trail.body.items.find((c: { kind: string }) => c.kind === kind).detail;
    expect(detail('payment_received').by).toBe('payments-gateway');
    expect(detail('payment_reversed').by).toBe('payments-gateway');
  });

  it('names the author of a policy version', async () => {
    const posted = await alice(request(stack.app).post('/v1/policies')).send({
      id: `authored-${randomUUID().slice(0, 6)}`,
      name: 'Authored',
      calendar: null,
      instalmentGrace: 'P5D',
      promiseGrace: 'P3D',
      disputeSla: 'P30D',
      steps: [{ after: 'P7D', action: 'email', template: 'reminder-1' }],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.createdBy).toBe('alice');
    const read = await alice(request(stack.app).get(`${posted.headers.location}`));
    expect(read.body).toMatchObject({ version: 1, createdBy: 'alice' });
  });

  it('accepts a stored key at once under its name, and refuses it within a second of its revocation', async () => {
    const { secret } = await createStoredKey(stack.db, { name: 'marie', role: 'ops', createdBy: 'test' });
    const id = await createInvoice();
    const marie = as(secret);
    const paused = await marie(request(stack.app).post(`/v1/invoices/${id}/pause`)).send({ reason: 'call back' });
    expect(paused.status).toBe(200);
    expect(paused.body.hold.by).toBe('marie');

    await revokeApiKeys(stack.db, 'marie', 'test');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const refused = await marie(request(stack.app).get(`/v1/invoices/${id}`));
    expect(refused.status).toBe(401);
  });

  it('refuses a stored key whose secret is altered, and one of a role its name does not hold', async () => {
    const { secret } = await createStoredKey(stack.db, { name: 'paul', role: 'support', createdBy: 'test' });
    const altered = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect((await as(altered)(request(stack.app).get('/v1/invoices'))).status).toBe(401);
    expect((await as(secret)(request(stack.app).get('/v1/invoices'))).status).toBe(200);
    const written = await as(secret)(request(stack.app).post('/v1/invoices')).send(
      invoiceBody('KEY-support', 'x@client.test', '2031-03-01'),
    );
    expect(written.status).toBe(403);
    await expect(createStoredKey(stack.db, { name: 'paul', role: 'ops', createdBy: 'test' })).rejects.toThrow(
      /already holds a support key/,
    );
  });

  it('manages keys with npm run keys: create prints the key once, list shows it, revoke ends it', async () => {
    const env = { ...process.env, DATABASE_URL: stack.db.url };
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], { env, cwd: process.cwd() });
    const created = await cli('create', 'jeanne', 'payments');
    const secret = /^rlk_\S+$/m.exec(created.stdout)?.[0];
    expect(secret).toBeDefined();
    const read = await as(secret!)(request(stack.app).get('/v1/invoices'));
    expect(read.status).toBe(200);

    const listed = await cli('list');
    expect(listed.stdout).toMatch(/jeanne\s+payments\s+created .* in force/);
    expect(listed.stdout).not.toContain(secret!.slice(17));

    const revoked = await cli('revoke', 'jeanne');
    expect(revoked.stdout).toMatch(/revoked key [0-9a-f]{12} of jeanne/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await as(secret!)(request(stack.app).get('/v1/invoices'))).status).toBe(401);
    await expect(cli('create', 'bad name!', 'ops')).rejects.toMatchObject({ stderr: /is not a key name/ });
  });

  it('signs a stored key in to the console under its name, and ends the session within a second of revocation', async () => {
    const { secret } = await createStoredKey(stack.db, { name: 'claire', role: 'ops', createdBy: 'test' });
    const agent = request.agent(stack.app);
    const signedIn = await agent.post('/app/sign-in').type('form').send({ key: secret, next: '/app/tasks' });
    expect(signedIn.status).toBe(303);
    const tasks = await agent.get('/app/tasks');
    expect(tasks.status).toBe(200);
    expect(tasks.text).toContain('claire');

    await revokeApiKeys(stack.db, 'claire', 'test');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = await agent.get('/app/tasks');
    expect([after.status, after.headers.location]).toEqual([303, '/app/sign-in?next=%2Fapp%2Ftasks']);
  });
});
