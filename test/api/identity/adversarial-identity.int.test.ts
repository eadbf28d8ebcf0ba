import { execFile } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { promisify } from 'node:util';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../../api/create-app';
import { openSession } from '../../../api/console/console-session';
import { createStoredKey } from '../../../api/http/key-ring';
import { RateLimiter } from '../../../api/http/rate-limit';
import { parseApiKeys, RelanceConfig } from '../../../config/load-config';
import { revokeApiKeys } from '../../../db/api-keys';
import { createTestDatabase } from '../../support/test-database';
import { unreachableTemporal } from '../support/api-app';
import { eventually } from '../../support/eventually';
import { invoiceBody, startTestStack, TestStack } from '../../support/test-stack';

const OPS = 'ops-key-for-adversarial-identity-tests';
const run = promisify(execFile);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const OPEN: RelanceConfig['rateLimit'] = {
  perKey: { limit: 100_000, windowMs: 60_000 },
  perAddress: { limit: 100_000, windowMs: 60_000 },
};

/** What an attacker, a misconfiguration or a bad day does to keys, sessions and limits, and what the API answers. */
describe('identity and limits under attack', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const temporal = unreachableTemporal();
  const servers: Server[] = [];
  const app = (options: { rateLimit?: RelanceConfig['rateLimit']; trustProxy?: boolean | number | string } = {}) =>
    createApp({
      db,
      temporal,
      config: {
        apiKeys: [{ name: 'ops-desk', role: 'ops', secret: OPS }],
        rateLimit: options.rateLimit ?? OPEN,
        trustProxy: options.trustProxy ?? false,
      },
      logger: quiet,
    });
  const limited = (perKey: number, perAddress: number) => ({
    perKey: { limit: perKey, windowMs: 60_000 },
    perAddress: { limit: perAddress, windowMs: 60_000 },
  });
  const read = (target: Express, token: string) => request(target).get('/v1/invoices').auth(token, { type: 'bearer' });
  const listen = async (target: Express, host: string): Promise<string> => {
    const server = createServer(target);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const { port } = server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  };
  /** Sends bytes no HTTP client library would, and answers the status line. */
  const raw = async (target: Express, head: Buffer): Promise<string> => {
    const base = new URL(await listen(target, '127.0.0.1'));
    return new Promise((resolve, reject) => {
      const socket = connect(Number(base.port), '127.0.0.1', () => socket.end(head));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('end', () => resolve(text.split('\r\n')[0]!));
      socket.on('error', reject);
    });
  };
  const storedKey = async (name: string, role = 'ops') =>
    createStoredKey(db, { name, role, createdBy: 'test' }).then(({ key, secret }) => ({ id: key.id, secret }));
  const codec = (target: Express, token: string) =>
    request(target)
      .post('/codec/encode')
      .auth(token, { type: 'bearer' })
      .send({ payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: 'IngiCg==' }] });

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await db.close();
    await temporal.close();
  });

  it('answers an unknown stored key id and a known id with a wrong secret alike', async () => {
    const target = app();
    const { id, secret } = await storedKey('enumeration-target');
    const wrongSecret = await read(target, `rlk_${id}_${'A'.repeat(43)}`);
    const unknownId = await read(
      target,
      `rlk_${id === '000000000000' ? '111111111111' : '000000000000'}_${secret.slice(-43)}`,
    );
    const malformed = await read(target, `rlk_${id}_short`);
    for (const answer of [wrongSecret, unknownId, malformed]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toBe(wrongSecret.headers['content-type']);
      expect(answer.body).toEqual(wrongSecret.body);
    }
    expect((await read(target, secret)).status).toBe(200);
  });

  it('names the key as a policy version’s author, whatever the body claims', async () => {
    const target = app();
    const posted = await request(target)
      .post('/v1/policies')
      .auth(OPS, { type: 'bearer' })
      .send({
        id: 'claimed-author',
        name: 'Claimed author',
        calendar: null,
        instalmentGrace: 'P5D',
        promiseGrace: 'P3D',
        disputeSla: 'P30D',
        steps: [{ after: 'P7D', action: 'email', template: 'reminder-1' }],
        createdBy: 'payments:22eaa134',
      });
    if (posted.status === 201) expect(posted.body.createdBy).toBe('ops-desk');
    else expect(posted.status).toBe(422);
    const stored = await db.query<{ created_by: string }>(`SELECT created_by FROM policies WHERE id = $1`, [
      'claimed-author',
    ]);
    for (const row of stored) expect(row.created_by).toBe('ops-desk');
  });

  it('asks for the key whatever the spelling of the path', async () => {
    const target = app();
    for (const path of [
      '/v1/invoices',
      '/V1/invoices',
      '/v1/Invoices',
      '/v1//invoices',
      '/v1/invoices/',
      '/v1/%69nvoices',
    ]) {
      const answer = await request(target).get(path);
      expect([401, 404]).toContain(answer.status);
      if (answer.status === 404) expect(answer.body.items).toBeUndefined();
    }
  });

  it('refuses a stored key while its row cannot be read again, rather than trusting what it read before', async () => {
    let down = false;
    const flaky = {
      ...db,
      query: ((text: string, params?: unknown[]) =>
        down && /api_keys/.test(text)
          ? Promise.reject(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }))
          : db.query(text, params)) as typeof db.query,
    };
    const target = createApp({
      db: flaky,
      temporal,
      config: { apiKeys: [{ name: 'ops-desk', role: 'ops', secret: OPS }], rateLimit: OPEN },
      logger: quiet,
    });
    const { secret } = await storedKey('read-while-down');
    expect((await read(target, secret)).status).toBe(200);
    down = true;
    await new Promise((resolve) => setTimeout(resolve, 600));
    const answer = await read(target, secret);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBeDefined();
    // A key of API_KEYS needs no database to be recognised.
    expect((await read(target, OPS)).status).not.toBe(401);
  });

  it('refuses tokens of odd shapes, and takes the scheme in any case', async () => {
    const target = app();
    const header = (value: string) => request(target).get('/v1/invoices').set('Authorization', value);
    expect((await header(`bearer ${OPS}`)).status).toBe(200);
    expect((await header(`BEARER ${OPS}`)).status).toBe(200);
    expect((await header(`Bearer Bearer ${OPS}`)).status).toBe(401);
    expect((await header(`Bearer ${OPS} ${OPS}`)).status).toBe(401);
    expect((await header(`Basic ${Buffer.from(`x:${OPS}`).toString('base64')}`)).status).toBe(401);
    expect((await header(`Bearer ${OPS}${'x'.repeat(10_000)}`)).status).toBe(401);
    expect((await header(`Bearer ${'k'.repeat(10_240)}`)).status).toBe(401);
    expect((await header(`Bearer ${OPS}\t`)).status).toBe(200);
    // Bytes no client library sends: a NUL inside the key is refused by the HTTP parser, UTF-8 is not a key.
    const nul = Buffer.concat([
      Buffer.from(`GET /v1/invoices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${OPS}`),
      Buffer.from([0]),
      Buffer.from('\r\nConnection: close\r\n\r\n'),
    ]);
    expect(await raw(target, nul)).toMatch(/^HTTP\/1\.1 400/);
    const unicode = Buffer.from(
      `GET /v1/invoices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${OPS}é€\r\nConnection: close\r\n\r\n`,
    );
    expect(await raw(target, unicode)).toMatch(/^HTTP\/1\.1 401/);
  });

  it('refuses a configured secret the Authorization header could never carry', () => {
    expect(() => parseApiKeys(`long:ops=${'s'.repeat(201)}`)).toThrow(/API_KEYS.*200/);
    expect(() => parseApiKeys('spaced:ops=a secret with spaces')).toThrow(/API_KEYS.*space/);
    expect(() => parseApiKeys(`stored-look:ops=rlk_0123456789ab_${'A'.repeat(43)}`)).toThrow(/API_KEYS.*reserve/);
    expect(() => parseApiKeys(`session-look:ops=rls_sess_${'A'.repeat(43)}`)).toThrow(/API_KEYS.*reserve/);
    expect(parseApiKeys(`fits:ops=${'s'.repeat(200)}`)).toHaveLength(1);
  });

  it('ends a revoked key’s console session on /v1 and on /codec within a second', async () => {
    const target = app();
    const { id, secret } = await storedKey('revoked-through-session');
    const { token } = await openSession(db, { role: 'ops', keyId: id }, new Date());
    expect((await read(target, token)).status).toBe(200);
    expect((await codec(target, token)).status).toBe(200);
    expect((await codec(target, secret)).status).toBe(200);
    const cookie = () =>
      request(target).post('/codec/encode').set('Cookie', `relance_session=${token}`).send({ payloads: [] });
    expect((await cookie()).status).toBe(200);
    const page = () => request(target).get('/app/tasks').set('Cookie', `relance_session=${token}`);
    expect((await page()).status).toBe(200);
    await revokeApiKeys(db, id, 'test');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await read(target, token)).status).toBe(401);
    expect((await codec(target, token)).status).toBe(401);
    expect((await codec(target, secret)).status).toBe(401);
    expect((await cookie()).status).toBe(401);
    expect((await page()).headers.location).toMatch(/^\/app\/sign-in/);
    expect((await read(target, secret)).status).toBe(401);
  });

  it('counts /codec calls against the key, like /v1', async () => {
    const target = app({ rateLimit: limited(3, 1_000) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await codec(target, OPS)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await read(target, OPS)).status).toBe(429);
  });

  it('follows a stored key’s role changed in the database, and the database refuses a role the API does not know', async () => {
    const target = app();
    const { id, secret } = await storedKey('role-changed');
    const { token } = await openSession(db, { role: 'ops', keyId: id }, new Date());
    const write = () => request(target).post('/v1/policies').auth(secret, { type: 'bearer' }).send({});
    expect((await write()).status).toBe(422);
    await db.query(`UPDATE api_keys SET role = 'support' WHERE id = $1`, [id]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await write()).status).toBe(403);
    expect((await read(target, secret)).status).toBe(200);
    // The session was opened as ops: it does not carry on as support.
    expect((await read(target, token)).status).toBe(401);
    // A role the API does not know cannot be stored.
    await expect(db.query(`UPDATE api_keys SET role = 'admin' WHERE id = $1`, [id])).rejects.toThrow(
      /api_keys_role_check/,
    );
  });

  it('has two replicas on one database refuse a revoked key within a second', async () => {
    const [first, second] = [app(), app()];
    const { id, secret } = await storedKey('two-replicas');
    expect((await read(first, secret)).status).toBe(200);
    expect((await read(second, secret)).status).toBe(200);
    await revokeApiKeys(db, 'two-replicas', 'test');
    const revokedAt = Date.now();
    for (;;) {
      const statuses = [(await read(first, secret)).status, (await read(second, secret)).status];
      if (statuses.every((status) => status === 401)) break;
      expect(Date.now() - revokedAt).toBeLessThan(1_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(id).toMatch(/^[0-9a-f]{12}$/);
  });

  it('keeps no stored key’s secret, nor any part of it, in api_keys', async () => {
    const { id, secret } = await storedKey('never-kept');
    const rows = await db.query<{ row: string }>(`SELECT row_to_json(k)::text AS row FROM api_keys k WHERE id = $1`, [
      id,
    ]);
    expect(rows).toHaveLength(1);
    const part = secret.slice(-43);
    expect(rows[0]!.row).not.toContain(part);
    expect(rows[0]!.row).not.toContain(part.slice(0, 16));
    expect(rows[0]!.row).not.toContain(Buffer.from(part, 'base64url').toString('hex').slice(0, 16));
  });

  it('counts an address under its socket, whatever X-Forwarded-For says, while TRUST_PROXY is off', async () => {
    const target = app({ rateLimit: limited(1_000, 5) });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const answer = await read(target, OPS).set('X-Forwarded-For', `203.0.113.${i}`);
      statuses.push(answer.status);
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
  });

  it('counts an IPv6 client by its /64, and an IPv4 client alike mapped or not', async () => {
    const target = app({ rateLimit: limited(1_000, 3), trustProxy: 'loopback' });
    const from = (address: string) => request(target).get('/openapi.json').set('X-Forwarded-For', address);
    const one64 = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:DB8:1:2::abcd'];
    const statuses: number[] = [];
    for (const address of one64) statuses.push((await from(address)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await from('2001:db8:1:3::1')).status).toBe(200);
    const v4: number[] = [];
    for (const address of ['203.0.113.5', '::ffff:203.0.113.5', '203.0.113.5', '::FFFF:203.0.113.5']) {
      v4.push((await from(address)).status);
    }
    expect(v4).toEqual([200, 200, 200, 429]);
    // Guessed keys from one /64 share one budget of failures too.
    const guesses = app({ trustProxy: 'loopback' });
    const answers: number[] = [];
    for (let i = 0; i < 101; i++) {
      const guess = await read(guesses, `guess-number-${i}-of-a-key`).set(
        'X-Forwarded-For',
        `2001:db8:9:9::${i.toString(16)}`,
      );
      answers.push(guess.status);
    }
    expect(answers.slice(0, 100).every((status) => status === 401)).toBe(true);
    expect(answers[100]).toBe(429);
  });

  it('gives no outside client the console’s exemption by sending a session-shaped token', async () => {
    // Behind a proxy on the same host every request arrives over loopback, each from its forwarded address.
    const proxied = app({ rateLimit: limited(1_000, 3), trustProxy: 'loopback' });
    const statuses: number[] = [];
    for (const path of [
      '/openapi.json',
      '/openapi.json',
      '/s/nothing',
      '/app/sign-in',
      '/v1/invoices',
      '/openapi.json',
    ]) {
      const answer = await request(proxied)
        .get(path)
        .set('X-Forwarded-For', '203.0.113.7')
        .set('Authorization', 'Bearer rls_sess_forged');
      statuses.push(answer.status);
    }
    expect(statuses.slice(3).every((status) => status === 429)).toBe(true);
    // Reaching the API on another interface, the same token is counted too.
    const direct = app({ rateLimit: limited(1_000, 2) });
    const base = await listen(direct, '192.0.2.2');
    const fromOutside: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await fetch(`${base}/openapi.json`, { headers: { authorization: 'Bearer rls_sess_forged' } });
      fromOutside.push(answer.status);
    }
    expect(fromOutside).toEqual([200, 200, 429, 429]);
  });

  it('still counts a console page once, the API calls it makes on the person’s behalf included', async () => {
    const target = app({ rateLimit: limited(1_000, 4) });
    const agent = request.agent(target);
    const signedIn = await agent.post('/app/sign-in').type('form').send({ key: OPS, next: '/app/tasks' });
    expect(signedIn.status).toBe(303);
    for (let i = 0; i < 3; i++) expect((await agent.get('/app/tasks')).status).toBe(200);
    expect((await agent.get('/app/tasks')).status).toBe(429);
  });

  it('locks out of the console sign-in the client guessing keys, not everyone behind the same proxy', async () => {
    const target = app({ trustProxy: 'loopback' });
    const signIn = (address: string, key: string) =>
      request(target)
        .post('/app/sign-in')
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ key, next: '/app/tasks' });
    for (let i = 0; i < 10; i++) expect((await signIn('203.0.113.66', `wrong-key-number-${i}`)).status).toBe(401);
    expect((await signIn('203.0.113.66', OPS)).status).toBe(429);
    expect((await signIn('2001:db8:66:66::1', 'wrong-key-from-elsewhere')).status).toBe(401);
    expect((await signIn('203.0.113.77', OPS)).status).toBe(303);
  });

  it('answers 429 outside /v1 as a problem with Retry-After, never as a page of the route', async () => {
    const target = app({ rateLimit: limited(1_000, 1) });
    expect((await request(target).get('/openapi.json')).status).toBe(200);
    for (const path of ['/s/some-link', '/app', '/app/sign-in', '/openapi.json', '/docs', '/codec/decode']) {
      const answer = await request(target).get(path);
      expect(answer.status).toBe(429);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(answer.body.detail).toMatch(/from this address/);
    }
    expect((await request(target).get('/healthz')).status).toBe(200);
  });

  it('keeps the buckets bounded under a flood of distinct addresses, each request quick', () => {
    let clock = 0;
    const limiter = new RateLimiter({ limit: 100, windowMs: 600_000 }, () => clock);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 250_000; i++) {
      clock += 0.01;
      limiter.take(`2001:db8::${i.toString(16)}`);
    }
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(limiter.size).toBeLessThanOrEqual(100_000);
    expect(elapsedMs).toBeLessThan(5_000);
    // A client seen last is still counted: the ones forgotten first are the longest idle.
    expect(limiter.take('2001:db8::3d08f')).toBe(0);
    for (let i = 0; i < 100; i++) limiter.take('2001:db8::ffff:1');
    expect(limiter.take('2001:db8::ffff:1')).toBeGreaterThan(0);
  });

  describe('npm run keys', () => {
    const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], {
        env: { ...process.env, ...env },
        cwd: process.cwd(),
        timeout: 60_000,
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code?: number; stdout: string; stderr: string }) => ({
          code: error.code ?? -1,
          stdout: error.stdout,
          stderr: error.stderr,
        }),
      );

    it('says which database it cannot reach, and exits 1', async () => {
      for (const url of [
        'postgres://relance:relance@localhost:1/relance',
        'postgres://relance:relance@127.0.0.1:1/x',
      ]) {
        const answer = await cli({ DATABASE_URL: url }, 'list');
        expect(answer.code).toBe(1);
        expect(answer.stderr).toMatch(/cannot reach the database at .*:1\b/);
        expect(answer.stderr).not.toContain('relance:relance@');
      }
    }, 60_000);

    it('creates a second key for the same name and role, refuses another role or an id-shaped name, revokes by id', async () => {
      const env = { DATABASE_URL: db.url };
      const first = await cli(env, 'create', 'rotated', 'payments');
      const second = await cli(env, 'create', 'rotated', 'payments');
      expect([first.code, second.code]).toEqual([0, 0]);
      const ids = [first, second].map((answer) => /created key ([0-9a-f]{12})/.exec(answer.stdout)?.[1]);
      expect(ids[0]).not.toBe(ids[1]);
      const otherRole = await cli(env, 'create', 'rotated', 'ops');
      expect(otherRole.code).toBe(2);
      expect(otherRole.stderr).toMatch(/already holds a payments key/);
      const idShaped = await cli(env, 'create', ids[0]!, 'ops');
      expect(idShaped.code).toBe(2);
      expect(idShaped.stderr).toMatch(/not a key name/);
      const revoked = await cli(env, 'revoke', ids[0]!);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain(`revoked key ${ids[0]}`);
      expect(revoked.stdout).not.toContain(ids[1]!);
      const unknown = await cli(env, 'revoke', 'nobody-at-all');
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/no key in force is named or has the id 'nobody-at-all'/);
    }, 60_000);
  });
});

describe('an actor claimed in a body, on every message of an invoice', () => {
  const ALICE = 'alice-key-for-adversarial-actor-tests';
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ apiKeys: [{ name: 'alice', role: 'ops', secret: ALICE }] });
  });
  afterAll(() => stack?.stop());
  const post = (path: string, body: object) => request(stack.app).post(path).auth(ALICE, { type: 'bearer' }).send(body);
  const createInvoice = async () => {
    const id = `ACT-${Math.random().toString(16).slice(2, 10)}`;
    expect((await post('/v1/invoices', invoiceBody(id, `${id.toLowerCase()}@client.test`, '2031-03-01'))).status).toBe(
      201,
    );
    return id;
  };
  const CLAIMED = 'payments:22eaa134';

  it('records the key’s name, never the claimed one, in the state and on the proof trail', async () => {
    const writes: Array<[string, Record<string, unknown>]> = [
      ['promise-to-pay', { promisedDate: '2031-04-01', promisedBy: CLAIMED }],
      ['disputes', { reason: 'goods damaged', raisedBy: CLAIMED }],
      ['disputes/resolve', { outcome: 'rejected', resolvedBy: CLAIMED }],
      ['pause', { reason: 'holiday', by: CLAIMED }],
      ['resume', { by: CLAIMED }],
      ['instalment-plan', { instalments: [{ dueDate: '2031-05-01', amount: 123450 }], agreedBy: CLAIMED }],
    ];
    const id = await createInvoice();
    for (const [path, body] of writes) {
      const answer = await post(`/v1/invoices/${id}/${path}`, body);
      expect([path, answer.status]).toEqual([path, 200]);
      expect(JSON.stringify(answer.body)).not.toContain(CLAIMED);
    }
    const cancelled = await createInvoice();
    const cancel = await post(`/v1/invoices/${cancelled}/cancel`, { reason: 'sent twice', by: CLAIMED });
    expect(cancel.status).toBe(200);
    expect(JSON.stringify(cancel.body)).not.toContain(CLAIMED);
    for (const invoice of [id, cancelled]) {
      const trail = await eventually(
        () => request(stack.app).get(`/v1/invoices/${invoice}/communications`).auth(ALICE, { type: 'bearer' }),
        (r) => r.status === 200 && r.body.items.length > 0,
      );
      expect(JSON.stringify(trail.body)).not.toContain(CLAIMED);
      expect(JSON.stringify(trail.body)).toContain('"alice"');
    }
  }, 60_000);
});
