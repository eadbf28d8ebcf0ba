import { mail, MailContext, MailTemplate } from './mail-context';

const signature = (c: MailContext) => `Kind regards,\n${c.creditorName}\n${c.contact}`;
const dayWord = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** English mail templates, with the same steps and tone as the French ones. */
export const englishMail: Record<string, MailTemplate> = {
  courtesy: (c) =>
    mail(
      `Invoice ${c.invoiceNumber} falls due on ${c.dueDate}`,
      [
        `Dear ${c.customerName},`,
        `This is a friendly reminder that invoice ${c.invoiceNumber} for ${c.amount} falls due on ${c.dueDate}.`,
        `If payment is already on its way, please disregard this message.`,
        `How to pay: ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
  'reminder-1': (c) =>
    mail(
      `Invoice ${c.invoiceNumber} is overdue`,
      [
        `Dear ${c.customerName},`,
        `According to our records, invoice ${c.invoiceNumber}, due on ${c.dueDate}, is still unpaid (${dayWord(c.daysLate)} overdue). The outstanding balance is ${c.balance}.`,
        `We would be grateful if you could settle it at your earliest convenience. If you have paid in the meantime, please disregard this message.`,
        `How to pay: ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
  'reminder-2': (c) =>
    mail(
      `Second reminder: invoice ${c.invoiceNumber} is ${dayWord(c.daysLate)} overdue`,
      [
        `Dear ${c.customerName},`,
        `Despite our previous reminder, invoice ${c.invoiceNumber}, due on ${c.dueDate}, remains unpaid. The outstanding balance is ${c.balance}.`,
        `Please settle it within eight days. Late payment entitles us to statutory interest and a fixed compensation for recovery costs.`,
        `If you dispute this invoice, simply reply to this message and tell us why.`,
        `How to pay: ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
  'formal-notice': (c) =>
    mail(
      `Formal notice to pay: invoice ${c.invoiceNumber}`,
      [
        `Dear Sir or Madam,`,
        `Despite our reminders, invoice ${c.invoiceNumber}, due on ${c.dueDate}, remains unpaid. We hereby formally request payment of ${c.notice?.total ?? c.balance} no later than ${c.notice?.deadline ?? ''}.`,
        `This amount comprises the outstanding principal (${c.balance}), statutory late-payment interest at ${c.notice?.ratePercent ?? ''} amounting to ${c.notice?.interest ?? ''}, and the fixed compensation for recovery costs of ${c.notice?.indemnity ?? ''}.`,
        `Failing payment by that date, we will ask the competent court for an enforceable judgment without further notice. If you dispute all or part of this claim, please tell us why before that date.`,
        `A copy of this notice is also sent to you by registered post.`,
        `How to pay: ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
};
