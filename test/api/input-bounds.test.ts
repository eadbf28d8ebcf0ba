import request from 'supertest';
import { createApp } from '../../api/create-app';
import { toHttpError } from '../../api/http/error-handler';
import { ValidationError } from '../../api/http/http-errors';
import { buildOpenApiDocument } from '../../api/openapi/openapi';
import { stepTemplates, unknownStepTemplates } from '../../api/policies/step-templates';
import { createTemporalGateway } from '../../api/temporal/temporal-gateway';
import { createDatabase } from '../../db/database';
import { freePort } from '../../dev/free-port';
import { FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import { findMailTemplate } from '../../templates/mail-templates';

const OPS = 'ops-key-for-input-bound-tests';

const invoice = (overrides: Record<string, unknown> = {}, customer: Record<string, unknown> = {}) => ({
  id: 'F-2026-0042',
  customer: { id: 'C-1', name: 'Boulangerie Dupont', email: 'compta@dupont.test', ...customer },
  amount: 123_450,
  currency: 'EUR',
  issueDate: '2026-01-05',
  dueDate: '2026-02-04',
  ...overrides,
});

const policy = (overrides: Record<string, unknown> = {}) => ({
  id: 'gentle',
  name: 'Gentle',
  calendar: null,
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  steps: [
    { after: 'P1D', action: 'email', template: 'reminder-1' },
    { after: 'P15D', action: 'phone_task' },
  ],
  ...overrides,
});

/** The fields a 4xx names. */
const fields = (body: { errors?: Array<{ field: string }> }) => body.errors?.map((e) => e.field);

describe('input bounds at the edge (checked before PostgreSQL or Temporal is reached)', () => {
  let close: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    // Ports nobody listens on: a request that got past validation would answer 503, never the 4xx expected here.
    const [pgPort, temporalPort] = [await freePort(), await freePort()];
    const db = createDatabase({ connectionString: `postgres://x:y@127.0.0.1:${pgPort}/none` });
    const temporal = createTemporalGateway({
      connection: { address: `127.0.0.1:${temporalPort}` },
      namespace: 'default',
    });
    app = createApp({
      db,
      temporal,
      config: { apiKeys: [{ name: 'ops', role: 'ops', secret: OPS }] },
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    close = async () => {
      await db.close();
      await temporal.close();
    };
  });

  afterAll(() => close());

  const post = (path: string, body: unknown) =>
    request(app)
      .post(path)
      .auth(OPS, { type: 'bearer' })
      .send(body as object);
  const get = (path: string) => request(app).get(path).auth(OPS, { type: 'bearer' });

  it('refuses a due date in year 9999 with 400 naming dueDate', async () => {
    const response = await post('/v1/invoices', invoice({ dueDate: '9999-12-31' }));
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(['dueDate']);
    expect(response.body.detail).toContain('1970-01-01 to 2100-12-31');
  });

  it.each([
    ['an issue date in year 0', invoice({ issueDate: '0000-01-01' }), 'issueDate'],
    ['a due instant in 2101', invoice({ dueDate: '2101-01-01T00:00:00Z' }), 'dueDate'],
    ['a NUL in the customer name', invoice({}, { name: 'Dupont\u0000' }), 'customer.name'],
    ['a line break in the customer name', invoice({}, { name: 'Dupont\r\nPaid in full' }), 'customer.name'],
    ['a lone surrogate in the customer name', invoice({}, { name: 'Dupont \ud800' }), 'customer.name'],
    ['an amount past 10^13', invoice({ amount: 10 ** 13 + 1 }), 'amount'],
    ['a fractional amount', invoice({ amount: 12.5 }), 'amount'],
    ['an id with a NUL', invoice({ id: 'F-1\u0000' }), 'id'],
    ['a time zone with a NUL', invoice({}, { timezone: 'Europe/Paris\u0000' }), 'customer.timezone'],
  ])('refuses %s, naming the field', async (_case, body, field) => {
    const response = await post('/v1/invoices', body);
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual([field]);
  });

  it('refuses a NUL or a line break in a payment reference and a far-future receivedAt', async () => {
    const response = await post('/v1/invoices/F-1/payments', {
      paymentId: 'p-1',
      amount: 100,
      currency: 'EUR',
      receivedAt: '9999-01-01T00:00:00Z',
      reference: 'F-1\u0000',
      method: 'sepa\n',
    });
    expect(response.status).toBe(400);
    expect(fields(response.body)?.sort()).toEqual(['method', 'receivedAt', 'reference']);
  });

  it('refuses a pause until year 9999 and a NUL in its reason, and keeps line breaks in notes', async () => {
    const pause = await post('/v1/invoices/F-1/pause', { reason: 'client\u0000', until: '9999-12-31' });
    expect(pause.status).toBe(400);
    expect(fields(pause.body)?.sort()).toEqual(['reason', 'until']);
    const task = await post('/v1/tasks/T-1/complete', { outcome: 'no_answer', note: 'Called.\nNo answer.\u0000' });
    expect(task.status).toBe(400);
    expect(fields(task.body)).toEqual(['note']);
  });

  it.each([
    ['/v1/invoices/%00', 'id'],
    ['/v1/invoices/F-1%00/communications', 'id'],
    ['/v1/invoices/%E0%A4%A', '(path)'],
    ['/v1/tasks?owner=%00', 'owner'],
    ['/v1/invoices?customerId=a%00b', 'customerId'],
    ['/v1/invoices?cursor=%0D%0A', 'cursor'],
    ['/v1/legal-files?status=%00', 'status'],
    ['/v1/policies/gentle/versions/2147483648', 'version'],
    ['/v1/policies/gentle/versions/99999999999999999999', 'version'],
    ['/v1/policies/gentle/versions/0', 'version'],
    ['/v1/invoice-batches/%C0%AF', '(path)'],
    ['/v1/invoices?minAmount=1e14', 'minAmount'],
  ])('answers GET %s with 400 naming %s', async (path, field) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual([field]);
  });

  it('refuses a policy version past 2^31 - 1 with 422 naming version', async () => {
    const response = await post('/v1/policies', policy({ version: 2 ** 31 }));
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual(['version']);
  });

  it.each([
    ['P99999999999Y', 'disputeSla'],
    ['P10Y1D', 'disputeSla'],
  ])('refuses a dispute SLA of %s with 422 naming %s', async (sla, field) => {
    const response = await post('/v1/policies', policy({ disputeSla: sla }));
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual([field]);
    expect(response.body.errors[0].rule).toBe('max_duration');
  });

  it('refuses a policy naming a template its action does not have, naming the step', async () => {
    const response = await post(
      '/v1/policies',
      policy({
        steps: [
          { after: 'P1D', action: 'email', template: 'remindr-1' },
          { after: 'P15D', action: 'phone_task', template: 'reminder-1' },
        ],
      }),
    );
    expect(response.status).toBe(422);
    expect(fields(response.body)).toEqual(['steps[0].template', 'steps[1].template']);
    expect(response.body.errors[0].rule).toBe('unknown_template');
  });

  it('authenticates before reading the body: a keyless malformed request is 401, not 400', async () => {
    const response = await request(app).post('/v1/invoices').set('Content-Type', 'application/json').send('{"id":');
    expect(response.status).toBe(401);
    const huge = await request(app)
      .post('/v1/invoices')
      .set('Content-Type', 'application/json')
      .send(`{"x":"${'a'.repeat(300_000)}"}`);
    expect(huge.status).toBe(401);
  });

  it('still reads the body of an authenticated request', async () => {
    const response = await post('/v1/invoices', '{"id":').set('Content-Type', 'application/json');
    expect(response.status).toBe(400);
    expect(fields(response.body)).toEqual(['(body)']);
  });

  it('tells a client to retry after some seconds when PostgreSQL is unreachable', async () => {
    const response = await get('/v1/invoices');
    expect(response.status).toBe(503);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('toHttpError', () => {
  const pgError = (code: string) => Object.assign(new Error('from PostgreSQL'), { code });
  const grpcError = (code: number) =>
    Object.assign(new Error('from Temporal'), { name: 'ServiceError', cause: { code } });

  it.each([
    ['22021', 400],
    ['22P05', 400],
    ['22003', 400],
    ['22008', 400],
    ['23505', 409],
    ['23514', 422],
    ['23502', 422],
    ['08006', 503],
    ['53300', 503],
    ['57P01', 503],
    ['57P03', 503],
    ['58030', 503],
    ['40001', 503],
    ['40P01', 503],
    ['55P03', 503],
  ])('maps SQLSTATE %s to %s', (code, status) => {
    expect(toHttpError(pgError(code))?.status).toBe(status);
  });

  it('leaves a fault of ours (a missing table, a syntax error) to be logged as a 500', () => {
    expect(toHttpError(pgError('42P01'))).toBeUndefined();
    expect(toHttpError(pgError('42601'))).toBeUndefined();
    expect(toHttpError(new TypeError('x is undefined'))).toBeUndefined();
  });

  it.each([
    ['ECONNREFUSED', 503],
    ['ECONNRESET', 503],
  ])('maps the connection error %s to %s', (code, status) => {
    expect(toHttpError(pgError(code))?.status).toBe(status);
  });

  it.each([
    [14, 'UNAVAILABLE'],
    [4, 'DEADLINE_EXCEEDED'],
    [8, 'RESOURCE_EXHAUSTED'],
    [9, 'FAILED_PRECONDITION (workflow task in failed state)'],
  ])('maps the Temporal gRPC status %s (%s) to 503', (code) => {
    expect(toHttpError(grpcError(code))?.status).toBe(503);
  });

  it('answers 503 for a workflow that cannot answer its state query (its workflow task is failing)', () => {
    const error = Object.assign(new Error('[TMPRL1100] Nondeterminism error'), {
      name: 'QueryNotRegisteredError',
      code: 3,
    });
    expect(toHttpError(error)?.status).toBe(503);
  });

  it('leaves other Temporal refusals (INVALID_ARGUMENT, PERMISSION_DENIED) to be logged', () => {
    expect(toHttpError(grpcError(3))).toBeUndefined();
    expect(toHttpError(grpcError(7))).toBeUndefined();
  });

  it('names no database column: the request field is named at the edge', () => {
    const error = toHttpError(Object.assign(pgError('22001'), { column: 'customer_id' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.field).toBe('(request)');
  });
});

describe('step templates', () => {
  it('accepts for an e-mail or formal-notice step exactly the mail templates the sender finds in French and English', () => {
    for (const action of ['email', 'formal_notice'] as const) {
      for (const name of stepTemplates(action)) {
        expect([name, findMailTemplate('fr', name) && findMailTemplate('en', name)]).toEqual([name, expect.anything()]);
      }
    }
    expect(stepTemplates('email')).toEqual(
      expect.arrayContaining(['courtesy', 'reminder', 'reminder-1', 'reminder-2']),
    );
    expect(stepTemplates('email')).not.toContain('remindr-1');
  });

  it('accepts every template of the built-in policies', () => {
    expect(unknownStepTemplates(FRENCH_B2B_POLICY)).toEqual([]);
  });

  it('shows the template names in /openapi.json', () => {
    const policy = buildOpenApiDocument().components.schemas.Policy as {
      properties: { steps: { items: { properties: { template: { enum: string[] } } } } };
    };
    expect(policy.properties.steps.items.properties.template.enum).toEqual(
      expect.arrayContaining(['reminder-1', 'phone-call', 'formal-notice']),
    );
  });
});
