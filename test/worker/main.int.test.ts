import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { freePort } from '../../dev/free-port';
import { Answer, call, EntryPoint, entryPointNamespace, startEntryPoint } from '../support/entry-point';
import { eventually } from '../support/eventually';
import { requiredEnv } from '../support/test-database';
import { invoiceBody, KEYS } from '../support/test-stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The production entry points, an API and a worker process, against their own PostgreSQL, which this test stops and
 * starts again while invoices are created and their first steps (mail sent inside a transaction) run.
 */
describe('the API and worker processes when PostgreSQL restarts', () => {
  let workDir: string;
  let pgPort: number;
  let postgres: EmbeddedPostgresHandle | undefined;
  let api: EntryPoint;
  let worker: EntryPoint;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const auth = { authorization: `Bearer ${KEYS.ops}` };
  const startPostgres = async () =>
    (postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: pgPort }));

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'relance-restart-'));
    pgPort = await freePort();
    await (await startPostgres()).createDatabase('relance');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const shared = {
      DATABASE_URL: `postgres://relance:relance@127.0.0.1:${pgPort}/relance`,
      TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_NAMESPACE: await entryPointNamespace(),
      SMTP_URL: requiredEnv('SMTP_URL'),
    };
    // Both start on the fresh database at once: the migration lock lets one of them apply each file.
    // The load below is this test's own, from one key: no per-key limit stands in its way.
    api = startEntryPoint('api/main.ts', {
      ...shared,
      API_KEYS: `ops=${KEYS.ops}`,
      PORT: String(port),
      RATE_LIMIT_PER_KEY: '0',
    });
    worker = startEntryPoint('worker/main.ts', {
      ...shared,
      WORKFLOW_BUNDLE_PATH: requiredEnv('RELANCE_WORKFLOW_BUNDLE'),
      MAIL_RATE_PER_SECOND: '50',
    });
    await Promise.all([api.waitFor(/; ready/), worker.waitFor(/worker polling/)]);
  });

  afterAll(async () => {
    agent.destroy();
    await Promise.all([api?.stop('SIGKILL'), worker?.stop('SIGKILL')]);
    await postgres?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('stay alive, answer 503 with Retry-After while it is down, and work again once it is back', async () => {
    const answers: Array<Answer & { id: string }> = [];
    let loading = true;
    const load = async () => {
      while (loading) {
        const id = `restart-${randomUUID().slice(0, 8)}`;
        const body = invoiceBody(id, `${id}@client.test`, new Date().toISOString());
        const created = await call(agent, `${base}/v1/invoices`, { method: 'POST', headers: auth, body });
        const listed = await call(agent, `${base}/v1/invoices?limit=5`, { headers: auth });
        answers.push({ ...created, id }, { ...listed, id });
        if (created.status !== 201) await sleep(100);
      }
    };
    const clients = Array.from({ length: 4 }, load);

    await sleep(3_000);
    const down = Date.now();
    await postgres!.stop();
    await sleep(5_000);
    const up = Date.now();
    await startPostgres();
    await eventually(
      async () => answers.filter((answer) => answer.at > up && answer.status === 201).length,
      (count) => count >= 4,
      60_000,
    );
    loading = false;
    await Promise.all(clients);

    // A process that died says why: its last output goes with the failure.
    const lastWords = (p: EntryPoint) => (p.alive() ? 'alive' : p.output().slice(-4_000));
    expect(lastWords(api)).toBe('alive');
    expect(lastWords(worker)).toBe('alive');
    const before = answers.filter((answer) => answer.at < down);
    const outage = answers.filter((answer) => answer.at > down + 500 && answer.at < up);
    expect(before.filter((answer) => answer.status === 201).length).toBeGreaterThan(0);
    expect(outage.length).toBeGreaterThan(0);
    expect(outage.filter((answer) => answer.status !== 503)).toEqual([]);
    expect(outage.filter((answer) => !(Number(answer.retryAfter) > 0))).toEqual([]);
    // Across the whole run, PostgreSQL going away is an outage to retry, never a fault of the API's.
    expect(answers.filter((answer) => answer.status !== 201 && answer.status !== 200 && answer.status !== 503)).toEqual(
      [],
    );

    // The worker still runs steps: an invoice created after the restart gets its first reminder on the proof trail.
    const after = answers.find((answer) => answer.at > up && answer.status === 201)!;
    await eventually(
      async () => (await call(agent, `${base}/v1/invoices/${after.id}/communications`, { headers: auth })).body,
      (body) => body.includes('reminder-1'),
      60_000,
    );
  });

  it('then both finish a SIGTERM within their grace and exit 0', async () => {
    const [apiExit, workerExit] = await Promise.all([api.stop('SIGTERM'), worker.stop('SIGTERM')]);
    expect(apiExit).toMatchObject({ code: 0, signal: null });
    expect(apiExit.ms).toBeLessThan(10_000);
    expect(workerExit).toMatchObject({ code: 0, signal: null });
    // The workers' shutdown grace is 20 s; with nothing left running they stop far sooner.
    expect(workerExit.ms).toBeLessThan(20_000);
    expect(worker.output()).toContain('worker stopped');
  });
});
