import request from 'supertest';
import { createTestDatabase } from '../../support/test-database';
import { KEYS } from '../../support/test-stack';
import { createApiApp, unreachableTemporal } from '../support/api-app';

/** What POST /v1/policies refuses before anything is stored: built-in ids, and ladders the policy rules refuse. */
describe('POST /v1/policies refusals', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApiApp>['app'];
  const temporal = unreachableTemporal();
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const base = {
    id: 'key-accounts',
    name: 'Key accounts',
    calendar: { sendHour: 10, businessDaysOnly: true },
    instalmentGrace: 'P5D',
    promiseGrace: 'P3D',
    disputeSla: 'P30D',
    steps: [
      { after: 'P7D', action: 'email', template: 'reminder-1' },
      { after: 'P30D', action: 'formal_notice', deadline: 'P8D' },
      { after: 'P45D', action: 'legal_file' },
    ],
  };
  const post = (body: object) => ops(request(app).post('/v1/policies')).send(body);

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app } = createApiApp({ db, temporal }));
  });

  afterAll(async () => {
    await db.close();
    await temporal.close();
  });

  it.each(['fr-b2b-standard', 'demo-fast'])(
    'refuses a policy under the built-in id %s with 409 naming id, and stores nothing',
    async (id) => {
      const refused = await post({ ...base, id });
      expect(refused.status).toBe(409);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors).toEqual([
        { field: 'id', rule: 'built_in', message: `id: '${id}' is a built-in policy; choose another id` },
      ]);
      const withVersion = await post({ ...base, id, version: 2 });
      expect(withVersion.status).toBe(409);
      const read = await support(request(app).get(`/v1/policies/${id}`));
      expect(read.body).toMatchObject({ builtIn: true, version: 1, versions: [1] });
    },
  );

  it('stores the same ladder under an id of its own', async () => {
    const stored = await post({ ...base, id: 'demo-fast-copy' });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ id: 'demo-fast-copy', version: 1, builtIn: false });
  });

  it.each([
    ['an unknown template', [{ after: 'P1D', action: 'email', template: 'remindr-1' }], 'steps[0].template'],
    [
      'steps out of order',
      [
        { after: 'P30D', action: 'email', template: 'reminder-1' },
        { after: 'P7D', action: 'email', template: 'reminder-2' },
      ],
      'steps[1].after',
    ],
    ['a legal file with no formal notice before it', [{ after: 'P60D', action: 'legal_file' }], 'steps[0].action'],
    [
      'an approval without its timeout',
      [{ after: 'P45D', action: 'formal_notice', deadline: 'P8D', approval: { onTimeout: 'hold' } }],
      'steps[0].approval.timeout',
    ],
    [
      'an approval with an unknown onTimeout',
      [{ after: 'P45D', action: 'formal_notice', deadline: 'P8D', approval: { timeout: 'P3D', onTimeout: 'skip' } }],
      'steps[0].approval.onTimeout',
    ],
  ])('answers 422 naming the field for %s', async (_case, steps, field) => {
    const refused = await post({ ...base, id: 'refused-ladder', steps });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field })]);
    expect((await support(request(app).get('/v1/policies/refused-ladder'))).status).toBe(404);
  });

  it('stores a step that waits for approval', async () => {
    const approval = { timeout: 'P3D', onTimeout: 'hold' };
    const stored = await post({
      ...base,
      id: 'approved-notices',
      steps: [
        { after: 'P7D', action: 'email', template: 'reminder-1' },
        { after: 'P30D', action: 'formal_notice', deadline: 'P8D', approval },
      ],
    });
    expect(stored.status).toBe(201);
    expect(stored.body.steps[1].approval).toEqual(approval);
  });
});
