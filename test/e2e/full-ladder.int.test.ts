import { stateQuery } from '../../workflows/messages';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { listLegalFiles } from '../../db/legal-files';
import { listTasks } from '../../db/tasks';
import { invoiceWorkflowId } from '../../workflows/routing';
import { eventually } from '../support/eventually';
import { messagesTo } from '../support/mail-inbox';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../support/test-stack';

describe('the whole ladder with a calendar-off policy, against the real servers', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(() => stack.stop());

  it('walks e-mails, phone call, letter and formal notice to the legal file, stays open in legal, and closes paid', async () => {
    const id = `L-${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@client.test`;
    const due = new Date(Date.now() + 1_000).toISOString();
    const created = await request(stack.app)
      .post('/v1/invoices')
      .auth(KEYS.ops, { type: 'bearer' })
      .send(invoiceBody(id, email, due));
    expect(created.status).toBe(201);

    const client = await stack.temporal.client();
    const handle = client.workflow.getHandle(invoiceWorkflowId(id));
    await eventually(
      () => handle.query(stateQuery),
      (s) => s.legalFile?.status === 'open',
      60_000,
    );

    const subjects = (
      await eventually(
        () => messagesTo(email),
        (m) => m.length >= 3,
      )
    )
      .map((m) => m.subject)
      .sort();
    expect(subjects).toEqual([
      `Deuxième relance : facture n° ${id} en retard de 1 jour`,
      `Facture n° ${id} en retard`,
      `Mise en demeure de payer : facture n° ${id}`,
    ]);

    const tasks = await listTasks(stack.db, { invoiceId: id });
    expect(tasks.map((t) => t.kind).sort()).toEqual(['phone_call', 'post_letter', 'post_letter']);
    expect(tasks.find((t) => t.kind === 'phone_call')).toMatchObject({ phone: '+33 1 23 45 67 89', balance: 123_450 });

    const [file] = (await listLegalFiles(stack.db)).filter((f) => f.invoiceId === id);
    // 1,234.50 EUR, uncontested, French law: the small-claims procedure (art. L125-1 CPCE).
    expect(file).toMatchObject({ id: `LF-${id}`, recommendedRoute: 'small_claims' });
    expect((file!.dossier.communications as unknown[]).length).toBeGreaterThanOrEqual(5);

    // The projection of the last stage change (to legal) may land just after the state query shows the file open.
    const trail = await eventually(
      () => request(stack.app).get(`/v1/invoices/${id}/communications`).auth(KEYS.support, { type: 'bearer' }),
      (r) => (r.body.items as { kind: string }[] | undefined)?.filter((c) => c.kind === 'stage_changed').length === 5,
    );
    const rows = trail.body.items as { channel: string; kind: string }[];
    // What went to the customer or to a person, in order; the workflow's own events sit beside them.
    expect(rows.filter((c) => c.channel !== 'event').map((c) => c.channel)).toEqual([
      'email',
      'email',
      'phone',
      'letter',
      'letter',
      'email',
      'legal',
      'legal',
    ]);
    expect(rows.filter((c) => c.kind === 'stage_changed')).toHaveLength(5);
    const state = await request(stack.app).get(`/v1/invoices/${id}`).auth(KEYS.support, { type: 'bearer' });
    expect(state.body.state).toMatchObject({ status: 'open', stage: 'legal' });
    expect(state.body.state.history.map((h: { result: string }) => h.result)).toEqual(Array(6).fill('sent'));

    // Most debts settle once a lawyer writes: payments are still applied in legal, and the last one closes it.
    const pay = (paymentId: string, amount: number) =>
      request(stack.app)
        .post(`/v1/invoices/${id}/payments`)
        .auth(KEYS.ops, { type: 'bearer' })
        .send({ paymentId, amount, currency: 'EUR', receivedAt: new Date().toISOString() });
    const part = await pay('after-legal-1', 100_000);
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ status: 'open', stage: 'legal', balance: 23_450 });
    const rest = await pay('after-legal-2', 23_450);
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ status: 'paid', balance: 0 });
    expect(await handle.result()).toMatchObject({ status: 'paid', balance: 0 });
    const closed = await eventually(
      () => request(stack.app).get(`/v1/legal-files/LF-${id}`).auth(KEYS.support, { type: 'bearer' }),
      (r) => r.body.status === 'closed',
    );
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'paid' });
  });
});
