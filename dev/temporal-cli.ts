import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cacheDir, downloadWithSdk, findOnPath, isExecutable, ResolvedExecutable, runCommand } from './executables';

/** The CLI release built from the Go module registry when nothing else is available. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  cacheRoot?: string;
  log?: (line: string) => void;
}

/**
 * Finds the Temporal CLI (dev server with its Web UI), in order: `TEMPORAL_CLI_PATH`, `temporal` on PATH, the copy
 * cached under the project, the SDK's own download, and last a build of the pinned release with `go install`.
 * Whatever is downloaded or built is cached, so the second call is instant.
 */
export async function resolveTemporalCli(options: ResolveOptions = {}): Promise<ResolvedExecutable> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const root = path.join(options.cacheRoot ?? cacheDir, 'temporal-cli');
  const cached = path.join(root, 'temporal');

  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (await isExecutable(explicit)) return { path: explicit, source: 'env' };
    throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
  }
  const onPath = await findOnPath('temporal', env.PATH);
  if (onPath) return { path: onPath, source: 'path' };
  if (await isExecutable(cached)) return { path: cached, source: 'cache' };

  const downloaded = await downloadWithSdk(
    'the Temporal CLI',
    path.join(root, 'sdk-download'),
    (downloadDir) =>
      TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'cached-download', downloadDir } } }),
    log,
  );
  if (downloaded) return { path: downloaded, source: 'sdk-download' };

  log(`building the Temporal CLI from ${TEMPORAL_CLI_MODULE} (first time only, takes a few minutes)`);
  const gobin = path.join(root, `gobin-${process.pid}`);
  await mkdir(gobin, { recursive: true });
  try {
    // Later tags carry a `replace` directive that `go install` refuses; the local toolchain builds this one as is.
    await runCommand('go', ['install', TEMPORAL_CLI_MODULE], {
      env: { ...env, GOBIN: gobin, GOTOOLCHAIN: 'local' },
      log,
    });
    await rename(path.join(gobin, 'temporal'), cached);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  return { path: cached, source: 'build' };
}
