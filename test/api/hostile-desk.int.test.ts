import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import request from 'supertest';
import type { Express } from 'express';
import { signatureHeader } from '../../api/payments/webhook-signature';
import { createDatabase, Database } from '../../db/database';
import { insertTask } from '../../db/tasks';
import { eventually } from '../support/eventually';
import { invoiceBody, KEYS, startTestStack, TestStack } from '../support/test-stack';
import { createApiApp, WEBHOOK_SECRET } from './support/api-app';

/**
 * The desk's endpoints (rates, quotes, documents, tasks, legal files, write-offs, mail events, addresses) on a bad day:
 * hostile values in every field, oversized and malformed bodies, and the same request twenty times at once, against the
 * real stack. Never a 5xx; a refusal names its field; nothing is half-applied or recorded twice.
 */
describe('the desk endpoints under hostile input and concurrency', () => {
  let stack: TestStack;
  let app: Express;
  let apiDb: Database;
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const post = (path: string, body: unknown) => ops(request(app).post(path)).send(body as object);
  const get = (path: string) => ops(request(app).get(path));
  const today = () => DateTime.now().setZone('Europe/Paris').toISODate()!;
  const yesterday = () => DateTime.now().setZone('Europe/Paris').minus({ days: 1 }).toISODate()!;
  const twenty = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: 20 }, (_, i) => make(i)));
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`).toString('base64');

  const policy = (id: string, steps: object[]) => ({
    id,
    name: id,
    calendar: null,
    instalmentGrace: 'PT10S',
    promiseGrace: 'PT10S',
    disputeSla: 'PT60S',
    steps,
  });

  beforeAll(async () => {
    stack = await startTestStack();
    // The API has its own pool, as in production where it runs apart from the workers.
    apiDb = createDatabase({ connectionString: (stack.db as Database & { url: string }).url, max: 10 });
    app = createApiApp({ db: apiDb, temporal: stack.temporal, taskQueue: stack.taskQueue }).app;
    const knownUntil = DateTime.now().plus({ days: 30 }).toISODate();
    expect((await post('/v1/rates/ECB_MRO', { knownUntil })).status).toBe(200);
    for (const body of [
      policy('desk-legal', [
        { after: 'PT0S', action: 'formal_notice', deadline: 'PT3S' },
        { after: 'PT1S', action: 'legal_file' },
      ]),
      policy('desk-approval', [
        { after: 'PT0S', action: 'email', template: 'reminder-1', approval: { timeout: 'P3D', onTimeout: 'hold' } },
      ]),
      policy('desk-mail', [{ after: 'PT0S', action: 'email', template: 'reminder-1' }]),
      policy('desk-asleep', [{ after: 'P30D', action: 'email', template: 'reminder-1' }]),
    ]) {
      expect((await post('/v1/policies', body)).status).toBe(201);
    }
  });

  afterAll(async () => {
    await apiDb.close();
    await stack.stop();
  });

  async function newInvoice(policyId: string, dueDate = '2099-12-31'): Promise<string> {
    const id = `D-${randomUUID().slice(0, 8)}`;
    const created = await post(
      '/v1/invoices',
      invoiceBody(id, `${id.toLowerCase()}@client.test`, dueDate, { policyId }),
    );
    expect(created.status).toBe(201);
    return id;
  }

  async function invoiceInLegal(): Promise<{ invoiceId: string; fileId: string }> {
    const invoiceId = await newInvoice('desk-legal', new Date(Date.now() + 1_000).toISOString());
    await eventually(
      () => get(`/v1/invoices/${invoiceId}`),
      (r) => r.body.state?.stage === 'legal' && r.body.state?.legalFile?.status === 'open',
      60_000,
    );
    return { invoiceId, fileId: `LF-${invoiceId}` };
  }

  async function supportTask(invoiceId: string): Promise<string> {
    const id = `${invoiceId}:review:${randomUUID().slice(0, 6)}`;
    await insertTask(stack.db, {
      id,
      invoiceId,
      kind: 'dispute_review',
      customer: { name: 'Boulangerie Dupont', timezone: 'Europe/Paris' },
      phone: null,
      amount: 123_450,
      balance: 123_450,
      currency: 'EUR',
      daysLate: 40,
      context: {},
      dueAt: new Date().toISOString(),
      owner: 'support',
    });
    return id;
  }

  const trailRows = (invoiceId: string, kindLike: string) =>
    stack.db.query<{ id: string; kind: string; result: string }>(
      'SELECT id, kind, result FROM communications WHERE invoice_id = $1 AND kind LIKE $2 ORDER BY id',
      [invoiceId, kindLike],
    );

  /** Never a 5xx; a 400/422 names a field. */
  function expectClean(response: request.Response, what: unknown, field?: string) {
    const seen = { what, status: response.status, body: JSON.stringify(response.body).slice(0, 400) };
    expect({ ...seen, fivexx: response.status >= 500 }).toEqual({ ...seen, fivexx: false });
    if (response.status === 400 || response.status === 422) {
      const fields = (response.body.errors ?? []).map((e: { field: string }) => e.field);
      expect({ what, fields, named: fields.length > 0 }).toEqual({ what, fields, named: true });
      if (field) expect({ what, fields }).toEqual({ what, fields: expect.arrayContaining([field]) });
    }
  }

  const HOSTILE: unknown[] = [
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    'line\r\nforged',
    '\u001b[31m',
    '',
    '   ',
    'x'.repeat(70_000),
    '9999-12-31',
    '0000-01-01',
    'NaN',
    'Infinity',
    '1e400',
    -1,
    0,
    1.5,
    1e13 + 1,
    1e308,
    -1e308,
    null,
    true,
    [],
    {},
    { __proto__: null },
  ];

  describe('hostile values in every field', () => {
    let sleepy: string;
    let legalFile: string;
    let taskId: string;

    beforeAll(async () => {
      sleepy = await newInvoice('desk-asleep');
      taskId = await supportTask(sleepy);
      legalFile = 'LF-none-such';
    });

    it('refuses each hostile value in each field of each new body, naming the field', async () => {
      const address = { lines: ['12 rue des Lilas'], postcode: '69003', city: 'Lyon', country: 'FR' };
      const bodies: [string, Record<string, unknown>, string[]][] = [
        [
          `/v1/rates/DE_BASE`,
          { entries: [{ from: '2099-01-01', ratePercent: 2 }] },
          ['entries.0.from', 'entries.0.ratePercent'],
        ],
        [`/v1/rates/DE_BASE`, { knownUntil: today() }, ['knownUntil']],
        [
          '/v1/late-payment/quote',
          {
            governingLaw: 'FR',
            currency: 'EUR',
            amount: 100_000,
            dueDate: '2025-01-01',
            asOf: today(),
            payments: [{ date: '2025-02-01', amount: 10 }],
          },
          ['governingLaw', 'currency', 'amount', 'dueDate', 'asOf', 'payments.0.date', 'payments.0.amount'],
        ],
        [
          `/v1/invoices/${sleepy}/documents`,
          { kind: 'invoice', filename: 'facture.pdf', contentType: 'application/pdf', contentBase64: pdf('x') },
          ['kind', 'filename', 'contentType', 'contentBase64'],
        ],
        [`/v1/tasks/${taskId}/complete`, { outcome: 'resolved', note: 'done' }, ['outcome', 'note']],
        [`/v1/tasks/${taskId}/assign`, { owner: 'alice' }, ['owner']],
        [
          `/v1/legal-files/${legalFile}/events`,
          { type: 'cost', date: today(), amount: 10, note: 'n' },
          ['type', 'date', 'amount', 'note'],
        ],
        [`/v1/legal-files/${legalFile}/close`, { outcome: 'settled', note: 'n' }, ['outcome', 'note']],
        [`/v1/invoices/${sleepy}/write-off`, { reason: 'gone' }, ['reason']],
        [
          `/v1/invoices/${sleepy}/contact`,
          { address },
          ['address.lines.0', 'address.postcode', 'address.city', 'address.country', 'address.lines', 'address'],
        ],
        [
          '/v1/invoices',
          invoiceBody('D-hostile', 'h@client.test', '2099-12-31', {
            policyId: 'desk-asleep',
            governingLaw: 'FR',
            policyVersion: 1,
          }),
          [
            'governingLaw',
            'policyVersion',
            'customer.address',
            'customer.address.lines.0',
            'customer.address.postcode',
            'customer.address.city',
            'customer.address.country',
          ],
        ],
      ];
      for (const [path, example, fields] of bodies) {
        for (const field of fields) {
          for (const value of HOSTILE) {
            const body = structuredClone(example) as Record<string, unknown>;
            setPath(body, field, value);
            // A value that is merely odd (a date-like reason, a zero rate) may be taken; nothing may fail.
            const response = await post(path, body);
            expectClean(response, { path, field, value: JSON.stringify(value)?.slice(0, 40) });
          }
        }
      }
    }, 300_000);

    it('refuses rates and quotes past the bounds: many decimals, NaN-like strings, far dates, huge amounts', async () => {
      const cases: [string, object, string][] = [
        [
          '/v1/rates/ECB_MRO',
          { entries: [{ from: '2099-01-01', ratePercent: 2.123456789 }] },
          'entries[0].ratePercent',
        ],
        [
          '/v1/rates/ECB_MRO',
          { entries: [{ from: '2099-01-01', ratePercent: 2.0000000001 }] },
          'entries[0].ratePercent',
        ],
        ['/v1/rates/ECB_MRO', { entries: [{ from: '2099-01-01', ratePercent: 'NaN' }] }, 'entries[0].ratePercent'],
        ['/v1/rates/ECB_MRO', { entries: [{ from: '2099-01-01', ratePercent: '2.5' }] }, 'entries[0].ratePercent'],
        ['/v1/rates/ECB_MRO', { entries: [{ from: '9999-12-31', ratePercent: 2 }] }, 'entries[0].from'],
        ['/v1/rates/ECB_MRO', { entries: [{ from: '0000-01-01', ratePercent: 2 }] }, 'entries[0].from'],
        ['/v1/rates/ECB_MRO', { knownUntil: '9999-12-31' }, 'knownUntil'],
        ['/v1/rates/ECB_MRO', { knownUntil: '1970-01-01' }, 'knownUntil'],
        ['/v1/rates/ECB_MRO', { entries: [{ from: '1999-01-01', ratePercent: 3 }] }, 'entries[0].from'],
        ['/v1/rates/ECB_MRO', {}, 'entries'],
        ['/v1/rates/ECB_MRO', { entries: [], extra: 1 }, '(body)'],
        [
          '/v1/late-payment/quote',
          { governingLaw: 'FR', currency: 'EUR', amount: 1e13 + 1, dueDate: '2025-01-01', asOf: today() },
          'amount',
        ],
        [
          '/v1/late-payment/quote',
          { governingLaw: 'FR', currency: 'EUR', amount: 1e13, dueDate: '1970-01-01', asOf: '2100-12-31' },
          '',
        ],
        [
          '/v1/late-payment/quote',
          { governingLaw: 'ZZ', currency: 'EUR', amount: 100, dueDate: '2025-01-01', asOf: today() },
          'governingLaw',
        ],
        [
          '/v1/late-payment/quote',
          { governingLaw: 'FR', currency: 'XXX', amount: 100, dueDate: '2025-01-01', asOf: today() },
          'currency',
        ],
        [
          '/v1/late-payment/quote',
          { governingLaw: 'FR', currency: 'EUR', amount: 100, dueDate: '2025-01-01', asOf: '2024-01-01' },
          '',
        ],
        [
          '/v1/late-payment/quote',
          {
            governingLaw: 'FR',
            currency: 'EUR',
            amount: 100,
            dueDate: '2025-01-01',
            asOf: today(),
            payments: Array.from({ length: 500 }, () => ({ date: '2025-02-01', amount: 1e13 })),
          },
          '',
        ],
      ];
      for (const [path, body, field] of cases) {
        const response = await post(path, body);
        expectClean(response, { path, body: JSON.stringify(body).slice(0, 200) }, field || undefined);
      }
      for (const [overrides, field] of [
        [{ governingLaw: 'Z1' }, 'governingLaw'],
        [{ currency: 'XXX' }, 'currency'],
        [{ policyVersion: 999_999 }, 'policyVersion'],
        [{ policyVersion: 2 ** 31 }, 'policyVersion'],
      ] as const) {
        const id = `D-${randomUUID().slice(0, 8)}`;
        const response = await post(
          '/v1/invoices',
          invoiceBody(id, 'x@client.test', '2099-12-31', { policyId: 'desk-asleep', ...overrides }),
        );
        expectClean(response, overrides, field);
        expect({ overrides, status: response.status }).not.toEqual({ overrides, status: 201 });
      }
      const unknownTable = await post('/v1/rates/FED_FUNDS', { knownUntil: today() });
      expect(unknownTable.status).toBe(404);
      const badTable = await post('/v1/rates/ecb%00', { knownUntil: today() });
      expect(badTable.status).toBe(400);
    });

    it('answers 10 MB bodies with 413, garbage base64 with 400 naming contentBase64, and never reads them as a PDF', async () => {
      const big = 'A'.repeat(10 * 1024 * 1024);
      const upload = (contentBase64: string) =>
        post(`/v1/invoices/${sleepy}/documents`, {
          kind: 'invoice',
          filename: 'facture.pdf',
          contentType: 'application/pdf',
          contentBase64,
        });
      expect((await upload(big)).status).toBe(413);
      const justOver = await upload(
        Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]).toString('base64'),
      );
      expect(justOver.status).toBe(413);
      expect(justOver.body.errors?.[0]?.field).toBe('contentBase64');
      for (const garbage of [
        '!!!!',
        'QQ=',
        'QQ==QQ==',
        '====',
        'QUJD\u0000',
        'QUJD\r\n\r\nRA',
        '%PDF-',
        'A'.repeat(1_000_001),
      ]) {
        const response = await upload(garbage);
        expectClean(response, { garbage: garbage.slice(0, 20) }, 'contentBase64');
        expect(response.status).not.toBe(201);
      }
      for (const path of [
        '/v1/rates/ECB_MRO',
        '/v1/late-payment/quote',
        `/v1/tasks/${taskId}/complete`,
        `/v1/legal-files/${legalFile}/events`,
        `/v1/invoices/${sleepy}/write-off`,
      ]) {
        const response = await ops(request(app).post(path))
          .set('content-type', 'application/json')
          .send(JSON.stringify({ note: big }));
        expect({ path, status: response.status }).toEqual({ path, status: 413 });
      }
      const signedBig = Buffer.from(JSON.stringify({ eventId: 'e', detail: big }));
      const webhook = await request(app)
        .post('/v1/webhooks/mail-events')
        .set('content-type', 'application/json')
        .set('relance-signature', signatureHeader(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), signedBig))
        .send(signedBig);
      expect(webhook.status).toBe(413);
      const stored = (await get(`/v1/invoices/${sleepy}/documents`)).body as { size: number }[];
      expect(stored.every((d) => d.size <= 5 * 1024 * 1024)).toBe(true);
    }, 120_000);

    it('refuses deep nesting, unknown fields, wrong content types and broken JSON without a 5xx', async () => {
      const paths = [
        '/v1/rates/ECB_MRO',
        '/v1/late-payment/quote',
        `/v1/invoices/${sleepy}/documents`,
        `/v1/tasks/${taskId}/complete`,
        `/v1/tasks/${taskId}/assign`,
        `/v1/legal-files/${legalFile}/events`,
        `/v1/legal-files/${legalFile}/close`,
        `/v1/invoices/${sleepy}/write-off`,
        `/v1/invoices/${sleepy}/contact`,
      ];
      const nested = `{"entries":${'['.repeat(20_000)}${']'.repeat(20_000)},"outcome":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
      for (const path of paths) {
        const raw = (body: string, type = 'application/json') =>
          ops(request(app).post(path)).set('content-type', type).send(body);
        for (const [what, response] of [
          ['nested', await raw(nested)],
          ['unknown', await raw(JSON.stringify({ outcome: 'resolved', reason: 'r', isAdmin: true, __proto__x: 1 }))],
          ['proto', await raw('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')],
          ['text', await raw('outcome=resolved', 'text/plain')],
          ['form', await raw('outcome=resolved', 'application/x-www-form-urlencoded')],
          ['multipart', await raw('--x\r\n\r\n--x--', 'multipart/form-data; boundary=x')],
          ['latin1', await raw('{"reason":"caf\u00e9"}', 'application/json; charset=latin1')],
          ['broken', await raw('{"reason": "x",')],
          ['array', await raw('[]')],
          ['null', await raw('null')],
          ['number', await raw('1e999')],
          [
            'invalid utf8',
            await raw(
              Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xed, 0xa0, 0x80, 0x22, 0x7d]).toString('binary'),
            ),
          ],
        ] as const) {
          expectClean(response, { path, what });
          expect({ path, what, ok: response.status < 300 }).toEqual({ path, what, ok: false });
        }
      }
    }, 120_000);
  });

  describe('twenty identical requests at once', () => {
    it('appends a rate once: twenty identical appends, then twenty conflicting ones, leave one entry', async () => {
      const from = DateTime.now().plus({ days: 40 }).toISODate()!;
      const same = await twenty(() => post('/v1/rates/ECB_MRO', { entries: [{ from, ratePercent: 2.15 }] }));
      same.forEach((r, i) => expectClean(r, { i }));
      expect(same.map((r) => r.status)).toEqual(Array(20).fill(200));
      const later = DateTime.now().plus({ days: 50 }).toISODate()!;
      const conflicting = await twenty((i) =>
        post('/v1/rates/ECB_MRO', { entries: [{ from: later, ratePercent: 1 + i / 100 }] }),
      );
      conflicting.forEach((r, i) => expectClean(r, { i }, 'entries[0].ratePercent'));
      expect(conflicting.filter((r) => r.status === 200)).toHaveLength(1);
      const entries = await stack.db.query<{ effective_from: string; n: string }>(
        `SELECT to_char(effective_from, 'YYYY-MM-DD') AS effective_from, count(*) AS n FROM rate_entries
         WHERE table_name = 'ECB_MRO' AND effective_from >= $1 GROUP BY effective_from ORDER BY 1`,
        [from],
      );
      expect(entries).toEqual([
        { effective_from: from, n: '1' },
        { effective_from: later, n: '1' },
      ]);
      const table = (await get('/v1/rates')).body.find((t: { table: string }) => t.table === 'ECB_MRO');
      const froms = table.entries.map((e: { from: string }) => e.from);
      expect(new Set(froms).size).toBe(froms.length);
      expect(table.knownUntil >= later).toBe(true);
    });

    it('completes a task once: twenty same outcomes are one completion, twenty different ones one winner', async () => {
      const invoiceId = await newInvoice('desk-asleep');
      const sameTask = await supportTask(invoiceId);
      const same = await twenty(() => post(`/v1/tasks/${sameTask}/complete`, { outcome: 'resolved', note: 'ok' }));
      same.forEach((r, i) => expectClean(r, { i }));
      expect(same.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(same.filter((r) => r.body.repeated === false)).toHaveLength(1);
      expect(await trailRows(invoiceId, 'task_outcome')).toHaveLength(1);

      // Approvals tell the workflow: approved and rejected at once, one decision is taken and stored, the rest refused.
      const approvalInvoice = await newInvoice('desk-approval', yesterday());
      const approval = await eventually(
        () => get(`/v1/tasks?invoiceId=${approvalInvoice}&kind=approval`),
        (r) => r.body.items?.length > 0,
      );
      const approvalId = approval.body.items[0].id as string;
      const decisions = await twenty((i) =>
        post(`/v1/tasks/${encodeURIComponent(approvalId)}/complete`, { outcome: i % 2 ? 'approved' : 'rejected' }),
      );
      decisions.forEach((r, i) => expectClean(r, { i }));
      const winners = decisions.filter((r) => r.status === 200);
      const outcome = winners.find((r) => r.body.repeated === false)?.body.task.outcome;
      expect(winners.filter((r) => r.body.repeated === false)).toHaveLength(1);
      expect(winners.every((r) => r.body.task.outcome === outcome)).toBe(true);
      expect(decisions.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
      const [stored] = await stack.db.query<{ status: string; outcome: string }>(
        'SELECT status, outcome FROM tasks WHERE id = $1',
        [approvalId],
      );
      expect(stored).toEqual({ status: 'done', outcome });
      expect(await trailRows(approvalInvoice, 'task_outcome')).toHaveLength(1);
      const state = (await get(`/v1/invoices/${approvalInvoice}`)).body.state;
      expect(JSON.stringify(state)).toContain(outcome === 'approved' ? 'approved' : 'rejected');

      const assigned = await twenty((i) =>
        post(`/v1/tasks/${encodeURIComponent(approvalId)}/assign`, { owner: `p${i}` }),
      );
      assigned.forEach((r, i) => expectClean(r, { i }));
      expect(assigned.every((r) => r.status === 409)).toBe(true);
    }, 120_000);

    it('records a legal-file event once and closes the file once, whatever twenty requests at once say', async () => {
      const { invoiceId, fileId } = await invoiceInLegal();
      const cost = { type: 'cost', date: today(), amount: 18_000, note: 'bailiff' };
      const events = await twenty(() => post(`/v1/legal-files/${fileId}/events`, cost));
      events.forEach((r, i) => expectClean(r, { i }));
      expect(events.filter((r) => r.status === 201)).toHaveLength(1);
      expect(events.filter((r) => r.status === 200)).toHaveLength(19);
      expect(await stack.db.query('SELECT id FROM legal_file_events WHERE legal_file_id = $1', [fileId])).toHaveLength(
        1,
      );
      expect(await trailRows(invoiceId, 'legal:cost')).toHaveLength(1);

      const same = await twenty(() => post(`/v1/legal-files/${fileId}/close`, { outcome: 'abandoned' }));
      same.forEach((r, i) => expectClean(r, { i }));
      expect(same.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(await trailRows(invoiceId, 'legal:closed')).toHaveLength(1);
      const [file] = await stack.db.query<{ status: string; outcome: string }>(
        'SELECT status, outcome FROM legal_files WHERE id = $1',
        [fileId],
      );
      expect(file).toEqual({ status: 'closed', outcome: 'abandoned' });
      const after = await post(`/v1/legal-files/${fileId}/events`, { type: 'note', date: today() });
      expect(after.status).toBe(409);

      const other = await invoiceInLegal();
      const outcomes = ['paid', 'settled', 'written_off', 'abandoned'];
      const mixed = await twenty((i) => post(`/v1/legal-files/${other.fileId}/close`, { outcome: outcomes[i % 4] }));
      mixed.forEach((r, i) => expectClean(r, { i }));
      const ok = mixed.filter((r) => r.status === 200);
      const closedAs = ok[0]?.body.legalFile.outcome;
      expect(ok.length).toBeGreaterThan(0);
      expect(ok.every((r) => r.body.legalFile.outcome === closedAs)).toBe(true);
      expect(mixed.filter((r) => r.status !== 200).every((r) => r.status === 409 || r.status === 422)).toBe(true);
      const [row] = await stack.db.query<{ outcome: string }>('SELECT outcome FROM legal_files WHERE id = $1', [
        other.fileId,
      ]);
      expect(row?.outcome).toBe(closedAs);
      expect(await trailRows(other.invoiceId, 'legal:closed')).toHaveLength(1);
      const state = (await get(`/v1/invoices/${other.invoiceId}`)).body.state;
      expect(state.legalFile).toMatchObject({ status: 'closed', outcome: closedAs });
    }, 180_000);

    it('records no legal-file event after the file closed, when events and a close race', async () => {
      const { fileId } = await invoiceInLegal();
      const answers = await twenty((i) =>
        i === 10
          ? post(`/v1/legal-files/${fileId}/close`, { outcome: 'abandoned' })
          : post(`/v1/legal-files/${fileId}/events`, { type: 'note', date: today(), note: `note ${i}` }),
      );
      answers.forEach((r, i) => expectClean(r, { i }));
      // The file's row lock orders every event before or after the close; timestamps (a transaction's start against
      // the close's clock) cannot show that order, so the check is that each event was either recorded or refused,
      // and that the file takes none once closed.
      const afterwards = await post(`/v1/legal-files/${fileId}/events`, { type: 'note', date: today(), note: 'late' });
      expect(afterwards.status).toBe(409);
      const refused = answers.filter((r) => r.status === 409).length;
      const recorded = await stack.db.query('SELECT id FROM legal_file_events WHERE legal_file_id = $1', [fileId]);
      expect(recorded.length + refused).toBe(19);
    }, 120_000);

    it('stores one version for twenty uploads of the same bytes, and twenty distinct versions for twenty different ones', async () => {
      const invoiceId = await newInvoice('desk-asleep');
      const upload = (text: string) =>
        post(`/v1/invoices/${invoiceId}/documents`, {
          kind: 'invoice',
          filename: 'facture.pdf',
          contentType: 'application/pdf',
          contentBase64: pdf(text),
        });
      const same = await twenty(() => upload('same'));
      same.forEach((r, i) => expectClean(r, { i }));
      expect(same.filter((r) => r.status === 201)).toHaveLength(1);
      expect(same.filter((r) => r.status === 200)).toHaveLength(19);
      const different = await twenty((i) => upload(`copy ${i}`));
      different.forEach((r, i) => expectClean(r, { i }));
      expect(different.map((r) => r.status)).toEqual(Array(20).fill(201));
      const versions = await stack.db.query<{ version: number; sha256: string }>(
        "SELECT version, sha256 FROM documents WHERE invoice_id = $1 AND kind = 'invoice' ORDER BY version",
        [invoiceId],
      );
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
      expect(new Set(versions.map((v) => v.sha256)).size).toBe(21);
      const listed = (await get(`/v1/invoices/${invoiceId}/documents`)).body as { id: string }[];
      expect(listed).toHaveLength(21);
      const download = await get(`/v1/documents/${encodeURIComponent(listed[0]!.id)}`);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toContain('application/pdf');
      expect((await get('/v1/documents/%00')).status).toBe(400);
      expect((await get('/v1/documents/none')).status).toBe(404);
    }, 120_000);

    it('writes an invoice off once when twenty write-offs arrive at once', async () => {
      const invoiceId = await newInvoice('desk-asleep');
      const writeOff = (i: number) => post(`/v1/invoices/${invoiceId}/write-off`, { reason: `gone ${i % 2}` });
      const first = await twenty(writeOff);
      // Twenty updates queue on one workflow: on a loaded machine one may outlast the API's wait for a worker. That is
      // the documented transient 503 with Retry-After, and the client's retry is answered like the others.
      const answers = await Promise.all(
        first.map((r, i) => {
          if (r.status !== 503) return r;
          expect(r.headers['retry-after']).toBeDefined();
          return writeOff(i);
        }),
      );
      answers.forEach((r, i) => expectClean(r, { i }));
      expect(answers.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      expect(answers.filter((r) => r.status === 200).length).toBeGreaterThan(0);
      const state = (await get(`/v1/invoices/${invoiceId}`)).body.state;
      expect(state.status).toBe('written_off');
      await eventually(
        () => stack.db.query<{ status: string }>('SELECT status FROM invoices WHERE id = $1', [invoiceId]),
        (rows) => rows[0]?.status === 'written_off',
      );
      const rows = await stack.db.query<{ kind: string; n: string }>(
        `SELECT kind, count(*) AS n FROM communications WHERE invoice_id = $1 GROUP BY kind HAVING count(*) > 1`,
        [invoiceId],
      );
      expect(rows).toEqual([]);
      const again = await post(`/v1/invoices/${invoiceId}/write-off`, { reason: 'gone 0' });
      expect(again.status).toBe(200);
    }, 120_000);

    it('counts a mail event once when the relay delivers it twenty times at once', async () => {
      const invoiceId = await newInvoice('desk-mail', yesterday());
      const [sent] = await eventually(
        () =>
          stack.db.query<{ message_id: string }>(
            "SELECT message_id FROM communications WHERE invoice_id = $1 AND message_id IS NOT NULL AND channel = 'email'",
            [invoiceId],
          ),
        (rows) => rows.length > 0,
        60_000,
      );
      const event = {
        eventId: `dsn-${invoiceId}`,
        messageId: sent!.message_id,
        kind: 'hard_bounce',
        recipient: `${invoiceId.toLowerCase()}@client.test`,
        detail: '550 5.1.1 unknown',
        occurredAt: new Date().toISOString(),
      };
      const raw = JSON.stringify(event);
      const signed = (t: number) =>
        request(app)
          .post('/v1/webhooks/mail-events')
          .set('content-type', 'application/json')
          .set('relance-signature', signatureHeader(WEBHOOK_SECRET, t, raw))
          .send(raw);
      const now = Math.floor(Date.now() / 1000);
      // Byte-identical deliveries: one is taken, the rest are replays of its signature.
      const replays = await twenty(() => signed(now));
      replays.forEach((r, i) => expectClean(r, { i }));
      expect(replays.filter((r) => r.status === 200 || r.status === 202)).toHaveLength(1);
      expect(replays.filter((r) => r.status === 401)).toHaveLength(19);
      // The same event signed afresh twenty times: each is answered, the event counts once.
      const redelivered = await twenty((i) => signed(now - 1 - i));
      redelivered.forEach((r, i) => expectClean(r, { i }));
      expect(redelivered.every((r) => r.status === 200 || r.status === 202)).toBe(true);
      expect(await stack.db.query('SELECT 1 FROM mail_events WHERE event_id = $1', [event.eventId])).toHaveLength(1);
      expect(await trailRows(invoiceId, 'mail_event:%')).toHaveLength(1);

      for (const value of HOSTILE) {
        for (const field of ['eventId', 'messageId', 'kind', 'recipient', 'detail', 'occurredAt']) {
          const body = JSON.stringify({ ...event, eventId: `h-${randomUUID()}`, [field]: value });
          const response = await request(app)
            .post('/v1/webhooks/mail-events')
            .set('content-type', 'application/json')
            .set('relance-signature', signatureHeader(WEBHOOK_SECRET, Math.floor(Date.now() / 1000), body))
            .send(body);
          expectClean(response, { field, value: JSON.stringify(value)?.slice(0, 40) });
        }
      }
    }, 120_000);
  });
});

/** Sets `a.b.0.c` in a plain JSON value. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.');
  let at: Record<string, unknown> = target;
  for (const step of steps.slice(0, -1)) at = at[step] as Record<string, unknown>;
  at[steps[steps.length - 1]!] = value;
}
