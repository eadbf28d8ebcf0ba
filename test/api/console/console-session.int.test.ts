import request from 'supertest';
import { createApp } from '../../../api/create-app';
import { KEYS, startTestStack, TestStack, testApiKeys } from '../../support/test-stack';

/** Signing in to the console: a key opens a session held in an HttpOnly, SameSite cookie; forms carry a CSRF token. */
describe('the console session', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  }, 120_000);
  afterAll(() => stack.stop());

  const signIn = async (agent: ReturnType<typeof request.agent>, key: string) =>
    agent.post('/app/sign-in').type('form').send({ key, next: '/app/invoices' });

  it('shows the sign-in form with a labelled key field to a browser without a session', async () => {
    const page = await request(stack.app).get('/app/invoices');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/app/sign-in?next=%2Fapp%2Finvoices');
    const form = await request(stack.app).get(page.headers.location!).set('Accept-Language', 'en');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="key">API key</label>');
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses an unknown key without opening a session', async () => {
    const agent = request.agent(stack.app);
    const refused = await signIn(agent, 'not-a-key-of-this-deployment');
    expect(refused.status).toBe(401);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(refused.text).toMatch(/n’est pas reconnue|not recognised/);
  });

  it('opens an HttpOnly, SameSite=Strict session that the console uses to call the API on the person’s behalf', async () => {
    const agent = request.agent(stack.app);
    const signedIn = await signIn(agent, KEYS.support);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/app/invoices');
    const cookie = String(signedIn.headers['set-cookie']);
    expect(cookie).toMatch(
      /^relance_session=rls_sess_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200/,
    );
    const token = /relance_session=([^;]+)/.exec(cookie)![1]!;
    // The session token stands for the support key on /v1: reads pass, writes are the support role's 403.
    const read = await request(stack.app).get('/v1/invoices').auth(token, { type: 'bearer' });
    expect(read.status).toBe(200);
    const write = await request(stack.app).post('/v1/policies').auth(token, { type: 'bearer' }).send({});
    expect(write.status).toBe(403);
    expect((await agent.get('/app')).headers.location).toBe('/app/invoices');
  });

  it('refuses a form without the session’s CSRF token, and signs out with it', async () => {
    const agent = request.agent(stack.app);
    const signedIn = await signIn(agent, KEYS.ops);
    const token = /relance_session=([^;]+)/.exec(String(signedIn.headers['set-cookie']))![1]!;
    expect((await agent.post('/app/sign-out').type('form').send({})).status).toBe(403);
    expect((await agent.post('/app/sign-out').type('form').send({ _csrf: 'forged' })).status).toBe(403);
    const home = await agent.get('/app');
    expect(home.headers.location).toBe('/app/tasks');
    const tasks = await agent.get('/app/tasks');
    expect(tasks.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(tasks.text)?.[1];
    expect(csrf).toBeDefined();
    const out = await agent.post('/app/sign-out').type('form').send({ _csrf: csrf });
    expect(out.status).toBe(303);
    expect((await request(stack.app).get('/v1/invoices').auth(token, { type: 'bearer' })).status).toBe(401);
  });

  it('refuses a cross-site sign-in and never redirects outside the console', async () => {
    const crossSite = await request(stack.app)
      .post('/app/sign-in')
      .set('Origin', 'https://attacker.test')
      .type('form')
      .send({ key: KEYS.ops });
    expect(crossSite.status).toBe(401);
    const elsewhere = await request(stack.app)
      .post('/app/sign-in')
      .type('form')
      .send({ key: KEYS.ops, next: '//attacker.test/x' });
    expect(elsewhere.headers.location).toBe('/app');
  });

  it('ends a session at once when its key is no longer configured, in the console and on /v1', async () => {
    const agent = request.agent(stack.app);
    const signedIn = await signIn(agent, KEYS.ops);
    const token = /relance_session=([^;]+)/.exec(String(signedIn.headers['set-cookie']))![1]!;
    // The same database, restarted without the ops key (revoked, or rotated to a new secret).
    const rotated = createApp({
      db: stack.db,
      temporal: stack.temporal,
      config: { apiKeys: testApiKeys(['support']), taskQueue: stack.taskQueue },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
    expect((await request(rotated).get('/v1/invoices').auth(token, { type: 'bearer' })).status).toBe(401);
    const page = await request(rotated).get('/app/invoices').set('Cookie', `relance_session=${token}`);
    expect([page.status, page.headers.location]).toEqual([303, '/app/sign-in?next=%2Fapp%2Finvoices']);
    expect((await request(stack.app).get('/v1/invoices').auth(token, { type: 'bearer' })).status).toBe(200);
  });

  it('marks the cookie Secure when the request came through HTTPS at a proxy', async () => {
    const signedIn = await request(stack.app)
      .post('/app/sign-in')
      .set('X-Forwarded-Proto', 'https')
      .type('form')
      .send({ key: KEYS.support });
    expect(String(signedIn.headers['set-cookie'])).toMatch(/; Secure$/);
  });

  it('answers 404 for an id of "." or ".." instead of reading another API path', async () => {
    const agent = request.agent(stack.app);
    await signIn(agent, KEYS.support);
    for (const path of ['/app/invoices/%2E', '/app/invoices/%2E%2E', '/app/customers/%2E', '/app/tasks/%2E']) {
      const page = await agent.get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 404 });
    }
  });

  it('makes an address wait after ten failed sign-ins, whatever key it tries next', async () => {
    const isolated = createApp({
      db: stack.db,
      temporal: stack.temporal,
      config: { apiKeys: testApiKeys(['ops']), taskQueue: stack.taskQueue },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
    const attempt = (key: string) => request(isolated).post('/app/sign-in').type('form').send({ key });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess-${i}-of-a-key`)).status).toBe(401);
    const blocked = await attempt(KEYS.ops);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(500);
  });
});
