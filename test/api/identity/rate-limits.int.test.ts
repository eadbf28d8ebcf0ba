import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../../api/create-app';
import { signatureHeader } from '../../../api/payments/webhook-signature';
import { createTestDatabase } from '../../support/test-database';
import { unreachableTemporal } from '../support/api-app';

const FIRST = 'first-key-for-rate-limit-tests';
const SECOND = 'second-key-for-rate-limit-tests';

/** Limits per key and per address, 429 with Retry-After; a flooded key never slows another one. */
describe('rate limits', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const temporal = unreachableTemporal();
  const app = (perKey: number, perAddress: number) =>
    createApp({
      db,
      temporal,
      config: {
        webhookSecrets: ['current-webhook-secret', 'previous-webhook-secret'],
        apiKeys: [
          { name: 'first', role: 'support', secret: FIRST },
          { name: 'second', role: 'support', secret: SECOND },
        ],
        rateLimit: { perKey: { limit: perKey, windowMs: 60_000 }, perAddress: { limit: perAddress, windowMs: 60_000 } },
      },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
  const read = (target: ReturnType<typeof app>, key: string) =>
    request(target).get('/v1/invoices').auth(key, { type: 'bearer' });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
    await temporal.close();
  });

  it('answers 429 with Retry-After to a key past its limit, while another key goes on', async () => {
    const target = app(20, 1_000);
    const answers = await Promise.all(Array.from({ length: 30 }, () => read(target, FIRST)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(10);
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused[0]!.body.detail).toMatch(/more than 20 requests in 60 s with this key/);
    expect((await read(target, SECOND)).status).toBe(200);
  });

  it('counts every request of an address, with a key or without', async () => {
    const target = app(1_000, 25);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? read(target, FIRST) : read(target, SECOND))),
    );
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(5);
    const outside = await request(target).get('/healthz');
    expect(outside.status).toBe(200);
    const anonymous = await request(target).get('/openapi.json');
    expect(anonymous.status).toBe(429);
    expect(anonymous.body.detail).toMatch(/from this address/);
  });

  it('turns a stream of wrong keys into 429 after 100, and still lets a right key through', async () => {
    const target = app(1_000, 10_000);
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) statuses.push((await read(target, `guess-${i}-of-a-key`)).status);
    expect(statuses.slice(0, 100).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(100).every((status) => status === 429)).toBe(true);
    expect((await read(target, FIRST)).status).toBe(200);
  });

  it('reads the body only after the key: a huge body without a key is refused before it is parsed', async () => {
    const target = app(1_000, 1_000);
    const answer = await request(target)
      .post('/v1/invoices')
      .set('content-type', 'application/json')
      .send(`{"id": "${'x'.repeat(2_000_000)}"}`);
    expect(answer.status).toBe(401);
  });

  it('accepts a webhook signed with any configured secret (rotation without a gap), and no other', async () => {
    const target = app(1_000, 1_000);
    const post = (secret: string) => {
      const raw = JSON.stringify({
        eventId: `evt-${randomUUID().slice(0, 8)}`,
        type: 'settlement',
        invoiceId: `NOWHERE-${randomUUID().slice(0, 8)}`,
        paymentId: `pay-${randomUUID().slice(0, 8)}`,
        amount: 1_000,
        currency: 'EUR',
        receivedAt: new Date().toISOString(),
      });
      return request(target)
        .post('/v1/webhooks/payments')
        .set('Content-Type', 'application/json')
        .set('Relance-Signature', signatureHeader(secret, Math.floor(Date.now() / 1000), raw))
        .send(raw);
    };
    expect((await post('current-webhook-secret')).status).toBe(202);
    expect((await post('previous-webhook-secret')).status).toBe(202);
    expect((await post('some-other-webhook-secret')).status).toBe(401);
  });
});
