import { frenchClaimText, frenchNoticeBasis, frenchReminderMention } from './claim-fr';
import type { Letter, LetterContext, LetterTemplate } from './letter';
import { windowLines } from './letter-address';
import { basesVary, lawFamily, NoticeClaim } from './notice-claim';
import { paymentInstructionsIn } from './payment-instructions';

const dayWord = (n: number) => (n > 1 ? `${n} jours` : `${n} jour`);
const LRAR = 'Lettre recommandée avec accusé de réception';
const howToPay = (c: LetterContext) =>
  `Modalités de paiement : ${paymentInstructionsIn('fr', c.paymentInstructions)}, en rappelant la référence ${c.invoiceNumber}.`;
/** A backlog invoice's first letter never claims reminders that were never sent. */
const opening = (c: LetterContext, earlier: string) =>
  `${c.firstContact ? 'Sauf erreur de notre part' : earlier}, la facture n° ${c.invoiceNumber} émise le ${c.issueDate} et échue le ${c.dueDate} demeure impayée`;

function frame(
  c: LetterContext,
  title: string,
  subject: string,
): Omit<Letter, 'paragraphs' | 'salutation' | 'closing'> {
  return {
    title,
    sender: [c.creditor.name, ...c.creditor.address, c.creditor.contact],
    recipient: windowLines(c.debtor, 'fr'),
    dated: c.dated,
    mentions: [`Réf. : facture n° ${c.invoiceNumber} · client n° ${c.debtor.customerId}`],
    subject: `Objet : ${subject}`,
    signature: [c.creditor.name, 'Service recouvrement'],
    footer: [c.creditor.name, c.creditor.registration, c.creditor.contact].filter(Boolean).join(' · '),
  };
}

const invoiceRows = (c: LetterContext): [string, string][] => [
  ['Facture n°', c.invoiceNumber],
  ["Date d'émission", c.issueDate],
  ["Date d'échéance", c.dueDate],
  ['Montant de la facture', c.amount],
  ['Retard à ce jour', dayWord(c.daysLate)],
];

/** The notice's amounts: principal, interest period by period on its base, part-payments as imputed, indemnity. */
function claimRows(c: LetterContext, claim: NoticeClaim | null): [string, string][] {
  if (!claim) return [['Principal restant dû', c.balance]];
  const family = lawFamily(claim.governingLaw);
  const interestLabel =
    family === 'FR' ? 'Pénalités de retard' : family === 'GB' ? 'Intérêts légaux' : 'Intérêts de retard';
  const varying = basesVary(claim);
  return [
    ...(claim.paidPrincipal
      ? ([
          ['Principal', claim.principalBefore],
          ['Acomptes imputés sur le principal', `-${claim.paidPrincipal}`],
        ] as [string, string][])
      : []),
    ['Principal restant dû', claim.principal],
    ...claim.periods.map((p): [string, string] => [
      `${interestLabel} du ${p.from} au ${p.to} (${dayWord(p.days)} à ${p.ratePercent}${varying ? ` sur ${p.base}` : ''})`,
      p.interest,
    ]),
    ...(claim.paidInterest
      ? ([['Acomptes imputés sur les intérêts', `-${claim.paidInterest}`]] as [string, string][])
      : []),
    ...(claim.hasIndemnity
      ? ([
          [
            family === 'GB'
              ? 'Somme forfaitaire (Late Payment Act 1998, section 5A)'
              : 'Indemnité forfaitaire pour frais de recouvrement',
            claim.indemnity,
          ],
        ] as [string, string][])
      : []),
  ];
}

/** Part-payments go to interest first where the law says so (art. 1343-1 C. civ., § 367 BGB). */
function imputation(claim: NoticeClaim): string {
  if (!claim.paidInterest || claim.imputation !== 'interest_first') return '';
  const source =
    { FR: ' (article 1343-1 du Code civil)', DE: ' (§ 367 BGB)' }[lawFamily(claim.governingLaw) as 'FR' | 'DE'] ?? '';
  return ` Vos paiements partiels ont été imputés d'abord sur les intérêts échus${source}.`;
}

/** What follows an unpaid deadline. A notice is not an enforceable title: only a court decision would be. */
function nextSteps(c: LetterContext, deadline: string): string {
  const notTitle = `Le présent courrier n'est pas un titre exécutoire : seule une décision de justice permettrait, le cas échéant, une exécution forcée.`;
  if (lawFamily(c.governingLaw) === 'GB') {
    return `Conformément à la Practice Direction – Pre-Action Conduct, nous vous invitons à nous répondre par écrit au plus tard le ${deadline}, en indiquant si vous reconnaissez la dette et, sinon, pour quels motifs, en joignant les documents utiles. Nous sommes disposés à envisager un mode amiable de règlement du différend. À défaut de réponse dans ce délai, nous pourrons engager une procédure devant le tribunal sans autre avis ; le tribunal peut tenir compte du non-respect de cette Practice Direction, notamment pour les dépens. ${notTitle}`;
  }
  return `À défaut de règlement à cette date, nous pourrons saisir la juridiction compétente afin d'obtenir une décision de justice. ${notTitle}`;
}

/** French letters: the reminder statement, the registered reminder and the formal notice (mise en demeure). */
export const frenchLetters: Record<string, LetterTemplate> = {
  statement: (c) => ({
    ...frame(c, `Relevé — facture n° ${c.invoiceNumber}`, `relevé de la facture n° ${c.invoiceNumber} restant due`),
    salutation: 'Madame, Monsieur,',
    paragraphs: [
      `Sauf erreur de notre part, la facture ci-dessous reste impayée à ce jour. Ce relevé en récapitule les éléments :`,
      ...(c.history?.length
        ? [`Nos précédents envois : ${c.history.map((h) => `${h.date} (${h.what})`).join(' ; ')}.`]
        : []),
      `${howToPay(c)} Si votre règlement nous est parvenu entre-temps, merci de ne pas tenir compte de ce relevé.`,
    ],
    table: { rows: invoiceRows(c), total: ['Solde restant dû', c.balance], after: 0 },
    closing: `Pour toute question ou tout désaccord sur cette facture, contactez-nous à ${c.creditor.contact}. Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.`,
  }),
  'registered-reminder': (c) => ({
    ...frame(c, `Relance — facture n° ${c.invoiceNumber}`, `relance pour la facture n° ${c.invoiceNumber} impayée`),
    mentions: [LRAR, `Réf. : facture n° ${c.invoiceNumber} · client n° ${c.debtor.customerId}`],
    salutation: 'Madame, Monsieur,',
    paragraphs: [
      `${opening(c, 'Malgré nos précédents rappels')}, avec un retard de ${dayWord(c.daysLate)} :`,
      `Nous vous demandons de bien vouloir régler le solde de ${c.balance} sous huit jours à réception de ce courrier.${frenchReminderMention(c.governingLaw)}`,
      `Si vous contestez tout ou partie de cette facture, faites-nous connaître vos motifs par écrit : nous les examinerons avec attention.`,
      howToPay(c),
    ],
    table: { rows: invoiceRows(c), total: ['Solde restant dû', c.balance], after: 0 },
    closing: `Nous restons à votre disposition à ${c.creditor.contact} et vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.`,
  }),
  'formal-notice': (c) => {
    const deadline = c.notice?.deadline ?? '';
    const total = c.notice?.total ?? c.balance;
    const claim = c.notice?.claim ?? null;
    const gb = lawFamily(c.governingLaw) === 'GB';
    const name = gb ? 'Mise en demeure (lettre avant action)' : 'Mise en demeure';
    const subject = `mise en demeure de payer${gb ? ' (lettre avant action)' : ''} — facture n° ${c.invoiceNumber}`;
    return {
      ...frame(c, `${name} — facture n° ${c.invoiceNumber}`, subject),
      mentions: [LRAR, `Réf. : facture n° ${c.invoiceNumber} · client n° ${c.debtor.customerId}`],
      salutation: 'Madame, Monsieur,',
      paragraphs: [
        `${opening(c, 'Malgré nos relances')} à ce jour.`,
        `${frenchNoticeBasis(c.governingLaw)} nous vous demandons de nous régler au plus tard le ${deadline} la somme de ${total}, ${claim ? 'détaillée ci-dessous' : 'restant due sur cette facture'} :`,
        ...(claim ? [`${frenchClaimText(claim)}${imputation(claim)}`] : []),
        nextSteps(c, deadline),
        `Si vous contestez tout ou partie de cette créance, faites-nous connaître vos motifs par écrit avant cette date. Nous restons ouverts à toute proposition de règlement amiable, y compris un échéancier.`,
        howToPay(c),
      ],
      table: { rows: claimRows(c, claim), total: [`Total à régler au plus tard le ${deadline}`, total], after: 1 },
      closing: `Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.`,
    };
  },
};
