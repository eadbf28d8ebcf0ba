import { randomUUID } from 'node:crypto';
import { startInvoiceWorkflow } from '../api/temporal/invoice-workflow-client';
import { parseDunningPolicy } from '../domain/dunning-policy';
import { withWorkerStack } from './worker-stack';

/** One e-mail at the due moment, then nothing for a day (a call): each invoice of the wave sends exactly one message. */
const ONE_MAIL = parseDunningPolicy({
  id: 'wave',
  version: 1,
  name: 'Month-end wave',
  calendar: null,
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'P1D', action: 'phone_task' },
  ],
});

/**
 * A month-end wave: `count` invoices fall due at the same second while the mail queue is limited to `rate` per
 * second across workers. Prints the configured and achieved rates (their ratio), and checks that every invoice got
 * exactly one message: the wave drains at the limit, durably queued in Temporal, without loss or duplicates.
 */
export async function benchMailWave(count: number, rate: number): Promise<void> {
  await withWorkerStack({ mailRatePerSecond: rate }, async ({ client, sink, taskQueue }) => {
    const due = new Date(Date.now() + 5_000).toISOString();
    for (let i = 0; i < count; i++) {
      await startInvoiceWorkflow(
        client,
        {
          id: `W-${i}-${randomUUID().slice(0, 6)}`,
          customer: {
            id: `C-${i}`,
            name: `Client ${i}`,
            email: `client-${i}@wave.test`,
            locale: 'fr-FR',
            timezone: 'Europe/Paris',
            country: 'FR',
          },
          amount: 10_000 + i,
          currency: 'EUR',
          issueDate: '2026-10-01',
          dueDate: due,
        },
        ONE_MAIL,
        taskQueue,
      );
    }
    const startedAt = Math.max(Date.now(), Date.parse(due));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(due) - Date.now())));
    let delivered = 0;
    while (delivered < count) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      delivered = sink.messages().length;
      if (Date.now() - startedAt > (count / rate) * 1000 * 4 + 60_000) break;
    }
    const seconds = (Date.now() - startedAt) / 1000;
    const messages = sink.messages();
    const recipients = new Set(messages.flatMap((m) => m.to));
    const messageIds = new Set(messages.map((m) => m.messageId));
    const achieved = messages.length / seconds;
    const arrivals = messages.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
    const steady = (arrivals.length - 1) / ((arrivals[arrivals.length - 1]! - arrivals[0]!) / 1000);
    console.log(
      [
        `mail wave: ${count} invoices due at once, mail queue limited to ${rate}/s`,
        `  delivered ${messages.length} messages to ${recipients.size} recipients (${messageIds.size} distinct Message-IDs) in ${seconds.toFixed(1)} s`,
        `  achieved ${achieved.toFixed(1)}/s from the due moment = ${(achieved / rate).toFixed(2)} × the configured limit`,
        `  between the first and the last message ${steady.toFixed(1)}/s = ${(steady / rate).toFixed(2)} × the limit`,
        `  lost ${count - recipients.size}, duplicated ${messages.length - messageIds.size}`,
      ].join('\n'),
    );
  });
}

/** The limit binding (a low rate), then the machine's own ceiling (a limit far above it), in one run. */
export async function benchMailWaves(): Promise<void> {
  await benchMailWave(Number(process.env.BENCH_WAVE_SIZE ?? 100), 5);
  await benchMailWave(Number(process.env.BENCH_WAVE_SIZE ?? 300), 1_000);
}

if (require.main === module) {
  benchMailWaves().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
