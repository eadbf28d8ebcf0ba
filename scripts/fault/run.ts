import { faultOptions, LONG_SCENARIO, SHORT_SCENARIO } from './fault-options';
import { formatFaultReport } from './fault-report';
import { runFaultScenario } from './fault-scenario';

/**
 * `npx tsx scripts/fault/run.ts [--short] [--invoices=200 --rounds=3 …]`: the fault-injection test against the
 * production entry points (`npm run build` first). Exits 1 when an assertion fails.
 */
async function main(argv: string[]): Promise<void> {
  const started = Date.now();
  const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const options = faultOptions(argv.includes('--short') ? SHORT_SCENARIO : LONG_SCENARIO, argv, process.env, log);
  log(
    `fault test: ${options.invoices} invoices × ${options.rounds} round(s), seed ${options.seed}, dist ${options.distDir}`,
  );
  const report = await runFaultScenario(options);
  console.log(formatFaultReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
