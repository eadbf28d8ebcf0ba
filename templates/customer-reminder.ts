import { frenchReminderMention } from './claim-fr';
import { englishReminderMention } from './claim-en';
import { answerOnline, escapeHtml, linkLine, RenderedMail } from './mail-context';
import { paymentInstructionsIn } from './payment-instructions';

/** One invoice of the customer's e-mail, formatted for the customer's locale and currency. */
export interface CustomerReminderLine {
  invoiceNumber: string;
  dueDate: string;
  balance: string;
  /** 0 while the invoice is not yet due (a courtesy note that fell in the same window). */
  daysLate: number;
}

/** What the customer's one e-mail about several invoices receives: strings already formatted. */
export interface CustomerReminderContext {
  customerName: string;
  invoices: CustomerReminderLine[];
  /** The outstanding total, one entry per currency. */
  totals: string[];
  /** A second reminder is among them: the firmer wording and the statutory mention. */
  firm: boolean;
  governingLaw?: string;
  attachments: string[];
  paymentInstructions: string;
  contact: string;
  creditorName: string;
  /** The customer's self-service page; absent when none is configured: no line is printed. */
  selfServiceUrl?: string;
}

interface Wording {
  subject: string;
  greeting: string;
  intro: string;
  header: string[];
  late: (l: CustomerReminderLine) => string;
  /** The table's delay column: the days alone, its header says late. */
  delay: (l: CustomerReminderLine) => string;
  line: (l: CustomerReminderLine) => string;
  total: string;
  after: string[];
  signature: string;
}

// French typography: a no-break space before « : » and « ; » and after « n° », never left alone at a line's end.
const NBSP = '\u00a0';

function french(c: CustomerReminderContext): Wording {
  const { count, overdue, all, total, only } = facts(c);
  const days = (n: number) => `${n}${NBSP}jour${n > 1 ? 's' : ''}`;
  const late = (l: CustomerReminderLine) => (l.daysLate > 0 ? `${days(l.daysLate)} de retard` : 'non échue');
  const due = (l: CustomerReminderLine) => `${l.daysLate > 0 ? 'échue' : 'à échéance'} le ${l.dueDate}`;
  const which =
    overdue > 1 ? `${overdue} sont échues` : overdue === 1 ? 'l’une est échue' : 'aucune n’est encore échue';
  const them = only ? 'son' : 'leur';
  return {
    subject: only
      ? `Facture n°${NBSP}${only.invoiceNumber} ${all ? 'en retard' : 'à régler'}`
      : `${count} factures ${all ? 'en retard' : 'à régler'}${NBSP}: solde dû ${total}`,
    greeting: `Bonjour ${c.customerName},`,
    intro: only
      ? `Sauf erreur de notre part, la facture suivante reste ${all ? 'impayée à ce jour' : 'à régler'}${NBSP}:`
      : all
        ? `Sauf erreur de notre part, les ${count} factures suivantes restent impayées à ce jour${NBSP}:`
        : `Sauf erreur de notre part, les ${count} factures suivantes restent à régler${NBSP}; ${which}${NBSP}:`,
    header: ['Facture', 'Échéance', 'Solde dû', 'Retard'],
    late,
    delay: (l) => (l.daysLate > 0 ? days(l.daysLate) : 'non échue'),
    line: (l) => `Facture n°${NBSP}${l.invoiceNumber}, ${due(l)}${NBSP}: ${l.balance} (${late(l)})`,
    total: `Total restant dû${NBSP}: ${total}`,
    after: [
      c.firm
        ? `Nous vous demandons de régulariser cette situation sous huit jours.${frenchReminderMention(c.governingLaw)}`
        : `Nous vous remercions de bien vouloir procéder à ${them} règlement dans les meilleurs délais. Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir compte de ce message.`,
      c.firm
        ? `Si un différend existe au sujet de ${only ? 'cette facture' : 'l’une de ces factures'}, répondez simplement à ce message pour nous en faire part.`
        : '',
      c.attachments.length
        ? `Vous trouverez en pièce${c.attachments.length > 1 ? 's jointes' : ' jointe'}${NBSP}: ${c.attachments.join(', ')}.`
        : '',
      `Modalités de paiement${NBSP}: ${paymentInstructionsIn('fr', c.paymentInstructions)} (référence${NBSP}: ${only ? `${only.invoiceNumber}` : 'le numéro de chaque facture réglée'}).`,
      `Pour toute question, écrivez-nous à ${c.contact} ou répondez simplement à ce message.`,
    ],
    signature: `Cordialement,\n${c.creditorName}\n${c.contact}`,
  };
}

function english(c: CustomerReminderContext): Wording {
  const { count, overdue, all, total, only } = facts(c);
  const late = (l: CustomerReminderLine) =>
    l.daysLate > 0 ? `${l.daysLate} day${l.daysLate > 1 ? 's' : ''} overdue` : 'not yet due';
  const which = overdue === 0 ? 'none is overdue yet' : `${overdue} ${overdue === 1 ? 'is' : 'are'} overdue`;
  return {
    subject: only
      ? `Invoice ${only.invoiceNumber} ${all ? 'is overdue' : 'to settle'}`
      : `${count} invoices ${all ? 'overdue' : 'to settle'}: ${total} outstanding`,
    greeting: `Dear ${c.customerName},`,
    intro: only
      ? `According to our records, the following invoice ${all ? 'is still unpaid' : 'remains to be settled'}:`
      : all
        ? `According to our records, the following ${count} invoices are still unpaid:`
        : `According to our records, the following ${count} invoices remain to be settled; ${which}:`,
    header: ['Invoice', 'Due date', 'Outstanding', 'Overdue'],
    late,
    delay: (l) => (l.daysLate > 0 ? `${l.daysLate} day${l.daysLate > 1 ? 's' : ''}` : 'not yet due'),
    line: (l) => `Invoice ${l.invoiceNumber}, due on ${l.dueDate}: ${l.balance} (${late(l)})`,
    total: `Total outstanding: ${total}`,
    after: [
      c.firm
        ? `Please settle ${only ? 'it' : 'them'} within eight days.${englishReminderMention(c.governingLaw)}`
        : `We would be grateful if you could settle ${only ? 'it' : 'them'} at your earliest convenience. If you have paid in the meantime, please disregard this message.`,
      c.firm
        ? `If you dispute ${only ? 'this invoice' : 'any of these invoices'}, simply reply to this message and tell us why.`
        : '',
      c.attachments.length ? `Attached: ${c.attachments.join(', ')}.` : '',
      `How to pay: ${paymentInstructionsIn('en', c.paymentInstructions)} (reference: ${only ? only.invoiceNumber : 'the number of each invoice paid'}).`,
      `Any question? Write to ${c.contact} or simply reply to this message.`,
    ],
    signature: `Kind regards,\n${c.creditorName}\n${c.contact}`,
  };
}

function facts(c: CustomerReminderContext) {
  const count = c.invoices.length;
  const overdue = c.invoices.filter((l) => l.daysLate > 0).length;
  return {
    count,
    overdue,
    all: overdue === count,
    total: c.totals.join(' + '),
    only: count === 1 ? c.invoices[0] : undefined,
  };
}

/**
 * The customer's one e-mail listing several invoices (number, due date, outstanding, days late), in French or English
 * (an unknown language falls back to English, as the other mails do). The plain text lists the invoices one a line,
 * the HTML as a table; both are built from the same wording, so they never say different things.
 */
export function renderCustomerReminder(locale: string, context: CustomerReminderContext): RenderedMail {
  const language = locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const w = language === 'fr' ? french(context) : english(context);
  const after = w.after.filter((p) => p !== '');
  const link = answerOnline(language, context.selfServiceUrl);
  const line = link && linkLine(link);
  const text =
    [
      w.greeting,
      w.intro,
      context.invoices.map((l) => `- ${w.line(l)}`).join('\n'),
      `${w.total}.`,
      ...after,
      ...(line ? [line.text] : []),
      w.signature,
    ].join('\n\n') + '\n';
  const cell = (value: string, align = 'left') =>
    `<td style="padding:4px 12px 4px 0;text-align:${align};white-space:nowrap">${escapeHtml(value)}</td>`;
  const head = w.header
    .map((h, i) => `<th style="padding:4px 12px 4px 0;text-align:${i === 2 ? 'right' : 'left'}">${escapeHtml(h)}</th>`)
    .join('');
  const rows = context.invoices.map(
    (l) => `<tr>${cell(l.invoiceNumber)}${cell(l.dueDate)}${cell(l.balance, 'right')}${cell(w.delay(l))}</tr>`,
  );
  const paragraph = (p: string) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1f2933">',
    paragraph(w.greeting),
    paragraph(w.intro),
    '<table style="border-collapse:collapse;margin:0 0 12px 0">',
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    `<p><strong>${escapeHtml(w.total)}</strong></p>`,
    ...after.map(paragraph),
    ...(line ? [line.html] : []),
    `<p style="color:#52606d">${escapeHtml(w.signature).replace(/\n/g, '<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: w.subject, text, html };
}
