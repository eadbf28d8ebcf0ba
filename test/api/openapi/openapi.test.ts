import request from 'supertest';
import { createApp } from '../../../api/create-app';
import { buildOpenApiDocument, OPERATIONS } from '../../../api/openapi/openapi';
import { createTemporalGateway } from '../../../api/temporal/temporal-gateway';
import { createDatabase } from '../../../db/database';
import { listRoutes } from '../support/express-routes';

describe('the OpenAPI document', () => {
  // Nothing listens on port 1: building the app opens no connection, and these tests make none.
  const db = createDatabase({ connectionString: 'postgres://nobody:none@127.0.0.1:1/none' });
  const temporal = createTemporalGateway({ connection: { address: '127.0.0.1:1' }, namespace: 'default' });
  const app = createApp({ db, temporal, config: { apiKeys: [] }, logger: { info() {}, warn() {}, error() {} } });
  const document = buildOpenApiDocument();

  afterAll(async () => {
    await db.close();
    await temporal.close();
  });

  // The console's pages are HTML for people (README "The console"), not part of the API it calls.
  const apiRoutes = () => listRoutes(app).filter(({ path }) => path !== '/app' && !path.startsWith('/app/'));

  it('describes every route the app answers except the console’s pages', () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter(
      ({ method, path }) => !(document.paths as Record<string, Record<string, unknown>>)[path]?.[method],
    );
    expect(missing).toEqual([]);
  });

  it('points every $ref at a schema it defines', () => {
    const document = buildOpenApiDocument();
    const refs = new Set<string>();
    JSON.stringify(document, (key, value: unknown) => {
      if (key === '$ref') refs.add(value as string);
      return value;
    });
    const schemas = document.components.schemas as Record<string, unknown>;
    expect([...refs].filter((ref) => !schemas[ref.replace('#/components/schemas/', '')])).toEqual([]);
    expect(refs.size).toBeGreaterThan(5);
  });

  it('documents no operation that the app does not answer', () => {
    const routes = new Set(apiRoutes().map(({ method, path }) => `${method} ${path}`));
    expect(OPERATIONS.map((op) => `${op.method} ${op.path}`).filter((key) => !routes.has(key))).toEqual([]);
  });

  it.each(OPERATIONS.filter((op) => op.body).map((op) => [`${op.method} ${op.path}`, op] as const))(
    'has request examples for %s that pass the validation real requests go through',
    (_name, op) => {
      expect(op.body!.examples.length).toBeGreaterThan(0);
      for (const example of op.body!.examples) expect(() => op.body!.validate(example)).not.toThrow();
    },
  );

  it('names the roles of every /v1 operation except the signed webhook, and the problem shape of every error', () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods as Record<string, Record<string, unknown>>)) {
        const roles = operation['x-roles'] as string[] | undefined;
        if (path.startsWith('/v1/') && !['/v1/webhooks/payments', '/v1/webhooks/mail-events'].includes(path)) {
          expect({ path, method, roles }).toEqual({ path, method, roles: expect.arrayContaining(['ops']) });
        }
        for (const [code, response] of Object.entries(operation.responses as Record<string, { content?: object }>)) {
          if (Number(code) >= 400) expect(response.content).toHaveProperty('application/problem+json');
        }
      }
    }
  });

  it('is served at /openapi.json, and a page rendering it at /docs with its own script and style', async () => {
    const served = await request(app).get('/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body.paths['/v1/invoices/{id}/instalment-plan'].post['x-roles']).toEqual(['ops']);
    const page = await request(app).get('/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<script src="/docs/docs.js"></script>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await request(app).get('/docs/docs.js');
    expect(script.text).toContain("fetch('/openapi.json')");
  });
});
