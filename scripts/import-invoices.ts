import { readFile } from 'node:fs/promises';

/**
 * Imports invoices through `POST /v1/invoice-batches`, a thousand at a time, printing progress after each chunk.
 * Each chunk is idempotent (its batch id and every invoice id), so an interrupted import is simply run again.
 *
 *   RELANCE_API_URL=http://localhost:3000 RELANCE_API_KEY=<ops key> npx tsx scripts/import-invoices.ts invoices.json
 *   npx tsx scripts/import-invoices.ts --generate 10000     # synthetic invoices, for a demo or a load test
 *
 * The file holds a JSON array of invoices, or one invoice per line (NDJSON), each as `POST /v1/invoices` takes it.
 */

export interface ImportProgress {
  done: number;
  total: number;
  counts: Record<string, number>;
  elapsedMs: number;
}

export interface ImportOptions {
  baseUrl: string;
  apiKey: string;
  chunkSize?: number;
  /** Prefix of the batch ids; a rerun with the same prefix reruns the same batches. */
  importId?: string;
  onProgress?: (progress: ImportProgress) => void;
}

export async function importInvoices(invoices: unknown[], options: ImportOptions): Promise<ImportProgress> {
  const chunkSize = options.chunkSize ?? 1000;
  const importId =
    options.importId ??
    `import-${new Date()
      .toISOString()
      .replace(/[^0-9]/g, '')
      .slice(0, 14)}`;
  const counts: Record<string, number> = { created: 0, existing: 0, conflict: 0, invalid: 0, failed: 0 };
  const started = Date.now();
  let done = 0;
  for (let start = 0; start < invoices.length; start += chunkSize) {
    const chunk = invoices.slice(start, start + chunkSize);
    const response = await fetch(`${options.baseUrl}/v1/invoice-batches`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({ id: `${importId}-${start / chunkSize + 1}`, invoices: chunk }),
    });
    const body = (await response.json()) as { counts?: Record<string, number>; detail?: string };
    if (!response.ok || !body.counts) {
      throw new Error(`chunk starting at ${start} failed: ${response.status} ${body.detail ?? ''}`.trim());
    }
    for (const [status, n] of Object.entries(body.counts)) counts[status] = (counts[status] ?? 0) + n;
    done += chunk.length;
    options.onProgress?.({ done, total: invoices.length, counts: { ...counts }, elapsedMs: Date.now() - started });
  }
  return { done, total: invoices.length, counts, elapsedMs: Date.now() - started };
}

/** Plausible invoices for demos and benchmarks, due over the coming year so that nothing is sent at once. */
export function generateInvoices(count: number, prefix = `GEN-${Date.now().toString(36)}`): unknown[] {
  return Array.from({ length: count }, (_, i) => {
    const customer = i % 500;
    const due = new Date(Date.UTC(2099, 0, 1 + (i % 365))).toISOString().slice(0, 10);
    return {
      id: `${prefix}-${String(i).padStart(6, '0')}`,
      customer: {
        id: `C-${customer}`,
        name: `Client ${customer} SARL`,
        email: `compta+${customer}@client.test`,
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
        country: 'FR',
        address: { lines: [`${customer} avenue des Clients`], postcode: '75011', city: 'Paris', country: 'FR' },
      },
      amount: 10_000 + ((i * 7919) % 990_000),
      currency: 'EUR',
      issueDate: '2026-01-15',
      dueDate: due,
    };
  });
}

export function formatProgress(p: ImportProgress): string {
  const rate = p.elapsedMs > 0 ? Math.round((p.done / p.elapsedMs) * 1000) : 0;
  const percent = Math.round((p.done / p.total) * 100);
  const counts = Object.entries(p.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return `${p.done}/${p.total} (${percent}%) · ${counts || 'nothing yet'} · ${rate} invoices/s`;
}

async function readInvoices(file: string): Promise<unknown[]> {
  const text = (await readFile(file, 'utf8')).trim();
  if (text.startsWith('[')) return JSON.parse(text) as unknown[];
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

async function main(argv: string[]): Promise<void> {
  const apiKey = process.env.RELANCE_API_KEY;
  if (!apiKey) throw new Error('RELANCE_API_KEY: set it to an ops key');
  const baseUrl = (process.env.RELANCE_API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const generate = argv.indexOf('--generate');
  const invoices =
    generate >= 0 ? generateInvoices(Number(argv[generate + 1] ?? '10000')) : await readInvoices(argv[0] ?? '');
  console.log(`Importing ${invoices.length} invoices into ${baseUrl}`);
  const result = await importInvoices(invoices, {
    baseUrl,
    apiKey,
    onProgress: (progress) => console.log(formatProgress(progress)),
  });
  console.log(`Done in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  if (result.counts.invalid || result.counts.conflict || result.counts.failed) process.exitCode = 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
