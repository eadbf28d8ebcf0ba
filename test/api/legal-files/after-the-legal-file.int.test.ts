import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

/** Legal files followed and closed, and write-offs, against a real Temporal dev server, worker and PostgreSQL. */
describe('after the legal file opens', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const get = (path: string) => support(request(stack.app).get(path));
  const post = (path: string, body: object) => ops(request(stack.app).post(path)).send(body);
  const today = () => DateTime.now().setZone('Europe/Paris').toISODate()!;
  const trail = async (invoiceId: string) =>
    (await get(`/v1/invoices/${invoiceId}/communications`)).body.items as {
      kind: string;
      result: string;
      detail: Record<string, unknown>;
    }[];

  beforeAll(async () => {
    stack = await startTestStack();
    // The notice and the legal file state statutory interest through today: the rate table must be known that far.
    const knownUntil = DateTime.now().plus({ days: 30 }).toISODate();
    expect((await post('/v1/rates/ECB_MRO', { knownUntil })).status).toBe(200);
    const policy = await post('/v1/policies', {
      id: 'legal-in-seconds',
      name: 'Notice, then the legal file, in seconds',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [
        { after: 'PT0S', action: 'formal_notice', deadline: 'PT3S' },
        { after: 'PT1S', action: 'legal_file' },
      ],
    });
    expect(policy.status).toBe(201);
  });

  afterAll(() => stack.stop());

  async function newInvoice(policyId: string, dueDate: string): Promise<string> {
    const id = `L-${randomUUID().slice(0, 8)}`;
    const created = await post(
      '/v1/invoices',
      invoiceBody(id, `${id.toLowerCase()}@client.test`, dueDate, { policyId }),
    );
    expect(created.status).toBe(201);
    return id;
  }

  /** An invoice walked through its formal notice to an open legal file; the invoice stays open in `legal`. */
  async function invoiceInLegal(): Promise<{ invoiceId: string; fileId: string }> {
    const invoiceId = await newInvoice('legal-in-seconds', new Date(Date.now() + 2_000).toISOString());
    const fileId = `LF-${invoiceId}`;
    await eventually(
      () => get(`/v1/invoices/${invoiceId}`),
      (r) => r.body.state?.stage === 'legal' && r.body.state?.legalFile?.status === 'open',
      60_000,
    );
    expect((await get(`/v1/legal-files/${fileId}`)).body).toMatchObject({ status: 'open', invoiceId, events: [] });
    return { invoiceId, fileId };
  }

  it('records each event once, on the file and in the proof trail, with the amount in the invoice currency', async () => {
    const { invoiceId, fileId } = await invoiceInLegal();
    const cost = { type: 'cost', date: today(), amount: 18_000, note: "bailiff's fee for service" };
    const recorded = await post(`/v1/legal-files/${fileId}/events`, cost);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ ...cost, currency: 'EUR', legalFileId: fileId });
    expect(recorded.body.recordedBy).toMatch(/^ops:/);
    const again = await post(`/v1/legal-files/${fileId}/events`, cost);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(recorded.body.id);
    expect((await post(`/v1/legal-files/${fileId}/events`, { type: 'filed', date: '2026-01-10' })).status).toBe(201);
    expect((await post(`/v1/legal-files/${fileId}/events`, { type: 'hearing', date: '2099-03-02' })).status).toBe(201);

    const file = await get(`/v1/legal-files/${fileId}`);
    expect(file.body.events.map((e: { type: string }) => e.type)).toEqual(['filed', 'cost', 'hearing']);
    const rows = (await trail(invoiceId)).filter((row) => row.kind.startsWith('legal:') && row.kind !== 'legal:notify');
    expect(rows.map((row) => row.kind).sort()).toEqual(['legal:cost', 'legal:filed', 'legal:hearing']);
    expect(rows.find((row) => row.kind === 'legal:cost')?.detail).toMatchObject({ amount: 18_000, currency: 'EUR' });
  });

  it('refuses a malformed event naming the field, and answers 404 for an unknown file', async () => {
    const { fileId } = await invoiceInLegal();
    const cases: [object, string][] = [
      [{ type: 'appeal', date: today() }, 'type'],
      [{ type: 'note', date: '03/02/2026' }, 'date'],
      [{ type: 'note', date: today(), note: 'a\u0000b' }, 'note'],
      [{ type: 'cost', date: today(), amount: 1.5 }, 'amount'],
    ];
    for (const [body, field] of cases) {
      const response = await post(`/v1/legal-files/${fileId}/events`, body);
      expect({ status: response.status, field: response.body.errors?.[0]?.field }).toEqual({ status: 400, field });
    }
    expect((await post('/v1/legal-files/LF-none/events', { type: 'note', date: today() })).status).toBe(404);
    const badFilter = await get('/v1/legal-files?status=all');
    expect({ status: badFilter.status, field: badFilter.body.errors?.[0]?.field }).toEqual({
      status: 400,
      field: 'status',
    });
    expect((await get(`/v1/legal-files/${fileId}`)).body.events).toEqual([]);
    const forbidden = await support(request(stack.app).post(`/v1/legal-files/${fileId}/events`)).send({
      type: 'note',
      date: today(),
    });
    expect(forbidden.status).toBe(403);
  });

  it('takes a payment while in legal, then closes the file settled: the invoice closes with that outcome', async () => {
    const { invoiceId, fileId } = await invoiceInLegal();
    const paid = await request(stack.app)
      .post(`/v1/invoices/${invoiceId}/payments`)
      .auth(KEYS.payments, { type: 'bearer' })
      .send({ paymentId: 'VIR-1', amount: 20_000, currency: 'EUR', receivedAt: new Date().toISOString() });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'open', stage: 'legal', balance: 103_450 });

    const badOutcome = await post(`/v1/legal-files/${fileId}/close`, { outcome: 'won' });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.errors[0].field).toBe('outcome');

    const closed = await post(`/v1/legal-files/${fileId}/close`, { outcome: 'settled', note: 'settled at 1,000 EUR' });
    expect(closed.status).toBe(200);
    expect(closed.body.legalFile).toMatchObject({
      status: 'closed',
      outcome: 'settled',
      closingNote: 'settled at 1,000 EUR',
    });
    expect(closed.body.legalFile.closedBy).toMatch(/^ops:/);
    expect(closed.body.state).toMatchObject({ status: 'settled', legalFile: { status: 'closed', outcome: 'settled' } });

    const again = await post(`/v1/legal-files/${fileId}/close`, { outcome: 'settled' });
    expect(again.status).toBe(200);
    expect(again.body.repeated).toBe(true);
    expect((await post(`/v1/legal-files/${fileId}/close`, { outcome: 'abandoned' })).status).toBe(409);
    expect((await post(`/v1/legal-files/${fileId}/events`, { type: 'note', date: today() })).status).toBe(409);
    expect((await get('/v1/legal-files?status=closed')).body.items.map((f: { id: string }) => f.id)).toContain(fileId);

    // Closed by the API and by the workflow's own activity: one row in the proof trail either way.
    await eventually(
      () => trail(invoiceId),
      (rows) => rows.some((row) => row.kind === 'legal:closed'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const closings = (await trail(invoiceId)).filter((row) => row.kind === 'legal:closed');
    expect(closings).toEqual([expect.objectContaining({ result: 'settled' })]);
  });

  it('writes off an invoice in legal: the workflow closes the file as written_off, and a closing then agrees', async () => {
    const { invoiceId, fileId } = await invoiceInLegal();
    const written = await post(`/v1/invoices/${invoiceId}/write-off`, { reason: 'debtor liquidated' });
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ status: 'written_off' });
    const file = await eventually(
      () => get(`/v1/legal-files/${fileId}`),
      (r) => r.body.status === 'closed',
    );
    expect(file.body.outcome).toBe('written_off');
    expect((await post(`/v1/legal-files/${fileId}/close`, { outcome: 'written_off' })).status).toBe(200);
    expect((await post(`/v1/legal-files/${fileId}/close`, { outcome: 'paid' })).status).toBe(409);
  });

  describe('POST /v1/invoices/:id/write-off', () => {
    it('closes an open invoice as written_off with who did it, answers a repeat with the state, refuses after', async () => {
      const invoiceId = await newInvoice('demo-fast', '2099-12-31');
      const missing = await post(`/v1/invoices/${invoiceId}/write-off`, {});
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('reason');
      const forbidden = await support(request(stack.app).post(`/v1/invoices/${invoiceId}/write-off`)).send({
        reason: 'x',
      });
      expect(forbidden.status).toBe(403);

      const written = await post(`/v1/invoices/${invoiceId}/write-off`, { reason: 'customer vanished' });
      expect(written.status).toBe(200);
      expect(written.body).toMatchObject({ status: 'written_off', writeOff: { reason: 'customer vanished' } });
      expect(written.body.writeOff.by).toMatch(/^ops:/);
      const repeated = await post(`/v1/invoices/${invoiceId}/write-off`, { reason: 'customer vanished' });
      expect(repeated.status).toBe(200);
      expect(repeated.body.status).toBe('written_off');
      const listed = await eventually(
        () => get(`/v1/invoices?status=written_off`),
        (r) => r.body.items.some((i: { id: string }) => i.id === invoiceId),
      );
      expect(listed.status).toBe(200);
      expect((await post(`/v1/invoices/${invoiceId}/pause`, { reason: 'late' })).status).toBe(409);
    });

    it('refuses to write off a cancelled invoice, and answers 404 for an unknown one', async () => {
      const invoiceId = await newInvoice('demo-fast', '2099-12-31');
      expect((await post(`/v1/invoices/${invoiceId}/cancel`, { reason: 'credit note' })).status).toBe(200);
      expect((await post(`/v1/invoices/${invoiceId}/write-off`, { reason: 'x' })).status).toBe(409);
      expect((await post('/v1/invoices/none/write-off', { reason: 'x' })).status).toBe(404);
    });
  });
});
