import { mail, MailContext, MailTemplate } from './mail-context';

const signature = (c: MailContext) => `Cordialement,\n${c.creditorName}\n${c.contact}`;
const dayWord = (n: number) => (n > 1 ? `${n} jours` : `${n} jour`);

/** French mail templates: courteous first, firmer as the delay grows, always with the reference and how to pay. */
export const frenchMail: Record<string, MailTemplate> = {
  courtesy: (c) =>
    mail(
      `Facture n° ${c.invoiceNumber} : échéance le ${c.dueDate}`,
      [
        `Bonjour ${c.customerName},`,
        `Nous vous rappelons que la facture n° ${c.invoiceNumber} d'un montant de ${c.amount} arrive à échéance le ${c.dueDate}.`,
        `Si le règlement est déjà en cours, merci de ne pas tenir compte de ce message.`,
        `Modalités de paiement : ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
  'reminder-1': (c) =>
    mail(
      `Facture n° ${c.invoiceNumber} en retard`,
      [
        `Bonjour ${c.customerName},`,
        `Sauf erreur de notre part, la facture n° ${c.invoiceNumber}, échue le ${c.dueDate}, reste impayée à ce jour (${dayWord(c.daysLate)} de retard). Le solde dû s'élève à ${c.balance}.`,
        `Nous vous remercions de bien vouloir procéder à son règlement dans les meilleurs délais. Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir compte de ce message.`,
        `Modalités de paiement : ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
  'reminder-2': (c) =>
    mail(
      `Deuxième relance : facture n° ${c.invoiceNumber} en retard de ${dayWord(c.daysLate)}`,
      [
        `Bonjour ${c.customerName},`,
        `Malgré notre précédent rappel, la facture n° ${c.invoiceNumber}, échue le ${c.dueDate}, demeure impayée. Le solde dû s'élève à ${c.balance}.`,
        `Nous vous demandons de régulariser cette situation sous huit jours. Conformément à l'article L441-10 du Code de commerce, tout retard de paiement donne lieu à des pénalités de retard et à une indemnité forfaitaire pour frais de recouvrement de 40 euros.`,
        `Si un différend existe au sujet de cette facture, répondez simplement à ce message pour nous en faire part.`,
        `Modalités de paiement : ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
  'formal-notice': (c) =>
    mail(
      `Mise en demeure de payer : facture n° ${c.invoiceNumber}`,
      [
        `Madame, Monsieur,`,
        `Malgré nos relances, la facture n° ${c.invoiceNumber}, échue le ${c.dueDate}, demeure impayée. Par la présente, nous vous mettons en demeure de nous régler la somme de ${c.notice?.total ?? c.balance} au plus tard le ${c.notice?.deadline ?? ''}.`,
        `Cette somme comprend le principal restant dû (${c.balance}), les pénalités de retard calculées au taux de ${c.notice?.ratePercent ?? ''} (article L441-10 du Code de commerce) pour ${c.notice?.interest ?? ''}, et l'indemnité forfaitaire pour frais de recouvrement de ${c.notice?.indemnity ?? ''} (article D441-5).`,
        `À défaut de règlement dans ce délai, nous serons contraints de saisir la juridiction compétente afin d'obtenir un titre exécutoire, sans autre avis. Si vous contestez tout ou partie de cette créance, faites-nous connaître vos motifs avant cette date.`,
        `Une copie de ce courrier vous est également adressée par lettre recommandée avec accusé de réception.`,
        `Modalités de paiement : ${c.paymentInstructions}`,
      ],
      signature(c),
    ),
};
