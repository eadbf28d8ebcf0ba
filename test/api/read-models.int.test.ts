import request from 'supertest';
import { appendCommunication } from '../../db/communications';
import { insertInvoice, projectInvoice } from '../../db/invoices';
import { openLegalFile } from '../../db/legal-files';
import { insertTask } from '../../db/tasks';
import { createTestDatabase } from '../support/test-database';
import { KEYS } from '../support/test-stack';
import { CapturedLogs, createApiApp, unreachableTemporal } from './support/api-app';

const NOW = new Date('2026-06-30T12:00:00Z');

/** Lists, reports, policies, legal files and exports: everything the API reads from PostgreSQL alone. */
describe('the API read models over PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApiApp>['app'];
  let logs: CapturedLogs;
  const temporal = unreachableTemporal();
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });

  async function invoice(
    id: string,
    p: {
      dueAt: string;
      amount: number;
      balance?: number;
      currency?: string;
      status?: string;
      issueDate?: string;
      customerId?: string;
    },
  ) {
    await insertInvoice(db, {
      id,
      customerId: p.customerId ?? 'C-1',
      customer: { id: p.customerId ?? 'C-1', name: 'Client', email: 'c@client.test', timezone: 'Europe/Paris' },
      amount: p.amount,
      currency: p.currency ?? 'EUR',
      issueDate: p.issueDate ?? '2026-04-15',
      dueDate: p.dueAt,
      dueAt: p.dueAt,
      policyId: 'fr-b2b-standard',
      policyVersion: 1,
      requestHash: 'h',
    });
    const status = p.status ?? 'open';
    await projectInvoice(db, id, 1, {
      status,
      stage: status === 'open' ? 'reminding' : status,
      balance: p.balance ?? p.amount,
      nextAction: null,
      nextActionAt: null,
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app, logs } = createApiApp({ db, temporal, now: () => NOW }));
    await invoice('A-not-due', { dueAt: '2026-07-15T22:00:00Z', amount: 10_000 });
    await invoice('A-10-days', { dueAt: '2026-06-20T12:00:00Z', amount: 20_000, issueDate: '2026-05-20' });
    await invoice('A-45-days', { dueAt: '2026-05-16T12:00:00Z', amount: 30_000, balance: 12_000, customerId: 'C-2' });
    await invoice('A-75-days', { dueAt: '2026-04-16T12:00:00Z', amount: 40_000, issueDate: '2026-03-01' });
    await invoice('A-200-days', {
      dueAt: '2025-12-12T12:00:00Z',
      amount: 50_000,
      status: 'handed_to_legal',
      issueDate: '2025-11-01',
    });
    await invoice('A-paid', { dueAt: '2026-05-01T12:00:00Z', amount: 60_000, balance: 0, status: 'paid' });
    await invoice('A-gbp', { dueAt: '2026-06-01T12:00:00Z', amount: 70_000, currency: 'GBP' });
  });

  afterAll(async () => {
    await db.close();
    await temporal.close();
  });

  describe('GET /v1/invoices', () => {
    const ids = (response: request.Response) => response.body.items.map((i: { id: string }) => i.id);

    it('filters by status, customer, overdue days, overdue-since date and balance range', async () => {
      expect(ids(await support(request(app).get('/v1/invoices?status=paid')))).toEqual(['A-paid']);
      expect(ids(await support(request(app).get('/v1/invoices?customerId=C-2')))).toEqual(['A-45-days']);
      expect(ids(await support(request(app).get('/v1/invoices?stage=handed_to_legal')))).toEqual(['A-200-days']);
      expect((await support(request(app).get('/v1/invoices?stage=nonsense'))).status).toBe(400);
      expect(ids(await support(request(app).get('/v1/invoices?status=open&minDaysOverdue=40')))).toEqual([
        'A-45-days',
        'A-75-days',
      ]);
      expect(ids(await support(request(app).get('/v1/invoices?overdueSince=2026-05-01&status=open')))).toEqual([
        'A-75-days',
      ]);
      expect(ids(await support(request(app).get('/v1/invoices?minAmount=12000&maxAmount=20000')))).toEqual([
        'A-10-days',
        'A-45-days',
      ]);
    });

    it('pages with a cursor until every invoice was seen once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response: request.Response = await support(
          request(app).get(`/v1/invoices?limit=3${cursor ? `&cursor=${cursor}` : ''}`),
        );
        expect(response.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...ids(response));
        cursor = response.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
    });

    it('answers 400 naming the field for a bad filter, and 401 without a key', async () => {
      const bad = await support(request(app).get('/v1/invoices?minAmount=5&maxAmount=1'));
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'maxAmount' })]);
      expect((await request(app).get('/v1/invoices')).status).toBe(401);
      expect((await request(app).get('/v1/invoices').auth('not-a-key', { type: 'bearer' })).status).toBe(401);
    });
  });

  describe('GET /v1/reports/aging', () => {
    it('buckets outstanding balances per currency by days past due, and leaves paid invoices out', async () => {
      const response = await support(request(app).get('/v1/reports/aging'));
      expect(response.status).toBe(200);
      expect(response.body.asOf).toBe(NOW.toISOString());
      const eur = response.body.currencies.find((c: { currency: string }) => c.currency === 'EUR');
      expect(eur.buckets).toEqual({
        not_due: { balance: 10_000, count: 1 },
        days_1_30: { balance: 20_000, count: 1 },
        days_31_60: { balance: 12_000, count: 1 },
        days_61_90: { balance: 40_000, count: 1 },
        over_90: { balance: 50_000, count: 1 },
      });
      expect(eur.total).toEqual({ balance: 132_000, count: 5 });
      // Invoiced in the 90 days to 30 June: A-not-due, A-10-days, A-45-days, A-paid; not A-75-days (1 March).
      expect(eur.periodSales).toBe(10_000 + 20_000 + 30_000 + 60_000);
      expect(eur.dso).toBe(Math.round((132_000 / 120_000) * 90 * 10) / 10);
      expect(response.body.dsoFormula).toMatch(/outstanding balance.*÷.*× 90/);
      const gbp = response.body.currencies.find((c: { currency: string }) => c.currency === 'GBP');
      expect(gbp.buckets.days_1_30).toEqual({ balance: 70_000, count: 1 });
    });

    it('ages as of another date, and refuses one that is not a date', async () => {
      const response = await support(request(app).get('/v1/reports/aging?asOf=2026-05-31'));
      const eur = response.body.currencies.find((c: { currency: string }) => c.currency === 'EUR');
      expect(eur.buckets.not_due.count).toBe(2);
      expect(eur.buckets.days_1_30).toEqual({ balance: 12_000, count: 1 });
      // Due on 31 May in Paris: not late on 31 May, one day late on 1 June, in the customer's own calendar.
      await invoice('A-chf-boundary', { dueAt: '2026-05-31T22:00:00Z', amount: 5_000, currency: 'CHF' });
      const chf = async (asOf: string) =>
        (await support(request(app).get(`/v1/reports/aging?asOf=${asOf}`))).body.currencies.find(
          (c: { currency: string }) => c.currency === 'CHF',
        ).buckets;
      expect((await chf('2026-05-31')).not_due.count).toBe(1);
      expect((await chf('2026-06-01')).days_1_30.count).toBe(1);
      const bad = await support(request(app).get('/v1/reports/aging?asOf=31/05/2026'));
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('asOf');
    });
  });

  describe('policies', () => {
    const policy = {
      id: 'key-accounts',
      name: 'Key accounts',
      calendar: { sendHour: 10, businessDaysOnly: true },
      instalmentGrace: 'P5D',
      promiseGrace: 'P3D',
      disputeSla: 'P30D',
      steps: [
        { after: 'P7D', action: 'email', template: 'reminder-1' },
        { after: 'P30D', action: 'formal_notice', deadline: 'P8D' },
      ],
    };

    it('stores version 1, then version 2 of the same id, and reads the latest and each version', async () => {
      const first = await ops(request(app).post('/v1/policies')).send(policy);
      expect(first.status).toBe(201);
      expect(first.headers.location).toBe('/v1/policies/key-accounts/versions/1');
      expect(first.body).toMatchObject({ id: 'key-accounts', version: 1, resumeAfterBrokenPlan: 1 });
      const second = await ops(request(app).post('/v1/policies')).send({ ...policy, name: 'Key accounts v2' });
      expect(second.body.version).toBe(2);
      const latest = await support(request(app).get('/v1/policies/key-accounts'));
      expect(latest.body).toMatchObject({ version: 2, name: 'Key accounts v2', versions: [1, 2], builtIn: false });
      const v1 = await support(request(app).get('/v1/policies/key-accounts/versions/1'));
      expect(v1.body.name).toBe('Key accounts');
      expect((await support(request(app).get('/v1/policies/key-accounts/versions/9'))).status).toBe(404);
      const list = await support(request(app).get('/v1/policies'));
      expect(list.body.items.map((p: { id: string; version: number }) => `${p.id}@${p.version}`)).toEqual([
        'demo-fast@1',
        'fr-b2b-standard@1',
        'key-accounts@2',
      ]);
    });

    it('refuses a policy under the id of a built-in one instead of replacing it for every new invoice', async () => {
      const response = await ops(request(app).post('/v1/policies')).send({
        ...policy,
        id: 'demo-fast',
        name: 'Demo v2',
      });
      expect(response.status).toBe(409);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'id', rule: 'built_in' })]);
      expect((await support(request(app).get('/v1/policies/demo-fast'))).body).toMatchObject({
        version: 1,
        builtIn: true,
      });
    });

    it('answers 422 naming the field the policy rules refuse', async () => {
      const response = await ops(request(app).post('/v1/policies')).send({
        ...policy,
        id: 'broken',
        steps: [
          { after: 'P30D', action: 'email' },
          { after: 'P7D', action: 'email' },
        ],
      });
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'steps[1].after' })]);
    });

    it('refuses to change a stored version in place: 409 on reuse of its number, 405 on PUT, PATCH and DELETE', async () => {
      const reuse = await ops(request(app).post('/v1/policies')).send({ ...policy, version: 1 });
      expect(reuse.status).toBe(409);
      expect(reuse.body.detail).toMatch(/immutable/);
      for (const method of ['put', 'patch', 'delete'] as const) {
        const response = await ops(request(app)[method]('/v1/policies/key-accounts/versions/1')).send(policy);
        expect(response.status).toBe(405);
        expect(response.headers.allow).toBe('GET');
        expect(response.body.detail).toMatch(/immutable/);
      }
      expect((await ops(request(app).put('/v1/policies/key-accounts')).send(policy)).status).toBe(405);
    });

    it('lets only ops create policies', async () => {
      expect((await support(request(app).post('/v1/policies')).send(policy)).status).toBe(403);
      expect(
        (await request(app).post('/v1/policies').auth(KEYS.payments, { type: 'bearer' }).send(policy)).status,
      ).toBe(403);
    });
  });

  describe('tasks and legal files', () => {
    beforeAll(async () => {
      const base = {
        kind: 'phone_call',
        customer: { name: 'Client' },
        phone: '+33 1 00 00 00 00',
        amount: 1,
        balance: 1,
        currency: 'EUR',
        daysLate: 3,
        context: {},
      };
      await insertTask(db, { ...base, id: 'T-1', invoiceId: 'A-10-days', dueAt: '2026-06-21T08:00:00Z' });
      await insertTask(db, { ...base, id: 'T-2', invoiceId: 'A-45-days', dueAt: '2026-06-22T08:00:00Z' });
      await insertTask(db, {
        ...base,
        id: 'T-3',
        invoiceId: 'A-75-days',
        dueAt: '2026-06-23T08:00:00Z',
        kind: 'post_letter',
      });
      expect((await ops(request(app).post('/v1/tasks/T-2/assign')).send({ owner: 'marie' })).status).toBe(200);
      const file = { recommendedRoute: 'injonction_de_payer', routeReason: 'uncontested', dossier: { total: 1 } };
      await openLegalFile(db, { ...file, id: 'L-1', invoiceId: 'A-200-days' });
      await openLegalFile(db, { ...file, id: 'L-2', invoiceId: 'A-75-days' });
    });

    it('lists tasks soonest due first, filtered by kind, owner and due date, with a cursor', async () => {
      const phone = await support(request(app).get('/v1/tasks?kind=phone_call&limit=1'));
      expect(phone.body.items.map((t: { id: string }) => t.id)).toEqual(['T-1']);
      const next = await support(request(app).get(`/v1/tasks?kind=phone_call&limit=1&cursor=${phone.body.nextCursor}`));
      expect(next.body.items.map((t: { id: string }) => t.id)).toEqual(['T-2']);
      expect(next.body.nextCursor).toBeNull();
      const owned = await support(request(app).get('/v1/tasks?owner=marie'));
      expect(owned.body.items.map((t: { id: string }) => t.id)).toEqual(['T-2']);
      const due = await support(request(app).get('/v1/tasks?dueBefore=2026-06-22T09:00:00Z'));
      expect(due.body.items.map((t: { id: string }) => t.id)).toEqual(['T-1', 'T-2']);
      expect((await support(request(app).get('/v1/tasks?cursor=garbage'))).status).toBe(400);
    });

    it('refuses a call outcome on a task that is not a phone call, and answers 404 for an unknown task', async () => {
      const letter = await ops(request(app).post('/v1/tasks/T-3/complete')).send({ outcome: 'reached' });
      expect(letter.status).toBe(422);
      expect(letter.body.errors[0]).toMatchObject({ field: 'outcome', rule: 'outcome_for_kind' });
      const unknown = await ops(request(app).post('/v1/tasks/T-404/complete')).send({ outcome: 'reached' });
      expect(unknown.status).toBe(404);
      const invalid = await ops(request(app).post('/v1/tasks/T-1/complete')).send({ outcome: 'dispute' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors[0].field).toBe('disputeReason');
      expect((await support(request(app).post('/v1/tasks/T-1/complete')).send({ outcome: 'reached' })).status).toBe(
        403,
      );
    });

    it('lists open legal files and reads one', async () => {
      const list = await support(request(app).get('/v1/legal-files?limit=1'));
      expect(list.body.items).toEqual([
        expect.objectContaining({ id: 'L-1', recommendedRoute: 'injonction_de_payer' }),
      ]);
      const rest = await support(request(app).get(`/v1/legal-files?cursor=${list.body.nextCursor}`));
      expect(rest.body.items.map((f: { id: string }) => f.id)).toEqual(['L-2']);
      const one = await support(request(app).get('/v1/legal-files/L-2'));
      expect(one.body).toMatchObject({ id: 'L-2', invoiceId: 'A-75-days', dossier: { total: 1 } });
      expect((await support(request(app).get('/v1/legal-files/L-9'))).status).toBe(404);
      const badCursor = await support(request(app).get('/v1/legal-files?cursor=garbage'));
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.errors[0].field).toBe('cursor');
    });
  });

  describe('GET /v1/invoices/:id/communications/export', () => {
    it('downloads the proof trail as a JSON attachment with a digest of its entries', async () => {
      await appendCommunication(db, {
        id: 'A-45-days:step-1:email',
        invoiceId: 'A-45-days',
        channel: 'email',
        kind: 'step:email',
        recipient: 'c@client.test',
        template: 'reminder-1',
        messageId: '<m1@relance.test>',
        result: 'sent',
        detail: {},
        occurredAt: '2026-05-17T07:00:00.000Z',
      });
      const response = await support(request(app).get('/v1/invoices/A-45-days/communications/export'));
      expect(response.status).toBe(200);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="?proof-trail-A-45-days\.json"?$/);
      const document = JSON.parse(response.text);
      expect(document).toMatchObject({ format: 'relance.proof-trail/1', invoice: { id: 'A-45-days' } });
      expect(document.rows).toEqual([
        expect.objectContaining({ messageId: '<m1@relance.test>', template: 'reminder-1' }),
      ]);
      expect(document.digest).toBe(document.rows[0].hash);
      expect(document.digest).toMatch(/^[0-9a-f]{64}$/);
      expect((await support(request(app).get('/v1/invoices/nope/communications/export'))).status).toBe(404);
    });
  });

  describe('security', () => {
    it('logs every write as one structured line with the role and key id, never the key', async () => {
      logs.info.length = 0;
      await ops(request(app).post('/v1/policies')).send({ id: 'x' });
      const line = JSON.parse(logs.info.find((l) => l.includes('api.write'))!);
      expect(line).toMatchObject({ role: 'ops', method: 'POST', path: '/v1/policies', status: 422 });
      expect(line.key).toMatch(/^[0-9a-f]{8}$/);
      expect(logs.info.join('\n')).not.toContain(KEYS.ops);
    });

    it('sends security headers and refuses oversized or malformed bodies without leaking internals', async () => {
      const huge = await ops(request(app).post('/v1/policies'))
        .set('Content-Type', 'application/json')
        .send(`{"id":"${'x'.repeat(300_000)}"}`);
      expect(huge.status).toBe(413);
      const malformed = await ops(request(app).post('/v1/policies'))
        .set('Content-Type', 'application/json')
        .send('{"id":');
      expect(malformed.status).toBe(400);
      expect(malformed.text).not.toMatch(/at .*\.ts|SyntaxError|node_modules/);
      expect(malformed.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
    });
  });
});
