import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { invoiceWorkflowId } from '../../../workflows/routing';
import { exportHistory } from '../../histories/export-history';
import { eventually } from '../../support/eventually';
import { inboxMessage, messagesTo } from '../../support/mail-inbox';
import { requiredEnv } from '../../support/test-database';
import { invoiceBody, KEYS, startTestStack, TEST_PUBLIC_URL, TestStack } from '../../support/test-stack';

const inSeconds = (s: number) => new Date(Date.now() + s * 1_000).toISOString().replace(/\.\d+Z$/, 'Z');
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * From the e-mail to the workflow, as a debtor goes: the reminder in the SMTP sink carries the link, the link opens the
 * page, the page's promise reaches the invoice, which waits and says so on its proof trail.
 */
describe('a debtor answering a reminder online, end to end', () => {
  let stack: TestStack;
  const policyId = `sse-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = await ops(api().post('/v1/policies')).send({
      id: policyId,
      name: 'Self-service end to end',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [
        { after: 'PT1S', action: 'email', template: 'reminder-1' },
        { after: 'P30D', action: 'phone_task' },
      ],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  });

  afterAll(() => stack.stop());

  it('takes a promise to pay through the link of the real reminder, shown on the invoice and its proof trail', async () => {
    const id = `SSE-${randomUUID().slice(0, 8)}`;
    const email = `${id.toLowerCase()}@client.test`;
    const created = await ops(api().post('/v1/invoices')).send(invoiceBody(id, email, inSeconds(1), { policyId }));
    expect([created.status, created.body.detail]).toEqual([201, undefined]);

    const [sent] = await eventually(
      () => messagesTo(email),
      (messages) => messages.length > 0,
      60_000,
    );
    const mail = await inboxMessage(sent!.id);
    const escaped = TEST_PUBLIC_URL.replace(/[.]/g, '\\.');
    const url = mail.text?.match(new RegExp(`Répondre en ligne\u00a0: (${escaped}/s/\\S+)`))?.[1];
    expect(url).toBeDefined();
    expect(mail.html).toContain(`<a href="${url}">`);

    const path = url!.slice(TEST_PUBLIC_URL.length);
    const page = await api().get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(id);
    const nonce = page.text.match(
      /name="answer" value="promise_to_pay"\/><input type="hidden" name="nonce" value="([^"]+)"/,
    )?.[1];
    expect(nonce).toBeDefined();

    const promisedDate = inDays(7);
    const answered = await api()
      .post(`${path}/answers`)
      .type('form')
      .send({ answer: 'promise_to_pay', nonce: nonce!, invoice: id, promisedDate, lang: 'fr' });
    expect([answered.status, answered.text]).toEqual([
      200,
      expect.stringContaining('date de paiement est enregistrée'),
    ]);

    const invoice = await ops(api().get(`/v1/invoices/${id}`));
    expect(invoice.body.state.stage).toBe('promise_to_pay');
    const trail = await eventually(
      async () => (await ops(api().get(`/v1/invoices/${id}/communications`))).body.items as Record<string, unknown>[],
      (items) => items.some((row) => (row.detail as Record<string, unknown>)?.by === 'debtor'),
    );
    const said = trail.find((row) => (row.detail as Record<string, unknown>)?.by === 'debtor')!;
    expect(said.detail).toEqual(
      expect.objectContaining({ by: 'debtor', via: 'self_service', answer: 'promise_to_pay', promisedDate }),
    );

    if (process.env.RELANCE_RECORD_HISTORIES === '1') {
      const file = join(__dirname, '..', '..', 'histories', 'debtor-promise-online.json');
      await exportHistory(requiredEnv('TEMPORAL_ADDRESS'), invoiceWorkflowId(id), file);
    }
  });
});
