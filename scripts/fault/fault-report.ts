import type { FaultReport, RoundReport } from './fault-scenario';

const MAX_LINES = 25;

/** The closing table of a run: the assertions with their counts and cases, then every figure measured. */
export function formatFaultReport(report: FaultReport): string {
  const out: string[] = [];
  for (const round of report.rounds) out.push(...formatRound(round));
  out.push('', 'processes (started / killed by the harness):');
  for (const p of report.processes) out.push(row(p.name, `${p.starts} / ${p.kills}`));
  out.push('', `processes that exited by themselves: ${report.unexpectedExits.length}`);
  for (const exit of report.unexpectedExits) {
    out.push(`  ${exit.name} at ${exit.at}: code ${exit.code}, signal ${exit.signal}: ${exit.cause}; last output:`);
    for (const line of exit.lastOutput.slice(-12)) out.push(`    | ${line.slice(0, 240)}`);
  }
  out.push('', `logs and data: ${report.workDir}`, report.ok ? 'FAULT TEST PASSED' : 'FAULT TEST FAILED');
  return out.join('\n');
}

function formatRound(round: RoundReport): string[] {
  const { verdict, wire, payments } = round;
  const out = ['', `── round ${round.round} ${'─'.repeat(60)}`];
  out.push('assertions:');
  for (const check of verdict.checks) {
    out.push(row(check.name, check.failures.length === 0 ? '0  ok' : `${check.failures.length}  FAIL`));
    for (const failure of check.failures.slice(0, MAX_LINES)) out.push(`    - ${failure}`);
    if (check.failures.length > MAX_LINES) out.push(`    … and ${check.failures.length - MAX_LINES} more`);
  }
  if (verdict.diagnoses.length > 0) {
    out.push('', 'workflows that failed or did not finish, from their histories:');
    for (const d of verdict.diagnoses.slice(0, MAX_LINES)) {
      out.push(`  ${d.workflowId} (${d.status}, run ${d.runId})`);
      if (d.failure) out.push(`    failure: ${d.failure}`);
      for (const a of d.activityFailures) out.push(`    activity: ${a}`);
      for (const t of d.workflowTaskFailures) out.push(`    workflow task failed: ${t}`);
      for (const p of d.pendingActivities) out.push(`    pending: ${p}`);
    }
  }
  out.push('', `same-Message-ID re-sends: ${verdict.figures['same-Message-ID re-sends'] ?? 0}`);
  for (const resend of verdict.resends.slice(0, MAX_LINES)) out.push(`    ${resend}`);
  if (verdict.unrecorded.length > 0)
    out.push(`mails received but absent from the proof trail: ${verdict.unrecorded.length}`);
  for (const mail of verdict.unrecorded.slice(0, MAX_LINES)) out.push(`    ${mail}`);

  const answered = payments.flatMap((p) => p.answers);
  const paymentFigures: Record<string, number> = {
    'payments reported': payments.length,
    'payments accepted (2xx)': payments.filter((p) => p.accepted).length,
    'payments refused (final 4xx or 202)': payments.filter((p) => !p.accepted && !p.unanswered).length,
    'payments without a definite answer': payments.filter((p) => p.unanswered).length,
    'deliveries (first, redelivered, repeated)': answered.length,
    'HTTP requests': wire.requests,
    'answers 503 retried': wire.retried503,
    'answers 429 retried': wire.retried429,
    'connection errors retried': wire.networkErrors,
    '5xx other than 503': wire.other5xx.length,
  };
  out.push('', 'figures:');
  for (const [name, value] of Object.entries({ ...paymentFigures, ...verdict.figures })) out.push(row(name, value));
  for (const p of payments.filter((p) => !p.accepted).slice(0, MAX_LINES)) {
    const answers = p.answers.map((a) => `${a.channel} ${a.status} ${a.detail ?? ''}`.trim()).join('; ');
    out.push(`    not accepted: ${p.payment.paymentId}: ${p.unanswered ?? answers}`);
  }
  const by5xx = new Map<string, number>();
  for (const e of wire.other5xx) {
    const key = `${e.status} ${e.method} ${e.path}: ${e.body}`;
    by5xx.set(key, (by5xx.get(key) ?? 0) + 1);
  }
  for (const [answer, times] of [...by5xx].slice(0, MAX_LINES)) out.push(`    ×${times} ${answer}`);
  out.push(
    row('settled after the faults (s)', round.settledInSeconds ?? 'not in time'),
    '',
    'faults injected:',
    ...round.faults.map((f) => `  ${f.at.slice(11, 19)} ${f.fault}`),
  );
  return out;
}

function row(name: string, value: string | number): string {
  return `  ${name.padEnd(52, '.')} ${value}`;
}
