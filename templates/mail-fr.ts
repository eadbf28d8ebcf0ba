import { frenchClaimText, frenchNoticeBasis, frenchReminderMention } from './claim-fr';
import { answerOnline, instalmentLines, mail, MailContext, MailTemplate } from './mail-context';
import { paymentInstructionsIn } from './payment-instructions';

const signature = (c: MailContext) => `Cordialement,\n${c.creditorName}\n${c.contact}`;
const dayWord = (n: number) => (n > 1 ? `${n} jours` : `${n} jour`);
const howToPay = (c: MailContext) =>
  `Modalités de paiement : ${paymentInstructionsIn('fr', c.paymentInstructions)} (référence : ${c.invoiceNumber}).`;
/**
 * A caller that passes the flat figures without `claim`: no law to cite, so the figures alone, and nothing at all when
 * there is no rate (no statutory claim).
 */
const legacyClaim = ({ notice: n, balance }: MailContext) =>
  n && n.claim === undefined && n.ratePercent && n.ratePercent !== '—'
    ? `Cette somme comprend le principal restant dû (${balance}), les pénalités de retard calculées au taux de ${n.ratePercent} pour ${n.interest}, et l'indemnité forfaitaire pour frais de recouvrement de ${n.indemnity}.`
    : '';
const questions = (c: MailContext) =>
  `Pour toute question, écrivez-nous à ${c.contact} ou répondez simplement à ce message.`;
const attached = (c: MailContext) =>
  c.attachments?.length ? `Vous trouverez en pièce jointe : ${c.attachments.join(', ')}.` : '';

/** French mail templates: courteous first, firmer as the delay grows, always with the reference and how to pay. */
export const frenchMail: Record<string, MailTemplate> = {
  courtesy: (c) =>
    mail(
      `Facture n° ${c.invoiceNumber} : échéance le ${c.dueDate}`,
      [
        `Bonjour ${c.customerName},`,
        `Nous vous rappelons que la facture n° ${c.invoiceNumber} d'un montant de ${c.amount} arrive à échéance le ${c.dueDate}.`,
        `Si le règlement est déjà en cours, merci de ne pas tenir compte de ce message.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
  'reminder-1': (c) =>
    mail(
      `Facture n° ${c.invoiceNumber} en retard`,
      [
        `Bonjour ${c.customerName},`,
        `Sauf erreur de notre part, la facture n° ${c.invoiceNumber}, échue le ${c.dueDate}, reste impayée à ce jour (${dayWord(c.daysLate)} de retard). Le solde dû s'élève à ${c.balance}.`,
        `Nous vous remercions de bien vouloir procéder à son règlement dans les meilleurs délais. Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir compte de ce message.`,
        attached(c),
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
  'reminder-2': (c) =>
    mail(
      `${c.firstContact ? 'Facture' : 'Deuxième relance : facture'} n° ${c.invoiceNumber} en retard de ${dayWord(c.daysLate)}`,
      [
        `Bonjour ${c.customerName},`,
        `${c.firstContact ? 'Sauf erreur de notre part' : 'Malgré notre précédent rappel'}, la facture n° ${c.invoiceNumber}, échue le ${c.dueDate}, demeure impayée. Le solde dû s'élève à ${c.balance}.`,
        `Nous vous demandons de régulariser cette situation sous huit jours.${frenchReminderMention(c.governingLaw)}`,
        `Si un différend existe au sujet de cette facture, répondez simplement à ce message pour nous en faire part.`,
        attached(c),
        howToPay(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
  'formal-notice': (c) => {
    const n = c.notice;
    const claim = n?.claim ?? null;
    return mail(
      `Mise en demeure de payer : facture n° ${c.invoiceNumber}`,
      [
        `Madame, Monsieur,`,
        `${n?.firstContact ? 'Sauf erreur de notre part' : 'Malgré nos relances'}, la facture n° ${c.invoiceNumber}, échue le ${c.dueDate}, demeure impayée. ${frenchNoticeBasis(claim?.governingLaw ?? c.governingLaw)} nous vous demandons de nous régler la somme de ${n?.total ?? c.balance} au plus tard le ${n?.deadline ?? ''}.`,
        claim
          ? `Cette somme comprend le principal restant dû (${claim.principal}), les intérêts de retard échus (${claim.interest})${claim.hasIndemnity ? ` et l'indemnité forfaitaire pour frais de recouvrement (${claim.indemnity})` : ''}. ${frenchClaimText(claim)}`
          : legacyClaim(c),
        `À défaut de règlement dans ce délai, nous pourrons saisir la juridiction compétente afin d'obtenir une décision de justice, sans autre avis ; ce message n'est pas un titre exécutoire. Si vous contestez tout ou partie de cette créance, faites-nous connaître vos motifs avant cette date.`,
        `La mise en demeure est jointe à ce message ; un exemplaire vous est également adressé par lettre recommandée avec accusé de réception.`,
        howToPay(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    );
  },
  'payment-thanks': (c) =>
    mail(
      `Merci : paiement reçu pour la facture n° ${c.invoiceNumber}`,
      [
        `Bonjour ${c.customerName},`,
        `Nous avons bien reçu votre paiement de ${c.payment?.amount ?? ''} le ${c.payment?.receivedOn ?? ''} pour la facture n° ${c.invoiceNumber}. Merci.`,
        c.payment?.settled
          ? `Cette facture est désormais intégralement réglée.`
          : `Il reste ${c.balance} à régler sur cette facture.`,
        c.payment?.settled ? '' : howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
  'plan-confirmation': (c) =>
    mail(
      `Échéancier confirmé pour la facture n° ${c.invoiceNumber}`,
      [
        `Bonjour ${c.customerName},`,
        `Nous vous confirmons l'échéancier convenu pour régler le solde de ${c.plan?.total ?? c.balance} de la facture n° ${c.invoiceNumber} :`,
        instalmentLines(c.plan, (i) => `Échéance ${i.number} : ${i.amount} au plus tard le ${i.dueDate}`),
        `Tant que ces échéances sont respectées, nous suspendons toute relance. Une échéance non réglée après le délai de grâce met fin à cet accord.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
  'instalment-reminder': (c) =>
    mail(
      `Échéance ${c.instalment?.number ?? ''} de votre échéancier : facture n° ${c.invoiceNumber}`,
      [
        `Bonjour ${c.customerName},`,
        `Nous vous rappelons que l'échéance n° ${c.instalment?.number ?? ''} de ${c.instalment?.amount ?? ''} de votre échéancier pour la facture n° ${c.invoiceNumber} est due le ${c.instalment?.dueDate ?? ''}.`,
        `Si le règlement est déjà en cours, merci de ne pas tenir compte de ce message.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
  'plan-broken': (c) =>
    mail(
      `Échéancier non respecté : facture n° ${c.invoiceNumber}`,
      [
        `Bonjour ${c.customerName},`,
        `L'échéance n° ${c.instalment?.number ?? ''} de ${c.instalment?.amount ?? ''}, due le ${c.instalment?.dueDate ?? ''}, ne nous est pas parvenue malgré le délai de grâce. L'échéancier convenu pour la facture n° ${c.invoiceNumber} prend donc fin.`,
        `Le solde de ${c.balance} est exigible dès à présent, et nos relances reprennent. Si vous rencontrez une difficulté, contactez-nous sans attendre : nous préférons toujours trouver une solution ensemble.`,
        howToPay(c),
        questions(c),
      ],
      signature(c),
      answerOnline('fr', c.selfServiceUrl),
    ),
};
