import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { createApp } from '../../api/create-app';
import { signatureHeader } from '../../api/payments/webhook-signature';
import { launchChromium, listen, screenshot } from '../support/browser';
import { eventually } from '../support/eventually';

/** Polls a probe that throws until it holds. */
const until = <T>(probe: () => Promise<T>, timeoutMs: number) => eventually(probe, () => true, timeoutMs);
import { inboxMessage, messagesTo } from '../support/mail-inbox';
import {
  invoiceBody,
  KEYS,
  startTestStack,
  TestStack,
  testApiKeys,
  testSelfServiceConfig,
} from '../support/test-stack';

const WEBHOOK_SECRET = 'whsec-browser-tests-0123456789abcdef';

/**
 * The console and the debtor's page in a real Chromium, against the real servers: a collector signs in, finds
 * "Menuiserie Martin" by name, reads the invoice's timeline and proof trail, completes the phone call with a promise
 * to pay, matches a payment nobody could place; a debtor follows the link of a real reminder and promises to pay.
 */
describe('the console and the self-service page in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let app: ReturnType<typeof createApp>;
  const policyId = `browser-${randomUUID().slice(0, 8)}`;
  const run = randomUUID().slice(0, 6).toUpperCase();
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });

  beforeAll(async () => {
    // The server listens first: the links the workers write must name its address.
    server = await listen((req, res) => void app(req, res));
    const publicUrl = server.url;
    stack = await startTestStack({ publicUrl });
    app = createApp({
      db: stack.db,
      temporal: stack.temporal,
      config: {
        apiKeys: testApiKeys(),
        taskQueue: stack.taskQueue,
        webhookSecret: WEBHOOK_SECRET,
        selfService: testSelfServiceConfig(publicUrl),
        creditor: {
          name: 'Atelier Martin SAS',
          paymentInstructions: 'virement sur FR76 3000 6000 0112 3456 7890 189, en indiquant le numéro de facture',
          contact: 'recouvrement@atelier-martin.test',
          address: ['4 rue de la Paix', '75002 Paris'],
        },
      },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
    browser = await launchChromium();
    const policy = await ops(request(app).post('/v1/policies')).send({
      id: policyId,
      name: 'Browser ladder',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT30S',
      disputeSla: 'PT60S',
      steps: [
        { after: 'PT1S', action: 'email', template: 'reminder-1' },
        { after: 'PT3S', action: 'phone_task' },
        { after: 'P30D', action: 'email', template: 'reminder-2' },
      ],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.stop();
  });

  async function createInvoice(
    prefix: string,
    customerName: string,
    dueInMs = 0,
  ): Promise<{ id: string; email: string }> {
    const id = `${prefix}-${run}-${randomUUID().slice(0, 4)}`;
    const email = `${id.toLowerCase()}@client.test`;
    const body = invoiceBody(id, email, new Date(Date.now() + dueInMs).toISOString(), { policyId });
    const created = await ops(request(app).post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: `C-${id}`, name: customerName },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
    return { id, email };
  }

  const stageOf = async (id: string) =>
    (await ops(request(app).get(`/v1/invoices/${encodeURIComponent(id)}`))).body.state?.stage as string;

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${server.url}/app`);
    await page.waitForURL(/\/app\/sign-in/);
    await page.locator('#key').fill(key);
    await page.locator('form[action="/app/sign-in"] button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/app/sign-in'));
  }

  it('finds an invoice by customer name, shows its timeline and proof trail, and completes its call with a promise', async () => {
    const martin = await createInvoice('F', 'Menuiserie Martin');
    const other = await createInvoice('F', 'Boulangerie Dupont', 86_400_000);
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, KEYS.ops);

    await page.goto(`${server.url}/app/invoices`);
    await page.getByRole('searchbox', { name: /Rechercher/ }).fill('Martin');
    await page.locator('#invoice-search button[type=submit]').click();
    await page.waitForURL(/q=Martin/);
    const results = page.locator('[data-testid="invoice-results"]');
    await expectText(results, martin.id);
    expect(await results.textContent()).not.toContain(other.id);
    expect(await results.textContent()).toContain('Menuiserie Martin');
    await screenshot(page, 'console-invoices-fr');

    // The phone step falls due three seconds after the reminder: wait for its task before reading the page.
    const task = await until(async () => {
      const tasks = await ops(request(app).get('/v1/tasks')).query({ invoiceId: martin.id, kind: 'phone_call' });
      const found = (tasks.body.items ?? tasks.body).find?.(
        (t: { kind: string; invoiceId?: string; invoices?: string[] }) =>
          t.kind === 'phone_call' && (t.invoiceId === martin.id || t.invoices?.includes(martin.id)),
      );
      if (!found) throw new Error('no phone task yet');
      return found as { id: string };
    }, 60_000);

    await results.getByRole('link', { name: martin.id }).click();
    await page.waitForURL(new RegExp(`/app/invoices/${martin.id}`));
    const body = page.locator('main');
    await expectText(body, /Chronologie|Calendrier|Timeline/i);
    await expectText(body, /Historique des échanges|Piste|Proof trail|preuve/i);
    await expectText(body, 'reminder-1');
    await screenshot(page, 'console-invoice-fr');

    await page.goto(`${server.url}/app/tasks`);
    await expectText(page.locator('main'), 'Menuiserie Martin');
    await screenshot(page, 'console-tasks-fr');
    await page.goto(`${server.url}/app/tasks/${encodeURIComponent(task.id)}`);
    await expectText(page.locator('#call-who'), 'Menuiserie Martin');
    await screenshot(page, 'console-call-script-fr');
    const promise = page.locator('#outcome-promise_to_pay-form');
    await page.locator('details:has(#outcome-promise_to_pay-form) > summary').click();
    await promise.locator('input[name="promisedDate"]').fill(isoDay(7));
    await promise.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    await until(async () => expect(await stageOf(martin.id)).toBe('promise_to_pay'), 20_000);

    await page.goto(`${server.url}/app/invoices/${encodeURIComponent(martin.id)}`);
    await expectText(page.locator('main'), 'promise_to_pay');
    await context.close();
  });

  it('matches a payment nobody could place to the invoice it pays', async () => {
    const invoice = await createInvoice('M', 'Atelier Bernard', 7 * 86_400_000);
    const event = {
      eventId: `evt-${randomUUID()}`,
      type: 'settlement',
      invoiceId: `TYPO-${run}`,
      paymentId: `pay-${randomUUID().slice(0, 8)}`,
      amount: 20_000,
      currency: 'EUR',
      receivedAt: new Date().toISOString(),
      method: 'sepa_credit_transfer',
    };
    const raw = JSON.stringify(event);
    const stored = await request(app)
      .post('/v1/webhooks/payments')
      .set('Content-Type', 'application/json')
      .set('Relance-Signature', signatureHeader(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), raw))
      .send(raw);
    expect(stored.status).toBe(202);

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, KEYS.ops);
    await page.goto(`${server.url}/app/payments`);
    const row = page
      .locator('tr', { hasText: event.eventId.slice(0, 12) })
      .or(page.locator('tr', { hasText: event.invoiceId }));
    await expectText(row.first(), event.invoiceId);
    await screenshot(page, 'console-payments-en');
    const input = page.locator(`[id="match-${event.eventId}-invoiceId"]`);
    await page.locator('details', { has: input }).locator('summary').click();
    await input.fill(invoice.id);
    const form = page.locator('form', { has: input });
    await form.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    await until(async () => {
      const state = (await ops(request(app).get(`/v1/invoices/${invoice.id}`))).body.state;
      expect(state.payments.map((p: { paymentId: string }) => p.paymentId)).toContain(event.paymentId);
    }, 20_000);
    await context.close();
  });

  it('lets a debtor follow the link of a real reminder and promise to pay, and refuses a tampered link', async () => {
    const invoice = await createInvoice('S', 'Menuiserie Martin');
    const mail = await until(async () => {
      const [message] = await messagesTo(invoice.email);
      if (!message) throw new Error('no reminder yet');
      return inboxMessage(message.id);
    }, 60_000);
    expect(mail.html).toContain('/s/');

    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    // The reminder as the debtor's mail client shows it; the debtor clicks its self-service link.
    await page.setContent(mail.html!);
    const link = page.locator(`a[href*="/s/"]`).first();
    const href = (await link.getAttribute('href'))!;
    expect(href.startsWith(`${server.url}/s/`)).toBe(true);
    await Promise.all([page.waitForURL(`${server.url}/s/**`), link.click()]);
    await expectText(page.locator('main'), invoice.id);
    await screenshot(page, 'self-service-fr');

    const promise = page.locator('section#promise_to_pay');
    await promise.locator('input[name="promisedDate"]').fill(isoDay(10));
    await promise.locator('button[type=submit]').click();
    await page.waitForLoadState('load');
    await expectText(page.locator('section#promise_to_pay .notice'), /./);
    await until(async () => expect(await stageOf(invoice.id)).toBe('promise_to_pay'), 20_000);
    const trail = await ops(request(app).get(`/v1/invoices/${invoice.id}/communications`));
    const said = (trail.body.items ?? trail.body).find(
      (row: { kind: string; detail: { by?: string } }) => row.detail?.by === 'debtor',
    );
    expect(said).toBeDefined();

    await page.goto(`${href.split('?')[0]}?lang=en`);
    await expectText(page.locator('main'), /Answer|invoices/i);
    await screenshot(page, 'self-service-en');

    const token = href.split('/s/')[1]!.split(/[?#]/)[0]!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await page.goto(`${server.url}/s/${tampered}`);
    expect(refused?.status()).toBe(404);
    expect(await page.locator('body').textContent()).not.toContain(invoice.id);
    await screenshot(page, 'self-service-invalid-link');
    await context.close();
  });
});

async function expectText(locator: import('playwright-core').Locator, text: string | RegExp): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  await until(async () => {
    const content = (await locator.first().textContent()) ?? '';
    if (typeof text === 'string' ? !content.includes(text) : !text.test(content)) {
      throw new Error(`expected ${String(text)} in: ${content.slice(0, 400)}`);
    }
  }, 15_000);
}

function isoDay(daysAhead: number): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}
