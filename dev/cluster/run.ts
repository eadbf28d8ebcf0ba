import { rm } from 'node:fs/promises';
import { runCommand } from '../executables';
import { resolveTemporalServer } from '../temporal-server';
import { clusterRunOptions } from './cluster-options';
import { formatClusterReport } from './cluster-report';
import { runClusterScenario } from './cluster-scenario';

/**
 * `npm run cluster [-- --short] [--build] [--invoices=N …]`: the production topology on this machine — the Temporal
 * server on PostgreSQL, two workers and two API replicas from `dist/` — under traffic, with one worker and one API
 * replica killed mid-ladder. Exits 1 when a check fails.
 */
async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const options = clusterRunOptions(argv);
  const buildStarted = Date.now();
  if (options.build) {
    await runCommand('npm', ['run', 'build'], { log });
    log(`npm run build: ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);
  }
  const resolveStarted = Date.now();
  const binaries = await resolveTemporalServer({ log });
  const binariesSeconds = (Date.now() - resolveStarted) / 1000;
  log(`Temporal server: ${binaries.server.path} (${binaries.server.source})`);
  log(
    `temporal-sql-tool: ${binaries.sqlTool.path} (${binaries.sqlTool.source}); schemas ${binaries.postgresSchemaDir}`,
  );
  log(
    `cluster run: ${options.sizes.invoices} invoices, seed ${options.seed}, dist ${options.distDir}, work ${options.workDir}`,
  );
  const report = await runClusterScenario({ ...options.sizes, ...options, binaries, log });
  report.startup.unshift({
    part: `Temporal binaries (${binaries.server.source}/${binaries.sqlTool.source})`,
    seconds: binariesSeconds,
  });
  if (options.build) report.startup.unshift({ part: 'npm run build', seconds: (resolveStarted - buildStarted) / 1000 });
  console.log(formatClusterReport(report, (Date.now() - started) / 1000));
  if (report.ok && !options.keepWorkDir) {
    await rm(options.workDir, { recursive: true, force: true });
    console.log(`${options.workDir} removed (--work-dir=DIR keeps the logs and data of a run)`);
  }
  process.exitCode = report.ok ? 0 : 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
