import { ChildProcess, spawn } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { INVOICE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

export interface DevServerHandle {
  address: string;
  uiUrl: string | undefined;
  namespace: string;
  stop(): Promise<void>;
}

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const INDEXED_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** Starts `temporal server start-dev` (with its Web UI unless uiPort is omitted) and waits until it answers. */
export async function startTemporalDevServer(options: {
  cliPath: string;
  port: number;
  uiPort?: number;
  /**
   * The remote codec the Web UI decodes payloads with (`--ui-codec-endpoint`). The CLI's UI sends it no credentials
   * and offers every write action: neither can be configured through `start-dev` (README "Encrypted payloads").
   */
  uiCodecEndpoint?: string;
  dbFile?: string;
  namespace?: string;
  log?: (line: string) => void;
}): Promise<DevServerHandle> {
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--namespace', namespace];
  args.push('--log-level', 'warn', '--http-port', '0', '--metrics-port', '0');
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout.on('data', keep);
  let stopping = false;
  child.stderr.on('data', (chunk: Buffer) => {
    keep(chunk);
    // While it stops, the server's own pollers complain about the closing connection: noise, not news.
    if (!stopping) options.log?.(chunk.toString().trim());
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitForServer(address, child, () => output.join(''));
    await registerSearchAttributes(address, namespace);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    address,
    namespace,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : undefined,
    stop: () => {
      stopping = true;
      return stopChild(child);
    },
  };
}

async function waitForServer(address: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited (${child.exitCode}):\n${output()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1 second' });
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`the Temporal dev server did not answer on ${address}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/**
 * Registers a namespace (a real server starts with none; a test may want one of its own) and the product's search
 * attributes in it, then waits until it serves visibility queries: a new namespace takes a few seconds to reach every
 * service's cache. Answers the search attributes it added.
 */
export async function registerNamespace(address: string, namespace: string, retentionHours: number): Promise<string[]> {
  const connection = await Connection.connect({ address });
  const deadline = Date.now() + 90_000;
  const untilDone = async <T>(what: string, attempt: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`${what}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  };
  try {
    await untilDone('registering the namespace', async () => {
      try {
        await connection.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(`${retentionHours} hours`),
        });
      } catch (error) {
        // ALREADY_EXISTS: a namespace registered before.
        if ((error as { code?: number }).code !== 6) throw error;
      }
    });
    const added = await untilDone('registering the search attributes', () =>
      registerSearchAttributes(address, namespace),
    );
    await untilDone('the namespace answering visibility queries', () =>
      connection.workflowService.countWorkflowExecutions({ namespace, query: `DunningStage = 'reminding'` }),
    );
    return added;
  } finally {
    await connection.close();
  }
}

/** Registers the custom search attributes that are missing: idempotent, and also right for a persisted server. */
export async function registerSearchAttributes(address: string, namespace: string): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = INVOICE_SEARCH_ATTRIBUTES.filter((key) => !(key.name in (existing.customAttributes ?? {})));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]!])),
      });
    }
    return missing.map((key) => key.name);
  } finally {
    await connection.close();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
