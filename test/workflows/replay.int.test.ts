import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { parsePayloadKeys } from '../../config/load-config';
import { payloadDataConverter } from '../../config/payload-codec';
import { requiredEnv } from '../support/test-database';

/**
 * Every recorded lifecycle under test/histories replays against today's workflow code: a change that would break an
 * invoice already running (a reordered command, a removed timer) fails here, before it reaches a worker.
 */
describe('recorded histories replay against the current workflow code', () => {
  const dir = join(__dirname, '..', 'histories');
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

  it('has the lifecycles the product promises to keep replaying', () => {
    expect(files.sort()).toEqual([
      // An approval rejected, asked again once resumed, given; the legal file then closed settled.
      'approval-rejected-then-approved.json',
      // Recorded before a formal notice was required ahead of the legal file: replays through the patch.
      // A backlog's catch-up waiting for its send slot (recorded before its slot came, then terminated).
      'backlog-catch-up-at-send-slot.json',
      'backlog-legal-file-at-once.json',
      // A reminder bounced after the fact (mail event), re-sent once the e-mail was corrected, then written off.
      'bounce-then-resend.json',
      // Two invoices of one customer due together: one e-mail listing both (generation 2026-12b), then one phone task.
      'consolidated-reminder.json',
      // The customer's own workflow for them: the batch gathered for its window, sent, each invoice answered.
      'customer-collection.json',
      // A debtor's promise through the self-service link of a real reminder (update `debtorAnswer`): stage promise_to_pay.
      'debtor-promise-online.json',
      'dispute-then-plan.json',
      // The ladder now, every change decided by the one generation marker; the legal file stays open until it closes settled.
      'full-ladder-to-settlement.json',
      // Recorded when the legal file ended collection (handed_to_legal): replays through 'legal-file-stays-open'.
      'full-ladder.json',
      // A part-payment after the legal file opened, then the rest: paid, the file closed with it.
      'legal-file-then-paid.json',
      // A letter blocked for want of an address, posted once the contact had one; the notice blocked on a rate table.
      'letter-blocked-then-posted.json',
      // A payment stopped a reminder whose attempt was then lost: settled from the outbox, sent or not.
      'lost-attempt-had-not-sent.json',
      'lost-attempt-had-sent.json',
      // A formal notice returned "address unknown" holds the legal file until re-sent to a corrected address.
      'notice-returned-then-resent.json',
      'paid-after-two-reminders.json',
      'paid-before-due.json',
    ]);
  });

  // Recorded in clear: a worker with PAYLOAD_ENCRYPTION_KEYS set reads them as they are, so switching encryption on
  // never breaks an invoice already running.
  it.each([
    ['without payload encryption', undefined],
    ['with payload encryption on', payloadDataConverter(parsePayloadKeys(`k1:${randomBytes(32).toString('base64')}`))],
  ])('replays each of them without nondeterminism, %s', async (_name, dataConverter) => {
    const histories = files.map((name) => ({
      workflowId: name.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown,
    }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: requiredEnv('RELANCE_WORKFLOW_BUNDLE') }, dataConverter },
      histories,
    )) {
      results.push({ workflowId: result.workflowId, error: result.error?.message ?? null });
    }
    expect(results).toEqual(histories.map((h) => ({ workflowId: h.workflowId, error: null })));
  });
});
