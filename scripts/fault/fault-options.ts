import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FaultScenarioOptions } from './fault-scenario';

/** The CI scenario: a few dozen invoices, each fault once, a few minutes. */
export const SHORT_SCENARIO = {
  invoices: 24,
  rounds: 1,
  spreadSeconds: 15,
  killEverySeconds: 8,
  smtpAt: 3,
  smtpFor: 30,
  postgresAt: 38,
  postgresFor: 20,
  temporalAt: 66,
  temporalDown: 3,
  windowSeconds: 75,
  settleSeconds: 240,
};

/** The issue's scenario: 200 invoices, repeated rounds. */
export const LONG_SCENARIO: typeof SHORT_SCENARIO = {
  invoices: 200,
  rounds: 3,
  spreadSeconds: 60,
  killEverySeconds: 8,
  smtpAt: 10,
  smtpFor: 30,
  postgresAt: 50,
  postgresFor: 20,
  temporalAt: 85,
  temporalDown: 3,
  windowSeconds: 100,
  settleSeconds: 420,
};

type Sizes = typeof SHORT_SCENARIO;

/**
 * Sizes and durations from `--kebab-name=value` flags, then `FAULT_NAME` variables (e.g. `--invoices=50`,
 * `FAULT_SMTP_FOR=60`), over the chosen preset.
 */
export function faultOptions(
  preset: Sizes,
  argv: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): FaultScenarioOptions {
  const flags = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => [
        a
          .slice(2)
          .split('=')[0]!
          .replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
        a.split('=')[1] ?? 'true',
      ]),
  );
  const sizes = { ...preset };
  const known = new Set([...Object.keys(sizes), 'dist', 'workDir', 'seed', 'short']);
  const unknown = [...flags.keys()].filter((flag) => !known.has(flag));
  if (unknown.length > 0) throw new Error(`unknown flag(s): ${unknown.join(', ')}`);
  for (const key of Object.keys(sizes) as (keyof Sizes)[]) {
    const envName = `FAULT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    const raw = flags.get(key) ?? env[envName];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${envName}: '${raw}' is not a number`);
    sizes[key] = value;
  }
  const cwd = process.cwd();
  const distDir = path.resolve(flags.get('dist') ?? env.FAULT_DIST ?? path.join(cwd, 'dist'));
  const workDir = flags.get('workDir') ?? env.FAULT_WORK_DIR ?? mkdtempSync(path.join(tmpdir(), 'relance-fault-'));
  return {
    distDir,
    workDir: path.resolve(workDir),
    invoices: sizes.invoices,
    rounds: sizes.rounds,
    spreadSeconds: sizes.spreadSeconds,
    leadSeconds: 10 + Math.ceil(sizes.invoices / 20),
    faults: {
      workerKillEverySeconds: sizes.killEverySeconds,
      smtpOutage: { atSeconds: sizes.smtpAt, forSeconds: sizes.smtpFor },
      postgresOutage: { atSeconds: sizes.postgresAt, forSeconds: sizes.postgresFor },
      temporalRestart: { atSeconds: sizes.temporalAt, downSeconds: sizes.temporalDown },
      windowSeconds: sizes.windowSeconds,
    },
    settleSeconds: sizes.settleSeconds,
    mailRatePerSecond: 50,
    seed: Number(flags.get('seed') ?? env.FAULT_SEED ?? Date.now() % 100_000),
    log,
  };
}
