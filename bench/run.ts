import { benchBatchImport } from './batch-import';

/** Runs every benchmark in turn; each prints its own figures, measured within this one run. */
async function main(): Promise<void> {
  await benchBatchImport();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
