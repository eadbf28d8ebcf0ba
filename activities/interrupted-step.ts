import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../domain/failure-types';
import { appendCommunication, findCommunication } from '../db/communications';
import type { Database } from '../db/database';
import { lockOutboxMail, withdrawMailIntent } from '../db/mail-outbox';
import type { StepContext } from './contracts';
import { contextRecordId } from './mail-activities';

export interface InterruptedStep {
  /** True when the step left an effect behind (a mail the relay accepted, a task, a file): it must be finished. */
  tookPlace: boolean;
}

export function createInterruptedStepActivities(deps: { db: Database }) {
  const { db } = deps;
  return {
    /**
     * A step stopped by a payment, a dispute or a hold while its activity may have been running, possibly on a worker
     * that died: decides from what the step left behind whether it took place. A mail the relay accepted, or a task or
     * a file on the proof trail, means it did (the workflow then finishes it, which only completes the proof trail);
     * otherwise its pending mail is withdrawn, under the same claim as a send, so no attempt can still hand it over.
     */
    async settleInterruptedStep(context: StepContext): Promise<InterruptedStep> {
      const recordId = contextRecordId(context);
      return db.withTransaction(async (tx) => {
        if (!(await lockOutboxMail(tx, recordId))) {
          throw ApplicationFailure.retryable(`an attempt is still sending mail ${recordId}`, FailureType.MailInFlight);
        }
        // A formal notice's letter task alone does not make it issued: closing the invoice closes that task too.
        if (await findCommunication(tx, recordId)) return { tookPlace: true };
        const mail = await withdrawMailIntent(tx, recordId);
        if (mail?.status === 'withdrawn' && mail.attempts > 0) {
          // An attempt talked to the relay and died before recording its answer: the mail may have been delivered.
          // The proof trail says so, with its Message-ID, rather than staying silent about a mail the debtor may hold.
          await appendCommunication(tx, {
            id: `${recordId}:unconfirmed-${mail.attempts}`,
            invoiceId: context.invoice.id,
            channel: 'email',
            kind: `step:${context.step.action}`,
            recipient: mail.recipient,
            template: mail.template,
            messageId: mail.messageId,
            result: 'unconfirmed',
            detail: {
              reason:
                'the step was stopped after an attempt died in the SMTP conversation; the relay may have taken it',
              attempts: mail.attempts,
              lastError: mail.lastError,
            },
            occurredAt: new Date().toISOString(),
          });
        }
        return { tookPlace: mail !== undefined && mail.status !== 'withdrawn' };
      });
    },
  };
}
