import type { Letter, LetterContext, LetterTemplate } from './letter';

const dayWord = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const RECORDED = 'By recorded delivery';

function frame(
  c: LetterContext,
  title: string,
  subject: string,
): Omit<Letter, 'paragraphs' | 'salutation' | 'closing'> {
  return {
    title,
    sender: [c.creditor.name, ...c.creditor.address, c.creditor.contact],
    recipient: [
      c.debtor.name,
      `Customer ${c.debtor.customerId}`,
      c.debtor.email,
      ...(c.debtor.phone ? [c.debtor.phone] : []),
    ],
    dated: c.dated,
    mentions: [`Ref.: invoice ${c.invoiceNumber}`],
    subject: `Re: ${subject}`,
    signature: [c.creditor.name, 'Credit control'],
    footer: [c.creditor.name, c.creditor.registration, c.creditor.contact].filter(Boolean).join(' · '),
  };
}

const invoiceRows = (c: LetterContext): [string, string][] => [
  ['Invoice', c.invoiceNumber],
  ['Issued on', c.issueDate],
  ['Due on', c.dueDate],
  ['Invoice amount', c.amount],
  ['Overdue by', dayWord(c.daysLate)],
];

/** English letters, with the same steps and tone as the French ones. */
export const englishLetters: Record<string, LetterTemplate> = {
  statement: (c) => ({
    ...frame(c, `Statement — invoice ${c.invoiceNumber}`, `statement of overdue invoice ${c.invoiceNumber}`),
    salutation: 'Dear Sir or Madam,',
    paragraphs: [
      `According to our records, the invoice below remains unpaid. This statement sums it up:`,
      ...(c.history?.length
        ? [`Our earlier messages: ${c.history.map((h) => `${h.date} (${h.what})`).join('; ')}.`]
        : []),
      `How to pay: ${c.paymentInstructions}, quoting reference ${c.invoiceNumber}. If your payment has reached us in the meantime, please disregard this statement.`,
    ],
    table: { rows: invoiceRows(c), total: ['Balance outstanding', c.balance], after: 0 },
    closing: `For any question or disagreement about this invoice, please contact us at ${c.creditor.contact}.`,
  }),
  'registered-reminder': (c) => ({
    ...frame(c, `Reminder — invoice ${c.invoiceNumber}`, `overdue invoice ${c.invoiceNumber}`),
    mentions: [RECORDED, `Ref.: invoice ${c.invoiceNumber}`],
    salutation: 'Dear Sir or Madam,',
    paragraphs: [
      `Despite our earlier reminders, invoice ${c.invoiceNumber}, issued on ${c.issueDate} and due on ${c.dueDate}, remains unpaid, ${dayWord(c.daysLate)} overdue:`,
      `Please settle the balance of ${c.balance} within eight days of receiving this letter. Late payment entitles us to statutory interest and to a fixed compensation for recovery costs.`,
      `If you dispute all or part of this invoice, please tell us why in writing: we will look into it carefully.`,
      `How to pay: ${c.paymentInstructions}, quoting reference ${c.invoiceNumber}.`,
    ],
    table: { rows: invoiceRows(c), total: ['Balance outstanding', c.balance], after: 0 },
    closing: `We remain available at ${c.creditor.contact}.\n\nYours faithfully,`,
  }),
  'formal-notice': (c) => {
    const n = c.notice;
    return {
      ...frame(c, `Formal notice — invoice ${c.invoiceNumber}`, `formal notice to pay — invoice ${c.invoiceNumber}`),
      mentions: [RECORDED, `Ref.: invoice ${c.invoiceNumber}`],
      salutation: 'Dear Sir or Madam,',
      paragraphs: [
        `Despite our reminders, invoice ${c.invoiceNumber}, issued on ${c.issueDate} and due on ${c.dueDate}, remains unpaid.`,
        `We hereby formally demand payment of ${n?.total ?? c.balance} no later than ${n?.deadline ?? ''}, made up as follows:`,
        `Statutory interest runs from the day after the due date at the reference rate plus the statutory margin, and continues to run until payment in full. The fixed compensation for recovery costs is due by law.`,
        `Failing payment by that date, we may ask the competent court for a judgment. This letter is not a court order and does not by itself allow any enforcement against you.`,
        `If you dispute all or part of this claim, please tell us why in writing before that date. We remain open to settling this amicably, including by instalments.`,
        `How to pay: ${c.paymentInstructions}, quoting reference ${c.invoiceNumber}.`,
      ],
      table: {
        rows: [
          ['Principal outstanding', c.balance],
          ...(n?.periods ?? []).map((p): [string, string] => [
            `Interest ${p.from} to ${p.to} (${dayWord(p.days)} at ${p.ratePercent})`,
            p.interest,
          ]),
          ['Fixed compensation for recovery costs', n?.indemnity ?? ''],
        ],
        total: [`Total due by ${n?.deadline ?? ''}`, n?.total ?? c.balance],
        after: 1,
      },
      closing: 'Yours faithfully,',
    };
  },
};
