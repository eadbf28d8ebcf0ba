import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolveTemporalCli } from '../../dev/temporal-cli';

/**
 * Writes a workflow's history as the Temporal CLI shows it (`temporal workflow show --output json`), the format every
 * Temporal tool and `Worker.runReplayHistories` read.
 */
export async function exportHistory(address: string, workflowId: string, file: string): Promise<void> {
  const cli = await resolveTemporalCli();
  const json = execFileSync(
    cli.path,
    ['workflow', 'show', '--address', address, '--workflow-id', workflowId, '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  writeFileSync(file, `${JSON.stringify(JSON.parse(json), null, 2)}\n`);
}
