import type { DebtorAnswerKind, DebtorDisputeReason } from '../../workflows/messages';

export type PageLanguage = 'fr' | 'en';

/** The page's language: `?lang=` when it names one, else the customer's locale (French or English, English otherwise). */
export function pageLanguage(requested: unknown, locale: string | undefined): PageLanguage {
  if (requested === 'fr' || requested === 'en') return requested;
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

interface AnswerWording {
  title: string;
  intro: string;
  submit: string;
  done: string;
}

/** Everything the page says, per language: the debtor reads no message of the API's own. */
export interface PageText {
  locale: string;
  otherLanguage: { lang: PageLanguage; label: string };
  /** The page's title, naming the creditor when it is known. */
  title: (creditor: string) => string;
  greeting: (customer: string) => string;
  intro: string;
  invoicesHeading: string;
  noOpenInvoice: string;
  columns: {
    invoice: string;
    issued: string;
    due: string;
    amount: string;
    balance: string;
    stage: string;
    pdf: string;
  };
  total: (amount: string) => string;
  pdfOriginal: string;
  pdfStatement: string;
  noPdf: string;
  stages: Record<string, string>;
  howToPayHeading: string;
  howToPay: (instructions: string) => string;
  answerHeading: string;
  answerIntro: string;
  invoiceField: string;
  allInvoices: string;
  answers: Record<DebtorAnswerKind, AnswerWording>;
  fields: {
    paidOn: string;
    reference: string;
    promisedDate: string;
    reason: string;
    text: string;
    count: string;
    firstDate: string;
  };
  planHint: string;
  disputeReasons: Record<DebtorDisputeReason, string>;
  dateHint: string;
  /** Why an answer was not taken, by the field at fault. */
  refusals: Record<string, string>;
  refusedFor: (invoices: string) => string;
  doneFor: (invoices: string) => string;
  refusalFallback: string;
  /** At the top of the page, linking to the form whose answer was not (wholly) taken. */
  refusedSummary: string;
  contactLine: (creditor: string, contact: string) => string;
  skipToAnswer: string;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const french: PageText = {
  locale: 'fr-FR',
  otherLanguage: { lang: 'en', label: 'English version' },
  title: (creditor) => (creditor ? `Vos factures auprès de ${creditor}` : 'Vos factures'),
  greeting: (customer) => `Bonjour ${customer},`,
  intro:
    'Voici vos factures ouvertes. Vous pouvez les régler, ou nous répondre ici : paiement déjà effectué, date de paiement, contestation ou demande d’échéancier.',
  invoicesHeading: 'Vos factures ouvertes',
  noOpenInvoice: 'Aucune facture ne reste à régler. Merci !',
  columns: {
    invoice: 'Facture',
    issued: 'Émise le',
    due: 'Échéance',
    amount: 'Montant',
    balance: 'Reste dû',
    stage: 'Situation',
    pdf: 'Document',
  },
  total: (amount) => `Total restant dû\u00a0: ${amount}`,
  pdfOriginal: 'Facture (PDF)',
  pdfStatement: 'Relevé (PDF)',
  noPdf: 'Pas encore de document',
  stages: {
    scheduled: 'Non échue',
    reminding: 'En retard',
    calling: 'En retard',
    letter: 'Relance par courrier',
    formal_notice: 'Mise en demeure',
    legal: 'Procédure engagée',
    instalment_plan: 'Échéancier en cours',
    promise_to_pay: 'Promesse de paiement',
    disputed: 'Contestée',
    paused: 'Relances suspendues',
    insolvency: 'Procédure collective',
  },
  howToPayHeading: 'Comment payer',
  howToPay: (instructions) => `${capitalised(instructions)}, en indiquant le numéro de la facture réglée.`,
  answerHeading: 'Nous répondre',
  answerIntro: 'Choisissez la réponse qui correspond à votre situation. Chaque réponse nous parvient aussitôt.',
  invoiceField: 'Facture concernée',
  allInvoices: 'Toutes mes factures ouvertes',
  answers: {
    already_paid: {
      title: 'J’ai déjà payé',
      intro: 'Indiquez la date et la référence de votre paiement : nous le rapprochons et suspendons les relances.',
      submit: 'Signaler mon paiement',
      done: 'Merci : votre paiement est signalé. Nous le vérifions ; les relances sont suspendues pendant ce temps.',
    },
    promise_to_pay: {
      title: 'Je paierai à une date précise',
      intro: 'Indiquez la date à laquelle vous paierez : nous ne vous relancerons pas d’ici là.',
      submit: 'Envoyer ma date de paiement',
      done: 'Merci : votre date de paiement est enregistrée. Nous ne vous relancerons pas d’ici là.',
    },
    dispute: {
      title: 'Je conteste la facture',
      intro: 'Dites-nous pourquoi : les relances sont suspendues le temps que nous examinions votre contestation.',
      submit: 'Envoyer ma contestation',
      done: 'Votre contestation est enregistrée. Les relances sont suspendues le temps que nous l’examinions.',
    },
    request_plan: {
      title: 'Je demande un échéancier',
      intro: 'Proposez un paiement en plusieurs mensualités : nous l’étudions et vous répondons.',
      submit: 'Demander cet échéancier',
      done: 'Votre demande d’échéancier nous est transmise. Nous vous répondrons rapidement ; les relances sont suspendues d’ici là.',
    },
  },
  fields: {
    paidOn: 'Date du paiement',
    reference: 'Référence du paiement (virement, chèque…)',
    promisedDate: 'Date à laquelle je paierai',
    reason: 'Motif',
    text: 'Précisions (facultatif)',
    count: 'Nombre de mensualités',
    firstDate: 'Date de la première mensualité',
  },
  planHint: 'Le reste dû est réparti en mensualités égales, l’arrondi au centime sur la dernière.',
  disputeReasons: {
    not_received: 'Je n’ai pas reçu la marchandise ou la prestation',
    defective: 'La marchandise ou la prestation est défectueuse',
    wrong_amount: 'Le montant est erroné',
    already_credited: 'Un avoir a déjà été émis',
    not_ordered: 'Je n’ai pas passé cette commande',
    other: 'Autre motif',
  },
  dateHint: 'Format : AAAA-MM-JJ',
  refusals: {
    invoice: 'Choisissez une facture de la liste.',
    paidOn: 'Indiquez une date de paiement réelle, passée ou du jour.',
    reference: 'Indiquez la référence de votre paiement, sur une ligne (100 caractères au plus).',
    promisedDate: 'Cette date ne peut pas être retenue : choisissez une date à venir, dans un délai raisonnable.',
    reason: 'Choisissez un motif dans la liste.',
    text: 'Les précisions ne peuvent dépasser 2 000 caractères ni contenir de caractères de contrôle.',
    count: 'Choisissez de 2 à 12 mensualités (le reste dû doit permettre au moins un centime par mensualité).',
    firstDate: 'Indiquez une date de première mensualité réelle et à venir (la dernière au plus tard en 2100).',
    'workflow.status': 'Cette facture n’accepte plus de réponse en ligne : elle est réglée ou close.',
    'workflow.answer': 'Un paiement que vous avez signalé sur cette facture est déjà en cours de vérification.',
    'workflow.paidOn': 'La date de paiement ne peut pas être dans le futur.',
    'workflow.reference': 'Indiquez la référence de votre paiement, sur une ligne.',
    'workflow.promisedDate':
      'Cette date ne peut pas être retenue : choisissez une date à venir, dans le délai que permettent nos conditions. Une date ne peut pas non plus être donnée pendant une contestation ou un échéancier en cours.',
    'workflow.reason': 'Une contestation est déjà en cours d’examen sur cette facture.',
    'workflow.text': 'Une contestation est déjà en cours d’examen sur cette facture.',
    'workflow.instalments':
      'Cet échéancier ne peut pas être retenu : une demande attend peut-être déjà notre réponse, ou les dates ne conviennent pas. Proposez une autre date ou un autre nombre de mensualités.',
    form: 'Le formulaire n’a pas pu être lu. Rechargez la page et recommencez.',
    unavailable: 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
  },
  refusedFor: (invoices) => `Réponse non retenue pour : ${invoices}.`,
  doneFor: (invoices) => `Facture(s) : ${invoices}.`,
  refusalFallback: 'Votre réponse n’a pas pu être retenue. Contactez-nous pour en parler.',
  refusedSummary: 'Votre réponse n’a pas pu être retenue entièrement : voir le détail ci-dessous.',
  contactLine: (creditor, contact) => `Une question ? Contactez ${creditor} : ${contact}.`,
  skipToAnswer: 'Aller aux réponses',
};

const english: PageText = {
  locale: 'en-GB',
  otherLanguage: { lang: 'fr', label: 'Version française' },
  title: (creditor) => (creditor ? `Your invoices with ${creditor}` : 'Your invoices'),
  greeting: (customer) => `Dear ${customer},`,
  intro:
    'Here are your open invoices. You can pay them, or answer us here: already paid, a date you will pay by, a dispute or a payment plan request.',
  invoicesHeading: 'Your open invoices',
  noOpenInvoice: 'Nothing remains to be paid. Thank you!',
  columns: {
    invoice: 'Invoice',
    issued: 'Issued',
    due: 'Due',
    amount: 'Amount',
    balance: 'Outstanding',
    stage: 'Status',
    pdf: 'Document',
  },
  total: (amount) => `Total outstanding: ${amount}`,
  pdfOriginal: 'Invoice (PDF)',
  pdfStatement: 'Statement (PDF)',
  noPdf: 'No document yet',
  stages: {
    scheduled: 'Not yet due',
    reminding: 'Overdue',
    calling: 'Overdue',
    letter: 'Reminder letter sent',
    formal_notice: 'Formal notice sent',
    legal: 'Legal proceedings',
    instalment_plan: 'Payment plan in progress',
    promise_to_pay: 'Payment promised',
    disputed: 'Disputed',
    paused: 'Reminders on hold',
    insolvency: 'Insolvency proceedings',
  },
  howToPayHeading: 'How to pay',
  howToPay: (instructions) => `${capitalised(instructions)}, quoting the number of the invoice paid.`,
  answerHeading: 'Answer us',
  answerIntro: 'Choose the answer that fits your situation. Each answer reaches us at once.',
  invoiceField: 'Invoice',
  allInvoices: 'All my open invoices',
  answers: {
    already_paid: {
      title: 'I have already paid',
      intro: 'Give the date and reference of your payment: we match it and put reminders on hold.',
      submit: 'Report my payment',
      done: 'Thank you: your payment is reported. We are checking it; reminders are on hold meanwhile.',
    },
    promise_to_pay: {
      title: 'I will pay by a given date',
      intro: 'Give the date you will pay by: we will not remind you before then.',
      submit: 'Send my payment date',
      done: 'Thank you: your payment date is recorded. We will not remind you before then.',
    },
    dispute: {
      title: 'I dispute the invoice',
      intro: 'Tell us why: reminders are on hold while we review your dispute.',
      submit: 'Send my dispute',
      done: 'Your dispute is recorded. Reminders are on hold while we review it.',
    },
    request_plan: {
      title: 'I request a payment plan',
      intro: 'Propose to pay in monthly instalments: we will review it and get back to you.',
      submit: 'Request this plan',
      done: 'Your payment plan request has reached us. We will get back to you shortly; reminders are on hold meanwhile.',
    },
  },
  fields: {
    paidOn: 'Payment date',
    reference: 'Payment reference (transfer, cheque…)',
    promisedDate: 'Date I will pay by',
    reason: 'Reason',
    text: 'Details (optional)',
    count: 'Number of monthly instalments',
    firstDate: 'First instalment date',
  },
  planHint: 'The outstanding amount is split into equal instalments, the rounding cents on the last one.',
  disputeReasons: {
    not_received: 'I did not receive the goods or service',
    defective: 'The goods or service are defective',
    wrong_amount: 'The amount is wrong',
    already_credited: 'A credit note was already issued',
    not_ordered: 'I did not order this',
    other: 'Another reason',
  },
  dateHint: 'Format: YYYY-MM-DD',
  refusals: {
    invoice: 'Choose an invoice from the list.',
    paidOn: 'Give a real payment date, in the past or today.',
    reference: 'Give your payment reference on one line (100 characters at most).',
    promisedDate: 'This date cannot be accepted: choose a date ahead, within a reasonable time.',
    reason: 'Choose a reason from the list.',
    text: 'Details may not exceed 2,000 characters or hold control characters.',
    count: 'Choose 2 to 12 instalments (the outstanding amount must allow at least one cent each).',
    firstDate: 'Give a real first instalment date ahead (the last one in 2100 at the latest).',
    'workflow.status': 'This invoice no longer takes answers online: it is paid or closed.',
    'workflow.answer': 'A payment you reported on this invoice is being checked already.',
    'workflow.paidOn': 'The payment date cannot be in the future.',
    'workflow.reference': 'Give your payment reference on one line.',
    'workflow.promisedDate':
      'This date cannot be accepted: choose a date ahead, within the time our terms allow. No date can be given either while a dispute or a payment plan stands.',
    'workflow.reason': 'A dispute on this invoice is under review already.',
    'workflow.text': 'A dispute on this invoice is under review already.',
    'workflow.instalments':
      'This plan cannot be accepted: a request may be waiting for our answer already, or the dates do not fit. Propose another date or number of instalments.',
    form: 'The form could not be read. Reload the page and try again.',
    unavailable: 'The service is unavailable for a moment. Please try again shortly.',
  },
  refusedFor: (invoices) => `Answer not accepted for: ${invoices}.`,
  doneFor: (invoices) => `Invoice(s): ${invoices}.`,
  refusalFallback: 'Your answer could not be accepted. Please contact us about it.',
  refusedSummary: 'Your answer could not be accepted in full: see the details below.',
  contactLine: (creditor, contact) => `Any question? Contact ${creditor}: ${contact}.`,
  skipToAnswer: 'Skip to the answers',
};

export const PAGE_TEXT: Record<PageLanguage, PageText> = { fr: french, en: english };

/**
 * The refusal shown for a field the form refused (`promisedDate`) or the workflow refused (`workflow.promisedDate`);
 * the fallback for any other.
 */
export function refusalText(text: PageText, field: string): string {
  const key = field.startsWith('workflow.instalments') ? 'workflow.instalments' : field;
  return text.refusals[key] ?? text.refusalFallback;
}
