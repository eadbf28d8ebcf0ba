import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../../api/create-app';
import { invoiceBody, KEYS, startTestStack, TestStack, testApiKeys } from '../../support/test-stack';

type Agent = ReturnType<typeof request.agent>;

const HOUR_MS = 3_600_000;
/** Markup that would run if any page put data into HTML unescaped (text, attribute or a script element). */
const PAYLOAD = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';
const RAN = /<script>alert|<img src=x/;

/**
 * The console as an attacker and a bad day see it, against the real servers: markup in data, forged and cross-site
 * forms, redirects out of the console, sessions stolen, fixed or left idle, a read-only role posting forms, hostile
 * bodies. Every test asserts a defence that holds.
 */
describe('the console under attack', () => {
  let stack: TestStack;
  const run = randomUUID().slice(0, 6).toUpperCase();
  const ops = (r: request.Test) => r.auth(KEYS.ops, { type: 'bearer' });
  const customerId = `HC-${run}`;
  const invoiceId = `HC-${run}-1`;
  /** An invoice only the CSRF and role tests act on, so its stage tells what got through. */
  const targetId = `HT-${run}-1`;
  const targetCustomerId = `HT-${run}`;

  async function signIn(key: string, app = stack.app): Promise<Agent> {
    const agent = request.agent(app);
    const signedIn = await agent.post('/app/sign-in').type('form').send({ key, next: '/app/invoices' });
    expect(signedIn.status).toBe(303);
    return agent;
  }
  const tokenOf = (response: request.Response) =>
    /relance_session=([^;]+)/.exec(String(response.headers['set-cookie']))![1]!;
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const stage = async (id: string) =>
    (await ops(request(stack.app).get(`/v1/invoices/${id}`))).body.state.stage as string;

  async function createInvoice(id: string, name: string, customer = customerId) {
    const body = invoiceBody(id, `${customer.toLowerCase()}@client.test`, '2027-03-31', { policyId: undefined });
    const created = await ops(request(stack.app).post('/v1/invoices')).send({
      ...body,
      customer: { ...body.customer, id: customer, name },
    });
    expect([created.status, created.body.detail]).toEqual([201, undefined]);
  }

  beforeAll(async () => {
    stack = await startTestStack();
    await createInvoice(invoiceId, PAYLOAD);
    await createInvoice(targetId, PAYLOAD, targetCustomerId);
    const dispute = await ops(request(stack.app).post(`/v1/invoices/${invoiceId}/disputes`)).send({
      reason: `dispute ${PAYLOAD}`,
    });
    expect(dispute.status).toBeLessThan(300);
    const hold = await ops(request(stack.app).post(`/v1/customers/${customerId}/holds`)).send({
      kind: 'do_not_contact',
      reason: `hold ${PAYLOAD}`,
    });
    expect(hold.status).toBeLessThan(300);
  }, 120_000);

  afterAll(() => stack.stop());

  it('shows markup in a customer name, a dispute and a hold reason as text on every page', async () => {
    for (const key of [KEYS.ops, KEYS.support]) {
      const agent = await signIn(key);
      for (const path of [
        '/app/invoices',
        `/app/invoices?q=${encodeURIComponent(PAYLOAD)}`,
        `/app/invoices?q=${encodeURIComponent(run)}`,
        `/app/invoices/${invoiceId}`,
        '/app/customers',
        `/app/customers?q=${encodeURIComponent(PAYLOAD)}`,
        `/app/customers/${customerId}`,
        '/app/tasks',
      ]) {
        const page = await agent.get(path);
        expect([path, page.status < 500, RAN.test(page.text)]).toEqual([path, true, false]);
      }
      const invoice = await agent.get(`/app/invoices/${invoiceId}`);
      expect(invoice.text).toContain('&lt;script>alert(1)&lt;/script>');
      const customer = await agent.get(`/app/customers/${customerId}`);
      expect(customer.text).toContain('&lt;/script>&lt;script>alert(1)');
      // The one script element holding data (the aging chart's figures) cannot be closed by data.
      const list = await agent.get('/app/invoices');
      const json = /<script type="application\/json" id="aging-data">([^]*?)<\/script>/.exec(list.text)?.[1];
      expect(json).toBeDefined();
      expect(json).not.toContain('<');
    }
  });

  it('reflects a hostile next or back only as escaped text, never as markup', async () => {
    const next = '/app?"><script>alert(1)</script>';
    const form = await request(stack.app).get(`/app/sign-in?next=${encodeURIComponent(next)}`);
    expect(form.status).toBe(200);
    expect(RAN.test(form.text)).toBe(false);
    expect(form.text).toContain('name="next" value="/app?&quot;>&lt;script>alert(1)&lt;/script>"');
    const agent = await signIn(KEYS.ops);
    const page = await agent.get(`/app/invoices?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(RAN.test(page.text)).toBe(false);
    // The language switch carries the page's own address, encoded into its query.
    expect(page.text).toMatch(/href="\/app\/lang\?to=en&amp;back=%2Fapp%2Finvoices%3Fq%3D[^"<>]*"/);
  });

  it('refuses every forged, missing, foreign or cross-site CSRF token, and a GET changes nothing', async () => {
    const agent = request.agent(stack.app);
    const session = tokenOf(await agent.post('/app/sign-in').type('form').send({ key: KEYS.ops, next: '/app' }));
    const other = await signIn(KEYS.ops);
    const csrf = csrfOf((await agent.get(`/app/invoices/${targetId}`)).text);
    const foreign = csrfOf((await other.get(`/app/invoices/${targetId}`)).text);
    expect(foreign).not.toBe(csrf);
    const action = `/app/invoices/${targetId}/actions/pause`;
    const before = await stage(targetId);
    expect(before).not.toBe('paused');
    const attempts: [string, request.Test][] = [
      ['none', agent.post(action).type('form').send({ reason: 'x' })],
      ['empty', agent.post(action).type('form').send({ _csrf: '', reason: 'x' })],
      [
        'forged',
        agent
          .post(action)
          .type('form')
          .send({ _csrf: 'A'.repeat(csrf.length), reason: 'x' }),
      ],
      ['other session', agent.post(action).type('form').send({ _csrf: foreign, reason: 'x' })],
      ['twice', agent.post(action).type('form').send(`_csrf=${csrf}&_csrf=${csrf}&reason=x`)],
      [
        'prefix',
        agent
          .post(action)
          .type('form')
          .send({ _csrf: csrf.slice(0, -1), reason: 'x' }),
      ],
      ['in the query', agent.post(`${action}?_csrf=${csrf}`).type('form').send({ reason: 'x' })],
      [
        'cross-site',
        agent.post(action).set('Origin', 'https://attacker.test').type('form').send({ _csrf: csrf, reason: 'x' }),
      ],
      ['Origin null', agent.post(action).set('Origin', 'null').type('form').send({ _csrf: csrf, reason: 'x' })],
      ['not a URL', agent.post(action).set('Origin', '%%%').type('form').send({ _csrf: csrf, reason: 'x' })],
      ['JSON body', agent.post(action).send({ _csrf: csrf, reason: 'x' })],
    ];
    for (const [name, attempt] of attempts) expect([name, (await attempt).status]).toEqual([name, 403]);
    // A link or an image cannot act: the action exists for POST only.
    const viaGet = await agent.get(`${action}?_csrf=${csrf}&reason=x`);
    expect(viaGet.status).toBe(404);
    expect(await stage(targetId)).toBe(before);
    // The session cookie alone is no credential on /v1: a cross-site fetch carrying it is refused.
    const cookieOnly = await request(stack.app)
      .post(`/v1/invoices/${targetId}/pause`)
      .set('Cookie', `relance_session=${session}`)
      .send({ reason: 'x' });
    expect(cookieOnly.status).toBe(401);
    expect(await stage(targetId)).toBe(before);
    // The same form, with its own token from this origin, goes through: the refusals above were the CSRF check's.
    const genuine = await agent.post(action).type('form').send({ _csrf: csrf, reason: 'x' });
    expect(genuine.status).toBe(303);
    expect(await stage(targetId)).toBe('paused');
  });

  it('shows a support session its write attempts refused by the API, and changes nothing', async () => {
    const support = await signIn(KEYS.support);
    const csrf = csrfOf((await support.get(`/app/invoices/${targetId}`)).text);
    const before = await stage(targetId);
    const holdsBefore = (await ops(request(stack.app).get(`/v1/customers/${targetCustomerId}`))).body.holds.length;
    const posts: [string, Record<string, string>][] = [
      [`/app/invoices/${targetId}/actions/pause`, { reason: 'support tries' }],
      [`/app/invoices/${targetId}/actions/cancel`, { reason: 'support tries' }],
      [`/app/invoices/${targetId}/actions/write-off`, { reason: 'support tries' }],
      [`/app/invoices/${targetId}/actions/promise`, { promisedDate: '2027-01-10' }],
      [`/app/customers/${targetCustomerId}/hold`, { kind: 'pause', reason: 'support tries' }],
      [`/app/customers/${targetCustomerId}/insolvency`, { procedure: 'liquidation', openedOn: '2026-11-01' }],
      ['/app/rates/ECB_MRO', { from: '2026-11-01', ratePercent: '9' }],
      ['/app/payments/evt-unknown/dismiss', { note: 'support tries' }],
      ['/app/tasks/task-unknown/assign', {}],
      ['/app/legal-files/lf-unknown/close', { outcome: 'abandoned' }],
    ];
    for (const [path, form] of posts) {
      const refused = await support
        .post(path)
        .type('form')
        .send({ _csrf: csrf, ...form });
      expect([path, refused.status >= 400 && refused.status < 500, refused.status === 303]).toEqual([
        path,
        true,
        false,
      ]);
      expect(refused.text).toContain('role="alert"');
    }
    const pause = await support
      .post(`/app/invoices/${targetId}/actions/pause`)
      .type('form')
      .send({ _csrf: csrf, reason: 'x' });
    expect(pause.status).toBe(403);
    expect(pause.text).toContain('La demande a été refusée');
    expect(await stage(targetId)).toBe(before);
    const holdsAfter = (await ops(request(stack.app).get(`/v1/customers/${targetCustomerId}`))).body.holds.length;
    expect(holdsAfter).toBe(holdsBefore);
  });

  it('never redirects outside the console, whatever next or back says', async () => {
    const hostile = [
      '//attacker.test',
      '///attacker.test',
      '/\\attacker.test',
      '\\\\attacker.test',
      'https://attacker.test/app',
      'javascript:alert(1)',
      '/app//attacker.test',
      '/app/\\attacker.test',
      '/app\\..\\attacker.test',
      '/app@attacker.test',
      '/app.attacker.test',
      '/appx',
      '/app\r\nLocation: https://attacker.test',
      '/app/\tattacker',
      '/app/%2F%2Fattacker.test',
      '/app/..//attacker.test',
      ' /app',
      '/app\u0000',
    ];
    const sameOrigin = (location: string | undefined) => {
      const url = new URL(location ?? '', 'http://console.test');
      return url.protocol === 'http:' && url.host === 'console.test';
    };
    for (const value of hostile) {
      const signedIn = await request(stack.app).post('/app/sign-in').type('form').send({ key: KEYS.ops, next: value });
      expect([value, signedIn.status, sameOrigin(signedIn.headers.location)]).toEqual([value, 303, true]);
      const lang = await request(stack.app).get(`/app/lang?to=en&back=${encodeURIComponent(value)}`);
      expect([value, lang.status, sameOrigin(lang.headers.location)]).toEqual([value, 303, true]);
      expect(lang.headers.location).not.toMatch(/[\r\n]/);
    }
    // The task list's own return address is held to the task pages too.
    const agent = await signIn(KEYS.ops);
    const csrf = csrfOf((await agent.get('/app/tasks')).text);
    for (const back of ['//attacker.test', 'https://attacker.test', '/app/tasks/../../..//attacker.test?x']) {
      const assigned = await agent.post('/app/tasks/unknown-task/assign').type('form').send({ _csrf: csrf, back });
      const link = /<a href="([^"]*)">/.exec(assigned.text.split('role="alert"')[1] ?? '')?.[1];
      expect([back, sameOrigin(assigned.headers.location ?? link)]).toEqual([back, true]);
    }
  });

  it('never adopts a session id the browser brings, and refuses malformed session tokens', async () => {
    const planted = `rls_sess_${'A'.repeat(43)}`;
    const signedIn = await request(stack.app)
      .post('/app/sign-in')
      .set('Cookie', `relance_session=${planted}`)
      .type('form')
      .send({ key: KEYS.ops, next: '/app' });
    expect(signedIn.status).toBe(303);
    const issued = tokenOf(signedIn);
    expect(issued).not.toBe(planted);
    expect(issued).toMatch(/^rls_sess_[A-Za-z0-9_-]{43}$/);
    expect((await request(stack.app).get('/v1/invoices').auth(issued, { type: 'bearer' })).status).toBe(200);
    for (const token of [
      planted,
      'rls_sess_',
      `rls_sess_${'A'.repeat(500)}`,
      `${issued}x`,
      issued.slice(0, -1),
      issued.toUpperCase(),
      `rls_sess_${createHash('sha256').update(issued).digest('hex')}`,
    ]) {
      const api = await request(stack.app).get('/v1/invoices').auth(token, { type: 'bearer' });
      expect([token.slice(0, 20), api.status]).toEqual([token.slice(0, 20), 401]);
      const page = await request(stack.app).get('/app/invoices').set('Cookie', `relance_session=${token}`);
      expect([token.slice(0, 20), page.status, page.headers.location]).toEqual([
        token.slice(0, 20),
        303,
        '/app/sign-in?next=%2Fapp%2Finvoices',
      ]);
    }
    // A cookie that is not valid percent-encoding is a 4xx, never a fault of ours.
    for (const cookie of ['relance_session=%E0%A4%A', 'relance_lang=%', `relance_session=${issued}%`]) {
      const page = await request(stack.app).get('/app/invoices').set('Cookie', cookie);
      expect([cookie, page.status < 500]).toEqual([cookie, true]);
    }
    // Signed out, the token is dead on both sides.
    const agent = request.agent(stack.app);
    const again = await agent.post('/app/sign-in').type('form').send({ key: KEYS.ops, next: '/app' });
    const token = tokenOf(again);
    const csrf = csrfOf((await agent.get('/app/invoices')).text);
    expect((await agent.post('/app/sign-out').type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await request(stack.app).get('/v1/invoices').auth(token, { type: 'bearer' })).status).toBe(401);
    const stale = await request(stack.app).get('/app/invoices').set('Cookie', `relance_session=${token}`);
    expect(stale.headers.location).toBe('/app/sign-in?next=%2Fapp%2Finvoices');
  });

  it('ends a session idle for two hours, and any session after twelve, on the console and on /v1', async () => {
    let clock = Date.now();
    const app = createApp({
      db: stack.db,
      temporal: stack.temporal,
      config: { apiKeys: testApiKeys() },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
      now: () => new Date(clock),
    });
    const start = clock;
    const idle = request.agent(app);
    const idleToken = tokenOf(await idle.post('/app/sign-in').type('form').send({ key: KEYS.support, next: '/app' }));
    const busy = request.agent(app);
    const busyToken = tokenOf(await busy.post('/app/sign-in').type('form').send({ key: KEYS.support, next: '/app' }));
    const alive = async (agent: Agent, token: string) => {
      const page = await agent.get('/app/rates');
      const api = await request(app).get('/v1/rates').auth(token, { type: 'bearer' });
      return [page.status, api.status];
    };
    clock = start + 1.9 * HOUR_MS;
    expect(await alive(idle, idleToken)).toEqual([200, 200]);
    clock = start + 1.9 * HOUR_MS + 2 * HOUR_MS + 60_000;
    expect(await alive(idle, idleToken)).toEqual([303, 401]);
    // Seen every 1.5 hours, a session still ends twelve hours after sign-in.
    for (let t = 1.5; t < 12; t += 1.5) {
      clock = start + t * HOUR_MS;
      expect([t, ...(await alive(busy, busyToken))]).toEqual([t, 200, 200]);
    }
    clock = start + 12 * HOUR_MS + 60_000;
    expect(await alive(busy, busyToken)).toEqual([303, 401]);
  });

  it('answers hostile bodies, ids and dates with a 4xx, never a 5xx, and changes nothing', async () => {
    const agent = await signIn(KEYS.ops);
    const csrf = csrfOf((await agent.get(`/app/invoices/${invoiceId}`)).text);
    const before = await stage(invoiceId);
    const action = (name: string) => `/app/invoices/${invoiceId}/actions/${name}`;
    const fields: Record<string, string> = { _csrf: csrf };
    for (let i = 0; i < 200; i++) fields[`field${i}`] = 'x';
    const attempts: [string, request.Test][] = [
      [
        '1 MB',
        agent
          .post(action('pause'))
          .type('form')
          .send({ _csrf: csrf, reason: 'x'.repeat(1_000_000) }),
      ],
      ['201 fields', agent.post(action('pause')).type('form').send(fields)],
      ['NUL', agent.post(action('pause')).type('form').send({ _csrf: csrf, reason: 'a\u0000b' })],
      ['year 9999', agent.post(action('promise')).type('form').send({ _csrf: csrf, promisedDate: '9999-12-31' })],
      ['year 0000', agent.post(action('promise')).type('form').send({ _csrf: csrf, promisedDate: '0000-01-01' })],
      ['Feb 30', agent.post(action('promise')).type('form').send({ _csrf: csrf, promisedDate: '2027-02-30' })],
      [
        'huge amount',
        agent
          .post(action('payment'))
          .type('form')
          .send({ _csrf: csrf, amount: '9'.repeat(400) }),
      ],
      ['unknown action', agent.post(`/app/invoices/${invoiceId}/actions/__proto__`).type('form').send({ _csrf: csrf })],
      ['bad charset', agent.post(action('pause')).set('Content-Type', 'application/x-www-form-urlencoded; charset=x')],
    ];
    for (const [name, attempt] of attempts) {
      const status = (await attempt).status;
      expect([name, status >= 400 && status < 500]).toEqual([name, true]);
    }
    for (const path of [
      '/app/invoices/%00',
      '/app/invoices/a%2Fb',
      '/app/invoices/..%2Fpolicies',
      '/app/invoices/%2E%2E%2Fpolicies',
      `/app/invoices/${'x'.repeat(5_000)}`,
      '/app/invoices/%E0%A4%A',
      '/app/invoices?q=%00',
      `/app/invoices?q=${'x'.repeat(5_000)}`,
      '/app/invoices?cursor=%00garbage',
      '/app/customers/a%2F..%2F..%2Fpolicies',
      '/app/customers?cursor=not-a-cursor',
      '/app/tasks?kind=%00',
      '/app/tasks/a%2F..%2Fcomplete',
      '/app/documents/..%2F..%2Fpolicies',
      '/app/legal-files/%00',
      '/app/policies/a%2Fb',
    ]) {
      const page = await agent.get(path);
      expect([path.slice(0, 60), page.status >= 400 && page.status < 500]).toEqual([path.slice(0, 60), true]);
    }
    expect(await stage(invoiceId)).toBe(before);
  });

  it('downloads a stored document that is not a PDF, never showing it inline', async () => {
    const id = `${invoiceId}:statement:hostile.html`;
    await stack.db.query(
      `INSERT INTO documents (id, invoice_id, kind, filename, content_type, content, sha256)
       VALUES ($1, $2, 'statement', 'hostile.html', 'text/html', $3, 'x')`,
      [id, invoiceId, Buffer.from(`<html><body>${PAYLOAD}</body></html>`)],
    );
    const agent = await signIn(KEYS.support);
    const served = await agent.get(`/app/documents/${encodeURIComponent(id)}`);
    expect(served.status).toBe(200);
    expect(served.headers['content-disposition']).toMatch(/^attachment/);
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
