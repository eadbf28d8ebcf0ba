import { lawFamily, NoticeClaim } from './notice-claim';

/**
 * The statutory wording of English letters and e-mails, per governing law: each law's own provisions, never another
 * law's sections above figures computed under it. Laws without a statutory claim get no wording at all.
 */

const running = (c: NoticeClaim) =>
  c.ratePercent ? ` (${c.ratePercent} a year at present, that is ${c.dailyInterest} a day)` : '';
const since = (c: NoticeClaim) =>
  c.interestFrom ? ` from ${c.interestFrom} until payment in full` : ' until payment in full';
const pts = (c: NoticeClaim) => `${c.points} percentage points`;

/** The sentence that makes the letter a formal notice under the governing law. */
export function englishNoticeBasis(governingLaw: string | undefined): string {
  switch (lawFamily(governingLaw)) {
    case 'FR':
      return 'This letter is a formal notice (mise en demeure) within the meaning of article 1344 of the French Civil Code.';
    case 'DE':
      return 'This letter is a formal reminder (Mahnung) within the meaning of § 286 of the German Civil Code (BGB).';
    case 'GB':
      return 'This is a letter before claim under the Practice Direction – Pre-Action Conduct and Protocols.';
    default:
      return 'This letter is a formal notice to pay.';
  }
}

/** What the law says about interest and the fixed compensation, with the figures of the claim. */
export function englishClaimText(c: NoticeClaim): string {
  const fixed = (source: string) =>
    c.hasIndemnity ? ` The fixed compensation of ${c.indemnity} for recovery costs is due by law (${source}).` : '';
  switch (lawFamily(c.governingLaw)) {
    case 'FR':
      return (
        `Under article L441-10 of the French Commercial Code, late-payment penalties are due without any reminder, at the European Central Bank's main refinancing rate plus ${pts(c)}, set for each half-year${running(c)}; they run${since(c)}.` +
        fixed('article D441-5 of the French Commercial Code')
      );
    case 'BE':
      return (
        `Under article 5 of the Belgian Act of 2 August 2002 on combating late payment in commercial transactions, interest is due by law at the European Central Bank's policy rate plus ${pts(c)}, rounded up to the next half point and set for each half-year${running(c)}; it runs${since(c)}.` +
        fixed('article 6 of the same Act')
      );
    case 'LU':
      return (
        `Under the Luxembourg Act of 18 April 2004 on payment terms and late-payment interest, as amended, interest is due by law at the European Central Bank's rate plus ${pts(c)}, set for each half-year${running(c)}; it runs${since(c)}.` +
        fixed('the same Act')
      );
    case 'DE':
      return (
        `Under §§ 286 and 288 (2) of the German Civil Code (BGB), default interest runs at ${pts(c)} above the base rate of § 247 BGB${running(c)}${since(c)}.` +
        (c.hasIndemnity ? ` The lump sum of ${c.indemnity} is due under § 288 (5) BGB.` : '')
      );
    case 'GB':
      return (
        `Under the Late Payment of Commercial Debts (Interest) Act 1998 we claim statutory interest at ${pts(c)} over the Bank of England base rate, fixed for the whole period of delay at ${c.ratePercent} a year: ${c.interestAccrued} to date, continuing to accrue at ${c.dailyInterest} a day until payment.` +
        (c.hasIndemnity ? ` We also claim the fixed sum of ${c.indemnity} under section 5A of the Act.` : '')
      );
    case 'EU':
      return (
        `Under Directive 2011/7/EU on combating late payment in commercial transactions, as transposed into national law (${[c.countryName, ...c.citations].join(', ')}), interest runs at the European Central Bank's rate plus ${pts(c)}${running(c)}${since(c)}.` +
        fixed('article 6 of the Directive')
      );
    default:
      return (
        `Late-payment interest runs${running(c)}${c.citations.length ? ` (${c.citations.join(', ')})` : ''}${since(c)}.` +
        fixed(c.citations.join(', ') || 'the governing law')
      );
  }
}

/** The registered reminder's mention of what late payment costs, under the governing law; '' where none applies. */
export function englishReminderMention(governingLaw: string | undefined): string {
  const costs = 'late payment makes interest run and entitles us to a fixed compensation of EUR 40 for recovery costs';
  switch (lawFamily(governingLaw)) {
    case 'FR':
      return ` Under articles L441-10 and D441-5 of the French Commercial Code, ${costs}.`;
    case 'BE':
      return ` Under articles 5 and 6 of the Belgian Act of 2 August 2002, ${costs}.`;
    case 'LU':
      return ` Under the Luxembourg Act of 18 April 2004, as amended, ${costs}.`;
    case 'DE':
      return ` Under §§ 286 and 288 of the German Civil Code (BGB), ${costs}.`;
    case 'GB':
      return ` Under the Late Payment of Commercial Debts (Interest) Act 1998, late payment entitles us to statutory interest and to a fixed sum for the cost of recovering the debt.`;
    case 'EU':
      return ` Under Directive 2011/7/EU as transposed into national law, ${costs}.`;
    default:
      return '';
  }
}
