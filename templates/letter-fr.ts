import type { Letter, LetterContext, LetterTemplate } from './letter';

const dayWord = (n: number) => (n > 1 ? `${n} jours` : `${n} jour`);
const LRAR = 'Lettre recommandée avec accusé de réception';

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
      `Client n° ${c.debtor.customerId}`,
      c.debtor.email,
      ...(c.debtor.phone ? [c.debtor.phone] : []),
    ],
    dated: c.dated,
    mentions: [`Réf. : facture n° ${c.invoiceNumber}`],
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
      `Modalités de paiement : ${c.paymentInstructions}, en rappelant la référence ${c.invoiceNumber}. Si votre règlement nous est parvenu entre-temps, merci de ne pas tenir compte de ce relevé.`,
    ],
    table: { rows: invoiceRows(c), total: ['Solde restant dû', c.balance], after: 0 },
    closing: `Pour toute question ou tout désaccord sur cette facture, contactez-nous à ${c.creditor.contact}. Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.`,
  }),
  'registered-reminder': (c) => ({
    ...frame(c, `Relance — facture n° ${c.invoiceNumber}`, `relance pour la facture n° ${c.invoiceNumber} impayée`),
    mentions: [LRAR, `Réf. : facture n° ${c.invoiceNumber}`],
    salutation: 'Madame, Monsieur,',
    paragraphs: [
      `Malgré nos précédents rappels, la facture n° ${c.invoiceNumber} émise le ${c.issueDate} et échue le ${c.dueDate} demeure impayée, avec un retard de ${dayWord(c.daysLate)} :`,
      `Nous vous demandons de bien vouloir régler le solde de ${c.balance} sous huit jours à réception de ce courrier. Conformément à l'article L441-10 du Code de commerce, tout retard de paiement fait courir des pénalités de retard et donne lieu à une indemnité forfaitaire pour frais de recouvrement de 40 euros (article D441-5).`,
      `Si vous contestez tout ou partie de cette facture, faites-nous connaître vos motifs par écrit : nous les examinerons avec attention.`,
      `Modalités de paiement : ${c.paymentInstructions}, en rappelant la référence ${c.invoiceNumber}.`,
    ],
    table: { rows: invoiceRows(c), total: ['Solde restant dû', c.balance], after: 0 },
    closing: `Nous restons à votre disposition à ${c.creditor.contact} et vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.`,
  }),
  'formal-notice': (c) => {
    const n = c.notice;
    return {
      ...frame(
        c,
        `Mise en demeure — facture n° ${c.invoiceNumber}`,
        `mise en demeure de payer — facture n° ${c.invoiceNumber}`,
      ),
      mentions: [LRAR, `Réf. : facture n° ${c.invoiceNumber}`],
      salutation: 'Madame, Monsieur,',
      paragraphs: [
        `Malgré nos relances, la facture n° ${c.invoiceNumber} émise le ${c.issueDate} et échue le ${c.dueDate} demeure impayée à ce jour.`,
        `Par la présente, qui vaut mise en demeure au sens de l'article 1344 du Code civil, nous vous demandons de nous régler au plus tard le ${n?.deadline ?? ''} la somme de ${n?.total ?? c.balance}, détaillée ci-dessous :`,
        `Les pénalités de retard sont calculées conformément à l'article L441-10 du Code de commerce, au taux de refinancement de la Banque centrale européenne majoré de 10 points, du lendemain de l'échéance à ce jour ; elles continuent de courir jusqu'au complet paiement. L'indemnité forfaitaire pour frais de recouvrement est due de plein droit (article D441-5).`,
        `À défaut de règlement à cette date, nous pourrons saisir la juridiction compétente afin d'obtenir une décision de justice. Le présent courrier n'est pas un titre exécutoire : seule une telle décision permettrait, le cas échéant, une exécution forcée.`,
        `Si vous contestez tout ou partie de cette créance, faites-nous connaître vos motifs par écrit avant cette date. Nous restons ouverts à toute proposition de règlement amiable, y compris un échéancier.`,
        `Modalités de paiement : ${c.paymentInstructions}, en rappelant la référence ${c.invoiceNumber}.`,
      ],
      table: {
        rows: [
          ['Principal restant dû', c.balance],
          ...(n?.periods ?? []).map((p): [string, string] => [
            `Pénalités de retard du ${p.from} au ${p.to} (${dayWord(p.days)} à ${p.ratePercent})`,
            p.interest,
          ]),
          ['Indemnité forfaitaire pour frais de recouvrement', n?.indemnity ?? ''],
        ],
        total: [`Total à régler au plus tard le ${n?.deadline ?? ''}`, n?.total ?? c.balance],
        after: 1,
      },
      closing: `Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées.`,
    };
  },
};
