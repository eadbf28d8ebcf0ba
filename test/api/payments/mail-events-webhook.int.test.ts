import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signatureHeader } from '../../../api/payments/webhook-signature';
import { invoiceWorkflowId } from '../../../workflows/routing';
import { eventually } from '../../support/eventually';
import { messagesTo } from '../../support/mail-inbox';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp, WEBHOOK_SECRET } from '../support/api-app';

/** The relay's signed mail events against a real Temporal dev server, worker, PostgreSQL and SMTP sink. */
describe('POST /v1/webhooks/mail-events', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>['app'];
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const policyId = `bounce-${randomUUID().slice(0, 8)}`;
  /** One invoice whose first reminder went out, shared by the tests: its Message-ID is what events name. */
  let sent: { invoiceId: string; messageId: string; email: string };

  beforeAll(async () => {
    stack = await startTestStack();
    ({ app } = createApiApp({ db: stack.db, temporal: stack.temporal, taskQueue: stack.taskQueue }));
    const policy = await ops(request(app).post('/v1/policies')).send({
      id: policyId,
      name: 'Bounce test',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [
        { after: 'PT0S', action: 'email', template: 'reminder-1' },
        { after: 'P30D', action: 'phone_task' },
      ],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
    const invoiceId = `B-${randomUUID().slice(0, 8)}`;
    const email = `${invoiceId.toLowerCase()}@client.test`;
    const due = new Date(Date.now() + 1_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const created = await ops(request(app).post('/v1/invoices')).send(invoiceBody(invoiceId, email, due, { policyId }));
    expect(created.status).toBe(201);
    const [message] = await eventually(
      () => messagesTo(email),
      (m) => m.length === 1,
    );
    const trail = await eventually(
      () => proofTrail(invoiceId),
      (rows) => rows.some((r) => r.kind === 'step:email'),
    );
    const row = trail.find((r) => r.kind === 'step:email')!;
    expect(row.messageId).toBe(message!.messageId);
    sent = { invoiceId, messageId: row.messageId!, email };
  });

  afterAll(() => stack.stop());

  async function proofTrail(invoiceId: string) {
    const response = await ops(request(app).get(`/v1/invoices/${invoiceId}/communications`));
    return response.body.items as { kind: string; messageId: string | null; result: string; detail: object }[];
  }

  function deliver(event: object, options: { secret?: string; t?: number } = {}) {
    const raw = JSON.stringify(event);
    const header = signatureHeader(options.secret ?? WEBHOOK_SECRET, options.t ?? nowSeconds(), raw);
    return {
      send: () =>
        request(app)
          .post('/v1/webhooks/mail-events')
          .set('Content-Type', 'application/json')
          .set('Relance-Signature', header)
          .send(raw),
    };
  }

  const bounce = (messageId: string, kind = 'hard_bounce') => ({
    eventId: `dsn-${randomUUID()}`,
    messageId,
    kind,
    recipient: sent.email,
    detail: '550 5.1.1 Recipient address rejected: User unknown',
    occurredAt: new Date().toISOString(),
  });

  async function mailEventSignals(invoiceId: string) {
    const history = await (
      await stack.temporal.client()
    ).workflow
      .getHandle(invoiceWorkflowId(invoiceId))
      .fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'mailEvent');
  }

  it('finds the mail by its Message-ID, writes the event to the proof trail and signals the workflow', async () => {
    const event = bounce(sent.messageId);

    const response = await deliver(event).send();

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      eventId: event.eventId,
      status: 'delivered',
      duplicate: false,
      invoiceIds: [sent.invoiceId],
    });
    expect(await proofTrail(sent.invoiceId)).toContainEqual(
      expect.objectContaining({
        kind: 'mail_event:hard_bounce',
        result: 'hard_bounce',
        messageId: sent.messageId,
        detail: { eventId: event.eventId, detail: event.detail },
      }),
    );
    const signals = await eventually(
      () => mailEventSignals(sent.invoiceId),
      (s) => s.length >= 1,
    );
    expect(signals).toHaveLength(1);
  });

  it('counts an event delivered twice (signed afresh) once', async () => {
    const before = (await mailEventSignals(sent.invoiceId)).length;
    const event = bounce(sent.messageId.slice(1, -1), 'complaint');
    const signedAt = nowSeconds();
    expect((await deliver(event, { t: signedAt }).send()).status).toBe(200);

    const again = await deliver(event, { t: signedAt + 1 }).send();

    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'delivered', duplicate: true, invoiceIds: [sent.invoiceId] });
    const rows = (await proofTrail(sent.invoiceId)).filter((r) => r.kind === 'mail_event:complaint');
    expect(rows).toHaveLength(1);
    await eventually(
      () => mailEventSignals(sent.invoiceId),
      (s) => s.length === before + 1,
    );
  });

  it('keeps an event about an unknown Message-ID and answers 202', async () => {
    const event = bounce('<nobody-sent-this@elsewhere.test>');
    // Signed afresh at another second than the first delivery: the same signature twice would be a replay (401).
    const signedAt = nowSeconds();
    const response = await deliver(event, { t: signedAt }).send();
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ eventId: event.eventId, status: 'unmatched', duplicate: false, invoiceIds: [] });
    const again = await deliver(event, { t: signedAt - 1 }).send();
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: 'unmatched', duplicate: true });
  });

  it('refuses a forged or replayed signature with 401, and a signed but invalid event with 400 naming the field', async () => {
    const event = bounce(sent.messageId);
    const forged = await deliver(event, { secret: 'whsec-guessed-0123456789abcdef' }).send();
    expect(forged.status).toBe(401);
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/);
    const stale = await deliver(event, { t: nowSeconds() - 301 }).send();
    expect(stale.status).toBe(401);
    const delivery = deliver(event);
    expect((await delivery.send()).status).toBe(200);
    const replay = await delivery.send();
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/used before/);

    const invalid = await deliver({
      ...bounce('not a message id'),
      kind: 'soft_bounce',
      occurredAt: 'yesterday',
    }).send();
    expect(invalid.status).toBe(400);
    expect([...new Set(invalid.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'kind',
      'messageId',
      'occurredAt',
    ]);
  });
});
