import { benchBatchImport } from './batch-import';
import { benchMailWaves } from './mail-wave';

/** Runs every benchmark in turn; each prints its own figures, measured within this one run. */
async function main(): Promise<void> {
  await benchBatchImport();
  await benchMailWaves();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
