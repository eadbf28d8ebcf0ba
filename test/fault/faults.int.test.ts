import { existsSync } from 'node:fs';
import path from 'node:path';
import { faultOptions, SHORT_SCENARIO } from '../../scripts/fault/fault-options';
import { formatFaultReport } from '../../scripts/fault/fault-report';
import { FaultReport, runFaultScenario } from '../../scripts/fault/fault-scenario';
import type { CheckId } from '../../scripts/fault/round-verdict';

const distDir = process.env.FAULT_DIST ?? path.join(__dirname, '..', '..', 'dist');

/**
 * The short fault scenario against `node dist/worker/main.js` ×2 and `node dist/api/main.js` (`npm run build` first):
 * workers SIGKILLed every ~8 s, the SMTP relay down 30 s, PostgreSQL stopped 20 s, the Temporal server SIGKILLed,
 * while invoices walk a ladder seconds apart and payments arrive by the API and by signed webhooks.
 */
describe('collection under faults', () => {
  let report: FaultReport;

  beforeAll(async () => {
    if (!existsSync(path.join(distDir, 'worker', 'main.js'))) throw new Error(`no build in ${distDir}: npm run build`);
    const log = (line: string) => process.stderr.write(`  [fault] ${line}\n`);
    report = await runFaultScenario({ ...faultOptions(SHORT_SCENARIO, [], process.env, log), distDir });
    process.stdout.write(`${formatFaultReport(report)}\n`);
  }, 15 * 60_000);

  it('keeps every process running but the ones it killed', () => {
    expect(report.unexpectedExits.map((e) => `${e.name} (exit ${e.code ?? e.signal}): ${e.cause}`)).toEqual([]);
  });

  it.each<[string, CheckId]>([
    ['fails no workflow', 'failed-workflows'],
    ['brings every invoice to its end: paid when fully paid, otherwise the legal file', 'stuck-invoices'],
    ['loses no accepted payment', 'lost-payments'],
    ['keeps the payer, the workflow and the database agreeing on every balance', 'wrong-balances'],
    ['never applies a payment its payer was told was refused or parked', 'contradicted-answers'],
    ['loses no mail the proof trail says was sent', 'lost-mails'],
    ['never sends a step twice under different Message-IDs', 'different-id-duplicates'],
  ])('%s', (_name, id) => {
    const failures = report.rounds.flatMap((round) => round.verdict.checks.find((c) => c.id === id)!.failures);
    expect(failures).toEqual([]);
  });
});
