import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  cacheDir,
  downloadWithSdk,
  findExecutableIn,
  isExecutable,
  ResolvedExecutable,
  runCommand,
} from './executables';
import type { ResolveOptions } from './temporal-cli';

const pom = path.join(__dirname, 'test-server', 'pom.xml');

/**
 * Finds the time-skipping test server, in order: `TEMPORAL_TEST_SERVER_PATH`, the copy cached under the project, the
 * SDK's own download, and last the Java test server from Maven Central behind a small `exec` wrapper that
 * `TestWorkflowEnvironment` runs as an existing path (it passes the port as the only argument).
 */
export async function resolveTestServer(options: ResolveOptions = {}): Promise<ResolvedExecutable> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const root = path.join(options.cacheRoot ?? cacheDir, 'test-server');
  const wrapper = path.join(root, 'temporal-test-server');

  const explicit = env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (await isExecutable(explicit)) return { path: explicit, source: 'env' };
    throw new Error(`TEMPORAL_TEST_SERVER_PATH=${explicit} is not an executable file`);
  }
  if ((await isExecutable(wrapper)) && (await hasJars(path.join(root, 'lib'))))
    return { path: wrapper, source: 'cache' };
  const sdkDir = path.join(root, 'sdk-download');
  const cachedDownload = await findExecutableIn(sdkDir, 'temporal');
  if (cachedDownload) return { path: cachedDownload, source: 'cache' };

  const downloaded = await downloadWithSdk(
    'the test server',
    sdkDir,
    (downloadDir) =>
      TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'cached-download', downloadDir } } }),
    log,
  );
  if (downloaded) return { path: downloaded, source: 'sdk-download' };

  log('fetching the Java time-skipping test server from Maven Central (first time only)');
  const staging = path.join(root, `lib-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await runCommand(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`, '-DincludeScope=runtime'],
    { env, log },
  );
  const lib = path.join(root, 'lib');
  await rm(lib, { recursive: true, force: true });
  await rename(staging, lib);
  const script = `#!/bin/sh\n# Runs the Temporal time-skipping test server; the SDK passes the port as the first argument.\nexec java -Xss1m -XX:+UseSerialGC -cp "${lib}/*" io.temporal.testserver.TestServer "$@"\n`;
  await writeFile(`${wrapper}.tmp`, script, { mode: 0o755 });
  await rename(`${wrapper}.tmp`, wrapper);
  return { path: wrapper, source: 'build' };
}

async function hasJars(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some((name) => name.startsWith('temporal-test-server') && name.endsWith('.jar'));
  } catch {
    return false;
  }
}
