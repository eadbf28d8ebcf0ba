import type { createActivities } from '../../activities';
import type { CustomerNoticeInput, ProjectionInput, SupportTaskInput } from '../../activities/contracts';
import type { StepContext } from '../../activities/contracts';
import { checkNotice } from '../../activities/notice-activities';
import type { TrailEvent } from '../../workflows/read-model';

type Activities = ReturnType<typeof createActivities>;

export interface ActivityCall {
  name: keyof Activities;
  stepIndex?: number;
  template?: string;
  balance?: number;
  key?: string;
  at: number;
}

/**
 * In-memory activities with the real signatures (a renamed activity breaks these tests at compile time). They record
 * each side effect with the time the workflow asked for it, which is what the schedule tests check, and the proof-trail
 * events the workflow projected. `refuse` makes a template's sends fail permanently, like a hard bounce.
 */
export function createFakeActivities(
  clock: () => number = Date.now,
  refuse: { templates: string[] } = { templates: [] },
) {
  const calls: ActivityCall[] = [];
  const events: TrailEvent[] = [];
  const projections: ProjectionInput[] = [];
  const rejected = async (template: string) => {
    if (refuse.templates.includes(template)) {
      const { ApplicationFailure } = await import('@temporalio/common');
      throw ApplicationFailure.create({
        type: 'MailRejected',
        message: '550 5.1.1 mailbox unavailable',
        nonRetryable: true,
      });
    }
  };
  const step = (name: keyof Activities) => async (context: StepContext) => {
    calls.push({
      name,
      stepIndex: context.step.index,
      template: context.step.template,
      balance: context.balance,
      at: clock(),
    });
    await rejected(context.step.template);
    return {
      messageId: `<${context.step.index}@fake>`,
      recipient: 'x',
      sentAt: new Date(clock()).toISOString(),
      alreadySent: false,
      taskId: 't',
      created: true,
      amounts: null,
      legalFileId: 'lf',
      route: 'injonction_de_payer',
    };
  };
  const activities: Record<keyof Activities, (...args: never[]) => Promise<unknown>> = {
    sendReminderEmail: step('sendReminderEmail'),
    createPhoneTask: step('createPhoneTask'),
    queueRegisteredLetter: step('queueRegisteredLetter'),
    sendFormalNotice: step('sendFormalNotice'),
    openLegalFile: step('openLegalFile'),
    async sendCustomerNotice(input: CustomerNoticeInput) {
      checkNotice(input); // the real contract: a notice the real activity would refuse fails here too
      calls.push({
        name: 'sendCustomerNotice',
        template: input.template,
        key: input.key,
        balance: input.balance,
        at: clock(),
      });
      await rejected(input.template);
      return {
        messageId: `<${input.key}@fake>`,
        recipient: 'x',
        sentAt: new Date(clock()).toISOString(),
        alreadySent: false,
      };
    },
    async createSupportTask(input: SupportTaskInput) {
      calls.push({ name: 'createSupportTask', template: input.kind, key: input.key, at: clock() });
      return { taskId: input.key, created: true };
    },
    closeInvoiceTasks: async () => 0,
    async closeLegalFileRecord(input: { legalFileId: string; outcome: string }) {
      calls.push({ name: 'closeLegalFileRecord', template: input.outcome, key: input.legalFileId, at: clock() });
    },
    async reopenLegalFileRecord(input: { legalFileId: string; paymentId: string }) {
      calls.push({ name: 'reopenLegalFileRecord', template: input.paymentId, key: input.legalFileId, at: clock() });
    },
    /** A stopped step took place when its activity was called (the fakes have no relay to die halfway through). */
    async settleInterruptedStep(context: StepContext) {
      const tookPlace = calls.some((c) => c.stepIndex === context.step.index && c.name !== 'settleInterruptedStep');
      calls.push({ name: 'settleInterruptedStep', stepIndex: context.step.index, at: clock() });
      return { tookPlace };
    },
    /** Invoices of the fakes have no other invoice at their customer: each step writes alone. */
    joinCustomerBatch: async () => ({ kind: 'alone' }),
    ...fakeCustomerActivities(calls, clock),
    async projectInvoiceState(input: ProjectionInput) {
      projections.push(input);
      for (const event of input.events) if (!events.some((e) => e.seq === event.seq)) events.push(event);
    },
  };
  return { activities: activities as unknown as Activities, calls, events, projections };
}

/** The customer workflow's side effects, recorded; every customer has no open invoice to tell. */
function fakeCustomerActivities(calls: ActivityCall[], clock: () => number) {
  const record = (name: keyof Activities) => calls.push({ name, at: clock() });
  const empty = (currency = 'EUR') => ({ paymentId: '', currency, shares: [], credit: 0 });
  return {
    sendConsolidatedReminder: async (_customerId: string, requests: { invoiceId: string }[]) => {
      record('sendConsolidatedReminder');
      return { messageId: '<batch@fake>', invoiceIds: requests.map((r) => r.invoiceId), left: [] };
    },
    recordCustomerHold: async () => (
      record('recordCustomerHold'),
      { since: new Date(clock()).toISOString(), invoiceIds: [] }
    ),
    recordCustomerHoldLifted: async () => (record('recordCustomerHoldLifted'), { invoiceIds: [] }),
    recordInsolvencyOpened: async () => {
      throw new Error('the fakes do not open insolvency procedures');
    },
    recordInsolvencyClosed: async () => (record('recordInsolvencyClosed'), { invoiceIds: [] }),
    allocateCustomerPayment: async () => (record('allocateCustomerPayment'), empty()),
    reverseCustomerPayment: async () => (record('reverseCustomerPayment'), empty()),
    applyCustomerCredit: async () => (record('applyCustomerCredit'), []),
    signalInvoices: async () => (record('signalInvoices'), { delivered: 0 }),
  };
}
