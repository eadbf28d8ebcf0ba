import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cacheDir, downloadWithSdk, ResolvedExecutable, resolveExecutable } from './executables';

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
  return resolveExecutable({
    what: 'the Temporal CLI',
    envName: 'TEMPORAL_CLI_PATH',
    name: 'temporal',
    cached: path.join(root, 'temporal'),
    goModule: TEMPORAL_CLI_MODULE,
    env,
    log,
    download: () =>
      downloadWithSdk(
        'the Temporal CLI',
        path.join(root, 'sdk-download'),
        (downloadDir) =>
          TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'cached-download', downloadDir } } }),
        log,
      ),
  });
}
