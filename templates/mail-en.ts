import { englishClaimText, englishNoticeBasis, englishReminderMention } from './claim-en';
import { answerOnline, instalmentLines, mail, MailContext, MailTemplate } from './mail-context';
import { lawFamily } from './notice-claim';
import { paymentInstructionsIn } from './payment-instructions';

const signature = (c: MailContext) => `Kind regards,\n${c.creditorName}\n${c.contact}`;
const dayWord = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const howToPay = (c: MailContext) =>
  `How to pay: ${paymentInstructionsIn('en', c.paymentInstructions)} (reference: ${c.invoiceNumber}).`;
/**
 * A caller that passes the flat figures without `claim`: no law to cite, so the figures alone, and nothing at all when
 * there is no rate (no statutory claim).
 */
const legacyClaim = ({ notice: n, balance }: MailContext) =>
  n && n.claim === undefined && n.ratePercent && n.ratePercent !== '—'
    ? `This amount comprises the outstanding principal (${balance}), statutory late-payment interest at ${n.ratePercent} amounting to ${n.interest}, and the fixed compensation for recovery costs of ${n.indemnity}.`
    : '';
const questions = (c: MailContext) => `Any question? Write to ${c.contact} or simply reply to this message.`;
const attached = (c: MailContext) => (c.attachments?.length ? `Attached: ${c.attachments.join(', ')}.` : '');

/** English mail templates, with the same steps and tone as the French ones. */
export const englishMail: Record<string, MailTemplate> = {
  courtesy: (c) =>
    mail(
      `Invoice ${c.invoiceNumber} falls due on ${c.dueDate}`,
      [
        `Dear ${c.customerName},`,
        `This is a friendly reminder that invoice ${c.invoiceNumber} for ${c.amount} falls due on ${c.dueDate}.`,
        `If payment is already on its way, please disregard this message.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
  'reminder-1': (c) =>
    mail(
      `Invoice ${c.invoiceNumber} is overdue`,
      [
        `Dear ${c.customerName},`,
        `According to our records, invoice ${c.invoiceNumber}, due on ${c.dueDate}, is still unpaid (${dayWord(c.daysLate)} overdue). The outstanding balance is ${c.balance}.`,
        `We would be grateful if you could settle it at your earliest convenience. If you have paid in the meantime, please disregard this message.`,
        attached(c),
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
  'reminder-2': (c) =>
    mail(
      `${c.firstContact ? 'Invoice' : 'Second reminder: invoice'} ${c.invoiceNumber} is ${dayWord(c.daysLate)} overdue`,
      [
        `Dear ${c.customerName},`,
        `${c.firstContact ? 'According to our records' : 'Despite our previous reminder'}, invoice ${c.invoiceNumber}, due on ${c.dueDate}, remains unpaid. The outstanding balance is ${c.balance}.`,
        `Please settle it within eight days.${englishReminderMention(c.governingLaw)}`,
        `If you dispute this invoice, simply reply to this message and tell us why.`,
        attached(c),
        howToPay(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
  'formal-notice': (c) => {
    const n = c.notice;
    const claim = n?.claim ?? null;
    return mail(
      `${lawFamily(claim?.governingLaw ?? c.governingLaw) === 'GB' ? 'Letter before claim' : 'Formal notice to pay'}: invoice ${c.invoiceNumber}`,
      [
        `Dear Sir or Madam,`,
        `${n?.firstContact ? 'According to our records' : 'Despite our reminders'}, invoice ${c.invoiceNumber}, due on ${c.dueDate}, remains unpaid. ${englishNoticeBasis(claim?.governingLaw ?? c.governingLaw)} We request payment of ${n?.total ?? c.balance} no later than ${n?.deadline ?? ''}.`,
        claim
          ? `This amount comprises the outstanding principal (${claim.principal}) and the interest accrued (${claim.interest})${claim.hasIndemnity ? `, with the ${lawFamily(claim.governingLaw) === 'GB' ? 'fixed sum' : 'fixed compensation for recovery costs'} (${claim.indemnity})` : ''}. ${englishClaimText(claim)}`
          : legacyClaim(c),
        `Failing payment by that date, we may ask the competent court for a judgment without further notice; this message is not a court order. If you dispute all or part of this claim, please tell us why before that date.`,
        `The notice is attached to this message; a copy is also sent to you by registered post.`,
        howToPay(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    );
  },
  'payment-thanks': (c) =>
    mail(
      `Thank you: payment received for invoice ${c.invoiceNumber}`,
      [
        `Dear ${c.customerName},`,
        `We have received your payment of ${c.payment?.amount ?? ''} on ${c.payment?.receivedOn ?? ''} for invoice ${c.invoiceNumber}. Thank you.`,
        c.payment?.settled ? `This invoice is now paid in full.` : `${c.balance} remains outstanding on this invoice.`,
        c.payment?.settled ? '' : howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
  'plan-confirmation': (c) =>
    mail(
      `Payment plan confirmed for invoice ${c.invoiceNumber}`,
      [
        `Dear ${c.customerName},`,
        `We confirm the payment plan agreed to settle the balance of ${c.plan?.total ?? c.balance} on invoice ${c.invoiceNumber}:`,
        instalmentLines(c.plan, (i) => `Instalment ${i.number}: ${i.amount} by ${i.dueDate}`),
        `As long as these instalments are paid, we suspend all reminders. An instalment still unpaid after the grace period ends this arrangement.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
  'instalment-reminder': (c) =>
    mail(
      `Instalment ${c.instalment?.number ?? ''} of your payment plan: invoice ${c.invoiceNumber}`,
      [
        `Dear ${c.customerName},`,
        `This is a reminder that instalment ${c.instalment?.number ?? ''} of ${c.instalment?.amount ?? ''} of your payment plan for invoice ${c.invoiceNumber} is due on ${c.instalment?.dueDate ?? ''}.`,
        `If payment is already on its way, please disregard this message.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
  'plan-broken': (c) =>
    mail(
      `Payment plan not kept: invoice ${c.invoiceNumber}`,
      [
        `Dear ${c.customerName},`,
        `Instalment ${c.instalment?.number ?? ''} of ${c.instalment?.amount ?? ''}, due on ${c.instalment?.dueDate ?? ''}, has not reached us despite the grace period. The payment plan agreed for invoice ${c.invoiceNumber} has therefore ended.`,
        `The balance of ${c.balance} is now due in full and our reminders resume. If you are facing a difficulty, please contact us straight away: we would rather find a solution together.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('en', c.selfServiceUrl),
    ),
};
