import { generateInvoices, importInvoices } from '../scripts/import-invoices';
import { BENCH_KEY, startLocalApi } from './local-api';

/**
 * Invoices per second created through `POST /v1/invoice-batches` against one `POST /v1/invoices` per invoice (one
 * client in sequence, and eight clients at once), all measured in this one run on the same servers.
 */
export async function benchBatchImport(count = Number(process.env.BENCH_INVOICES ?? 2000)): Promise<void> {
  const api = await startLocalApi();
  try {
    const post = (invoice: unknown) =>
      fetch(`${api.baseUrl}/v1/invoices`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${BENCH_KEY}` },
        body: JSON.stringify(invoice),
      }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`POST /v1/invoices answered ${response.status}`);
      });

    // Warm-up: connections, the first workflow start, JIT.
    await importInvoices(generateInvoices(50, 'WARM-B'), { baseUrl: api.baseUrl, apiKey: BENCH_KEY });
    for (const invoice of generateInvoices(50, 'WARM-S')) await post(invoice);

    // The modes take turns, a slice each per round, so that a server slowing as workflows pile up weighs on all alike.
    const rounds = 4;
    const slice = Math.ceil(count / rounds);
    const seconds = { sequential: 0, parallel: 0, batch: 0 };
    const timed = async (mode: keyof typeof seconds, run: () => Promise<void>) => {
      const started = process.hrtime.bigint();
      await run();
      seconds[mode] += Number(process.hrtime.bigint() - started) / 1e9;
    };
    for (let round = 0; round < rounds; round++) {
      await timed('sequential', async () => {
        for (const invoice of generateInvoices(slice, `SEQ${round}`)) await post(invoice);
      });
      await timed('parallel', async () => {
        const queue = generateInvoices(slice, `PAR${round}`);
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let invoice = queue.shift(); invoice; invoice = queue.shift()) await post(invoice);
          }),
        );
      });
      await timed('batch', async () => {
        const invoices = generateInvoices(slice, `BAT${round}`);
        const result = await importInvoices(invoices, { baseUrl: api.baseUrl, apiKey: BENCH_KEY });
        if (result.counts.created !== slice) throw new Error(`batch created ${result.counts.created} of ${slice}`);
      });
    }
    const total = slice * rounds;
    const sequential = total / seconds.sequential;
    const parallel = total / seconds.parallel;
    const batch = total / seconds.batch;

    const row = (name: string, perSecond: number) =>
      `  ${name.padEnd(34)} ${perSecond.toFixed(0).padStart(6)} invoices/s   ×${(perSecond / sequential).toFixed(2)}`;
    console.log(
      `batch import, ${slice * rounds} invoices per mode in ${rounds} rounds (API over HTTP, PostgreSQL, Temporal dev server)`,
    );
    console.log(row('one by one, one client', sequential));
    console.log(row('one by one, eight clients', parallel));
    console.log(row('POST /v1/invoice-batches (1,000)', batch));
  } finally {
    await api.stop();
  }
}
