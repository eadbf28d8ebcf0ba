import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { resolveChromium } from '../../dev/chromium';
import { startEmbeddedPostgres } from '../../dev/embedded-postgres';
import { cacheDir } from '../../dev/executables';
import { freePort } from '../../dev/free-port';
import { startSmtpSink } from '../../dev/smtp-sink';
import { resolveTemporalCli } from '../../dev/temporal-cli';
import { startTemporalDevServer } from '../../dev/temporal-dev-server';
import { resolveTestServer } from '../../dev/test-server';
import { workflowsPath } from '../../worker/create-worker';

/**
 * Starts the real servers the integration tests share, once per run: a Temporal dev server, an embedded PostgreSQL
 * (each test file makes its own database in it) and an SMTP sink; obtains the time-skipping test server and Chromium
 * (for the browser tests) and bundles the workflows once. Test files find them through environment variables.
 */
export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`  [setup] ${line}\n`);
  const [cli, testServer, chromium] = await Promise.all([
    resolveTemporalCli({ log }),
    resolveTestServer({ log }),
    // Only the browser tests need it: without one, they fail with the reason and the rest still run.
    resolveChromium({ log }).catch((error: Error) => ({ path: '', error: error.message })),
  ]);
  const pgDir = await mkdtemp(path.join(tmpdir(), 'relance-test-pg-'));
  const [temporal, postgres, sink, bundle] = await Promise.all([
    onFreePort((port) => startTemporalDevServer({ cliPath: cli.path, port }), log),
    onFreePort((port) => startEmbeddedPostgres({ dataDir: path.join(pgDir, 'data'), port, log }), log),
    startSmtpSink({ smtpPort: 0, httpPort: 0 }),
    bundleWorkflowCode({ workflowsPath, logger: silentLogger }),
  ]);
  const bundlePath = path.join(cacheDir, 'test', `workflow-bundle-${process.pid}.js`);
  await mkdir(path.dirname(bundlePath), { recursive: true });
  await writeFile(bundlePath, bundle.code);

  Object.assign(process.env, {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: temporal.namespace,
    RELANCE_TEST_PG_URL: postgres.url('postgres'),
    RELANCE_TEST_SERVER_PATH: testServer.path,
    RELANCE_WORKFLOW_BUNDLE: bundlePath,
    SMTP_URL: sink.smtpUrl,
    RELANCE_SMTP_SINK_URL: sink.inboxUrl,
    RELANCE_CHROMIUM_PATH: chromium.path,
    RELANCE_CHROMIUM_ERROR: 'error' in chromium ? chromium.error : '',
  });
  (globalThis as { __relance?: unknown }).__relance = {
    stop: async () => {
      await Promise.allSettled([temporal.stop(), postgres.stop(), sink.stop()]);
    },
  };
}

/**
 * Starts a server on a port that was free a moment ago; another process (a second test run, a server started beside
 * this one listening on port 0) may take it in between, so a port found taken is traded for another, up to 5 times.
 */
async function onFreePort<T>(start: (port: number) => Promise<T>, log: (line: string) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt >= 5 || !/already in use|address in use|EADDRINUSE|bind/i.test(String(error))) throw error;
      log(`port ${port} was taken before the server bound it; trying another`);
    }
  }
}

const silentLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => process.stderr.write(`${message}\n`),
};
