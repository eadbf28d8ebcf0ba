import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, ResolvedExecutable, resolveExecutable } from './executables';

/** The Temporal server release the cluster runs and docker-compose.yml pins (`temporalio/server`). */
export const TEMPORAL_SERVER_VERSION = '1.29.2';
const SERVER_MODULE = 'go.temporal.io/server';
const SERVER_PACKAGE = `${SERVER_MODULE}/cmd/server`;
const SQL_TOOL_PACKAGE = `${SERVER_MODULE}/cmd/tools/sql`;

/** The real server, its schema tool and the schema files of the same release. */
export interface TemporalServerBinaries {
  server: ResolvedExecutable;
  sqlTool: ResolvedExecutable;
  /** `schema/postgresql/v12` of the release: `temporal/versioned` and `visibility/versioned` below it. */
  postgresSchemaDir: string;
}

export interface ResolveServerOptions {
  env?: NodeJS.ProcessEnv;
  cacheRoot?: string;
  log?: (line: string) => void;
}

/**
 * Finds the Temporal server and `temporal-sql-tool`, each in order: `TEMPORAL_SERVER_PATH` / `TEMPORAL_SQL_TOOL_PATH`,
 * `temporal-server` / `temporal-sql-tool` on PATH, the copy cached under the project, and last a build of the pinned
 * release with `go install` (four to five minutes for both on two cores, once). The schema files come from the
 * release's source in the Go module cache, copied beside the cached binaries (`TEMPORAL_SCHEMA_DIR` points elsewhere).
 */
export async function resolveTemporalServer(options: ResolveServerOptions = {}): Promise<TemporalServerBinaries> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const root = path.join(options.cacheRoot ?? cacheDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const server = await resolveOne({
    what: 'the Temporal server',
    envName: 'TEMPORAL_SERVER_PATH',
    name: 'temporal-server',
    goPackage: SERVER_PACKAGE,
    root,
    env,
    log,
  });
  const sqlTool = await resolveOne({
    what: 'the Temporal SQL schema tool',
    envName: 'TEMPORAL_SQL_TOOL_PATH',
    name: 'temporal-sql-tool',
    goPackage: SQL_TOOL_PACKAGE,
    root,
    env,
    log,
  });
  const postgresSchemaDir = env.TEMPORAL_SCHEMA_DIR
    ? path.resolve(env.TEMPORAL_SCHEMA_DIR)
    : await cachedSchemaDir(root, env);
  return { server, sqlTool, postgresSchemaDir };
}

/** The release's PostgreSQL schema files, copied once from the Go module cache next to the binaries. */
async function cachedSchemaDir(root: string, env: NodeJS.ProcessEnv): Promise<string> {
  const cached = path.join(root, 'schema', 'postgresql', 'v12');
  if (await exists(cached)) return cached;
  const source = path.join(await moduleSourceDir(env), 'schema', 'postgresql', 'v12');
  const partial = `${cached}-${process.pid}`;
  // Written under another name, then renamed: an interrupted copy is never taken for a complete one.
  await copyTree(source, partial);
  await rename(partial, cached);
  return cached;
}

/** Copies files and folders (not their modes: the module cache's are read-only). */
async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) await copyTree(source, target);
    else await writeFile(target, await readFile(source));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function resolveOne(spec: {
  what: string;
  envName: string;
  name: string;
  goPackage: string;
  root: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<ResolvedExecutable> {
  return resolveExecutable({
    ...spec,
    cached: path.join(spec.root, spec.name),
    goModule: `${spec.goPackage}@v${TEMPORAL_SERVER_VERSION}`,
  });
}

/** Where the Go module cache holds the release's source (downloaded if missing). */
async function moduleSourceDir(env: NodeJS.ProcessEnv): Promise<string> {
  const module = `${SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`;
  const { stdout } = await promisify(execFile)('go', ['mod', 'download', '-json', module], {
    env: { ...env, GOTOOLCHAIN: 'local' },
    maxBuffer: 1 << 20,
  });
  const dir = (JSON.parse(stdout) as { Dir?: string; Error?: string }).Dir;
  if (!dir) throw new Error(`go mod download ${module} gave no source directory: ${stdout.slice(0, 300)}`);
  return dir;
}
