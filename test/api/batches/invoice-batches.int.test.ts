import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp } from '../support/api-app';

describe('POST /v1/invoice-batches', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const body = (id: string, overrides: Record<string, unknown> = {}) =>
    invoiceBody(id, `${id.toLowerCase()}@client.test`, '2099-12-31', overrides);

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
  });

  afterAll(() => stack.stop());

  it('reports each item as created, existing, conflict or invalid, through the single-invoice path', async () => {
    const prefix = `B-${randomUUID().slice(0, 6)}`;
    const existing = body(`${prefix}-existing`);
    expect((await ops(request(app).post('/v1/invoices')).send(existing)).status).toBe(201);
    const batchId = `${prefix}-batch`;
    const invoices = [
      body(`${prefix}-new-1`),
      existing,
      { ...existing, amount: 1 },
      body(`${prefix}-bad`, { currency: 'EURO' }),
      { id: `${prefix}-empty` },
      body(`${prefix}-new-2`),
    ];
    const response = await ops(request(app).post('/v1/invoice-batches')).send({ id: batchId, invoices });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/v1/invoice-batches/${batchId}`);
    expect(response.body).toMatchObject({
      id: batchId,
      status: 'completed',
      total: 6,
      processed: 6,
      counts: { created: 2, existing: 1, conflict: 1, invalid: 2, failed: 0 },
    });
    expect(response.body.createdBy).toMatch(/^ops:/);
    expect(response.body.items.map((i: { status: string }) => i.status)).toEqual([
      'created',
      'existing',
      'conflict',
      'invalid',
      'invalid',
      'created',
    ]);
    expect(response.body.items[3].errors).toEqual([expect.objectContaining({ field: 'currency' })]);
    expect(response.body.items[4].errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['customer', 'amount', 'currency', 'issueDate', 'dueDate']),
    );

    const created = await support(request(app).get(`/v1/invoices/${prefix}-new-2`));
    expect(created.body.state).toMatchObject({ status: 'open', balance: 123_450 });

    const progress = await support(request(app).get(`/v1/invoice-batches/${batchId}`));
    expect(progress.body).toMatchObject({ status: 'completed', processed: 6, counts: { created: 2 } });
    expect(progress.body.finishedAt).not.toBeNull();
  });

  it('runs the same batch again without creating anything twice', async () => {
    const prefix = `B-${randomUUID().slice(0, 6)}`;
    const invoices = [body(`${prefix}-1`), body(`${prefix}-2`)];
    const first = await ops(request(app).post('/v1/invoice-batches')).send({ id: `${prefix}-b`, invoices });
    const second = await ops(request(app).post('/v1/invoice-batches')).send({ id: `${prefix}-b`, invoices });
    expect(first.body.counts).toMatchObject({ created: 2, existing: 0 });
    expect(second.body.counts).toMatchObject({ created: 0, existing: 2 });
  });

  it('shows its progress at GET /v1/invoice-batches/:id while it runs', async () => {
    const prefix = `B-${randomUUID().slice(0, 6)}`;
    const invoices = Array.from({ length: 400 }, (_, i) => body(`${prefix}-${i}`));
    let done = false;
    const finished = ops(request(app).post('/v1/invoice-batches'))
      .send({ id: `${prefix}-b`, invoices })
      .then((response) => {
        done = true;
        return response;
      });
    const seen: Array<{ status: string; processed: number }> = [];
    while (!done) {
      const progress = await support(request(app).get(`/v1/invoice-batches/${prefix}-b`));
      if (progress.status === 200) seen.push({ status: progress.body.status, processed: progress.body.processed });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await finished).body.counts.created).toBe(400);
    expect(seen.some((p) => p.status === 'running' && p.processed > 0 && p.processed < 400)).toBe(true);
  });

  it('refuses more than 1,000 invoices, an empty batch, and callers without the write right', async () => {
    const item = body('B-too-many');
    const tooMany = await ops(request(app).post('/v1/invoice-batches')).send({ invoices: Array(1001).fill(item) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0]).toMatchObject({ field: 'invoices', rule: 'too_big' });
    expect((await ops(request(app).post('/v1/invoice-batches')).send({ invoices: [] })).status).toBe(400);
    expect((await support(request(app).post('/v1/invoice-batches')).send({ invoices: [item] })).status).toBe(403);
    expect(
      (
        await request(app)
          .post('/v1/invoice-batches')
          .send({ invoices: [item] })
      ).status,
    ).toBe(401);
    expect((await support(request(app).get('/v1/invoice-batches/nope'))).status).toBe(404);
  });
});
