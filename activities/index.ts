import type { Client } from '@temporalio/client';
import type { SelfServiceConfig } from '../config/load-config';
import type { Database } from '../db/database';
import type { InvoiceSnapshot } from '../workflows/messages';
import { createCustomerActivities } from './customer-activities';
import { createCustomerMailActivities } from './customer-mail';
import { withHeartbeats } from './heartbeats';
import { createInterruptedStepActivities } from './interrupted-step';
import { createLegalActivities } from './legal-activities';
import type { MailSettings } from './contracts';
import { counted, createMailActivities, createStepMailer } from './mail-activities';
import { createMailDelivery } from './mail-delivery';
import { createNoticeActivities } from './notice-activities';
import { createProjectionActivities } from './projection-activities';
import { openSupportTask, TaskOwners } from './support-tasks';
import { createTaskActivities } from './task-activities';

export interface ActivityDeps {
  db: Database;
  mail: MailSettings;
  /** Who picks up each kind of task; teams by default. */
  owners?: Partial<TaskOwners>;
  /** Where the legal team is told about a new legal file; the sender's own address by default. */
  legalTeam?: string;
  /** ISO 3166-1 alpha-2: the law of invoices created before their governing law was recorded. */
  creditorCountry?: string;
  /**
   * A client on the workers' own connection: the customer workflow tells its invoices through it, and an invoice joins
   * its customer's batch. Required by the customer activities only.
   */
  temporal?: Client;
  /** The workflow task queue, where customer workflows are started. */
  taskQueue?: string;
  /** The debtor's self-service page: every customer e-mail and letter carries its link; without a secret, none does. */
  selfService?: SelfServiceConfig;
}

/**
 * The activities that send mail, for the workers of the mail task queue, whose workers share one sending rate. The
 * workflow proxies exactly this type on that queue, so an activity of the other queue cannot be called there.
 */
export function createMailQueueActivities(given: ActivityDeps) {
  const deps = withSelfService(given);
  const { db, mail } = deps;
  const { delivery, mailer, fixContact } = mailing(deps);
  const { sendFormalNotice } = createLegalActivities({
    db,
    mail,
    mailer,
    delivery,
    owners: deps.owners,
    creditorCountry: deps.creditorCountry,
  });
  return withHeartbeats({
    ...createMailActivities({ mailer }),
    ...createCustomerMailActivities({ ...deps, delivery }),
    sendFormalNotice,
    ...createNoticeActivities({
      db,
      mail,
      delivery,
      onRejected: (input, reason) => fixContact(input.invoice, `notice:${input.key}`, input.balance, reason),
    }),
  });
}

/** The activities of the workflow task queue: tasks for people, the legal file, and the workflow's local activities. */
export function createMainQueueActivities(given: ActivityDeps) {
  const deps = withSelfService(given);
  const { db, mail } = deps;
  const { delivery, mailer } = mailing(deps);
  const { openLegalFile, closeLegalFileRecord, reopenLegalFileRecord } = createLegalActivities({
    db,
    mail,
    mailer,
    delivery,
    legalTeam: deps.legalTeam,
    owners: deps.owners,
    creditorCountry: deps.creditorCountry,
  });
  const { createPhoneTask, queueRegisteredLetter, createSupportTask } = createTaskActivities({
    db,
    mail,
    now: mail.now,
    owners: deps.owners,
  });
  return {
    ...withHeartbeats({
      createPhoneTask,
      queueRegisteredLetter,
      createSupportTask,
      openLegalFile,
      closeLegalFileRecord,
      reopenLegalFileRecord,
      ...customerQueueActivities(deps),
    }),
    ...createLocalActivities(deps),
  };
}

/** Run by the workflow worker itself, beside the workflow task: projections, closing tasks, settling a stopped step. */
export function createLocalActivities(deps: ActivityDeps) {
  const { closeInvoiceTasks } = createTaskActivities({ db: deps.db, mail: deps.mail, now: deps.mail.now });
  const { joinCustomerBatch } = createCustomerActivities(deps);
  return {
    ...createProjectionActivities(deps),
    ...createInterruptedStepActivities(deps),
    closeInvoiceTasks,
    joinCustomerBatch,
  };
}

/** The customer workflow's activities on the workflow task queue (its join is the invoice's local activity). */
function customerQueueActivities(deps: ActivityDeps) {
  const { joinCustomerBatch: _local, ...activities } = createCustomerActivities(deps);
  return activities;
}

/** Every side effect of the workflow, both queues together: for tests that call activities directly. */
export function createActivities(deps: ActivityDeps) {
  return { ...createMailQueueActivities(deps), ...createMainQueueActivities(deps) };
}

export type MailQueueActivities = ReturnType<typeof createMailQueueActivities>;
export type MainQueueActivities = Omit<ReturnType<typeof createMainQueueActivities>, keyof LocalActivities>;
export type LocalActivities = ReturnType<typeof createLocalActivities>;
export type Activities = ReturnType<typeof createActivities>;

/**
 * The mail settings every activity is given carry the self-service page, so that whatever renders a customer's mail or
 * letter (`mailContext`, `letterContext` in mail-facts.ts) writes its link.
 */
function withSelfService(deps: ActivityDeps): ActivityDeps {
  return deps.selfService ? { ...deps, mail: { ...deps.mail, selfService: deps.selfService } } : deps;
}

/** What sending mail needs on either queue: the outbox delivery and the step mailer, with who is told when it fails. */
function mailing(deps: ActivityDeps) {
  const { db, mail } = deps;
  const now = mail.now ?? (() => new Date());
  const delivery = createMailDelivery({
    db,
    mail,
    async onStalled(request, reason, since) {
      // An alert in the worker's log for whoever watches it, and a task for the support team that stays until done.
      console.error(`ALERT mail ${request.recordId} has failed since ${since}: ${reason}`);
      await openSupportTask(
        db,
        {
          invoice: request.invoice,
          key: `mail-relay:${request.recordId}`,
          kind: 'mail_relay',
          reason: `the mail relay has not taken « ${request.template} » since ${since}: ${reason}`,
          detail: { recordId: request.recordId, messageId: request.messageId, since },
        },
        now(),
      );
    },
  });
  // A mailbox that refuses our mail will not start accepting it: a person must fix the contact.
  const fixContact = (invoice: InvoiceSnapshot, key: string, balance: number, reason: string) =>
    openSupportTask(db, { invoice, key: `mail:${key}`, kind: 'fix_contact', reason, balance }, now()).then(
      () => undefined,
    );
  const mailer = createStepMailer({
    db,
    mail,
    delivery,
    onRejected: (context, reason) =>
      fixContact(
        context.invoice,
        `step-${context.step.index}${counted(':resend-', context.resend)}`,
        context.balance,
        reason,
      ),
  });
  return { delivery, mailer, fixContact };
}
