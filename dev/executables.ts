import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** The project root: every cache and data folder of the local stack lives under it. */
export const projectRoot = path.resolve(__dirname, '..');
export const cacheDir = path.join(projectRoot, '.cache');

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(name: string, envPath = process.env.PATH ?? ''): Promise<string | undefined> {
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The first executable file directly inside `dir` whose name starts with `prefix`, if any. */
export async function findExecutableIn(dir: string, prefix: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names.filter((n) => n.startsWith(prefix)).sort()) {
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** Runs a command to completion, streaming its output to `log`; rejects with the tail of its output on failure. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    const tail: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        options.log?.(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}

/** How a server binary was found, for the start-up banner and the CI log. */
export interface ResolvedExecutable {
  path: string;
  source: 'env' | 'path' | 'cache' | 'sdk-download' | 'build';
}

/**
 * Finds a binary in order: the path in `envName`, `name` on PATH, the copy at `cached`, then `download` if given, and
 * last `go install` of `goModule` (`<package>@<version>`, the local toolchain) into a private GOBIN renamed to `cached`
 * once complete, so that an interrupted build never leaves a half-written binary cached.
 */
export async function resolveExecutable(spec: {
  what: string;
  envName: string;
  name: string;
  cached: string;
  goModule: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  download?: () => Promise<string | undefined>;
}): Promise<ResolvedExecutable> {
  const { env, log } = spec;
  const explicit = env[spec.envName];
  if (explicit) {
    if (await isExecutable(explicit)) return { path: explicit, source: 'env' };
    throw new Error(`${spec.envName}=${explicit} is not an executable file`);
  }
  const onPath = await findOnPath(spec.name, env.PATH);
  if (onPath) return { path: onPath, source: 'path' };
  if (await isExecutable(spec.cached)) return { path: spec.cached, source: 'cache' };
  const downloaded = await spec.download?.();
  if (downloaded) return { path: downloaded, source: 'sdk-download' };

  log(`building ${spec.what} from ${spec.goModule} (first time only, takes minutes)`);
  const gobin = path.join(path.dirname(spec.cached), `gobin-${process.pid}`);
  await mkdir(gobin, { recursive: true });
  try {
    // Later tags of some modules carry a `replace` directive that `go install` refuses; the local toolchain builds the
    // pinned ones as they are.
    await runCommand('go', ['install', spec.goModule], { env: { ...env, GOBIN: gobin, GOTOOLCHAIN: 'local' }, log });
    await rename(path.join(gobin, path.basename(spec.goModule.split('@')[0]!)), spec.cached);
  } finally {
    await rm(gobin, { recursive: true, force: true });
  }
  return { path: spec.cached, source: 'build' };
}

/**
 * Lets the SDK download a server into `downloadDir` by starting it once; answers the binary, or undefined (after
 * saying why) where the download server cannot be reached.
 */
export async function downloadWithSdk(
  what: string,
  downloadDir: string,
  start: (downloadDir: string) => Promise<{ teardown(): Promise<void> }>,
  log: (line: string) => void,
): Promise<string | undefined> {
  await mkdir(downloadDir, { recursive: true });
  try {
    await (await start(downloadDir)).teardown();
  } catch (error) {
    log(`the SDK could not download ${what} (${firstLine(error)}); falling back to a build from the registries`);
    return undefined;
  }
  return findExecutableIn(downloadDir, 'temporal');
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
