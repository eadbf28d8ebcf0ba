import request from 'supertest';
import { insertTask } from '../../../db/tasks';
import { createTestDatabase } from '../../support/test-database';
import { KEYS } from '../../support/test-stack';
import { createApiApp, unreachableTemporal } from '../support/api-app';

/** Assignment reads and writes PostgreSQL alone: no workflow is told who works on a task. */
describe('POST /v1/tasks/:id/assign and GET /v1/tasks?owner=', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: ReturnType<typeof createApiApp>['app'];
  const temporal = unreachableTemporal();
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const support = (r: request.Test) => r.auth(KEYS.support, { type: 'bearer' });
  const ids = (response: request.Response) => response.body.items.map((t: { id: string }) => t.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ app } = createApiApp({ db, temporal }));
    const task = (id: string, kind: string, owner: string, dueAt: string) =>
      insertTask(db, {
        id,
        invoiceId: 'F-1',
        kind,
        customer: { name: 'Client' },
        phone: null,
        amount: 1_000,
        balance: 1_000,
        currency: 'EUR',
        daysLate: 5,
        context: { owner },
        dueAt,
        owner,
      });
    await task('call-1', 'phone_call', 'collections', '2026-06-01T08:00:00Z');
    await task('call-2', 'phone_call', 'collections', '2026-06-02T08:00:00Z');
    await task('letter-1', 'post_letter', 'mail-room', '2026-06-03T08:00:00Z');
  });

  afterAll(async () => {
    await db.close();
    await temporal.close();
  });

  it('lists tasks by the team they were created for', async () => {
    expect(ids(await support(request(app).get('/v1/tasks?owner=collections')))).toEqual(['call-1', 'call-2']);
    expect(ids(await support(request(app).get('/v1/tasks?owner=mail-room')))).toEqual(['letter-1']);
  });

  it('gives a task to a named person, who then finds it under their name', async () => {
    const assigned = await ops(request(app).post('/v1/tasks/call-2/assign')).send({ owner: 'marie.dupont' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: 'call-2', owner: 'marie.dupont', status: 'open' });
    expect(ids(await support(request(app).get('/v1/tasks?owner=marie.dupont')))).toEqual(['call-2']);
    expect(ids(await support(request(app).get('/v1/tasks?owner=collections')))).toEqual(['call-1']);
    const again = await ops(request(app).post('/v1/tasks/call-2/assign')).send({ owner: 'marie.dupont' });
    expect(again.status).toBe(200);
  });

  it('answers 400 naming owner for a blank, multi-line or overlong owner, and leaves the task as it was', async () => {
    for (const owner of ['', '   ', 'marie\ndupont', 'x'.repeat(101), 42]) {
      const response = await ops(request(app).post('/v1/tasks/call-1/assign')).send({ owner });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('owner');
    }
    const extra = await ops(request(app).post('/v1/tasks/call-1/assign')).send({ owner: 'a', by: 'b' });
    expect(extra.status).toBe(400);
    expect(ids(await support(request(app).get('/v1/tasks?owner=collections')))).toEqual(['call-1']);
  });

  it('answers 404 for an unknown task, 409 for a closed one, 403 for support', async () => {
    expect((await ops(request(app).post('/v1/tasks/none/assign')).send({ owner: 'marie' })).status).toBe(404);
    await db.query(`UPDATE tasks SET status = 'closed', outcome = 'paid' WHERE id = 'letter-1'`);
    const closed = await ops(request(app).post('/v1/tasks/letter-1/assign')).send({ owner: 'marie' });
    expect(closed.status).toBe(409);
    expect((await support(request(app).post('/v1/tasks/call-1/assign')).send({ owner: 'marie' })).status).toBe(403);
  });
});
