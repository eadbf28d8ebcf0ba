import { benchBatchImport } from './batch-import';
import { benchCustomerBatch } from './customer-batch';
import { benchMailWaves } from './mail-wave';

/** Runs every benchmark in turn; each prints its own figures, measured within this one run. */
async function main(): Promise<void> {
  await benchBatchImport();
  await benchMailWaves();
  await benchCustomerBatch(Number(process.env.BENCH_CUSTOMER_SIZE ?? 1_000));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
