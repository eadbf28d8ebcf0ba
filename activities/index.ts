import type { Database } from '../db/database';
import type { InvoiceSnapshot } from '../workflows/messages';
import { withHeartbeats } from './heartbeats';
import { createInterruptedStepActivities } from './interrupted-step';
import { createLegalActivities } from './legal-activities';
import { createMailActivities, createStepMailer, MailSettings } from './mail-activities';
import { createMailDelivery } from './mail-delivery';
import { createNoticeActivities } from './notice-activities';
import { createProjectionActivities } from './projection-activities';
import { createTaskActivities, openSupportTask, TaskOwners } from './task-activities';

export interface ActivityDeps {
  db: Database;
  mail: MailSettings;
  /** Who picks up each kind of task; teams by default. */
  owners?: Partial<TaskOwners>;
  /** Where the legal team is told about a new legal file; the sender's own address by default. */
  legalTeam?: string;
}

/** The activities that send mail: they run on the mail task queue, whose workers share one sending rate. */
export const MAIL_ACTIVITY_NAMES = ['sendReminderEmail', 'sendFormalNotice', 'sendCustomerNotice'] as const;

/** Every side effect of the workflow, built over its dependencies; the worker registers the result. */
export function createActivities(deps: ActivityDeps) {
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
    onRejected: (context, reason) => fixContact(context.invoice, `step-${context.step.index}`, context.balance, reason),
  });
  return withHeartbeats({
    ...createMailActivities({ mailer }),
    ...createNoticeActivities({
      db,
      mail,
      delivery,
      onRejected: (input, reason) => fixContact(input.invoice, `notice:${input.key}`, input.balance, reason),
    }),
    ...createTaskActivities({ db, mail, now: mail.now, owners: deps.owners }),
    ...createLegalActivities({ db, mail, mailer, delivery, legalTeam: deps.legalTeam, owners: deps.owners }),
    ...createProjectionActivities(deps),
    ...createInterruptedStepActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;

/** Only the mail-sending activities, for the worker of the mail task queue. */
export function createMailQueueActivities(deps: ActivityDeps) {
  const all = createActivities(deps);
  return Object.fromEntries(MAIL_ACTIVITY_NAMES.map((name) => [name, all[name]])) as Pick<
    Activities,
    (typeof MAIL_ACTIVITY_NAMES)[number]
  >;
}

/** Everything but the mail-sending activities, for the worker of the workflow task queue. */
export function createMainQueueActivities(deps: ActivityDeps) {
  const all: Partial<Activities> = { ...createActivities(deps) };
  for (const name of MAIL_ACTIVITY_NAMES) delete all[name];
  return all as Omit<Activities, (typeof MAIL_ACTIVITY_NAMES)[number]>;
}
