import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { signSelfServiceToken } from '../../../templates/self-service-link';
import { invoiceBody, KEYS, startTestStack, TEST_SELF_SERVICE_SECRET, TestStack } from '../../support/test-stack';

const DAY_MS = 86_400_000;
const nonce = () => randomBytes(16).toString('base64url');
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
/** Markup that would run if the page put data into HTML unescaped. */
const PAYLOAD = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';
const RAN = /<script|<img src=x/;

/**
 * The debtor's page as an attacker holding one link (or none) sees it, against the real servers: markup in the data
 * and in the forms, tampered tokens in every spelling, answers aimed at another customer's invoice, hostile bodies
 * and a burst of submissions. Every test asserts a defence that holds.
 */
describe('self-service links under attack', () => {
  let stack: TestStack;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);
  const victim = `HLA-${randomUUID().slice(0, 8)}`;
  const other = `HLB-${randomUUID().slice(0, 8)}`;
  const victimInvoice = `${victim}-1`;
  const otherInvoice = `${other}-1`;
  /** A link of its own per test (each has its own view and answer counts). */
  const link = (customerId: string, expiresAt = new Date(Date.now() + 30 * DAY_MS + Math.random() * 1e6)) =>
    `/s/${signSelfServiceToken({ customerId, expiresAt }, TEST_SELF_SERVICE_SECRET)}`;
  const post = (path: string, form: Record<string, string> | string) =>
    api().post(`${path}/answers`).type('form').send(form);
  const answersOf = async (invoiceId: string) =>
    (
      await stack.db.query<{ count: string }>(
        'SELECT count(*)::text AS count FROM self_service_answers WHERE invoice_id = $1',
        [invoiceId],
      )
    )[0]!.count;

  async function createInvoice(id: string, customerId: string, name: string) {
    const body = invoiceBody(id, `${customerId.toLowerCase()}@client.test`, '2027-03-31', { policyId: undefined });
    const created = await ops(api().post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customerId, name },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    await createInvoice(victimInvoice, victim, PAYLOAD);
    await createInvoice(otherInvoice, other, 'Other customer');
  }, 120_000);

  afterAll(() => stack.stop());

  it('shows markup in the customer name, in ?lang and in a refused answer as text', async () => {
    const path = link(victim);
    const page = await api().get(path);
    expect(page.status).toBe(200);
    expect(RAN.test(page.text)).toBe(false);
    expect(page.text).toContain('&lt;/script>&lt;script>alert(1)&lt;/script>&quot;>&lt;img src=x');
    const lang = await api().get(`${path}?lang=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(lang.status).toBe(200);
    expect(lang.text).toMatch(/^<!doctype html>\n<html lang="(fr|en)">/);
    expect(RAN.test(lang.text)).toBe(false);
    // A refused form is shown again with what was typed: as text, even inside a textarea or an attribute.
    const refused = await post(path, {
      answer: 'dispute',
      nonce: nonce(),
      invoice: victimInvoice,
      reason: `"><script>alert(3)</script>`,
      text: `</textarea>${PAYLOAD}`,
      lang: `"><script>alert(4)</script>`,
    });
    expect(refused.status).toBe(422);
    expect(RAN.test(refused.text)).toBe(false);
    expect(await answersOf(victimInvoice)).toBe('0');
  });

  it('refuses a token in any other spelling or with any part changed, with the one 404 page', async () => {
    const path = link(victim);
    const [customer, expiry, signature] = path.slice(3).split('.') as [string, string, string];
    const otherCustomer = Buffer.from(other, 'utf8').toString('base64url');
    const later = (parseInt(expiry, 36) + 365 * 86_400).toString(36);
    const standard = (text: string) => text.replace(/-/g, '+').replace(/_/g, '/');
    const variants = [
      `${customer}.${expiry}.${signature}=`,
      `${customer}=.${expiry}.${signature}`,
      `${customer}.${expiry.toUpperCase()}.${signature}`,
      `${customer}.0${expiry}.${signature}`,
      `${customer}.${expiry}.${signature}.`,
      `.${customer}.${expiry}.${signature}`,
      `${customer}.${expiry}.${signature}.${signature}`,
      `${customer}.${expiry}`,
      `${customer}..${signature}`,
      `${customer}.${expiry}.${standard(signature)}`,
      `${standard(customer)}.${expiry}.${signature}`,
      `${customer}.${later}.${signature}`,
      `${customer}.${(36 ** 10 - 1).toString(36)}.${signature}`,
      `${otherCustomer}.${expiry}.${signature}`,
      `${customer}${otherCustomer}.${expiry}.${signature}`,
      `${customer}.${expiry}.${signature.slice(0, -1)}`,
      `${customer}.${expiry}.${signature}A`,
      `${customer}.${expiry}.${Buffer.alloc(16).toString('base64url')}`,
      `${customer}.${expiry}.${Buffer.from(signature, 'base64url').toString('hex')}`,
      `${customer}%00.${expiry}.${signature}`,
      `${customer}.${expiry}.${signature}%20`,
      `${customer}.${expiry}.${signature}%0A`,
      // The customer's id itself, signed for nobody: a link is not its customer's id.
      `${customer}`,
      encodeURIComponent(victim),
    ];
    const bodies = new Set<string>();
    // A spelling that happens to be the token itself (a signature without - or _) is no variant.
    for (const variant of variants.filter((v) => v !== path.slice(3))) {
      const page = await api().get(`/s/${variant}`);
      expect([variant, page.status]).toEqual([variant, 404]);
      bodies.add(page.text);
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).not.toContain(victim);
    // A tampered token cannot answer either, and nothing is recorded.
    for (const variant of [`${otherCustomer}.${expiry}.${signature}`, `${customer}.${later}.${signature}`]) {
      const answer = await post(`/s/${variant}`, {
        answer: 'promise_to_pay',
        nonce: nonce(),
        invoice: otherInvoice,
        promisedDate: inDays(10),
      });
      expect(answer.status).toBe(404);
    }
    expect([await answersOf(victimInvoice), await answersOf(otherInvoice)]).toEqual(['0', '0']);
    // A link expired a second ago stays refused, whatever the clock of the spelling.
    expect((await api().get(link(victim, new Date(Date.now() - 1_000)))).status).toBe(404);
  });

  it("refuses an answer for another customer's invoice, recording nothing for it", async () => {
    const path = link(victim);
    const before = (await ops(api().get(`/v1/invoices/${otherInvoice}`))).body.state.stage;
    for (const invoice of [otherInvoice, `${victimInvoice},${otherInvoice}`, ` ${otherInvoice}`, 'ALL', '*', '%']) {
      const answer = await post(path, {
        answer: 'promise_to_pay',
        nonce: nonce(),
        invoice,
        promisedDate: inDays(10),
      });
      expect([invoice, answer.status]).toEqual([invoice, 422]);
      expect(answer.text).not.toContain('Other customer');
    }
    // "all" means the link's own customer's invoices only.
    const all = await post(path, {
      answer: 'promise_to_pay',
      nonce: nonce(),
      invoice: 'all',
      promisedDate: inDays(10),
    });
    expect(all.status).toBe(200);
    expect(all.text).not.toContain(otherInvoice);
    expect(await answersOf(otherInvoice)).toBe('0');
    expect((await ops(api().get(`/v1/invoices/${otherInvoice}`))).body.state.stage).toBe(before);
    // Nor can it fetch the other customer's documents by id.
    const theirs = await api().get(`${path}/documents/${encodeURIComponent(`${otherInvoice}:statement:v1.pdf`)}`);
    expect(theirs.status).toBe(404);
  });

  it('answers hostile bodies with a 4xx page and records nothing; a forged link never gets its body read', async () => {
    const path = link(victim);
    const counted = await answersOf(victimInvoice);
    const fields: Record<string, string> = {};
    for (let i = 0; i < 200; i++) fields[`field${i}`] = 'x';
    const base = { nonce: nonce(), invoice: victimInvoice };
    const attempts: [string, Record<string, string> | string][] = [
      ['1 MB', { ...base, answer: 'dispute', reason: 'other', text: 'x'.repeat(1_000_000) }],
      ['200 fields', fields],
      ['NUL', { ...base, answer: 'already_paid', paidOn: inDays(-1), reference: 'a\u0000b' }],
      ['CR LF', { ...base, answer: 'already_paid', paidOn: inDays(-1), reference: 'a\r\nBcc: x@y.test' }],
      ['year 9999', { ...base, answer: 'promise_to_pay', promisedDate: '9999-12-31' }],
      ['year 0001', { ...base, answer: 'promise_to_pay', promisedDate: '0001-01-01' }],
      ['Feb 30', { ...base, answer: 'promise_to_pay', promisedDate: '2027-02-30' }],
      ['plan of 99', { ...base, answer: 'request_plan', count: '99', firstDate: inDays(10) }],
      ['plan of -2', { ...base, answer: 'request_plan', count: '-2', firstDate: inDays(10) }],
      ['two answers', `answer=promise_to_pay&answer=dispute&nonce=${nonce()}&invoice=${victimInvoice}`],
      ['two invoices', `answer=promise_to_pay&nonce=${nonce()}&invoice=all&invoice=all&promisedDate=${inDays(9)}`],
      ['short nonce', { ...base, nonce: 'x', answer: 'promise_to_pay', promisedDate: inDays(10) }],
      ['__proto__', `__proto__=x&answer=promise_to_pay&nonce=${nonce()}&invoice=${victimInvoice}`],
      ['unknown answer', { ...base, answer: 'write_off' }],
    ];
    for (const [name, form] of attempts) {
      const page = await post(path, form);
      expect([name, page.status >= 400 && page.status < 500, page.type]).toEqual([name, true, 'text/html']);
    }
    expect(await answersOf(victimInvoice)).toBe(counted);
    // Without a valid link the body is never parsed: a megabyte to a forged token is the link's 404, not a 413.
    const forged = await api()
      .post('/s/forged.token.here/answers')
      .type('form')
      .send({ text: 'x'.repeat(1_000_000) });
    expect(forged.status).toBe(404);
  });

  it('takes at most ten of twenty different answers posted at once, the rest told to come back', async () => {
    const path = link(victim);
    const pages = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(path, {
          answer: 'dispute',
          nonce: nonce(),
          invoice: victimInvoice,
          reason: 'other',
          text: 'a burst of answers',
        }),
      ),
    );
    const statuses = pages.map((page) => page.status);
    expect(statuses.filter((status) => status === 429).length).toBe(10);
    expect(statuses.filter((status) => status < 300 || status === 422).length).toBe(10);
    for (const page of pages.filter((p) => p.status === 429))
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    const [row] = await stack.db.query<{ submissions: string }>(
      `SELECT count(DISTINCT submission)::text AS submissions FROM self_service_answers
        WHERE invoice_id = $1 AND payload->>'text' = 'a burst of answers'`,
      [victimInvoice],
    );
    expect(row!.submissions).toBe('10');
  });

  it('keeps its redirects, documents and malformed paths inside the page, never a 5xx', async () => {
    for (const token of ['%2F%2Fattacker.test', '..%2F..%2Fapp', 'https:%2F%2Fattacker.test', '%5C%5Cattacker.test']) {
      const reload = await api().get(`/s/${token}/answers`);
      expect(reload.status).toBe(303);
      const url = new URL(reload.headers.location!, 'https://pay.test');
      expect([token, url.host, url.pathname.startsWith('/s/')]).toEqual([token, 'pay.test', true]);
    }
    const path = link(victim);
    for (const document of ['%00', '%E0%A4%A', '..%2F..%2Fapp', 'x'.repeat(5_000), '%2E%2E']) {
      const page = await api().get(`${path}/documents/${document}`);
      expect([document.slice(0, 20), page.status >= 400 && page.status < 500]).toEqual([document.slice(0, 20), true]);
    }
    for (const token of ['%E0%A4%A', '%00', '.', '..', 'a'.repeat(100_000)]) {
      const page = await api().get(`/s/${token}`);
      expect([token.slice(0, 20), page.status >= 400 && page.status < 500]).toEqual([token.slice(0, 20), true]);
    }
    // A stored document that is not a PDF is downloaded under the strictest policy, never shown.
    const id = `${victimInvoice}:statement:hostile.html`;
    await stack.db.query(
      `INSERT INTO documents (id, invoice_id, kind, filename, content_type, content, sha256)
       VALUES ($1, $2, 'statement', $3, 'text/html', $4, 'x')`,
      [id, victimInvoice, `"; filename=evil.html; x="`, Buffer.from(`<html><body>${PAYLOAD}</body></html>`)],
    );
    const served = await api().get(`${path}/documents/${encodeURIComponent(id)}`);
    expect(served.status).toBe(200);
    expect(served.headers['content-disposition']).toBe('attachment; filename="___filename_evil.html__x__"');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(served.headers['x-content-type-options']).toBe('nosniff');
  });
});
