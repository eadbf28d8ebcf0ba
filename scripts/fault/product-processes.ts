import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { SupervisedProcess, UnexpectedExit } from './supervised-process';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The production entry points of `dist/`, as a supervisor runs them. */
export interface ProductProcessOptions {
  distDir: string;
  logDir: string;
  env: NodeJS.ProcessEnv;
  onUnexpectedExit: (exit: UnexpectedExit) => void;
}

/** `node dist/worker/main.js` or `node dist/api/main.js` under a supervisor, logging to `<logDir>/<name>.log`. */
export function productProcess(
  name: string,
  entry: 'worker' | 'api',
  options: ProductProcessOptions,
  env: NodeJS.ProcessEnv = {},
): SupervisedProcess {
  return new SupervisedProcess({
    name,
    command: process.execPath,
    args: [path.join(options.distDir, entry, 'main.js')],
    env: { ...options.env, ...env },
    logFile: path.join(options.logDir, `${name}.log`),
    onUnexpectedExit: options.onUnexpectedExit,
  });
}

/**
 * Bundles the compiled workflows once into `workDir` (`WORKFLOW_BUNDLE_PATH`), so several workers started at once do
 * not each spend their start-up bundling.
 */
export async function writeWorkflowBundle(distDir: string, workDir: string, log: (line: string) => void) {
  const bundlePath = path.join(workDir, 'workflow-bundle.js');
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(distDir, 'workflows', 'index.js'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message: string) => log(message) },
  });
  await writeFile(bundlePath, bundle.code);
  return bundlePath;
}

export async function waitForTemporal(address: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal did not answer on ${address}: ${String(error)}`);
      await sleep(250);
    }
  }
}

/** Ready means it answers an authenticated read: the workers run the migrations the API relies on. */
export async function waitForApi(apiUrl: string, opsKey: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const ready = await fetch(`${apiUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      const policies = await fetch(`${apiUrl}/v1/policies`, {
        headers: { authorization: `Bearer ${opsKey}` },
        signal: AbortSignal.timeout(5_000),
      });
      if (ready.ok && policies.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API on ${apiUrl} did not become ready`);
    await sleep(500);
  }
}
