import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { signSelfServiceToken } from '../../../templates/self-service-link';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TEST_SELF_SERVICE_SECRET, TestStack } from '../../support/test-stack';

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const nonce = () => randomBytes(16).toString('base64url');

/** What a debtor's answers do, and what the page refuses, against the real servers. */
describe("the debtor's answers on the self-service page", () => {
  let stack: TestStack;
  const policyId = `ssa-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);
  /** A link of its own per test: each has its own hourly count. */
  const link = (customerId: string) =>
    `/s/${signSelfServiceToken({ customerId, expiresAt: new Date(Date.now() + 30 * DAY_MS + Math.random() * 1e6) }, TEST_SELF_SERVICE_SECRET)}`;
  const post = (path: string, form: Record<string, string>) => api().post(`${path}/answers`).type('form').send(form);

  async function customerWith(count: number): Promise<{ customerId: string; invoices: string[] }> {
    const customerId = `SSQ-${randomUUID().slice(0, 8)}`;
    const invoices = [];
    for (let i = 1; i <= count; i++) {
      const id = `${customerId}-${i}`;
      const body = invoiceBody(id, `${customerId.toLowerCase()}@client.test`, '2027-03-31', {
        policyId,
        amount: 100_000,
      });
      const created = await ops(api().post('/v1/invoices')).send({
        ...body,
        customer: { ...body.customer, id: customerId },
      });
      expect([created.status, created.body.detail]).toEqual([201, undefined]);
      invoices.push(id);
    }
    return { customerId, invoices };
  }

  const answersOf = async (invoiceId: string) =>
    stack.db.query<{ answer: string; status: string }>(
      'SELECT answer, status FROM self_service_answers WHERE invoice_id = $1',
      [invoiceId],
    );

  async function debtorEvents(invoiceId: string) {
    const trail = await ops(api().get(`/v1/invoices/${invoiceId}/communications`));
    return (trail.body.items as { kind: string; detail: Record<string, unknown> }[]).filter(
      (row) => row.detail?.by === 'debtor',
    );
  }

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = await ops(api().post('/v1/policies')).send({
      id: policyId,
      name: 'Self-service answers',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [{ after: 'P30D', action: 'email', template: 'reminder-1' }],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  });

  afterAll(() => stack.stop());

  it('counts the same promise posted 20 times at once as one answer, and confirms it every time', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    const form = {
      answer: 'promise_to_pay',
      nonce: nonce(),
      invoice: invoices[0]!,
      promisedDate: inDays(10),
      lang: 'fr',
    };
    const pages = await Promise.all(Array.from({ length: 20 }, () => post(path, form)));
    expect(pages.map((p) => p.status)).toEqual(Array(20).fill(200));
    expect(pages[0]!.text).toContain('votre date de paiement est enregistrée');
    expect(await answersOf(invoices[0]!)).toEqual([{ answer: 'promise_to_pay', status: 'accepted' }]);
    const events = await eventually(
      () => debtorEvents(invoices[0]!),
      (found) => found.length > 0,
    );
    expect(events.map((e) => e.kind)).toEqual(['debtor_answer']);
  });

  it('sends a dispute for every open invoice when "all" is chosen, with its reason and text', async () => {
    const { customerId, invoices } = await customerWith(2);
    const page = await post(link(customerId), {
      answer: 'dispute',
      nonce: nonce(),
      invoice: 'all',
      reason: 'defective',
      text: 'Les pièces livrées\nsont rayées.',
      lang: 'en',
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your dispute is recorded.');
    expect(page.text).toContain(`Invoice(s): ${invoices.join(', ')}.`);
    for (const invoice of invoices) {
      const state = await ops(api().get(`/v1/invoices/${invoice}`));
      expect(state.body.state.stage).toBe('disputed');
    }
  });

  it('asks for a plan splitting the balance to the cent, the remainder on the last instalment', async () => {
    const { customerId, invoices } = await customerWith(1);
    const page = await post(link(customerId), {
      answer: 'request_plan',
      nonce: nonce(),
      invoice: invoices[0]!,
      count: '3',
      firstDate: inDays(5),
    });
    expect([page.status, page.text]).toEqual([200, expect.stringContaining('demande d’échéancier nous est transmise')]);
    const events = await eventually(
      () => debtorEvents(invoices[0]!),
      (found) => found.length > 0,
    );
    expect(events).toHaveLength(1);
    const instalments = events[0]!.detail.instalments as { amount: number }[];
    expect(instalments.map((i) => i.amount)).toEqual([33_333, 33_333, 33_334]);
  });

  it('refuses hostile input next to the form, in the page’s language, recording nothing', async () => {
    const { customerId, invoices } = await customerWith(1);
    const { invoices: others } = await customerWith(1);
    const path = link(customerId);
    const base = { nonce: nonce(), invoice: invoices[0]!, lang: 'fr' };
    const cases: [Record<string, string>, string][] = [
      [{ ...base, answer: 'promise_to_pay', promisedDate: '9999-01-01' }, 'Cette date ne peut pas être retenue'],
      [
        { ...base, answer: 'already_paid', paidOn: '2026-11-30', reference: 'VIR\u0000123' },
        'référence de votre paiement',
      ],
      [{ ...base, answer: 'already_paid', paidOn: '2026-02-30', reference: 'VIR-1' }, 'date de paiement réelle'],
      [{ ...base, answer: 'dispute', reason: 'because' }, 'Choisissez un motif'],
      [{ ...base, answer: 'request_plan', count: '40', firstDate: inDays(5) }, 'Choisissez de 2 à 12 mensualités'],
      [{ ...base, answer: 'promise_to_pay', invoice: others[0]!, promisedDate: inDays(5) }, 'Choisissez une facture'],
      [{ ...base, answer: 'promise_to_pay', nonce: 'short', promisedDate: inDays(5) }, 'Rechargez la page'],
      [{ ...base, answer: 'pay_later', promisedDate: inDays(5) }, 'Rechargez la page'],
    ];
    for (const [form, message] of cases) {
      const page = await post(path, form);
      expect([form.answer, page.status, page.type]).toEqual([form.answer, 422, 'text/html']);
      expect([form.answer, page.text]).toEqual([form.answer, expect.stringContaining(message)]);
      expect(page.text).not.toMatch(/Error|stack|at Object|ZodError/);
    }
    const repeated = await api()
      .post(`${path}/answers`)
      .type('form')
      .send('answer=dispute&answer=promise_to_pay&nonce=x');
    expect(repeated.status).toBe(422);
    const huge = await post(path, { ...base, answer: 'dispute', reason: 'other', text: 'x'.repeat(20_000) });
    expect([huge.status, huge.type]).toEqual([413, 'text/html']);
    expect(await answersOf(invoices[0]!)).toEqual([]);
    expect(await answersOf(others[0]!)).toEqual([]);
  });

  it('stops a link after 10 answers in an hour with a 429 page saying when to come back', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    const form = () => ({
      answer: 'already_paid',
      nonce: nonce(),
      invoice: invoices[0]!,
      paidOn: inDays(-1),
      reference: `VIR-${randomUUID()}`,
    });
    for (let i = 0; i < 10; i++) expect([200, 422]).toContain((await post(path, form())).status);
    const limited = await post(path, form());
    expect([limited.status, limited.type]).toEqual([429, 'text/html']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3_000);
    expect(limited.text).toContain('Too many requests for this link.');
    expect((await answersOf(invoices[0]!)).length).toBe(10);
    // Another link of the same customer (a later e-mail) has its own count.
    expect((await post(link(customerId), form())).status).not.toBe(429);
  });
});
