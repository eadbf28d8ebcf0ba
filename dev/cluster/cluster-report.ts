import type { ClusterReport } from './cluster-scenario';

const MAX_LINES = 25;

/** The closing table of a run: start-up times, the figures, then every assertion with its cases. */
export function formatClusterReport(report: ClusterReport, elapsedSeconds: number): string {
  const out = ['', 'start-up:'];
  for (const part of report.startup) out.push(row(part.part, `${part.seconds.toFixed(1)} s`));
  const total = (parts: ClusterReport['startup']) => `${parts.reduce((sum, p) => sum + p.seconds, 0).toFixed(1)} s`;
  const obtaining = (part: string) => part.startsWith('npm run build') || part.startsWith('Temporal binaries');
  out.push(
    row('start-up, build and binaries excluded', total(report.startup.filter((p) => !obtaining(p.part)))),
    row('start-up, build and binaries included', total(report.startup)),
  );
  const accepted = report.payments.filter((p) => p.accepted).length;
  out.push(
    '',
    'figures:',
    row('invoices run', report.invoices),
    row('payments reported / accepted', `${report.payments.length} / ${accepted}`),
    row('kills (SIGKILL, not restarted)', report.kills.map((k) => k.process).join(', ') || 'none'),
    row(
      'mails received (of which mailed ladder steps)',
      `${report.figures.mailsReceived} (${report.figures.mailsExpected})`,
    ),
    row('lost (mails and accepted payments)', report.figures.lost),
    row('duplicated (mails)', report.figures.duplicated),
    row("same-Message-ID re-sends in a kill's 2 s window", report.resentAfterKill.length),
    ...report.resentAfterKill.map((line) => `    ${line}`),
    row('HTTP requests / connection errors retried', `${report.wire.requests} / ${report.wire.networkErrors}`),
    row('answers 503 / 429 retried', `${report.wire.retried503} / ${report.wire.retried429}`),
    row('settled after the last payment (s)', report.figures.settledInSeconds ?? 'not in time'),
    row('elapsed (s)', elapsedSeconds.toFixed(0)),
  );
  for (const [name, value] of Object.entries(report.verdict.figures)) out.push(row(name, value));
  out.push('', 'assertions:');
  for (const check of [...report.verdict.checks, ...report.checks]) {
    out.push(row(check.name, check.failures.length === 0 ? '0  ok' : `${check.failures.length}  FAIL`));
    for (const failure of check.failures.slice(0, MAX_LINES)) out.push(`    - ${failure}`);
    if (check.failures.length > MAX_LINES) out.push(`    … and ${check.failures.length - MAX_LINES} more`);
  }
  for (const d of report.verdict.diagnoses.slice(0, MAX_LINES)) {
    out.push(`  ${d.workflowId} (${d.status}): ${d.failure ?? ''}`);
    for (const line of [...d.activityFailures, ...d.workflowTaskFailures, ...d.pendingActivities]) {
      out.push(`    ${line}`);
    }
  }
  out.push('', 'processes (started / killed):');
  for (const p of report.processes) out.push(row(p.name, `${p.starts} / ${p.kills}`));
  out.push('', `logs: ${report.logDir}`, report.ok ? 'CLUSTER TEST PASSED' : 'CLUSTER TEST FAILED');
  return out.join('\n');
}

function row(name: string, value: string | number): string {
  return `  ${name.padEnd(52, '.')} ${value}`;
}
