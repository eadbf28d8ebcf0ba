import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import { sendUpdate } from '../../../api/temporal/invoice-workflow-client';
import { debtorAnswerUpdate } from '../../../workflows/messages';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';

/**
 * The debtor says on the self-service page that it paid: a `verify_payment` task opens for whoever reconciles the
 * account, and completing it over the API tells the invoice's workflow what was found. A plan it asks for opens an
 * `approval` task, completed with the approval outcomes.
 */
describe("POST /v1/tasks/:id/complete for the tasks a debtor's self-service answer opens", () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const today = () => DateTime.now().setZone('Europe/Paris').toISODate()!;
  const complete = (taskId: string, body: object) =>
    ops(request(stack.app).post(`/v1/tasks/${encodeURIComponent(taskId)}/complete`)).send(body);

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(() => stack.stop());

  /** An invoice not yet due, whose debtor says it paid today under `reference`; answers its verify_payment task. */
  async function claimedInvoice(reference: string) {
    const invoiceId = `VP-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(stack.app).post('/v1/invoices')).send(
      invoiceBody(invoiceId, `${invoiceId.toLowerCase()}@client.test`, '2099-12-31'),
    );
    expect(created.status).toBe(201);
    await sendUpdate(stack.temporal, invoiceId, debtorAnswerUpdate, {
      answerId: randomUUID(),
      answer: 'already_paid',
      paidOn: today(),
      reference,
    });
    const listed = await eventually(
      () => support(request(stack.app).get(`/v1/tasks?invoiceId=${invoiceId}&kind=verify_payment`)),
      (r) => r.body.items?.length > 0,
    );
    const task = listed.body.items[0] as {
      id: string;
      owner: string;
      status: string;
      context: Record<string, unknown>;
    };
    return { invoiceId, task };
  }

  it('opens the task for accounts receivable with what the debtor said, on the proof trail as said by the debtor', async () => {
    const { invoiceId, task } = await claimedInvoice('VIR-2026-0042');
    expect(task).toMatchObject({
      owner: 'accounts-receivable',
      status: 'open',
      context: { paidOn: today(), reference: 'VIR-2026-0042' },
    });
    const trail = await eventually(
      () => support(request(stack.app).get(`/v1/invoices/${invoiceId}/communications`)),
      (r) => r.body.items?.some((row: { kind: string }) => row.kind === 'debtor_answer'),
    );
    const answer = trail.body.items.find((row: { kind: string }) => row.kind === 'debtor_answer');
    expect(answer).toMatchObject({
      channel: 'event',
      detail: { by: 'debtor', via: 'self_service', answer: 'already_paid', reference: 'VIR-2026-0042' },
    });
  });

  it('records the payment found, once, and refuses another outcome afterwards', async () => {
    const { invoiceId, task } = await claimedInvoice('VIR-2026-0043');
    const wrong = await complete(task.id, { outcome: 'resolved' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors[0]).toMatchObject({ field: 'outcome', message: expect.stringContaining('not_found') });
    expect((await complete(task.id, { outcome: 'confirmed', amount: -5 })).status).toBe(400);
    expect((await complete(task.id, { outcome: 'not_found', amount: 100 })).status).toBe(400);

    const confirmed = await complete(task.id, { outcome: 'confirmed', amount: 100_000, note: 'found on the 12th' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.task).toMatchObject({
      status: 'done',
      outcome: 'confirmed',
      note: 'found on the 12th',
      outcomeDetail: { amount: 100_000 },
    });
    expect(confirmed.body.state).toMatchObject({ status: 'open', balance: 23_450, paymentClaim: null });
    expect(confirmed.body.state.payments).toEqual([
      expect.objectContaining({ paymentId: `claim:${task.id}`, amount: 100_000, reference: 'VIR-2026-0043' }),
    ]);
    expect((await complete(task.id, { outcome: 'confirmed', amount: 100_000 })).body.repeated).toBe(true);
    expect((await complete(task.id, { outcome: 'not_found' })).status).toBe(409);
    const invoice = await support(request(stack.app).get(`/v1/invoices/${invoiceId}`));
    expect(invoice.body.state.payments).toHaveLength(1);
  });

  it('closes the invoice as paid when the whole balance is confirmed', async () => {
    const { task } = await claimedInvoice('VIR-2026-0044');
    const confirmed = await complete(task.id, { outcome: 'confirmed' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.state).toMatchObject({ status: 'paid', balance: 0 });
  });

  it('ends the claim when the money is not found, and escalation may go on', async () => {
    const { task } = await claimedInvoice('VIR-2026-0045');
    const notFound = await complete(task.id, { outcome: 'not_found', note: 'nothing under that reference' });
    expect(notFound.status).toBe(200);
    expect(notFound.body.state).toMatchObject({ status: 'open', paymentClaim: null, balance: 123_450 });
    expect(notFound.body.state.paymentClaims).toEqual([
      expect.objectContaining({ taskId: task.id, outcome: 'not_found', note: 'nothing under that reference' }),
    ]);
  });

  it('agrees the plan the debtor asked for when its approval task is approved', async () => {
    const invoiceId = `PR-${randomUUID().slice(0, 8)}`;
    const created = await ops(request(stack.app).post('/v1/invoices')).send(
      invoiceBody(invoiceId, `${invoiceId.toLowerCase()}@client.test`, '2099-12-31'),
    );
    expect(created.status).toBe(201);
    const day = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
    const instalments = [
      { dueDate: day(10), amount: 60_000 },
      { dueDate: day(40), amount: 63_450 },
    ];
    await sendUpdate(stack.temporal, invoiceId, debtorAnswerUpdate, {
      answerId: randomUUID(),
      answer: 'request_plan',
      instalments,
    });
    const listed = await eventually(
      () => support(request(stack.app).get(`/v1/tasks?invoiceId=${invoiceId}&kind=approval`)),
      (r) => r.body.items?.length > 0,
    );
    const task = listed.body.items[0] as { id: string; owner: string; context: Record<string, unknown> };
    expect(task).toMatchObject({ owner: 'managers', context: { kind: 'instalment_plan', instalments } });
    const approved = await complete(task.id, { outcome: 'approved', note: 'fine by me' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toMatchObject({ stage: 'instalment_plan', planRequest: null });
    expect(approved.body.state.plan).toMatchObject({ status: 'active', agreedBy: expect.stringMatching(/^ops/) });
  });
});
