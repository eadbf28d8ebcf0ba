import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signSelfServiceToken } from '../../../templates/self-service-link';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TEST_SELF_SERVICE_SECRET, TestStack } from '../../support/test-stack';

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/** A program answering through a debtor's link in JSON, with the contract's names, against the real servers. */
describe("the debtor's answers in JSON", () => {
  let stack: TestStack;
  const policyId = `ssj-${randomUUID().slice(0, 8)}`;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const api = () => request(stack.app);
  /** A link of its own per test: each has its own hourly count. */
  const link = (customerId: string, expiresAt = new Date(Date.now() + 30 * DAY_MS + Math.random() * 1e6)) =>
    `/s/${signSelfServiceToken({ customerId, expiresAt }, TEST_SELF_SERVICE_SECRET)}`;
  const answer = (path: string, body: unknown) =>
    api()
      .post(`${path}/answers`)
      .send(body as object);

  async function customerWith(count: number, amount = 100_000): Promise<{ customerId: string; invoices: string[] }> {
    const customerId = `SSJ-${randomUUID().slice(0, 8)}`;
    const invoices = [];
    for (let i = 1; i <= count; i++) {
      const id = `${customerId}-${i}`;
      const body = invoiceBody(id, `${customerId.toLowerCase()}@client.test`, '2027-03-31', { policyId, amount });
      const created = await ops(api().post('/v1/invoices')).send({
        ...body,
        customer: { ...body.customer, id: customerId },
      });
      expect([created.status, created.body.detail]).toEqual([201, undefined]);
      invoices.push(id);
    }
    return { customerId, invoices };
  }

  async function debtorEvents(invoiceId: string) {
    const trail = await ops(api().get(`/v1/invoices/${invoiceId}/communications`));
    return (trail.body.items as { kind: string; detail: Record<string, unknown> }[]).filter(
      (row) => row.detail?.by === 'debtor',
    );
  }

  const stageOf = async (invoiceId: string) =>
    ((await ops(api().get(`/v1/invoices/${invoiceId}`))).body.state as { stage: string }).stage;

  const fieldsOf = (response: request.Response) =>
    (response.body.errors as { field: string }[] | undefined)?.map((e) => e.field);

  beforeAll(async () => {
    stack = await startTestStack();
    const policy = await ops(api().post('/v1/policies')).send({
      id: policyId,
      name: 'Self-service JSON answers',
      calendar: null,
      instalmentGrace: 'PT10S',
      promiseGrace: 'PT10S',
      disputeSla: 'PT60S',
      steps: [{ after: 'P30D', action: 'email', template: 'reminder-1' }],
    });
    expect([policy.status, policy.body.detail]).toEqual([201, undefined]);
  });

  afterAll(() => stack.stop());

  it('takes a promise to pay without a nonce or an invoiceId, answers the new stage, and counts a retry once', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    const body = { answer: 'promise_to_pay', promisedDate: inDays(10) };
    const first = await answer(path, body);
    expect([first.status, first.type]).toEqual([200, 'application/json']);
    expect(first.body).toEqual({
      answer: 'promise_to_pay',
      invoices: [{ invoiceId: invoices[0], stage: 'promise_to_pay' }],
    });
    const again = await answer(path, { promisedDate: inDays(10), answer: 'promise_to_pay', invoiceId: invoices[0] });
    expect([again.status, again.body]).toEqual([200, first.body]);
    expect(await stageOf(invoices[0]!)).toBe('promise_to_pay');
    const events = await eventually(
      () => debtorEvents(invoices[0]!),
      (found) => found.length > 0,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'debtor_answer',
      detail: { by: 'debtor', via: 'self_service', answer: 'promise_to_pay', promisedDate: inDays(10) },
    });
    const rows = await stack.db.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM self_service_answers WHERE invoice_id = $1',
      [invoices[0]],
    );
    expect(rows).toEqual([{ count: '1' }]);
  });

  it('counts twenty identical JSON answers arriving at once as one, and confirms each', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    const body = { answer: 'already_paid', invoiceId: invoices[0], paidOn: inDays(-1), reference: 'VIR-2026-0042' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => answer(path, body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const events = await eventually(
      () => debtorEvents(invoices[0]!),
      (found) => found.length > 0,
    );
    expect(events.map((e) => [e.kind, e.detail.reference])).toEqual([['debtor_answer', 'VIR-2026-0042']]);
  });

  it('refuses a promised date in the past or beyond the policy’s limit, naming promisedDate', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    for (const promisedDate of [inDays(-3), inDays(200), '9999-01-01']) {
      const refused = await answer(path, { answer: 'promise_to_pay', invoiceId: invoices[0], promisedDate });
      expect([promisedDate, refused.status, refused.type]).toEqual([promisedDate, 422, 'application/problem+json']);
      expect([promisedDate, fieldsOf(refused)]).toEqual([promisedDate, ['promisedDate']]);
      expect(refused.body.errors[0]).toEqual({
        field: 'promisedDate',
        rule: expect.any(String),
        message: expect.stringMatching(/^promisedDate/),
        ...(refused.body.errors[0].invoiceId ? { invoiceId: invoices[0] } : {}),
      });
    }
    expect(await stageOf(invoices[0]!)).not.toBe('promise_to_pay');
  });

  it('takes a dispute reason in a person’s own words as a dispute "other" keeping them', async () => {
    const { customerId, invoices } = await customerWith(1);
    const words = 'The parts arrived scratched and we sent them back';
    const taken = await answer(link(customerId), { answer: 'dispute', reason: words, text: 'Return RMA-77.' });
    expect([taken.status, taken.body]).toEqual([
      200,
      { answer: 'dispute', invoices: [{ invoiceId: invoices[0], stage: 'disputed' }] },
    ]);
    const events = await eventually(
      () => debtorEvents(invoices[0]!),
      (found) => found.length > 0,
    );
    expect(events[0]!.detail).toMatchObject({ reason: 'other', text: `${words}\n\nReturn RMA-77.` });
    const coded = await customerWith(1);
    const byCode = await answer(link(coded.customerId), { answer: 'dispute', reason: 'Defective' });
    expect([byCode.status, byCode.body.invoices[0].stage]).toEqual([200, 'disputed']);
  });

  it('asks for an explicit instalment plan, which opens an approval task with those instalments', async () => {
    const { customerId, invoices } = await customerWith(1);
    const instalments = [
      { dueDate: inDays(10), amount: 60_000 },
      { dueDate: inDays(40), amount: 40_000 },
    ];
    const taken = await answer(link(customerId), { answer: 'request_plan', invoiceId: invoices[0], instalments });
    expect([taken.status, taken.body.answer]).toEqual([200, 'request_plan']);
    const listed = await eventually(
      () => ops(api().get(`/v1/tasks?invoiceId=${invoices[0]}&kind=approval`)),
      (r) => r.body.items?.length > 0,
    );
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].context).toMatchObject({ kind: 'instalment_plan', instalments });
    const unbalanced = await customerWith(1);
    const refused = await answer(link(unbalanced.customerId), {
      answer: 'request_plan',
      instalments: [{ dueDate: inDays(10), amount: 1 }],
    });
    expect([refused.status, fieldsOf(refused)?.[0]]).toEqual([422, expect.stringMatching(/^instalments/)]);
  });

  it('needs an invoiceId when the customer has several open invoices, and takes "all"', async () => {
    const { customerId, invoices } = await customerWith(2);
    const path = link(customerId);
    const refused = await answer(path, { answer: 'promise_to_pay', promisedDate: inDays(5) });
    expect([refused.status, refused.type, fieldsOf(refused)]).toEqual([422, 'application/problem+json', ['invoiceId']]);
    const unknown = await answer(path, { answer: 'promise_to_pay', invoiceId: 'NOT-HERS-1', promisedDate: inDays(5) });
    expect([unknown.status, fieldsOf(unknown)]).toEqual([422, ['invoiceId']]);
    const all = await answer(path, { answer: 'promise_to_pay', invoiceId: 'all', promisedDate: inDays(5) });
    expect([all.status, all.body.invoices.map((i: { invoiceId: string }) => i.invoiceId).sort()]).toEqual([
      200,
      [...invoices].sort(),
    ]);
  });

  it('answers a tampered link with the very same 404 problem as an expired one, revealing nothing', async () => {
    const { customerId } = await customerWith(1);
    const valid = link(customerId);
    const [prefix, expiry, signature] = valid.slice(3).split('.') as [string, string, string];
    const middle = Math.floor(signature.length / 2);
    const flipped = signature.slice(0, middle) + (signature[middle] === 'A' ? 'B' : 'A') + signature.slice(middle + 1);
    const body = { answer: 'promise_to_pay', promisedDate: inDays(5) };
    const refused = await Promise.all(
      [
        `/s/${prefix}.${expiry}.${flipped}`,
        link(customerId, new Date(Date.now() - 1_000)),
        link(`NOBODY-${randomUUID()}`),
        '/s/garbage',
      ].map((path) => answer(path, body)),
    );
    for (const response of refused) expect([response.status, response.type]).toEqual([404, 'application/problem+json']);
    expect(new Set(refused.map((r) => r.text)).size).toBe(1);
    expect(refused[0]!.text).not.toContain(customerId);
  });

  it('refuses hostile input naming its field, a large body with 413, and records nothing', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    const cases: [unknown, string][] = [
      [{ answer: 'already_paid', paidOn: inDays(-1), reference: 'VIR\u0000123' }, 'reference'],
      [{ answer: 'already_paid', paidOn: '2026-02-30', reference: 'VIR-1' }, 'paidOn'],
      [{ answer: 'pay_later' }, 'answer'],
      [{ answer: 'dispute', reason: '' }, 'reason'],
      [{ answer: 'request_plan', count: 40, firstDate: inDays(5) }, 'count'],
      [{ answer: 'request_plan', instalments: [{ dueDate: inDays(5), amount: 1.5 }] }, 'instalments[0].amount'],
      [{ answer: 'promise_to_pay', promisedDate: inDays(5), nonce: 'short' }, 'nonce'],
      [['promise_to_pay'], '(body)'],
    ];
    for (const [body, field] of cases) {
      const refused = await answer(path, body);
      expect([field, refused.status, refused.type]).toEqual([field, 422, 'application/problem+json']);
      expect([field, fieldsOf(refused)]).toEqual([field, [field]]);
    }
    const broken = await api().post(`${path}/answers`).type('json').send('{"answer":');
    expect([broken.status, broken.type]).toEqual([400, 'application/problem+json']);
    const huge = await answer(path, { answer: 'dispute', reason: 'other', text: 'x'.repeat(20_000) });
    expect([huge.status, huge.type]).toEqual([413, 'application/problem+json']);
    const rows = await stack.db.query('SELECT 1 FROM self_service_answers WHERE invoice_id = $1', [invoices[0]]);
    expect(rows).toEqual([]);
  });

  it('stops a link after 10 answers in an hour with a 429 problem saying when to come back', async () => {
    const { customerId, invoices } = await customerWith(1);
    const path = link(customerId);
    const body = () => ({
      answer: 'already_paid',
      invoiceId: invoices[0],
      paidOn: inDays(-1),
      reference: `VIR-${randomUUID()}`,
    });
    for (let i = 0; i < 10; i++) expect([200, 422]).toContain((await answer(path, body())).status);
    const limited = await answer(path, body());
    expect([limited.status, limited.type]).toEqual([429, 'application/problem+json']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3_000);
    expect(limited.body).toMatchObject({ status: 429, title: 'Too many requests' });
  });

  it('still takes a form without its nonce, answering the page', async () => {
    const { customerId, invoices } = await customerWith(1);
    const form = { answer: 'promise_to_pay', invoice: invoices[0]!, promisedDate: inDays(7), lang: 'en' };
    const path = link(customerId);
    const pages = [];
    for (let i = 0; i < 2; i++) pages.push(await api().post(`${path}/answers`).type('form').send(form));
    expect(pages.map((p) => [p.status, p.type])).toEqual([
      [200, 'text/html'],
      [200, 'text/html'],
    ]);
    const events = await eventually(
      () => debtorEvents(invoices[0]!),
      (found) => found.length > 0,
    );
    expect(events).toHaveLength(1);
  });
});
