import type { createActivities } from '../../activities';
import type { StepContext } from '../../activities/mail-activities';

type Activities = ReturnType<typeof createActivities>;

export interface ActivityCall {
  name: keyof Activities;
  stepIndex?: number;
  template?: string;
  balance?: number;
  at: number;
}

/**
 * In-memory activities with the real signatures (a renamed activity breaks these tests at compile time). They record
 * each side effect with the time the workflow asked for it, which is what the schedule tests check.
 */
export function createFakeActivities(clock: () => number = Date.now) {
  const calls: ActivityCall[] = [];
  const step = (name: keyof Activities) => async (context: StepContext) => {
    calls.push({
      name,
      stepIndex: context.step.index,
      template: context.step.template,
      balance: context.balance,
      at: clock(),
    });
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
  const activities: Activities = {
    sendReminderEmail: step('sendReminderEmail') as Activities['sendReminderEmail'],
    createPhoneTask: step('createPhoneTask') as Activities['createPhoneTask'],
    queueRegisteredLetter: step('queueRegisteredLetter') as Activities['queueRegisteredLetter'],
    sendFormalNotice: step('sendFormalNotice') as Activities['sendFormalNotice'],
    openLegalFile: step('openLegalFile') as Activities['openLegalFile'],
    closeInvoiceTasks: async () => 0,
    projectInvoiceState: async () => undefined,
  };
  return { activities, calls };
}
