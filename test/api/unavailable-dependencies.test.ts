import request from 'supertest';
import { createApp } from '../../api/create-app';
import { createTemporalGateway } from '../../api/temporal/temporal-gateway';
import { createDatabase } from '../../db/database';
import { freePort } from '../../dev/free-port';

describe('the API when PostgreSQL and Temporal are unreachable', () => {
  const key = 'support-key-for-unavailable-tests';
  let close: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    // Ports nobody listens on: connections are refused at once.
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    const db = createDatabase({ connectionString: `postgres://x:y@127.0.0.1:${pgPort}/none` });
    const temporal = createTemporalGateway({
      connection: { address: `127.0.0.1:${temporalPort}` },
      namespace: 'default',
    });
    app = createApp({
      db,
      temporal,
      config: { apiKeys: [{ name: 'support', role: 'support', secret: key }] },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    close = async () => {
      await db.close();
      await temporal.close();
    };
  });

  afterAll(() => close());

  it('stays alive but not ready, and says which dependency is missing', async () => {
    expect((await request(app).get('/healthz')).status).toBe(200);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'unavailable', checks: { database: false, temporal: false } });
  });

  it('answers 503 problem+json naming PostgreSQL instead of crashing, and again on the next call', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await request(app).get('/v1/invoices').auth(key, { type: 'bearer' });
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 503, dependency: 'PostgreSQL' });
    }
  });
});
