import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** CI's run: 40 invoices, about two and a half minutes once the binaries are cached. */
export const SHORT_CLUSTER_RUN = { invoices: 40, spreadSeconds: 15, killAtSeconds: 18, settleSeconds: 150 };
/** The full run: 200 invoices. */
export const FULL_CLUSTER_RUN: typeof SHORT_CLUSTER_RUN = {
  invoices: 200,
  spreadSeconds: 40,
  killAtSeconds: 25,
  settleSeconds: 300,
};

export interface ClusterRunOptions {
  sizes: typeof SHORT_CLUSTER_RUN;
  distDir: string;
  workDir: string;
  /** A work directory named by `--work-dir` is kept; a temporary one is removed after a run that passed. */
  keepWorkDir: boolean;
  seed: number;
  /** Runs `npm run build` before starting. */
  build: boolean;
}

/** `--short`, `--build`, `--invoices=N`, `--spread-seconds=N`, `--kill-at-seconds=N`, `--settle-seconds=N`,
 * `--seed=N`, `--dist=DIR`, `--work-dir=DIR`. */
export function clusterRunOptions(argv: string[]): ClusterRunOptions {
  const flags = new Map(
    argv.map((arg) => {
      if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
      const [name, value] = arg.slice(2).split('=');
      return [name!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), value ?? 'true'] as const;
    }),
  );
  const sizes = { ...(flags.has('short') ? SHORT_CLUSTER_RUN : FULL_CLUSTER_RUN) };
  const known = new Set([...Object.keys(sizes), 'short', 'build', 'seed', 'dist', 'workDir']);
  const unknown = [...flags.keys()].filter((flag) => !known.has(flag));
  if (unknown.length > 0) throw new Error(`unknown flag(s): ${unknown.join(', ')}`);
  const number = (name: string, raw: string) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: '${raw}' is not a whole number`);
    return value;
  };
  for (const key of Object.keys(sizes) as (keyof typeof sizes)[]) {
    const raw = flags.get(key);
    if (raw !== undefined) sizes[key] = number(key, raw);
  }
  if (sizes.invoices === 0) throw new Error('--invoices: at least one');
  const workDir = flags.get('workDir') ?? mkdtempSync(path.join(tmpdir(), 'relance-cluster-'));
  return {
    sizes,
    distDir: path.resolve(flags.get('dist') ?? 'dist'),
    workDir: path.resolve(workDir),
    keepWorkDir: flags.has('workDir'),
    seed: flags.has('seed') ? number('seed', flags.get('seed')!) : Date.now() % 100_000,
    build: flags.has('build'),
  };
}
