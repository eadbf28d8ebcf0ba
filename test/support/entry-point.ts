import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { projectRoot } from '../../dev/executables';
import { registerNamespace } from '../../dev/temporal-dev-server';
import { requiredEnv } from './test-database';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EntryPoint {
  child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  exited: Promise<Exit>;
  alive(): boolean;
  /** Waits until the output matches, failing early when the process exits. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends the signal and waits for the exit; kills it if it outlives `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit & { ms: number }>;
}

/**
 * A namespace of the calling test file's own on the shared dev server, with the product's search attributes: entry
 * points run on the default task queue, so the workers of two files in one namespace would take each other's
 * workflows (and write to the other file's database).
 */
export async function entryPointNamespace(): Promise<string> {
  const namespace = `entry-${randomUUID().slice(0, 8)}`;
  await registerNamespace(requiredEnv('TEMPORAL_ADDRESS'), namespace, 24);
  return namespace;
}

/**
 * A production entry point (`api/main.ts`, `worker/main.ts`) run as its own process, through tsx, configured only by
 * the environment given here, as an operator would run `node dist/api/main.js`.
 */
export function startEntryPoint(entry: 'api/main.ts' | 'worker/main.ts', env: Record<string, string>): EntryPoint {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, entry)], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => text,
    exited,
    alive,
    async waitFor(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (!alive()) throw new Error(`${entry} exited before printing ${pattern}:\n${text}`);
        if (Date.now() > deadline) throw new Error(`${entry} did not print ${pattern} in ${timeoutMs} ms:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop(signal = 'SIGTERM', timeoutMs = 60_000) {
      const began = Date.now();
      if (alive()) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const exit = await exited;
      clearTimeout(timer);
      return { ...exit, ms: Date.now() - began };
    },
  };
}

export interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
  at: number;
}

/** One HTTP request on a keep-alive agent; a refused or reset connection is status 0. */
export function call(
  agent: Agent,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: { ...options.headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
        timeout: 30_000,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body, at: Date.now() }),
        );
        res.on('error', () => resolve({ status: 0, retryAfter: undefined, body: '', at: Date.now() }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, retryAfter: undefined, body: error.message, at: Date.now() }));
    req.end(payload);
  });
}
