import request from 'supertest';
import { insertTask } from '../../../db/tasks';
import { KEYS } from '../../support/test-stack';
import { createTestDatabase } from '../../support/test-database';
import { createApiApp, unreachableTemporal } from '../support/api-app';

/**
 * `GET/POST /v1/rates` and `POST /v1/late-payment/quote` against a real PostgreSQL. Every expected figure is computed
 * by hand in the comment above it: principal × rate × days / 365 per period, rounded half away from zero once.
 */
describe('rates and late-payment quotes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApiApp>['app'];
  const as = (key: string) => (r: request.Test) => r.auth(key, { type: 'bearer' });
  const ops = as(KEYS.ops);
  const support = as(KEYS.support);
  const quote = (body: object) => support(request(app).post('/v1/late-payment/quote')).send(body);

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app } = createApiApp({ db, temporal: unreachableTemporal() }));
  });
  afterAll(() => db.close());

  it('lists the three tables, each with dated entries and how far it is known', async () => {
    const res = await support(request(app).get('/v1/rates'));
    expect(res.status).toBe(200);
    expect(res.body.map((t: { table: string }) => t.table)).toEqual(['ECB_MRO', 'DE_BASE', 'BOE_BANK']);
    for (const table of res.body) {
      expect(table.knownUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const froms = table.entries.map((e: { from: string }) => e.from);
      expect(froms).toEqual([...froms].sort());
      expect(froms[froms.length - 1] <= table.knownUntil).toBe(true);
    }
    expect(res.body[0].entries).toContainEqual({ from: '2025-06-11', ratePercent: 2.15 });
    // The app's clock is today: a table not known through today says so.
    const today = new Date().toISOString().slice(0, 10);
    expect(res.body.map((t: { knownUntil: string; stale: boolean }) => t.stale)).toEqual(
      res.body.map((t: { knownUntil: string }) => t.knownUntil < today),
    );
  });

  /*
   * FR, 10,000.00 EUR due 2025-05-15, 4,000.00 EUR paid 2025-06-15, as of 2025-08-31. ECB on 1 Jan 2025 3.15 → 13.15 %,
   * on 1 Jul 2025 2.15 → 12.15 %.
   *   05-16..06-15  31 d × 1,000,000 × 13.15 % / 365 = 11,168.49 → 11,168
   *   payment 400,000: 11,168 to interest (art. 1343-1 C. civ.), 388,832 to principal → base 611,168
   *   06-16..06-30  15 d ×   611,168 × 13.15 % / 365 =  3,302.82 →  3,303
   *   07-01..08-31  62 d ×   611,168 × 12.15 % / 365 = 12,613.50 → 12,614
   * Unpaid: principal 611,168, interest 3,303 + 12,614 = 15,917, indemnity 4,000 → total 631,085.
   */
  it('counts a part-payment from the day after it, paying accrued interest first (France)', async () => {
    const res = await quote({
      governingLaw: 'FR',
      currency: 'EUR',
      amount: 1_000_000,
      dueDate: '2025-05-15',
      asOf: '2025-08-31',
      payments: [{ date: '2025-06-15', amount: 400_000 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      governingLaw: 'FR',
      currency: 'EUR',
      principal: 611_168,
      interest: 15_917,
      indemnity: 4_000,
      total: 631_085,
      interestAccrued: 27_085,
      paid: { interest: 11_168, principal: 388_832 },
      periods: [
        { from: '2025-05-16', to: '2025-06-15', days: 31, ratePercent: 13.15, base: 1_000_000, interest: 11_168 },
        { from: '2025-06-16', to: '2025-06-30', days: 15, ratePercent: 13.15, base: 611_168, interest: 3_303 },
        { from: '2025-07-01', to: '2025-08-31', days: 62, ratePercent: 12.15, base: 611_168, interest: 12_614 },
      ],
    });
  });

  /*
   * UK, £5,000.00 due 2025-06-30: interest starts 2025-07-01, so Bank Rate on 30 June 2025 (4.25) + 8 = 12.25 % for
   * the whole delay, through 2026-01-31 although Bank Rate was 3.75 on 31 December 2025.
   *   07-01..01-31  215 d × 500,000 × 12.25 % / 365 = 36,078.77 → 36,079; fixed sum £70 (£1,000 to £9,999.99).
   */
  it('fixes one UK rate for the whole delay', async () => {
    const res = await quote({
      governingLaw: 'GB',
      currency: 'GBP',
      amount: 500_000,
      dueDate: '2025-06-30',
      asOf: '2026-01-31',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ principal: 500_000, interest: 36_079, indemnity: 7_000, total: 543_079 });
    expect(res.body.periods).toEqual([
      { from: '2025-07-01', to: '2026-01-31', days: 215, ratePercent: 12.25, base: 500_000, interest: 36_079 },
    ]);
  });

  /*
   * DE, 2,000.00 EUR due Saturday 2025-03-15: § 193 BGB moves it to Monday 17 March, interest from the 18th. Base rate
   * 2.27 + 9 = 11.27 %. 03-18..04-30 = 44 d × 200,000 × 11.27 % / 365 = 2,717.15 → 2,717; 40 EUR; total 206,717.
   */
  it('moves a German due date off the weekend before interest starts', async () => {
    const res = await quote({
      governingLaw: 'DE',
      currency: 'EUR',
      amount: 200_000,
      dueDate: '2025-03-15',
      asOf: '2025-04-30',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ interest: 2_717, indemnity: 4_000, total: 206_717, interestFrom: '2025-03-18' });
  });

  it('answers zero interest on or before the due date', async () => {
    const res = await quote({
      governingLaw: 'FR',
      currency: 'EUR',
      amount: 50_000,
      dueDate: '2025-05-15',
      asOf: '2025-05-15',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ interest: 0, indemnity: 0, total: 50_000, periods: [] });
  });

  it('refuses what it cannot state: a rate past knownUntil, a law without a rule, a foreign currency', async () => {
    const late = await quote({
      governingLaw: 'FR',
      currency: 'EUR',
      amount: 50_000,
      dueDate: '2029-05-15',
      asOf: '2030-03-01',
    });
    expect(late.status).toBe(422);
    expect(late.body.errors[0]).toMatchObject({ field: 'rates.ECB_MRO', rule: 'rates_outdated' });
    expect(late.body.detail).toContain('ECB_MRO');
    const us = await quote({
      governingLaw: 'US',
      currency: 'USD',
      amount: 50_000,
      dueDate: '2025-05-15',
      asOf: '2025-06-01',
    });
    expect(us.status).toBe(422);
    expect(us.body.errors[0].field).toBe('governingLaw');
    const usd = await quote({
      governingLaw: 'FR',
      currency: 'USD',
      amount: 50_000,
      dueDate: '2025-05-15',
      asOf: '2025-06-01',
    });
    expect(usd.status).toBe(422);
    expect(usd.body.errors[0].field).toBe('currency');
    const overpaid = await quote({
      governingLaw: 'FR',
      currency: 'EUR',
      amount: 50_000,
      dueDate: '2025-05-15',
      asOf: '2025-06-01',
      payments: [{ date: '2025-05-20', amount: 60_000 }],
    });
    expect(overpaid.status).toBe(422);
    expect(overpaid.body.errors[0].field).toMatch(/^payments\[0\]/);
  });

  it('lets operations append a rate, closing the rates_outdated tasks it answers', async () => {
    await insertTask(db, {
      id: 'T-rates-1',
      invoiceId: 'F-waiting',
      kind: 'rates_outdated',
      customer: { id: 'C-1', name: 'Dupont' },
      phone: null,
      amount: 100_000,
      balance: 100_000,
      currency: 'EUR',
      daysLate: 150,
      context: { table: 'ECB_MRO', neededOn: '2026-07-01' },
      dueAt: new Date().toISOString(),
    });
    const forbidden = await support(request(app).post('/v1/rates/ECB_MRO')).send({ knownUntil: '2026-12-31' });
    expect(forbidden.status).toBe(403);
    const unknown = await ops(request(app).post('/v1/rates/FED_FUNDS')).send({ knownUntil: '2026-12-31' });
    expect(unknown.status).toBe(404);

    const appended = await ops(request(app).post('/v1/rates/ECB_MRO')).send({
      entries: [{ from: '2026-06-10', ratePercent: 2.4 }],
      knownUntil: '2026-12-31',
    });
    expect(appended.status).toBe(200);
    expect(appended.body).toMatchObject({ table: 'ECB_MRO', knownUntil: '2026-12-31', tasksClosed: ['T-rates-1'] });
    expect(appended.body.entries.slice(-1)).toEqual([{ from: '2026-06-10', ratePercent: 2.4 }]);

    // The second half of 2026 now computes: 2.4 + 10 = 12.4 %, 07-01..07-31 = 31 d × 100,000 / 365 → 1,053.15 → 1,053.
    const now = await quote({
      governingLaw: 'FR',
      currency: 'EUR',
      amount: 100_000,
      dueDate: '2026-06-30',
      asOf: '2026-07-31',
    });
    expect(now.status).toBe(200);
    expect(now.body.periods).toEqual([
      { from: '2026-07-01', to: '2026-07-31', days: 31, ratePercent: 12.4, base: 100_000, interest: 1_053 },
    ]);

    // One entry, or a bare array of entries, says the same as { entries }.
    const single = await ops(request(app).post('/v1/rates/DE_BASE')).send({ from: '2026-07-01', ratePercent: 1.52 });
    expect(single.status).toBe(200);
    expect(single.body).toMatchObject({ table: 'DE_BASE', knownUntil: '2026-07-01' });
    const list = await ops(request(app).post('/v1/rates/BOE_BANK')).send([{ from: '2026-02-05', ratePercent: 3.75 }]);
    expect(list.status).toBe(200);
    expect(list.body.entries.slice(-1)).toEqual([{ from: '2026-02-05', ratePercent: 3.75 }]);

    const again = await ops(request(app).post('/v1/rates/ECB_MRO')).send({
      entries: [{ from: '2026-06-10', ratePercent: 2.4 }],
    });
    expect(again.status).toBe(200);
    const rewrite = await ops(request(app).post('/v1/rates/ECB_MRO')).send({
      entries: [{ from: '2025-06-11', ratePercent: 2.25 }],
    });
    expect(rewrite.status).toBe(422);
    expect(rewrite.body.errors[0].rule).toBe('rate_conflict');
    const back = await ops(request(app).post('/v1/rates/ECB_MRO')).send({ knownUntil: '2026-01-01' });
    expect(back.status).toBe(422);
    expect(back.body.errors[0].field).toBe('knownUntil');
    const bad = await ops(request(app).post('/v1/rates/ECB_MRO')).send({
      entries: [{ from: '2027-01-01', ratePercent: 2.123 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('entries[0].ratePercent');
  });
});
