import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal as proto } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import request from 'supertest';
import { createApp } from '../../../api/create-app';
import { createTemporalGateway } from '../../../api/temporal/temporal-gateway';
import { parsePayloadKeys } from '../../../config/load-config';
import { payloadDataConverter } from '../../../config/payload-codec';
import { resolveTemporalCli } from '../../../dev/temporal-cli';
import { invoiceWorkflowId } from '../../../workflows/routing';
import { createInvoiceWorkers } from '../../../worker/create-worker';
import { listen } from '../../support/browser';
import { eventually } from '../../support/eventually';
import { createTestDatabase, requiredEnv } from '../../support/test-database';
import { invoiceBody, KEYS, testApiKeys, testMailSettings } from '../../support/test-stack';

const UI_ORIGIN = 'http://localhost:8233';
const NAME = 'Menuiserie Lefèvre-Chiffrée';

/**
 * With PAYLOAD_ENCRYPTION_KEYS set on the API and the workers, Temporal holds no customer data in clear: its histories
 * carry `binary/encrypted` payloads only, while the API answers as before and support decodes through `/codec`.
 */
describe('customer data encrypted in Temporal', () => {
  const address = requiredEnv('TEMPORAL_ADDRESS');
  const payloadKeys = parsePayloadKeys(`test-${randomUUID().slice(0, 8)}:${randomBytes(32).toString('base64')}`);
  const taskQueue = `test-${randomUUID()}`;
  const invoiceId = `ENC-${randomUUID().slice(0, 8)}`;
  const email = `compta-${invoiceId.toLowerCase()}@lefevre.test`;
  let stack: Awaited<ReturnType<typeof startEncryptedStack>>;

  async function startEncryptedStack() {
    const db = await createTestDatabase();
    const connection = await NativeConnection.connect({ address });
    const workers = await createInvoiceWorkers({
      connection,
      namespace: 'default',
      taskQueue,
      workflowBundlePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE'),
      db,
      mail: testMailSettings(),
      mailRatePerSecond: 50,
      payloadKeys,
    });
    const running = workers.run();
    const temporal = createTemporalGateway({ connection: { address }, namespace: 'default', payloadKeys });
    const app = createApp({
      db,
      temporal,
      config: { apiKeys: testApiKeys(), taskQueue, payloadKeys, codecCorsOrigins: [UI_ORIGIN] },
      logger: { info: () => undefined, warn: () => undefined, error: console.error },
    });
    return {
      app,
      async stop() {
        workers.shutdown();
        await running;
        await connection.close();
        await temporal.close();
        await db.close();
      },
    };
  }

  /** The raw history, read by a client that has no key. */
  async function rawHistory() {
    const connection = await Connection.connect({ address });
    try {
      return await new Client({ connection }).workflow.getHandle(invoiceWorkflowId(invoiceId)).fetchHistory();
    } finally {
      await connection.close();
    }
  }

  beforeAll(async () => {
    stack = await startEncryptedStack();
    const due = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString().slice(0, 10);
    const body = invoiceBody(invoiceId, email, due, {
      customer: { ...invoiceBody(invoiceId, email, due).customer, name: NAME },
    });
    const created = await request(stack.app).post('/v1/invoices').set('Authorization', `Bearer ${KEYS.ops}`).send(body);
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('answers the invoice with its customer through the API, decrypting what the workflow holds', async () => {
    const answer = await eventually(async () => {
      const response = await request(stack.app)
        .get(`/v1/invoices/${invoiceId}`)
        .set('Authorization', `Bearer ${KEYS.support}`);
      expect(response.status).toBe(200);
      expect(response.body.state).toBeTruthy();
      return response;
    }, Boolean);
    expect(JSON.stringify(answer.body)).toContain(NAME);
    expect(answer.body.state.stage).toBe('scheduled');
  });

  it('keeps neither the name nor the e-mail in clear anywhere in the history, every payload binary/encrypted', async () => {
    const history = await eventually(async () => {
      const read = await rawHistory();
      // The first workflow task has completed: its commands' payloads (activity inputs, summaries) are in it.
      expect(read.events!.some((event) => event.workflowTaskCompletedEventAttributes)).toBe(true);
      return read;
    }, Boolean);
    const bytes = Buffer.from(proto.api.history.v1.History.encode(history).finish());
    for (const secret of [NAME, 'Lefèvre', email, '+33 1 23 45 67 89', '12 rue des Lilas']) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
    const started = history.events![0]!;
    const payloads = [
      ...started.workflowExecutionStartedEventAttributes!.input!.payloads!,
      started.userMetadata!.summary!,
      started.userMetadata!.details!,
    ];
    for (const payload of payloads) {
      expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(payload.metadata!['encryption-key-id']!).toString()).toBe(payloadKeys[0]!.id);
    }
    // Search attributes are indexed by the server, hence never encrypted: they hold ids, amounts and dates only.
    expect(bytes.includes(Buffer.from(invoiceId))).toBe(true);
  });

  it('shows encrypted payloads to `temporal workflow show` without the codec', async () => {
    const cli = await resolveTemporalCli({ log: () => undefined });
    const { stdout } = await promisify(execFile)(cli.path, [
      'workflow',
      'show',
      '--address',
      address,
      '--workflow-id',
      invoiceWorkflowId(invoiceId),
      '--output',
      'json',
    ]);
    expect(stdout).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // binary/encrypted
    expect(stdout).not.toContain('Lefèvre');
    expect(stdout).not.toContain(email);
  });

  it('shows them decoded to `temporal workflow show --codec-endpoint` with a support key', async () => {
    const cli = await resolveTemporalCli({ log: () => undefined });
    const api = await listen((req, res) => void stack.app(req, res));
    try {
      const { stdout } = await promisify(execFile)(cli.path, [
        ...['workflow', 'show', '--address', address, '--workflow-id', invoiceWorkflowId(invoiceId)],
        ...['--codec-endpoint', `${api.url}/codec`, '--codec-auth', `Bearer ${KEYS.support}`, '--output', 'json'],
      ]);
      const shown = JSON.parse(stdout) as {
        events: { workflowExecutionStartedEventAttributes?: { input: { payloads: { data: string }[] } } }[];
      };
      const input = shown.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads[0]!;
      const decoded = Buffer.from(input.data, 'base64').toString('utf8');
      expect(decoded).toContain(NAME);
      expect(decoded).toContain(email);
    } finally {
      await api.close();
    }
  });

  it('replays the encrypted history with the codec, and not without it', async () => {
    const history = await rawHistory();
    const bundle = { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') };
    const dataConverter = payloadDataConverter(payloadKeys);
    await expect(
      Worker.runReplayHistory({ workflowBundle: bundle, dataConverter }, history, invoiceWorkflowId(invoiceId)),
    ).resolves.toBeUndefined();
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, 'without-key')).rejects.toThrow();
  });

  it('decodes the workflow input for a support key at /codec/decode', async () => {
    const history = await rawHistory();
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const asJson = {
      metadata: Object.fromEntries(
        Object.entries(input.metadata!).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(input.data!).toString('base64'),
    };
    const response = await request(stack.app)
      .post('/codec/decode')
      .set('Authorization', `Bearer ${KEYS.support}`)
      .set('Origin', UI_ORIGIN)
      .set('X-Namespace', 'default')
      .send({ payloads: [asJson] });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
    const [decoded] = response.body.payloads as { metadata: Record<string, string>; data: string }[];
    expect(Buffer.from(decoded!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    const value = defaultPayloadConverter.fromPayload({
      metadata: { encoding: Buffer.from(decoded!.metadata.encoding!, 'base64') },
      data: Buffer.from(decoded!.data, 'base64'),
    });
    expect(value).toMatchObject({ invoice: { id: invoiceId, customer: { name: NAME, email } } });

    const encoded = await request(stack.app)
      .post('/codec/encode')
      .set('Authorization', `Bearer ${KEYS.support}`)
      .send({ payloads: [decoded] });
    expect(encoded.status).toBe(200);
    const back = await request(stack.app)
      .post('/codec/decode')
      .set('Authorization', `Bearer ${KEYS.ops}`)
      .send(encoded.body);
    expect(back.body.payloads).toEqual([decoded]);
  });

  it('answers the console’s session cookie, as the Temporal UI sends it with credentials, and refuses a forged one', async () => {
    const signIn = await request(stack.app).post('/app/sign-in').type('form').send({ key: KEYS.support });
    expect(signIn.status).toBe(303);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^relance_session=rls_sess_/);
    const decode = (withCookie: string) =>
      request(stack.app)
        .post('/codec/decode')
        .set('Cookie', withCookie)
        .set('Origin', UI_ORIGIN)
        .send({ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'IkR1cG9udCI=' }] });
    const answered = await decode(cookie);
    expect(answered.status).toBe(200);
    expect(answered.body.payloads[0].data).toBe('IkR1cG9udCI=');
    expect((await decode('relance_session=rls_sess_forged')).status).toBe(401);
  });

  it('refuses a caller without a key (401), and a browser page of another origin (403)', async () => {
    const body = { payloads: [] };
    expect((await request(stack.app).post('/codec/decode').send(body)).status).toBe(401);
    const elsewhere = await request(stack.app)
      .post('/codec/decode')
      .set('Authorization', `Bearer ${KEYS.support}`)
      .set('Origin', 'https://evil.example')
      .send(body);
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the UI origin’s preflight with credentials allowed, and no other origin’s', async () => {
    const preflight = await request(stack.app)
      .options('/codec/decode')
      .set('Origin', UI_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type, x-namespace');
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': UI_ORIGIN,
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'authorization, content-type, x-namespace',
    });
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    const other = await request(stack.app)
      .options('/codec/decode')
      .set('Origin', 'http://localhost:9999')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.status).toBe(403);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses malformed payloads with a 400 naming the field, and a payload under an unknown key with a 422', async () => {
    const post = (body: object) =>
      request(stack.app).post('/codec/decode').set('Authorization', `Bearer ${KEYS.support}`).send(body);
    const notBase64 = await post({ payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'not base64!' }] });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body.errors).toEqual([expect.objectContaining({ field: 'payloads[0].data' })]);
    expect((await post({ payload: [] })).body.errors).toEqual([expect.objectContaining({ field: 'payloads' })]);
    const tooMany = await post({ payloads: Array.from({ length: 1_001 }, () => ({ data: '' })) });
    expect(tooMany.status).toBe(400);
    const unknownKey = await post({
      payloads: [
        {
          metadata: {
            encoding: 'YmluYXJ5L2VuY3J5cHRlZA==',
            'encryption-key-id': Buffer.from('gone').toString('base64'),
          },
          data: randomBytes(40).toString('base64'),
        },
      ],
    });
    expect(unknownKey.status).toBe(422);
    expect(unknownKey.body.errors[0]).toMatchObject({ field: 'payloads[0]' });
    expect(unknownKey.body.detail).toContain("'gone'");
  });
});
