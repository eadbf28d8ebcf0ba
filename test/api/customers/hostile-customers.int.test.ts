import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { Express } from 'express';
import { createDatabase, Database } from '../../../db/database';
import { eventually } from '../../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../../support/test-stack';
import { createApiApp } from '../support/api-app';

/**
 * The customer endpoints (holds, insolvency, payments across invoices, reversals) on a bad day, against the real stack:
 * hostile values in every field and path, malformed and oversized bodies, the same request twenty times at once and
 * twenty different payments at once. Never a 5xx; a refusal names its field; nothing is half-applied or applied twice.
 */
describe('the customer endpoints under hostile input and concurrency', () => {
  let stack: TestStack;
  let app: Express;
  let apiDb: Database;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const pay = (r: request.Test) => r.auth(KEYS.payments, { type: 'bearer' });
  const post = (path: string, body: unknown) => ops(request(app).post(path)).send(body as object);
  const postPayment = (path: string, body: unknown) => pay(request(app).post(path)).send(body as object);
  const get = (path: string) => ops(request(app).get(path));
  const del = (path: string) => ops(request(app).delete(path));
  const twenty = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 20 }, (_, i) => make(i)));
  const parisDay = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;
  const newCustomerId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    // The API has its own pool, as in production: twenty requests at once hold connections apart from the workers.
    apiDb = createDatabase({ connectionString: (stack.db as Database & { url: string }).url, max: 10 });
    app = createApiApp({ db: apiDb, temporal: stack.temporal, taskQueue: stack.taskQueue }).app;
  }, 120_000);

  afterAll(async () => {
    await apiDb.close();
    await stack.stop();
  });

  /** An invoice of the customer, not due for decades: nothing is sent while the test looks at it. */
  async function createInvoice(customerId: string, dueDate: string, overrides: Record<string, unknown> = {}) {
    const id = `${customerId}-${randomUUID().slice(0, 4)}`;
    const body = invoiceBody(id, `${customerId.toLowerCase()}@client.test`, dueDate, {
      policyId: 'fr-b2b-standard',
      ...overrides,
    });
    const created = await post('/v1/invoices', { ...body, customer: { ...body.customer, id: customerId } });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
    return id;
  }

  const invoiceState = async (id: string) => (await get(`/v1/invoices/${id}`)).body.state;
  const customer = async (id: string) => {
    const response = await get(`/v1/customers/${id}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  /** What the tables hold for the customer: nothing may be half-applied. */
  async function rowsOf(customerId: string) {
    const count = async (sql: string) => Number((await stack.db.query<{ n: string }>(sql, [customerId]))[0]!.n);
    return {
      holds: await count('SELECT count(*) AS n FROM customer_holds WHERE customer_id = $1'),
      standingHolds: await count(
        'SELECT count(*) AS n FROM customer_holds WHERE customer_id = $1 AND lifted_at IS NULL',
      ),
      insolvencies: await count('SELECT count(*) AS n FROM customer_insolvencies WHERE customer_id = $1'),
      payments: await count('SELECT count(*) AS n FROM customer_payments WHERE customer_id = $1'),
      allocations: await count(
        `SELECT count(*) AS n FROM payment_allocations a JOIN customer_payments p ON p.id = a.payment_id
         WHERE p.customer_id = $1`,
      ),
      fileClaims: await count(`SELECT count(*) AS n FROM tasks WHERE customer_id = $1 AND kind = 'file_claim'`),
    };
  }

  /** Never a 5xx; a 400/422 names a field (the given one when said). */
  function expectClean(response: request.Response, what: unknown, field?: string) {
    const seen = { what, status: response.status, body: JSON.stringify(response.body).slice(0, 400) };
    expect({ ...seen, fivexx: response.status >= 500 }).toEqual({ ...seen, fivexx: false });
    if (response.status === 400 || response.status === 422) {
      const fields = (response.body.errors ?? []).map((e: { field: string }) => e.field);
      expect({ what, fields, named: fields.length > 0 }).toEqual({ what, fields, named: true });
      if (field) expect({ what, fields }).toEqual({ what, fields: expect.arrayContaining([field]) });
    }
  }

  /** Refused, cleanly, naming the field. */
  function expectRefused(response: request.Response, what: unknown, field?: string) {
    expectClean(response, what, field);
    expect({ what, status: response.status, refused: response.status >= 400 && response.status < 500 }).toEqual({
      what,
      status: response.status,
      refused: true,
    });
  }

  const CONTROL = ['\u0000', 'a\u0000b', '\ud800', 'x\udc00y', 'line\r\nforged', '\u001b[31m', 'tab\u0007bell'];
  const NOT_TEXT = [-1, 0, 1.5, null, true, [], {}];
  const REQUIRED_TEXT = [...CONTROL, ...NOT_TEXT, '', '   ', 'x'.repeat(70_000)];
  const OPTIONAL_TEXT = [...CONTROL, ...NOT_TEXT, 'x'.repeat(70_000)];
  const NOTE = ['\u0000', 'a\u0000b', '\ud800', '\u001b[31m', ...NOT_TEXT, 'x'.repeat(70_000)];
  const IDS = ['\u0000', 'a\u0000b', '', '   ', 'a/b', '../x', 'x'.repeat(101), 'é', -1, null, [], {}];
  const AMOUNTS = [0, -1, -100, 1.5, 0.01, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, '100', 'NaN', null, true, [], {}];
  const CURRENCIES = ['eur', 'Eur', 'EURO', '€', 'E', '', 'ABC', 'EU\u0000', null, 978, []];
  const DATES = [
    '9999-12-31',
    '0000-01-01',
    '1969-12-31',
    '2101-01-01',
    '2026-02-30',
    '2026-13-01',
    'NaN',
    '',
    '2026-01-01\u0000',
    null,
    20260101,
  ];
  const INSTANTS = [
    ...DATES,
    '9999-12-31T23:59:59Z',
    '0000-01-01T00:00:00Z',
    '2026-01-01T10:00:00',
    '2026-01-01 10:00:00Z',
    'yesterday',
  ];
  const ENUMS = ['PAUSE', 'forever', '', ' pause', 'pause\u0000', null, 1, ['pause']];

  describe('hostile values in every field and path', () => {
    let customerId: string;
    let invoiceId: string;

    beforeAll(async () => {
      customerId = newCustomerId('HOSTILE');
      invoiceId = await createInvoice(customerId, '2099-01-31');
    });

    it('refuses each hostile value in each field of each customer body, naming the field, and applies nothing', async () => {
      const base = `/v1/customers/${customerId}`;
      const hold = { kind: 'pause', reason: 'talks', until: parisDay(30) };
      const open = { procedure: 'redressement', openedOn: parisDay(-10), publishedOn: parisDay(-3) };
      const close = { outcome: 'dismissed', note: 'n' };
      const payment = {
        paymentId: `hp-${randomUUID().slice(0, 8)}`,
        amount: 100,
        currency: 'EUR',
        receivedAt: new Date().toISOString(),
        reference: invoiceId,
        method: 'sepa',
      };
      const cases: [string, Record<string, unknown>, Record<string, unknown[]>, typeof post][] = [
        [
          `${base}/holds`,
          hold,
          { kind: ENUMS, reason: REQUIRED_TEXT, until: [...INSTANTS, parisDay(-1), '2020-01-01T00:00:00Z'] },
          post,
        ],
        [
          `${base}/insolvency`,
          open,
          { procedure: ENUMS, openedOn: DATES, publishedOn: [...DATES, parisDay(2), parisDay(-11)] },
          post,
        ],
        [`${base}/insolvency/close`, close, { outcome: ENUMS, note: NOTE }, post],
        [
          `${base}/payments`,
          payment,
          {
            paymentId: IDS,
            amount: AMOUNTS,
            currency: CURRENCIES,
            receivedAt: INSTANTS,
            reference: OPTIONAL_TEXT,
            method: OPTIONAL_TEXT,
          },
          postPayment,
        ],
        [
          `${base}/payments/${payment.paymentId}/reverse`,
          { reason: 'bounced' },
          { reason: REQUIRED_TEXT },
          postPayment,
        ],
      ];
      for (const [path, valid, fields, send] of cases) {
        for (const [field, values] of Object.entries(fields)) {
          for (const value of values) {
            const what = { path: path.replace(base, ''), field, value: JSON.stringify(value)?.slice(0, 40) };
            expectRefused(await send(path, { ...valid, [field]: value }), what, field);
          }
          // A missing required field is named too.
          if (!['until', 'note', 'reference', 'method'].includes(field)) {
            const { [field]: _dropped, ...without } = valid;
            expectRefused(await send(path, without), { path, missing: field }, field);
          }
        }
        // Unknown fields, empty bodies, other content types, broken JSON: refused, never applied.
        const auth = send === post ? ops : pay;
        const raw = (body: string, type = 'application/json') =>
          auth(request(app).post(path)).set('content-type', type).send(body);
        for (const [what, response] of [
          ['unknown field', await send(path, { ...valid, isAdmin: true })],
          ['proto', await raw(`{"__proto__":{"admin":true},${JSON.stringify(valid).slice(1)}`)],
          ['empty object', await send(path, {})],
          ['empty body', await raw('')],
          ['text', await raw(JSON.stringify(valid), 'text/plain')],
          ['form', await raw('kind=pause&reason=talks', 'application/x-www-form-urlencoded')],
          ['broken', await raw('{"reason": "x",')],
          ['array', await raw(`[${JSON.stringify(valid)}]`)],
          ['null', await raw('null')],
          ['number', await raw('1e999')],
        ] as const) {
          expectRefused(response, { path, what });
        }
        // A 1 MB reason is refused before it is read into memory.
        const huge = await raw(JSON.stringify({ ...valid, reason: 'x'.repeat(1_048_576) }));
        expect({ path, status: huge.status }).toEqual({ path, status: 413 });
      }

      // A judgment in the future: both dates named (publishedOn is then in the future too, or before openedOn).
      const future = await post(`${base}/insolvency`, { ...open, openedOn: parisDay(2), publishedOn: parisDay(2) });
      expectRefused(future, 'future judgment', 'openedOn');
      expectRefused(future, 'future judgment', 'publishedOn');

      // Nothing was applied: no hold, no procedure, no payment, no task; the invoice escalates as before.
      expect(await rowsOf(customerId)).toEqual({
        holds: 0,
        standingHolds: 0,
        insolvencies: 0,
        payments: 0,
        allocations: 0,
        fileClaims: 0,
      });
      const view = await customer(customerId);
      expect([view.holds, view.insolvency, view.payments, view.credit]).toEqual([[], null, [], []]);
      expect((await invoiceState(invoiceId)).stage).toBe('scheduled');
    }, 300_000);

    it('refuses hostile customer, hold and payment ids in the path with 400 (or 404), never a 5xx', async () => {
      const ids = ['%00', 'a%00b', '%0d%0aX-Forged:1', '..%2F..%2Fadmin', 'x'.repeat(301), '%E2%80%AE', '%ff', '%'];
      for (const id of ids) {
        const answers = [
          await get(`/v1/customers/${id}`),
          await post(`/v1/customers/${id}/holds`, { kind: 'pause', reason: 'r' }),
          await del(`/v1/customers/${id}/holds/hold-x`),
          await del(`/v1/customers/${customerId}/holds/${id}`),
          await post(`/v1/customers/${id}/insolvency`, {
            procedure: 'sauvegarde',
            openedOn: parisDay(-1),
            publishedOn: parisDay(-1),
          }),
          await post(`/v1/customers/${id}/insolvency/close`, { outcome: 'dismissed' }),
          await postPayment(`/v1/customers/${id}/payments`, {
            paymentId: 'p1',
            amount: 1,
            currency: 'EUR',
            receivedAt: new Date().toISOString(),
          }),
          await postPayment(`/v1/customers/${customerId}/payments/${id}/reverse`, { reason: 'r' }),
          await get(`/v1/customers/${id}/statement`),
        ];
        for (const [i, answer] of answers.entries()) {
          expectClean(answer, { id, i });
          expect({ id, i, status: answer.status, refused: [400, 404].includes(answer.status) }).toEqual({
            id,
            i,
            status: answer.status,
            refused: true,
          });
        }
      }
      expect((await rowsOf(customerId)).holds).toBe(0);
    });
  });

  describe('twenty requests at once', () => {
    it('records twenty identical payments as one: one allocation, every answer the same shares', async () => {
      const customerId = newCustomerId('SAMEPAY');
      const older = await createInvoice(customerId, '2099-01-31', { amount: 100_000 });
      const newer = await createInvoice(customerId, '2099-06-30', { amount: 50_000 });
      const payment = {
        paymentId: `same-${randomUUID().slice(0, 8)}`,
        amount: 120_000,
        currency: 'EUR',
        receivedAt: new Date().toISOString(),
        reference: 'virement client',
      };
      const answers = await twenty(() => postPayment(`/v1/customers/${customerId}/payments`, payment));
      answers.forEach((r, i) => expectClean(r, { i }));
      const statuses = answers.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
      expect(statuses).toContain(201);
      const expected = {
        paymentId: payment.paymentId,
        currency: 'EUR',
        shares: [
          { invoiceId: older, amount: 100_000 },
          { invoiceId: newer, amount: 20_000 },
        ],
        credit: 0,
      };
      for (const answer of answers) expect(answer.body).toEqual(expected);
      expect(await rowsOf(customerId)).toMatchObject({ payments: 1, allocations: 2 });

      // Each invoice took its share once.
      const paid = await eventually(
        () => invoiceState(older),
        (s) => s?.status === 'paid',
      );
      expect(paid.payments.map((p: { paymentId: string }) => p.paymentId)).toEqual([`${payment.paymentId}/${older}`]);
      const part = await eventually(
        () => invoiceState(newer),
        (s) => s?.balance === 30_000,
      );
      expect(part.payments.map((p: { paymentId: string }) => p.paymentId)).toEqual([`${payment.paymentId}/${newer}`]);
      // Then the same body again is a 200 with the same answer; another body under the id is a 409.
      const again = await postPayment(`/v1/customers/${customerId}/payments`, payment);
      expect([again.status, again.body]).toEqual([200, expected]);
      const other = await postPayment(`/v1/customers/${customerId}/payments`, { ...payment, amount: 120_001 });
      expect(other.status).toBe(409);
      const elsewhere = await postPayment(`/v1/customers/${await otherCustomer()}/payments`, payment);
      expect(elsewhere.status).toBe(409);
    });

    async function otherCustomer(): Promise<string> {
      const id = newCustomerId('OTHER');
      await createInvoice(id, '2099-01-31');
      return id;
    }

    it('accepts one of twenty different bodies under one payment id at once, and answers the others 409', async () => {
      const customerId = newCustomerId('RACEPAY');
      const older = await createInvoice(customerId, '2099-01-31', { amount: 100_000 });
      const newer = await createInvoice(customerId, '2099-06-30', { amount: 50_000 });
      const paymentId = `race-${randomUUID().slice(0, 8)}`;
      const receivedAt = new Date().toISOString();
      const answers = await twenty((i) =>
        postPayment(`/v1/customers/${customerId}/payments`, {
          paymentId,
          amount: 30_000,
          currency: 'EUR',
          receivedAt,
          reference: i % 2 ? newer : older,
        }),
      );
      answers.forEach((r, i) => expectClean(r, { i }));
      const stored = await stack.db.query<{ reference: string }>(
        'SELECT reference FROM customer_payments WHERE id = $1',
        [paymentId],
      );
      expect(stored).toHaveLength(1);
      // Every body like the one recorded is accepted with its allocation; every other body is a 409.
      const winner = stored[0]!.reference;
      const outcome = answers.map((r, i) => ({ reference: i % 2 ? newer : older, status: r.status }));
      expect(outcome).toEqual(
        outcome.map(({ reference }) => ({ reference, status: reference === winner ? expect.any(Number) : 409 })),
      );
      const accepted = answers.filter((r) => r.status < 300);
      expect(accepted).toHaveLength(10);
      for (const answer of accepted) {
        expect(answer.body).toEqual({
          paymentId,
          currency: 'EUR',
          shares: [{ invoiceId: winner, amount: 30_000 }],
          credit: 0,
        });
      }
      expect(await rowsOf(customerId)).toMatchObject({ payments: 1, allocations: 1 });
    });

    it('places twenty holds for twenty identical hold requests (the API chooses each id), and lifts each', async () => {
      // Documented: "answers 201 { holdId } (the API chooses it)". Each request is a hold of its own; a client that
      // retries a timed-out request places a second hold, which it sees in GET /v1/customers/{id} and lifts.
      const customerId = newCustomerId('SAMEHOLD');
      const invoiceId = await createInvoice(customerId, '2099-01-31');
      const answers = await twenty(() => post(`/v1/customers/${customerId}/holds`, { kind: 'pause', reason: 'talks' }));
      answers.forEach((r, i) => expectClean(r, { i }));
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
      const holdIds = answers.map((r) => r.body.holdId as string);
      expect(new Set(holdIds).size).toBe(20);
      expect(await rowsOf(customerId)).toMatchObject({ holds: 20, standingHolds: 20 });
      expect((await customer(customerId)).holds.map((h: { holdId: string }) => h.holdId).sort()).toEqual(
        [...holdIds].sort(),
      );
      await eventually(
        () => invoiceState(invoiceId),
        (s) => s?.stage === 'paused',
      );

      // The same hold lifted twenty times at once: all 200, lifted once.
      const [first, ...rest] = holdIds;
      const lifts = await twenty(() => del(`/v1/customers/${customerId}/holds/${first}`));
      lifts.forEach((r, i) => expectClean(r, { i }));
      expect(lifts.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(lifts.every((r) => r.body.holdId === first && r.body.lifted === true)).toBe(true);
      const liftedRows = await stack.db.query<{ lifted_at: Date | null }>(
        'SELECT lifted_at FROM customer_holds WHERE id = $1',
        [first],
      );
      expect(liftedRows[0]!.lifted_at).not.toBeNull();
      // Nineteen holds still stand: the invoice stays paused.
      expect((await customer(customerId)).holds).toHaveLength(19);
      expect((await invoiceState(invoiceId)).stage).toBe('paused');

      // The other nineteen lifted at once: the invoice resumes.
      const others = await Promise.all(rest.map((holdId) => del(`/v1/customers/${customerId}/holds/${holdId}`)));
      others.forEach((r, i) => expectClean(r, { i }));
      expect(others.map((r) => r.status)).toEqual(Array(19).fill(200));
      expect(await rowsOf(customerId)).toMatchObject({ holds: 20, standingHolds: 0 });
      expect((await customer(customerId)).holds).toEqual([]);
      await eventually(
        () => invoiceState(invoiceId),
        (s) => s?.stage === 'scheduled',
      );
      // Lifted twice is 200 repeated; never placed (or another customer's) is 404.
      const twice = await del(`/v1/customers/${customerId}/holds/${first}`);
      expect([twice.status, twice.body.repeated]).toEqual([200, true]);
      expect((await del(`/v1/customers/${customerId}/holds/hold-never-placed`)).status).toBe(404);
      expect((await del(`/v1/customers/${await otherCustomer()}/holds/${first}`)).status).toBe(404);
    });

    it('opens one procedure and one file_claim task for twenty identical openings at once', async () => {
      const customerId = newCustomerId('SAMEINS');
      const invoices = [
        await createInvoice(customerId, '2099-01-31', { amount: 100_000 }),
        await createInvoice(customerId, '2099-03-31', { amount: 40_000 }),
      ];
      const open = { procedure: 'redressement', openedOn: parisDay(-10), publishedOn: parisDay(-3) };
      const answers = await twenty(() => post(`/v1/customers/${customerId}/insolvency`, open));
      answers.forEach((r, i) => expectClean(r, { i }));
      const statuses = answers.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const created = answers.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const answer of created) expect(answer.body).toEqual(created[0]!.body);
      expect(created[0]!.body).toMatchObject({
        procedure: 'redressement',
        openedOn: open.openedOn,
        publishedOn: open.publishedOn,
        declareBy: DateTime.fromISO(open.publishedOn).plus({ months: 2 }).toISODate(),
        taskId: expect.any(String),
      });
      expect(await rowsOf(customerId)).toMatchObject({ insolvencies: 1, fileClaims: 1 });
      for (const id of invoices) {
        await eventually(
          () => invoiceState(id),
          (s) => s?.stage === 'insolvency',
        );
        const opened = await stack.db.query(
          `SELECT id FROM communications WHERE invoice_id = $1 AND kind = 'insolvency:opened'`,
          [id],
        );
        expect(opened).toHaveLength(1);
      }

      // A second procedure is a 409; closing twice: the same outcome 200 repeated, another a 409.
      const second = await post(`/v1/customers/${customerId}/insolvency`, { ...open, procedure: 'liquidation' });
      expect(second.status).toBe(409);
      const closes = await twenty(() => post(`/v1/customers/${customerId}/insolvency/close`, { outcome: 'dismissed' }));
      closes.forEach((r, i) => expectClean(r, { i }));
      expect(closes.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(closes.filter((r) => r.body.repeated === false).length).toBeGreaterThanOrEqual(1);
      const other = await post(`/v1/customers/${customerId}/insolvency/close`, { outcome: 'insufficient_assets' });
      expect(other.status).toBe(409);
      const closedRows = await stack.db.query<{ outcome: string }>(
        'SELECT outcome FROM customer_insolvencies WHERE customer_id = $1',
        [customerId],
      );
      expect(closedRows).toEqual([{ outcome: 'dismissed' }]);
      const task = await stack.db.query<{ status: string }>(
        `SELECT status FROM tasks WHERE customer_id = $1 AND kind = 'file_claim'`,
        [customerId],
      );
      expect(task).toEqual([{ status: 'closed' }]);
    });

    it('spreads twenty different payments at once without paying any invoice twice', async () => {
      const customerId = newCustomerId('MANYPAY');
      const amounts: Record<string, number> = {};
      for (const [due, amount] of [
        ['2099-01-31', 100_000],
        ['2099-02-28', 50_000],
        ['2099-03-31', 70_000],
      ] as const) {
        amounts[await createInvoice(customerId, due, { amount })] = amount;
      }
      const dollars = await createInvoice(customerId, '2098-01-31', { amount: 9_000, currency: 'USD' });
      const sent = Array.from({ length: 20 }, (_, i) => ({
        paymentId: `many-${randomUUID().slice(0, 8)}-${i}`,
        amount: 7_777 + i * 1_111,
        currency: 'EUR',
        receivedAt: new Date(Date.now() - i * 1_000).toISOString(),
      }));
      const total = sent.reduce((sum, p) => sum + p.amount, 0);
      const owed = Object.values(amounts).reduce((sum, a) => sum + a, 0);
      expect(total).toBeGreaterThan(owed);

      const answers = await Promise.all(sent.map((p) => postPayment(`/v1/customers/${customerId}/payments`, p)));
      answers.forEach((r, i) => expectClean(r, { i }));
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(201));
      const byInvoice = new Map<string, number>();
      let credit = 0;
      for (const [i, answer] of answers.entries()) {
        const shares = answer.body.shares as { invoiceId: string; amount: number }[];
        expect(shares.reduce((sum, s) => sum + s.amount, 0) + answer.body.credit).toBe(sent[i]!.amount);
        for (const share of shares) {
          expect(share.amount).toBeGreaterThan(0);
          byInvoice.set(share.invoiceId, (byInvoice.get(share.invoiceId) ?? 0) + share.amount);
        }
        credit += answer.body.credit;
      }
      // No invoice takes more than it owed, nothing goes to the dollar invoice; shares + credit = what was paid.
      expect(Object.fromEntries(byInvoice)).toEqual(amounts);
      expect(credit).toBe(total - owed);
      const allocated = await stack.db.query<{ invoice_id: string; amount: string }>(
        `SELECT a.invoice_id, sum(a.amount) AS amount FROM payment_allocations a JOIN customer_payments p ON p.id = a.payment_id
         WHERE p.customer_id = $1 GROUP BY a.invoice_id`,
        [customerId],
      );
      expect(Object.fromEntries(allocated.map((r) => [r.invoice_id, Number(r.amount)]))).toEqual(amounts);

      for (const id of Object.keys(amounts)) {
        await eventually(
          () => invoiceState(id),
          (s) => s?.status === 'paid' && s?.balance === 0,
        );
      }
      const view = await eventually(
        () => customer(customerId),
        (body) => body.outstanding.length === 1,
      );
      expect(view.credit).toEqual([{ currency: 'EUR', amount: total - owed }]);
      expect(view.outstanding).toEqual([{ currency: 'USD', amount: 9_000 }]);
      expect((await invoiceState(dollars)).balance).toBe(9_000);
    }, 180_000);
  });

  describe('a bad day', () => {
    it('keeps a payment in a currency no invoice has as credit, and gives it to the next invoice in it', async () => {
      const customerId = newCustomerId('GBP');
      const euros = await createInvoice(customerId, '2099-01-31', { amount: 10_000 });
      const payment = {
        paymentId: `gbp-${randomUUID().slice(0, 8)}`,
        amount: 25_000,
        currency: 'GBP',
        receivedAt: new Date().toISOString(),
        reference: euros,
      };
      const recorded = await postPayment(`/v1/customers/${customerId}/payments`, payment);
      expect([recorded.status, recorded.body]).toEqual([
        201,
        { paymentId: payment.paymentId, currency: 'GBP', shares: [], credit: 25_000 },
      ]);
      expect((await customer(customerId)).credit).toEqual([{ currency: 'GBP', amount: 25_000 }]);
      expect((await invoiceState(euros)).balance).toBe(10_000);
      const pounds = await createInvoice(customerId, '2099-03-31', { amount: 20_000, currency: 'GBP' });
      await eventually(
        () => invoiceState(pounds),
        (s) => s?.status === 'paid',
      );
      await eventually(
        () => customer(customerId),
        (body) => body.credit.length === 1 && body.credit[0].amount === 5_000,
      );
    });

    it('answers 404 for a reversal of an unknown or another customer’s payment, and reverses once when asked twice', async () => {
      const customerId = newCustomerId('REV');
      const invoiceId = await createInvoice(customerId, '2099-01-31', { amount: 10_000 });
      const unknown = await postPayment(`/v1/customers/${customerId}/payments/never-paid/reverse`, { reason: 'r' });
      expect(unknown.status).toBe(404);

      const payment = {
        paymentId: `rev-${randomUUID().slice(0, 8)}`,
        amount: 15_000,
        currency: 'EUR',
        receivedAt: new Date().toISOString(),
      };
      expect((await postPayment(`/v1/customers/${customerId}/payments`, payment)).status).toBe(201);
      await eventually(
        () => invoiceState(invoiceId),
        (s) => s?.status === 'paid',
      );
      const stranger = await otherCustomerId();
      const foreign = await postPayment(`/v1/customers/${stranger}/payments/${payment.paymentId}/reverse`, {
        reason: 'not yours',
      });
      expect(foreign.status).toBe(404);

      const reversals = await twenty(() =>
        postPayment(`/v1/customers/${customerId}/payments/${payment.paymentId}/reverse`, { reason: 'rejet' }),
      );
      reversals.forEach((r, i) => expectClean(r, { i }));
      expect(reversals.map((r) => r.status)).toEqual(Array(20).fill(200));
      for (const r of reversals) {
        expect(r.body).toEqual({
          paymentId: payment.paymentId,
          currency: 'EUR',
          shares: [{ invoiceId, amount: 10_000 }],
          credit: 0,
        });
      }
      const again = await postPayment(`/v1/customers/${customerId}/payments/${payment.paymentId}/reverse`, {
        reason: 'again',
      });
      expect(again.status).toBe(200);
      const stored = await stack.db.query<{ reversal_reason: string }>(
        'SELECT reversal_reason FROM customer_payments WHERE id = $1',
        [payment.paymentId],
      );
      expect(stored).toEqual([{ reversal_reason: 'rejet' }]);
      const state = await eventually(
        () => invoiceState(invoiceId),
        (s) => s?.status === 'open' && s?.balance === 10_000,
      );
      expect(state.balance).toBe(10_000);
      const view = await customer(customerId);
      expect(view.credit).toEqual([]);
      expect(view.outstanding).toEqual([{ currency: 'EUR', amount: 10_000 }]);
    });

    async function otherCustomerId(): Promise<string> {
      const id = newCustomerId('STRANGER');
      await createInvoice(id, '2099-01-31');
      return id;
    }

    it('refuses a payment id reused with another method, as another body', async () => {
      const customerId = newCustomerId('METHOD');
      await createInvoice(customerId, '2099-01-31', { amount: 10_000 });
      const payment = {
        paymentId: `m-${randomUUID().slice(0, 8)}`,
        amount: 1_000,
        currency: 'EUR',
        receivedAt: '2026-01-10T10:00:00Z',
        method: 'sepa',
      };
      expect((await postPayment(`/v1/customers/${customerId}/payments`, payment)).status).toBe(201);
      const sameInstant = await postPayment(`/v1/customers/${customerId}/payments`, {
        ...payment,
        receivedAt: '2026-01-10T11:00:00+01:00',
      });
      expect(sameInstant.status).toBe(200);
      const otherMethod = await postPayment(`/v1/customers/${customerId}/payments`, { ...payment, method: 'card' });
      expect(otherMethod.status).toBe(409);
      const noMethod = await postPayment(`/v1/customers/${customerId}/payments`, { ...payment, method: undefined });
      expect(noMethod.status).toBe(409);
    });

    it('answers 404 for a hold on a customer no invoice names, and 409 to close a procedure never opened', async () => {
      // A customer is known by its invoices: a hold before the first one has nothing to hold (README: a customer no
      // invoice names is a 404), and nothing is recorded.
      const nobody = newCustomerId('NOBODY');
      const hold = await post(`/v1/customers/${nobody}/holds`, { kind: 'do_not_contact', reason: 'lawyer' });
      expect(hold.status).toBe(404);
      expect(await rowsOf(nobody)).toMatchObject({ holds: 0 });

      const customerId = newCustomerId('NOINS');
      await createInvoice(customerId, '2099-01-31');
      const close = await post(`/v1/customers/${customerId}/insolvency/close`, { outcome: 'dismissed' });
      expect([close.status, close.headers['content-type']]).toEqual([409, expect.stringMatching(/problem\+json/)]);
      const twentyCloses = await twenty(() =>
        post(`/v1/customers/${customerId}/insolvency/close`, { outcome: 'plan_adopted' }),
      );
      expect(twentyCloses.map((r) => r.status)).toEqual(Array(20).fill(409));
      expect(await rowsOf(customerId)).toMatchObject({ insolvencies: 0 });
    });

    it('takes a hold until the last allowed day and one until the end of today, and refuses yesterday', async () => {
      const customerId = newCustomerId('UNTIL');
      const invoiceId = await createInvoice(customerId, '2099-01-31');
      const far = await post(`/v1/customers/${customerId}/holds`, { kind: 'pause', reason: 'r', until: '2100-12-31' });
      expectClean(far, 'far');
      expect(far.status).toBe(201);
      const today = await post(`/v1/customers/${customerId}/holds`, {
        kind: 'do_not_contact',
        reason: 'r',
        until: parisDay(0),
      });
      expect(today.status).toBe(201);
      expect(Date.parse(today.body.until)).toBeGreaterThan(Date.now());
      const yesterday = await post(`/v1/customers/${customerId}/holds`, {
        kind: 'pause',
        reason: 'r',
        until: parisDay(-1),
      });
      expect([yesterday.status, yesterday.body.errors?.[0]?.field]).toEqual([422, 'until']);
      const past = await post(`/v1/customers/${customerId}/holds`, {
        kind: 'pause',
        reason: 'r',
        until: new Date(Date.now() - 1_000).toISOString(),
      });
      expect([past.status, past.body.errors?.[0]?.field]).toEqual([422, 'until']);
      await eventually(
        () => invoiceState(invoiceId),
        (s) => s?.stage === 'paused',
      );
      const view = await customer(customerId);
      expect(view.holds).toHaveLength(2);
      for (const holdId of [far.body.holdId, today.body.holdId]) {
        expect((await del(`/v1/customers/${customerId}/holds/${holdId}`)).status).toBe(200);
      }
      await eventually(
        () => invoiceState(invoiceId),
        (s) => s?.stage === 'scheduled',
      );
      expect(await rowsOf(customerId)).toMatchObject({ holds: 2, standingHolds: 0 });
    });
  });
});
