import { chmod, lstat, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { freePort } from '../../dev/free-port';
import { eventually } from '../support/eventually';

const asRoot = process.getuid?.() === 0;

describe('the embedded PostgreSQL of npm start', () => {
  let workDir: string;
  const started: EmbeddedPostgresHandle[] = [];
  const start = async (...args: Parameters<typeof startEmbeddedPostgres>) => {
    const handle = await startEmbeddedPostgres(...args);
    started.push(handle);
    return handle;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'relance-embedded-pg-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((handle) => handle.stop()));
  });

  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('keeps its socket in its data directory, so a cluster holding the port lock file in /tmp does not stop it', async () => {
    const port = await freePort();
    // Another cluster on the same port, socket only, in the default place: it owns /tmp/.s.PGSQL.<port>.lock.
    await start({
      dataDir: path.join(workDir, 'other'),
      port,
      postgresFlags: ['-c', 'listen_addresses=', '-c', 'unix_socket_directories=/tmp'],
    });
    const ours = await start({ dataDir: path.join(workDir, 'ours'), port });
    for (const host of ['127.0.0.1', ours.dataDir]) {
      const client = new Client({ host, port, user: 'relance', password: 'relance', database: 'postgres' });
      await client.connect();
      const { rows } = await client.query<{ unix_socket_directories: string }>('SHOW unix_socket_directories');
      await client.end();
      expect(rows).toEqual([{ unix_socket_directories: ours.dataDir }]);
    }
  });

  it("shows PostgreSQL's own error when it cannot start", async () => {
    const port = await freePort();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(start({ dataDir: path.join(workDir, 'blocked'), port })).rejects.toThrow(
        /PostgreSQL did not start on port \d+ \(exit 1\):[\s\S]*could not bind IPv4 address "127\.0\.0\.1": Address already in use/,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('stops at once when the server already died', async () => {
    const lines: string[] = [];
    const postgres = await start({
      dataDir: path.join(workDir, 'killed'),
      port: await freePort(),
      log: (l) => lines.push(l),
    });
    process.kill(postgres.pid, 'SIGKILL');
    await eventually(
      async () => lines.some((line) => line.startsWith('PostgreSQL exited unexpectedly (SIGKILL)')),
      Boolean,
      5_000,
    );
    const began = Date.now();
    await postgres.stop();
    expect(Date.now() - began).toBeLessThan(500);
  });

  it('stops within its bound when the server does not answer the fast shutdown', async () => {
    const postgres = await start({ dataDir: path.join(workDir, 'frozen'), port: await freePort(), stopTimeoutMs: 300 });
    process.kill(postgres.pid, 'SIGSTOP');
    const began = Date.now();
    await postgres.stop();
    // Fast shutdown (0.3 s) and immediate shutdown (5 s) go unanswered by a stopped process; the kill does not.
    expect(Date.now() - began).toBeLessThan(7_000);
    expect(() => process.kill(postgres.pid, 0)).toThrow();
  });

  (asRoot ? it : it.skip)(
    'as root, moves the cluster where the postgres user can reach it when a folder above is closed to that user',
    async () => {
      const closed = path.join(workDir, 'closed');
      await mkdir(path.join(closed, 'checkout', '.data'), { recursive: true });
      await chmod(closed, 0o700);
      const sharedDir = path.join(workDir, 'shared');
      const dataDir = path.join(closed, 'checkout', '.data', 'postgres');
      const lines: string[] = [];
      const port = await freePort();
      const first = await start({ dataDir, port, sharedDir, log: (l) => lines.push(l) });
      expect(first.dataDir.startsWith(sharedDir)).toBe(true);
      expect((await lstat(dataDir)).isSymbolicLink()).toBe(true);
      expect(lines.join('\n')).toContain(`the postgres user cannot reach ${dataDir} (it cannot enter ${closed})`);
      await first.createDatabase('relance');
      await first.stop();

      const again = await start({ dataDir, port, sharedDir });
      expect(again.dataDir).toBe(first.dataDir);
      const client = new Client({ connectionString: again.url('relance') });
      await client.connect();
      await client.end();
    },
  );
});
