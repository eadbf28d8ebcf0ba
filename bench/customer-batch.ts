import { randomUUID } from 'node:crypto';
import { startInvoiceWorkflow } from '../api/temporal/invoice-workflow-client';
import { insertInvoice } from '../db/invoices';
import { parseDunningPolicy } from '../domain/dunning-policy';
import type { InvoiceSnapshot } from '../workflows/messages';
import { customerWorkflowId } from '../workflows/routing';
import { withWorkerStack } from './worker-stack';

/** One reminder at the due moment, then nothing for a day (a call); a customer's reminders gather for ten seconds. */
const ONE_REMINDER = parseDunningPolicy({
  id: 'customer-batch',
  version: 1,
  name: 'One customer, many invoices',
  calendar: null,
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  consolidationWindow: 'PT10S',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'P1D', action: 'phone_task' },
  ],
});

/**
 * `count` invoices of ONE customer fall due at the same second, on the production workers. Prints how long after the
 * due moment the customer's one e-mail reached the relay (the consolidation delay: the window, then the e-mail), how
 * many messages the customer received, how many proof-trail rows cite its Message-ID, and the customer workflow's
 * history length.
 */
export async function benchCustomerBatch(count: number): Promise<void> {
  await withWorkerStack({ mailRatePerSecond: 100 }, async ({ db, client, sink, taskQueue }) => {
    const customerId = `C-${randomUUID().slice(0, 6)}`;
    const due = new Date(Date.now() + Math.max(10_000, count * 25)).toISOString();
    const invoices: InvoiceSnapshot[] = Array.from({ length: count }, (_, i) => ({
      id: `B-${i}-${randomUUID().slice(0, 6)}`,
      customer: {
        id: customerId,
        name: 'Fromagerie Martin',
        email: 'compta@fromagerie-martin.test',
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
        country: 'FR',
      },
      amount: 10_000 + i,
      currency: 'EUR',
      issueDate: '2026-10-01',
      dueDate: due,
    }));
    for (const invoice of invoices) {
      await insertInvoice(db, {
        id: invoice.id,
        customerId,
        customer: { ...invoice.customer },
        amount: invoice.amount,
        currency: invoice.currency,
        issueDate: invoice.issueDate,
        dueDate: due,
        dueAt: due,
        policyId: ONE_REMINDER.id,
        policyVersion: ONE_REMINDER.version,
        requestHash: invoice.id,
      });
      await startInvoiceWorkflow(client, invoice, ONE_REMINDER, taskQueue);
    }
    const dueAt = Date.parse(due);
    const deadline = dueAt + 120_000 + count * 200;
    let answered = 0;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [row] = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM communications WHERE invoice_id = ANY($1) AND kind = 'step:email' AND result = 'sent'`,
        [invoices.map((i) => i.id)],
      );
      answered = Number(row!.n);
      if (answered === count && sink.messages().length > 0) break;
    }
    const messages = sink.messages();
    const first = messages[0];
    const cited = await db.query<{ message_id: string; n: string }>(
      `SELECT message_id, count(*) AS n FROM communications
        WHERE invoice_id = ANY($1) AND kind = 'step:email' GROUP BY message_id`,
      [invoices.map((i) => i.id)],
    );
    const history = await client.workflow.getHandle(customerWorkflowId(customerId)).fetchHistory();
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      [
        `customer batch: ${count} invoices of one customer due at the same second, window PT10S`,
        `  the customer received ${messages.length} message(s); the first ${first ? seconds(Date.parse(first.receivedAt) - dueAt) : '—'} after the due moment, with ${first?.attachments.length ?? 0} attachments`,
        `  every invoice's step answered ${seconds(Date.now() - dueAt)} after the due moment (${answered}/${count} rows sent)`,
        `  proof-trail rows per Message-ID: ${cited.map((c) => c.n).join(', ')}`,
        `  customer workflow: ${history.events?.length ?? 0} history events`,
      ].join('\n'),
    );
  });
}

if (require.main === module) {
  (async () => {
    for (const size of (process.env.BENCH_CUSTOMER_SIZES ?? '10,1000').split(',')) {
      await benchCustomerBatch(Number(size));
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
