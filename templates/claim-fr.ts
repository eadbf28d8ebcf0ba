import { lawFamily, NoticeClaim } from './notice-claim';

/**
 * The statutory wording of French letters and e-mails, per governing law: each law's own provisions, never another
 * law's articles above figures computed under it. Laws without a statutory claim get no wording at all.
 */

const running = (c: NoticeClaim) =>
  c.ratePercent ? ` — soit ${c.ratePercent} l'an à ce jour et ${c.dailyInterest} par jour de retard` : '';
const since = (c: NoticeClaim) => (c.interestFrom ? ` du ${c.interestFrom} jusqu'au complet paiement` : '');
const pts = (c: NoticeClaim) => `${c.points} points`;

/** The sentence that makes the letter a formal notice under the governing law. */
export function frenchNoticeBasis(governingLaw: string | undefined): string {
  switch (lawFamily(governingLaw)) {
    case 'FR':
      return "Par la présente, qui vaut mise en demeure au sens de l'article 1344 du Code civil,";
    case 'DE':
      return 'Par la présente, qui vaut mise en demeure (Mahnung) au sens du § 286 du Code civil allemand (BGB),';
    case 'GB':
      return 'Par la présente, qui vaut lettre avant action (letter before claim) au sens de la Practice Direction – Pre-Action Conduct,';
    default:
      return 'Par la présente, qui vaut mise en demeure,';
  }
}

/** What the law says about interest and the fixed indemnity, with the figures of the claim. */
export function frenchClaimText(c: NoticeClaim): string {
  const indemnity = (source: string) =>
    c.hasIndemnity
      ? ` L'indemnité forfaitaire pour frais de recouvrement de ${c.indemnity} est due de plein droit (${source}).`
      : '';
  switch (lawFamily(c.governingLaw)) {
    case 'FR':
      return (
        `Les pénalités de retard sont exigibles sans qu'un rappel soit nécessaire (article L441-10 du Code de commerce), au taux appliqué par la Banque centrale européenne à son opération de refinancement la plus récente majoré de ${pts(c)}, fixé pour chaque semestre${running(c)} ; elles courent${since(c)}.` +
        indemnity('article D441-5 du Code de commerce')
      );
    case 'BE':
      return (
        `Conformément à l'article 5 de la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales, des intérêts de retard sont dus de plein droit et sans mise en demeure, au taux directeur de la Banque centrale européenne majoré de ${pts(c)} et arrondi au demi-point supérieur, fixé pour chaque semestre${running(c)} ; ils courent${since(c)}.` +
        (c.hasIndemnity
          ? ` L'article 6 de la même loi nous ouvre droit à une indemnité forfaitaire de ${c.indemnity} pour frais de recouvrement.`
          : '')
      );
    case 'LU':
      return (
        `Conformément à la loi modifiée du 18 avril 2004 relative aux délais de paiement et aux intérêts de retard, des intérêts de retard sont dus de plein droit, au taux de la Banque centrale européenne majoré de ${pts(c)}, fixé pour chaque semestre${running(c)} ; ils courent${since(c)}.` +
        (c.hasIndemnity
          ? ` La même loi nous ouvre droit à une indemnité forfaitaire de ${c.indemnity} pour frais de recouvrement.`
          : '')
      );
    case 'DE':
      return (
        `Conformément aux §§ 286 et 288, alinéa 2, du Code civil allemand (BGB), des intérêts de retard courent au taux d'intérêt de base (§ 247 BGB) majoré de ${pts(c)}${running(c)} ; ils courent${since(c)}.` +
        (c.hasIndemnity
          ? ` Le § 288, alinéa 5, BGB nous ouvre droit à une indemnité forfaitaire de ${c.indemnity}.`
          : '')
      );
    case 'GB':
      return (
        `En application du Late Payment of Commercial Debts (Interest) Act 1998, des intérêts légaux courent au taux de base de la Bank of England majoré de ${pts(c)}, fixé pour toute la durée du retard, soit ${c.ratePercent} l'an : ${c.interestAccrued} à ce jour, puis ${c.dailyInterest} par jour jusqu'au paiement.` +
        (c.hasIndemnity
          ? ` La somme forfaitaire de ${c.indemnity} est due en vertu de la section 5A de cette loi.`
          : '')
      );
    case 'EU':
      return (
        `Conformément à la directive 2011/7/UE concernant la lutte contre le retard de paiement dans les transactions commerciales, telle que transposée en droit national (${[c.countryName, ...c.citations].join(', ')}), des intérêts de retard courent au taux de la Banque centrale européenne majoré de ${pts(c)}${running(c)} ; ils courent${since(c)}.` +
        (c.hasIndemnity
          ? ` Une indemnité forfaitaire de ${c.indemnity} pour frais de recouvrement est due de plein droit (article 6 de la directive).`
          : '')
      );
    default:
      return (
        `Des intérêts de retard courent${running(c)}${c.citations.length ? ` (${c.citations.join(', ')})` : ''} ; ils courent${since(c)}.` +
        indemnity(c.citations.join(', ') || 'loi applicable')
      );
  }
}

/** The registered reminder's mention of what late payment costs, under the governing law; '' where none applies. */
export function frenchReminderMention(governingLaw: string | undefined): string {
  const costs =
    'tout retard de paiement fait courir des intérêts de retard et donne lieu à une indemnité forfaitaire de 40 euros pour frais de recouvrement';
  switch (lawFamily(governingLaw)) {
    case 'FR':
      return ` Conformément à l'article L441-10 du Code de commerce, tout retard de paiement fait courir des pénalités de retard et donne lieu à une indemnité forfaitaire pour frais de recouvrement de 40 euros (article D441-5).`;
    case 'BE':
      return ` Conformément aux articles 5 et 6 de la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales, ${costs}.`;
    case 'LU':
      return ` Conformément à la loi modifiée du 18 avril 2004 relative aux délais de paiement et aux intérêts de retard, ${costs}.`;
    case 'DE':
      return ` Conformément aux §§ 286 et 288 du Code civil allemand (BGB), ${costs}.`;
    case 'GB':
      return ` En application du Late Payment of Commercial Debts (Interest) Act 1998, tout retard de paiement fait courir des intérêts légaux et donne droit à une somme forfaitaire pour frais de recouvrement.`;
    case 'EU':
      return ` Conformément à la directive 2011/7/UE telle que transposée en droit national, ${costs}.`;
    default:
      return '';
  }
}
