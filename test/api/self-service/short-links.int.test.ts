import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createActivities } from '../../../activities';
import { findDocument } from '../../../db/documents';
import { findShortLink, saveShortLink } from '../../../db/self-service-short-links';
import { listTasks } from '../../../db/tasks';
import { selfServiceShortCode, signSelfServiceToken } from '../../../templates/self-service-link';
import { anInvoice, aStep, mailSettings } from '../../activities/fixtures';
import { eventually } from '../../support/eventually';
import { inboxMessage, messagesTo } from '../../support/mail-inbox';
import { requiredEnv } from '../../support/test-database';
import {
  invoiceBody,
  KEYS,
  startTestStack,
  TEST_PUBLIC_URL,
  TEST_SELF_SERVICE_SECRET,
  TestStack,
  testSelfServiceConfig,
} from '../../support/test-stack';
import { pdfText } from '../../templates/pdf-text';

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/** The short links letters print (`PUBLIC_URL/s/<10 characters>`), against the real servers. */
describe('the short self-service link of a letter', () => {
  let stack: TestStack;
  const policyId = `ssl-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);

  /** A customer of its own with one open invoice, created through the API. */
  async function aCustomer(): Promise<{ customerId: string; invoiceId: string }> {
    const customerId = `SSL-${randomUUID().slice(0, 8)}`;
    const invoiceId = `${customerId}-1`;
    const body = invoiceBody(invoiceId, `${customerId.toLowerCase()}@client.test`, '2027-03-31', { policyId });
    const created = await ops(api().post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customerId },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
    return { customerId, invoiceId };
  }

  /** A short link saved as a letter saves it: its code, for that customer, until `expiresAt`. */
  async function aShortLink(customerId: string, expiresAt = new Date(Date.now() + 30 * DAY_MS + Math.random() * 1e6)) {
    const code = selfServiceShortCode(customerId, expiresAt, TEST_SELF_SERVICE_SECRET);
    await saveShortLink(stack.db, { code, customerId, expiresAt });
    return code;
  }

  beforeAll(async () => {
    stack = await startTestStack();
    // Nothing is sent while these tests run: the first step comes a month after a due date months ahead.
    const policy = await ops(api().post('/v1/policies')).send({
      id: policyId,
      name: 'Self-service short links',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [{ after: 'P30D', action: 'email', template: 'reminder-1' }],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  });

  afterAll(() => stack.stop());

  it("opens its customer's page, listing the customer's open invoice", async () => {
    const { customerId, invoiceId } = await aCustomer();
    const other = await aCustomer();
    const code = await aShortLink(customerId);
    const page = await api().get(`/s/${code}`);
    expect([page.status, page.type]).toEqual([200, 'text/html']);
    expect(page.text).toContain(invoiceId);
    expect(page.text).not.toContain(other.invoiceId);
    // The page's own links (forms, PDFs) stay on the short code.
    expect(page.text).toContain(`/s/${code}/answers`);
  });

  it('takes answers like a signed link: a promise moves the invoice to promise_to_pay', async () => {
    const { customerId, invoiceId } = await aCustomer();
    const code = await aShortLink(customerId);
    const answered = await api()
      .post(`/s/${code}/answers`)
      .send({ answer: 'promise_to_pay', promisedDate: inDays(10) });
    expect([answered.status, answered.body]).toEqual([
      200,
      { answer: 'promise_to_pay', invoices: [{ invoiceId, stage: 'promise_to_pay' }] },
    ]);
    const invoice = await ops(api().get(`/v1/invoices/${invoiceId}`));
    expect(invoice.body.state.stage).toBe('promise_to_pay');
  });

  it('refuses an unknown, expired or misspelt code with the very 404 of a tampered signed link', async () => {
    const { customerId } = await aCustomer();
    const expired = await aShortLink(customerId, new Date(Date.now() - 1_000));
    const valid = await aShortLink(customerId);
    const signed = signSelfServiceToken(
      { customerId, expiresAt: new Date(Date.now() + DAY_MS) },
      TEST_SELF_SERVICE_SECRET,
    );
    const tampered = `${signed.slice(0, -3)}${signed.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const unknown = selfServiceShortCode(
      `NOBODY-${randomUUID()}`,
      new Date(Date.now() + DAY_MS),
      TEST_SELF_SERVICE_SECRET,
    );
    const refused = [
      `/s/${tampered}`,
      `/s/${unknown}`,
      `/s/${expired}`,
      `/s/${valid.toUpperCase()}`,
      `/s/${valid.slice(0, 9)}`,
      `/s/${valid}0`,
      `/s/${valid.slice(0, 9)}u`,
      `/s/${unknown}/documents/${randomUUID()}`,
      `/s/${expired}/documents/${randomUUID()}`,
    ];
    const bodies = new Set<string>();
    for (const path of refused) {
      const page = await api().get(path);
      expect([path, page.status, page.type]).toEqual([path, 404, 'text/html']);
      bodies.add(page.text);
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('This link is not valid or has expired.');
    const posted = await api()
      .post(`/s/${expired}/answers`)
      .send({ answer: 'promise_to_pay', promisedDate: inDays(10) });
    const tamperedPost = await api()
      .post(`/s/${tampered}/answers`)
      .send({ answer: 'promise_to_pay', promisedDate: inDays(10) });
    expect([posted.status, posted.body]).toEqual([404, tamperedPost.body]);
    expect((await api().get(`/s/${valid}`)).status).toBe(200);
  });

  it('is printed on the formal notice letter, saved, and opens that customer’s page', async () => {
    const { customerId, invoiceId } = await aCustomer();
    const acts = createActivities({
      db: stack.db,
      // Dated in March 2026 like the other letters' tests (the rates table covers it), valid long enough to open today.
      mail: mailSettings(requiredEnv('SMTP_URL')),
      legalTeam: 'juridique@atelier-martin.test',
      selfService: { ...testSelfServiceConfig(), linkTtlMs: 5 * 365 * DAY_MS },
    });
    const invoice = anInvoice({}, { id: customerId });
    const context = {
      ...aStep(invoice, { index: 5, action: 'formal_notice', template: 'formal-notice' }),
      deadline: '2026-03-29T21:59:59Z',
    };
    await acts.sendFormalNotice(context);
    const [task] = await listTasks(stack.db, { invoiceId: invoice.id });
    const document = await findDocument(stack.db, (task!.context.document as { id: string }).id);
    const text = pdfText(document!.content);
    const escaped = TEST_PUBLIC_URL.replace(/[.]/g, '\\.');
    const code = text.match(new RegExp(`Répondre en ligne\\s*:\\s*${escaped}/s/([0-9a-hjkmnp-tv-z]{10})\\b`, 'u'))?.[1];
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
    expect(await findShortLink(stack.db, code!)).toMatchObject({ code, customerId });
    // Sent again (a retried step): the same code, one row.
    await acts.sendFormalNotice(context);
    const rows = await stack.db.query<{ code: string }>(
      'SELECT code FROM self_service_short_links WHERE customer_id = $1',
      [customerId],
    );
    expect(rows).toEqual([{ code }]);
    const page = await api().get(`/s/${code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(invoiceId);
    // The notice's e-mail keeps the signed link: clickable, it needs no database.
    const [mail] = await eventually(
      () => messagesTo(invoice.customer.email),
      (m) => m.length >= 1,
    );
    const sent = await inboxMessage(mail!.id);
    expect(sent.text).toMatch(
      new RegExp(`Répondre en ligne\u00a0: ${escaped}/s/[A-Za-z0-9_-]+\\.[0-9a-z]+\\.[A-Za-z0-9_-]+`),
    );
    expect(sent.text).not.toContain(`/s/${code}`);
  });
});
