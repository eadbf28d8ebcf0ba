import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { letterDocument } from '../../activities/letter-documents';
import { letterContext } from '../../activities/mail-facts';
import { computeLatePaymentAmounts } from '../../domain/late-payment';
import { PUBLISHED_RATE_TABLES } from '../../domain/rates/published-rate-tables';
import { rateTablesByName } from '../../domain/rates/rate-table';
import type { StatutoryAmounts } from '../../domain/statutory-amounts';
import type { LetterKind } from '../../templates/letter';
import type { InvoiceSnapshot } from '../../workflows/messages';
import {
  DEADLINE,
  deAmounts,
  frAmounts,
  gbAmounts,
  invoiceFor,
  longFrAmounts,
  mailSettings,
  NOTICE_AT,
} from './letter-fixtures';

/**
 * Renders sample letters to PDF and PNG (poppler's pdftoppm) for a person to look at:
 * `npx tsx test/templates/render-samples.ts [out-dir]` (default: the system's temp directory, `letters/`).
 */
const out = process.argv[2] ?? join(process.env.TMPDIR ?? '/tmp', 'letters');

const samples: { name: string; kind: LetterKind; invoice: InvoiceSnapshot; amounts?: StatutoryAmounts | null }[] = [
  { name: 'fr-formal-notice', kind: 'formal-notice', invoice: invoiceFor('FR'), amounts: frAmounts() },
  {
    name: 'fr-formal-notice-long',
    kind: 'formal-notice',
    invoice: invoiceFor('FR', { issueDate: '2019-03-01', dueDate: '2019-03-31', amount: 987_654 }),
    amounts: longFrAmounts(),
  },
  { name: 'de-formal-notice-en', kind: 'formal-notice', invoice: invoiceFor('DE'), amounts: deAmounts() },
  { name: 'gb-letter-before-claim', kind: 'formal-notice', invoice: invoiceFor('GB'), amounts: gbAmounts() },
  { name: 'fr-registered-reminder', kind: 'registered-reminder', invoice: invoiceFor('FR', { dueDate: '2026-02-01' }) },
  { name: 'de-registered-reminder', kind: 'registered-reminder', invoice: invoiceFor('DE') },
  { name: 'gb-registered-reminder', kind: 'registered-reminder', invoice: invoiceFor('GB') },
  // The same notices with amounts from the engine itself and the published rate tables, as the worker computes them.
  ...(['FR', 'DE', 'GB'] as const).map((law) => ({
    name: `${law.toLowerCase()}-formal-notice-engine`,
    kind: 'formal-notice' as const,
    invoice: invoiceFor(law),
    amounts: engineAmounts(invoiceFor(law)),
  })),
];

function engineAmounts(invoice: InvoiceSnapshot): StatutoryAmounts {
  return computeLatePaymentAmounts({
    governingLaw: invoice.governingLaw!,
    principal: { amount: invoice.amount, currency: invoice.currency },
    dueDate: invoice.dueDate,
    asOf: NOTICE_AT.toISOString().slice(0, 10),
    rates: rateTablesByName(PUBLISHED_RATE_TABLES),
  });
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  for (const sample of samples) {
    const balance = sample.amounts?.principal.amount ?? sample.invoice.amount;
    const notice = sample.kind === 'formal-notice' ? { amounts: sample.amounts, deadline: DEADLINE } : {};
    const context = letterContext(sample.invoice, balance, NOTICE_AT, mailSettings, notice);
    const document = await letterDocument('sample', sample.kind, sample.invoice, context, NOTICE_AT);
    const pdf = join(out, `${sample.name}.pdf`);
    writeFileSync(pdf, document.content);
    execFileSync('pdftoppm', ['-png', '-r', '80', pdf, join(out, sample.name)]);
    console.log(pdf);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
