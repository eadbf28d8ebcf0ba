import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rmdir,
  stat,
  symlink,
} from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export interface PostgresRunAs {
  /** The user to run PostgreSQL as, when this process is root; otherwise it runs as this process's user. */
  ids: { uid: number; gid: number } | undefined;
  /** The data directory to give PostgreSQL: the one asked for, or where it was moved to be reachable. */
  dataDir: string;
  bin(name: 'postgres' | 'initdb'): string;
}

const run = promisify(execFile);
const DEFAULT_SHARED_DIR = '/var/lib/relance';

/**
 * PostgreSQL refuses to run as root. As root, it runs as the `postgres` system user (created if missing), which must be
 * able to reach both the binaries and the data directory. A checkout under a directory that user cannot enter (such as
 * /root) would stop it with EACCES: the binaries are then copied to, and the cluster kept in, `sharedDir`
 * (/var/lib/relance), with a symbolic link where the data directory was asked for. Every such step is logged.
 */
export async function preparePostgresUser(options: {
  nativeDir: string;
  dataDir: string;
  sharedDir?: string;
  log: (line: string) => void;
}): Promise<PostgresRunAs> {
  const { nativeDir, log } = options;
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() !== 0) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    return { ids: undefined, dataDir, bin: (name) => path.join(nativeDir, 'bin', name) };
  }
  const sharedDir = options.sharedDir ?? DEFAULT_SHARED_DIR;
  const ids = await postgresUser(log);

  let binDir = path.join(nativeDir, 'bin');
  if (!reaches(ids, path.join(binDir, 'postgres'))) {
    const version = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const copy = path.join(sharedDir, `postgres-${version.version}-${process.platform}-${process.arch}`);
    if (!reaches(ids, path.join(copy, 'bin', 'postgres'))) {
      log(
        `PostgreSQL: the postgres user cannot reach ${nativeDir} (${blocker(ids, nativeDir)}); copying it to ${copy}`,
      );
      await mkdir(sharedDir, { recursive: true, mode: 0o755 });
      await chmod(sharedDir, 0o755);
      await cp(nativeDir, `${copy}.partial`, { recursive: true, verbatimSymlinks: true });
      await rename(`${copy}.partial`, copy);
    }
    binDir = path.join(copy, 'bin');
  }

  // The folder holding the data directory is ours (.data, a test's temporary folder): the postgres user may pass it.
  const parent = path.dirname(dataDir);
  const parentMode = (await stat(parent)).mode;
  if (!(parentMode & 0o001)) await chmod(parent, (parentMode & 0o7777) | 0o001);
  let usedDir = dataDir;
  if (!reaches(ids, parent)) {
    usedDir = await relocate(dataDir, sharedDir, ids, log);
  }
  await mkdir(usedDir, { recursive: true, mode: 0o700 });
  await chown(usedDir, ids.uid, ids.gid);
  return { ids, dataDir: usedDir, bin: (name) => path.join(binDir, name) };
}

/** Moves (or starts) the cluster in `sharedDir`, leaving a symbolic link where it was asked for. */
async function relocate(
  dataDir: string,
  sharedDir: string,
  ids: { uid: number; gid: number },
  log: (line: string) => void,
): Promise<string> {
  const target = path.join(sharedDir, `data-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`);
  const existing = await lstat(dataDir).catch(() => undefined);
  if (existing?.isSymbolicLink()) {
    const linked = await realpath(dataDir);
    if (reaches(ids, linked)) return linked;
  }
  const reason = `the postgres user cannot reach ${dataDir} (${blocker(ids, path.dirname(dataDir))})`;
  await mkdir(sharedDir, { recursive: true, mode: 0o755 });
  await chmod(sharedDir, 0o755);
  if (existing?.isDirectory() && (await readdir(dataDir)).length === 0) await rmdir(dataDir);
  else if (existing) {
    try {
      await rename(dataDir, target);
    } catch (error) {
      throw new Error(
        `${reason}, and the cluster there cannot be moved to ${target} (${(error as Error).message}): move it there, ` +
          `or let the postgres user through (chmod o+x on the folders above it)`,
      );
    }
  }
  await symlink(target, dataDir);
  log(`PostgreSQL: ${reason}; its data now lives in ${target}, linked from ${dataDir}`);
  return target;
}

/** The `postgres` system user, created when missing. */
async function postgresUser(log: (line: string) => void): Promise<{ uid: number; gid: number }> {
  const ids = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await ids();
  } catch {
    const groupExists = await run('getent', ['group', 'postgres']).then(
      () => true,
      () => false,
    );
    const group = groupExists ? ['--gid', 'postgres'] : ['--user-group'];
    try {
      await run('useradd', ['--system', ...group, '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (error) {
      throw new Error(
        `PostgreSQL refuses to run as root, and the system user postgres could not be created: ${(error as Error).message}`,
      );
    }
    log('PostgreSQL: created the system user postgres to run it (PostgreSQL refuses to run as root)');
    return ids();
  }
}

/** Whether the user can reach `target` (search every folder on the way, and `target` itself), as PostgreSQL will. */
function reaches(ids: { uid: number; gid: number }, target: string): boolean {
  return spawnSync('test', ['-x', target], { ...ids, stdio: 'ignore' }).status === 0;
}

/** The first folder on the way to `target` that the user cannot enter, to name it in messages. */
function blocker(ids: { uid: number; gid: number }, target: string): string {
  const parts = path.resolve(target).split(path.sep);
  for (let i = 2; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join(path.sep) || path.sep;
    if (!reaches(ids, dir)) return `it cannot enter ${dir}`;
  }
  return 'access denied';
}
