import { englishClaimText, englishNoticeBasis, englishReminderMention } from './claim-en';
import type { Letter, LetterContext, LetterTemplate } from './letter';
import { windowLines } from './letter-address';
import { basesVary, lawFamily, NoticeClaim } from './notice-claim';
import { paymentInstructionsIn } from './payment-instructions';

const dayWord = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const RECORDED = 'By recorded delivery';
const howToPay = (c: LetterContext) =>
  `How to pay: ${paymentInstructionsIn('en', c.paymentInstructions)}, quoting reference ${c.invoiceNumber}.`;
/** A backlog invoice's first letter never claims reminders that were never sent. */
const opening = (c: LetterContext, earlier: string) =>
  `${c.firstContact ? 'According to our records' : earlier}, invoice ${c.invoiceNumber}, issued on ${c.issueDate} and due on ${c.dueDate}, remains unpaid`;

function frame(
  c: LetterContext,
  title: string,
  subject: string,
): Omit<Letter, 'paragraphs' | 'salutation' | 'closing'> {
  return {
    title,
    sender: [c.creditor.name, ...c.creditor.address, c.creditor.contact],
    recipient: windowLines(c.debtor, 'en'),
    dated: c.dated,
    mentions: [`Ref.: invoice ${c.invoiceNumber} · customer ${c.debtor.customerId}`],
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

/** The notice's amounts: principal, interest period by period on its base, part-payments as imputed, fixed sum. */
function claimRows(c: LetterContext, claim: NoticeClaim | null): [string, string][] {
  if (!claim) return [['Principal outstanding', c.balance]];
  const gb = lawFamily(claim.governingLaw) === 'GB';
  const varying = basesVary(claim);
  const rows: [string, string][] = [];
  if (claim.paidPrincipal) {
    rows.push(
      ['Principal', claim.principalBefore],
      ['Part-payments applied to the principal', `-${claim.paidPrincipal}`],
    );
  }
  rows.push(['Principal outstanding', claim.principal]);
  for (const p of claim.periods) {
    rows.push([
      `${gb ? 'Statutory interest' : 'Interest'} ${p.from} to ${p.to} (${dayWord(p.days)} at ${p.ratePercent}${varying ? ` on ${p.base}` : ''})`,
      p.interest,
    ]);
  }
  if (claim.paidInterest) rows.push(['Part-payments applied to interest', `-${claim.paidInterest}`]);
  if (claim.hasIndemnity) {
    rows.push([
      gb ? 'Fixed sum (section 5A of the 1998 Act)' : 'Fixed compensation for recovery costs',
      claim.indemnity,
    ]);
  }
  return rows;
}

/** Part-payments go to interest first where the law says so (§ 367 BGB, art. 1343-1 of the French Civil Code). */
function imputation(claim: NoticeClaim): string {
  return claim.paidInterest && claim.imputation === 'interest_first'
    ? ' Your part-payments have been applied to the interest accrued first, as the governing law provides.'
    : '';
}

/** What follows an unpaid deadline. A notice is not a court order: only a judgment could be enforced. */
function nextSteps(c: LetterContext, deadline: string): string {
  const notOrder = 'This letter is not a court order and does not by itself allow any enforcement against you.';
  if (lawFamily(c.governingLaw) === 'GB') {
    return `In accordance with the Practice Direction – Pre-Action Conduct and Protocols, please reply in writing by ${deadline}, stating whether you accept the debt and, if not, why, and enclosing any documents you rely on. We are willing to consider any form of alternative dispute resolution. If we receive no reply by then, we may issue court proceedings without further notice; the court may take a failure to follow the Practice Direction into account, including when deciding costs. ${notOrder}`;
  }
  return `Failing payment by that date, we may ask the competent court for a judgment. ${notOrder}`;
}

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
      `${howToPay(c)} If your payment has reached us in the meantime, please disregard this statement.`,
    ],
    table: { rows: invoiceRows(c), total: ['Balance outstanding', c.balance], after: 0 },
    closing: `For any question or disagreement about this invoice, please contact us at ${c.creditor.contact}.\n\nYours faithfully,`,
  }),
  'registered-reminder': (c) => ({
    ...frame(c, `Reminder — invoice ${c.invoiceNumber}`, `overdue invoice ${c.invoiceNumber}`),
    mentions: [RECORDED, `Ref.: invoice ${c.invoiceNumber} · customer ${c.debtor.customerId}`],
    salutation: 'Dear Sir or Madam,',
    paragraphs: [
      `${opening(c, 'Despite our earlier reminders')}, ${dayWord(c.daysLate)} overdue:`,
      `Please settle the balance of ${c.balance} within eight days of receiving this letter.${englishReminderMention(c.governingLaw)}`,
      `If you dispute all or part of this invoice, please tell us why in writing: we will look into it carefully.`,
      howToPay(c),
    ],
    table: { rows: invoiceRows(c), total: ['Balance outstanding', c.balance], after: 0 },
    closing: `We remain available at ${c.creditor.contact}.\n\nYours faithfully,`,
  }),
  'formal-notice': (c) => {
    const deadline = c.notice?.deadline ?? '';
    const total = c.notice?.total ?? c.balance;
    const claim = c.notice?.claim ?? null;
    const gb = lawFamily(c.governingLaw) === 'GB';
    const name = gb ? 'Letter before claim' : 'Formal notice';
    return {
      ...frame(c, `${name} — invoice ${c.invoiceNumber}`, `${name.toLowerCase()} — invoice ${c.invoiceNumber}`),
      mentions: [RECORDED, `Ref.: invoice ${c.invoiceNumber} · customer ${c.debtor.customerId}`],
      salutation: 'Dear Sir or Madam,',
      paragraphs: [
        `${opening(c, 'Despite our reminders')}.`,
        `${englishNoticeBasis(c.governingLaw)} We ${gb ? 'claim' : 'hereby formally demand'} payment of ${total} no later than ${deadline}, ${claim ? 'made up as follows' : 'outstanding on this invoice'}:`,
        ...(claim ? [`${englishClaimText(claim)}${imputation(claim)}`] : []),
        nextSteps(c, deadline),
        `If you dispute all or part of this claim, please tell us why in writing before that date. We remain open to settling this amicably, including by instalments.`,
        howToPay(c),
      ],
      table: { rows: claimRows(c, claim), total: [`Total due by ${deadline}`, total], after: 1 },
      closing: 'Yours faithfully,',
    };
  },
};
