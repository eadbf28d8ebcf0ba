import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import express from 'express';
import request from 'supertest';
import { createSelfServiceRouter } from '../../../api/self-service/self-service-router';
import { signSelfServiceToken } from '../../../templates/self-service-link';
import { anInvoicePdf } from '../documents/invoice-pdf';
import {
  invoiceBody,
  KEYS,
  startTestStack,
  TEST_SELF_SERVICE_SECRET,
  TestStack,
  testSelfServiceConfig,
} from '../../support/test-stack';

const DAY_MS = 86_400_000;
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'";

/** The debtor's page against the real servers: what a link opens, and what it never shows. */
describe("the debtor's self-service page", () => {
  let stack: TestStack;
  const policyId = `ss-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);
  const link = (
    customerId: string,
    expiresAt = new Date(Date.now() + 30 * DAY_MS),
    secret = TEST_SELF_SERVICE_SECRET,
  ) => `/s/${signSelfServiceToken({ customerId, expiresAt }, secret)}`;

  const customerA = `SSA-${randomUUID().slice(0, 8)}`;
  const customerB = `SSB-${randomUUID().slice(0, 8)}`;
  const invoicesA = [`${customerA}-1`, `${customerA}-2`];
  const invoiceB = `${customerB}-1`;

  async function createInvoice(id: string, customerId: string, amount: number, locale = 'fr-FR') {
    const body = invoiceBody(id, `${customerId.toLowerCase()}@client.test`, '2027-03-31', { policyId, amount });
    const created = await ops(api().post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customerId, locale },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    // Nothing is sent while these tests run: the first step comes a month after a due date months ahead.
    const policy = await ops(api().post('/v1/policies')).send({
      id: policyId,
      name: 'Self-service page',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [{ after: 'P30D', action: 'email', template: 'reminder-1' }],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
    await createInvoice(invoicesA[0]!, customerA, 123_450);
    await createInvoice(invoicesA[1]!, customerA, 50_001);
    await createInvoice(invoiceB, customerB, 99_900, 'en-GB');
  });

  afterAll(() => stack.stop());

  it("lists that customer's open invoices only, in its language, with money formatted", async () => {
    const page = await api().get(link(customerA));
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    await writeFile('/tmp/self-service-page.html', page.text);
    expect(page.text).toMatch(/^<!doctype html>\n<html lang="fr">/);
    for (const id of invoicesA) expect(page.text).toContain(id);
    expect(page.text).not.toContain(invoiceB);
    expect(page.text).toContain('1\u202f234,50\u00a0€');
    expect(page.text).toContain('500,01\u00a0€');
    expect(page.text).toContain('Non échue');
    expect(page.text).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('switches language with ?lang= and keeps every input labelled', async () => {
    const page = await api().get(`${link(customerA)}?lang=en`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('Your open invoices');
    expect(page.text).toContain('€1,234.50');
    const ids = [...page.text.matchAll(/<(?:input|select|textarea)[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(8);
    for (const id of ids) expect([id, page.text.includes(`for="${id}"`)]).toEqual([id, true]);
    expect(page.text).not.toMatch(/<script/);
  });

  it('answers a tampered, expired, forged or unknown-customer link with the very same 404 page', async () => {
    const valid = link(customerA);
    const [prefix, expiry, signature] = valid.slice(3).split('.') as [string, string, string];
    const middle = Math.floor(signature.length / 2);
    const flipped = signature.slice(0, middle) + (signature[middle] === 'A' ? 'B' : 'A') + signature.slice(middle + 1);
    const refused = [
      `/s/${prefix}.${expiry}.${flipped}`,
      `/s/${Buffer.from(customerB).toString('base64url')}.${expiry}.${signature}`,
      link(customerA, new Date(Date.now() - 1_000)),
      link(customerA, new Date(Date.now() + DAY_MS), 'another-secret-that-nobody-configured-here'),
      link(`NOBODY-${randomUUID()}`),
      '/s/garbage',
      '/s/%00',
      `/s/${'A'.repeat(10_000)}`,
    ];
    const bodies = new Set<string>();
    for (const path of refused) {
      const page = await api().get(path);
      expect([path.slice(0, 40), page.status, page.type]).toEqual([path.slice(0, 40), 404, 'text/html']);
      bodies.add(page.text);
    }
    expect(bodies.size).toBe(1);
    const [body] = [...bodies];
    expect(body).toContain('Ce lien n’est pas valide ou a expiré.');
    expect(body).toContain('This link is not valid or has expired.');
    expect(body).not.toContain(customerA);
  });

  it("serves an invoice's PDF to its customer only", async () => {
    const pdf = await anInvoicePdf(invoicesA[0]!);
    const upload = (invoiceId: string) =>
      ops(api().post(`/v1/invoices/${invoiceId}/documents`)).send({
        kind: 'invoice',
        filename: `${invoiceId}.pdf`,
        contentType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      });
    const mine = await upload(invoicesA[0]!);
    const theirs = await upload(invoiceB);
    expect([mine.status, theirs.status]).toEqual([201, 201]);

    const page = await api().get(link(customerA));
    const href = page.text.match(/href="([^"]+\/documents\/[^"]+)"/)?.[1];
    expect(href).toBe(`${link(customerA)}/documents/${encodeURIComponent(mine.body.id)}`);
    const document = await api().get(href!).buffer(true);
    expect([document.status, document.type, Buffer.compare(document.body as Buffer, pdf)]).toEqual([
      200,
      'application/pdf',
      0,
    ]);

    const notFound = await api().get(link(customerA, new Date(Date.now() - 1_000)));
    const foreign = await api().get(`${link(customerA)}/documents/${encodeURIComponent(theirs.body.id)}`);
    const unknown = await api().get(`${link(customerA)}/documents/nope.pdf`);
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.text).toBe(notFound.text);
    expect(unknown.text).toBe(notFound.text);
  });

  it('limits the views of one link per minute with a 429 page saying when to come back', async () => {
    const path = link(customerA, new Date(Date.now() + 20 * DAY_MS));
    const statuses = [];
    for (let i = 0; i < 121; i++) statuses.push((await api().get(`${path}/documents/none.pdf`)).status);
    expect(statuses.slice(0, 120)).toEqual(Array(120).fill(404));
    expect(statuses[120]).toBe(429);
    const limited = await api().get(path);
    expect([limited.status, Number(limited.headers['retry-after']) > 0]).toEqual([429, true]);
    expect(limited.text).toContain('Trop de demandes pour ce lien.');
    // Another link of the same customer is not held back.
    expect((await api().get(link(customerA))).status).toBe(200);
  });

  it('shows how to pay and whom to contact as the e-mails do, when it knows the creditor', async () => {
    const app = express();
    app.use(
      '/s',
      createSelfServiceRouter({
        db: stack.db,
        temporal: stack.temporal,
        selfService: testSelfServiceConfig(),
        now: () => new Date(),
        logger: console,
        creditor: {
          name: 'Atelier Martin SAS',
          contact: 'compta@atelier-martin.test',
          paymentInstructions: 'bank transfer, quoting the invoice number',
        },
      }),
    );
    const page = await request(app).get(link(customerA));
    expect(page.text).toContain('<title>Vos factures auprès de Atelier Martin SAS</title>');
    expect(page.text).toContain('Virement bancaire, en indiquant le numéro de la facture réglée.');
    expect(page.text).toContain('Une question ? Contactez Atelier Martin SAS : compta@atelier-martin.test.');
    const refused = await request(app).get('/s/garbage');
    expect(refused.text).toContain('contactez Atelier Martin SAS\u00a0: compta@atelier-martin.test.');
    expect(refused.text).toContain('contact Atelier Martin SAS: compta@atelier-martin.test.');
  });

  it('serves its stylesheet under the same strict policy', async () => {
    const css = await api().get('/s/assets/self-service.css');
    expect([css.status, css.type]).toEqual([200, 'text/css']);
    expect(css.headers['content-security-policy']).toBe(CSP);
  });
});
