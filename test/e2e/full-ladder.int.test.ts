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

  it('walks e-mails, phone call, letter and formal notice to the legal file, and closes as handed to legal', async () => {
    const id = `L-${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@client.test`;
    const due = new Date(Date.now() + 1_000).toISOString();
    const created = await request(stack.app)
      .post('/v1/invoices')
      .auth(KEYS.ops, { type: 'bearer' })
      .send(invoiceBody(id, email, due));
    expect(created.status).toBe(201);

    const client = await stack.temporal.client();
    const result = await client.workflow.getHandle(invoiceWorkflowId(id)).result();
    expect(result).toEqual({ status: 'handed_to_legal', balance: 123_450, credit: 0, currency: 'EUR' });

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
    expect(file).toMatchObject({ id: `LF-${id}`, recommendedRoute: 'injonction_de_payer' });
    expect((file!.dossier.communications as unknown[]).length).toBeGreaterThanOrEqual(5);

    const trail = await request(stack.app)
      .get(`/v1/invoices/${id}/communications`)
      .auth(KEYS.support, { type: 'bearer' });
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
    expect(state.body).toMatchObject({ status: 'handed_to_legal', stage: 'handed_to_legal' });
    expect(state.body.state.history.map((h: { result: string }) => h.result)).toEqual(Array(6).fill('sent'));
  });
});
