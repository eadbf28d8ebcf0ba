import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { freePort } from '../../dev/free-port';
import { Answer, call, EntryPoint, entryPointNamespace, startEntryPoint } from '../support/entry-point';
import { requiredEnv } from '../support/test-database';
import { KEYS } from '../support/test-stack';

const GRACE_MS = 5_000;

describe('the API process (api/main.ts)', () => {
  let workDir: string;
  let pgPort: number;
  let postgres: EmbeddedPostgresHandle | undefined;
  let api: EntryPoint | undefined;
  let base: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const auth = { authorization: `Bearer ${KEYS.ops}` };
  const startPostgres = async () =>
    (postgres = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: pgPort }));

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'relance-api-main-'));
    pgPort = await freePort();
    // A fresh, empty database, then PostgreSQL down: the API starts before its database does.
    await (await startPostgres()).createDatabase('relance');
    await postgres?.stop();
    postgres = undefined;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = startEntryPoint('api/main.ts', {
      DATABASE_URL: `postgres://relance:relance@127.0.0.1:${pgPort}/relance`,
      TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_NAMESPACE: await entryPointNamespace(),
      SMTP_URL: requiredEnv('SMTP_URL'),
      API_KEYS: `ops=${KEYS.ops}`,
      PORT: String(port),
      SHUTDOWN_GRACE: String(GRACE_MS / 1_000),
    });
    await api.waitFor(/Relance API listening/);
  });

  afterAll(async () => {
    agent.destroy();
    await api?.stop('SIGKILL');
    await postgres?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('is alive but not ready, and answers 503 with Retry-After, while PostgreSQL is not there yet', async () => {
    expect((await call(agent, `${base}/healthz`)).status).toBe(200);
    for (const answer of [
      await call(agent, `${base}/readyz`),
      await call(agent, `${base}/v1/policies`, { headers: auth }),
    ]) {
      expect(answer.status).toBe(503);
      expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('migrates the fresh database once PostgreSQL comes, says ready only then, and never answers 500 meanwhile', async () => {
    const seen: Answer[] = [];
    await startPostgres();
    for (;;) {
      const [ready, policies] = await Promise.all([
        call(agent, `${base}/readyz`),
        call(agent, `${base}/v1/policies`, { headers: auth }),
      ]);
      seen.push(ready, policies);
      if (ready.status === 200) break;
      expect(seen.length).toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([]);
    expect(api?.output()).toMatch(/migrations applied: 001_invoices\.sql, .*; ready/);
    const policies = await call(agent, `${base}/v1/policies`, { headers: auth });
    expect(policies.status).toBe(200);
    expect(policies.body).toContain('fr-b2b-standard');
  });

  it('finishes a SIGTERM under keep-alive load within its grace, exiting 0', async () => {
    const answers: Answer[] = [];
    let loading = true;
    const load = async () => {
      while (loading) {
        const answer = await call(agent, `${base}/v1/policies`, { headers: auth });
        answers.push(answer);
        if (answer.status === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const clients = Array.from({ length: 8 }, load);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const sent = Date.now();
    const exit = await api!.stop('SIGTERM', 30_000);
    loading = false;
    await Promise.all(clients);

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(GRACE_MS);
    expect(answers.filter((answer) => answer.at < sent && answer.status === 200).length).toBeGreaterThan(20);
    // Requests in flight at the signal were answered; what came later found the door closed, never a 5xx.
    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    expect(api!.output()).toContain('Relance API stopped');
  });
});
