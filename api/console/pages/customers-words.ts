import type { Dictionary } from '../console-locale';

/** A customer as `GET /v1/customers/{id}` answers it. */
export interface Customer {
  customerId: string;
  customer: Record<string, unknown>;
  invoices: {
    id: string;
    stage: string;
    status: string;
    balance: number;
    amount: number;
    currency: string;
    dueDate: string;
  }[];
  outstanding: { currency: string; amount: number }[];
  credit: { currency: string; amount: number }[];
  holds: { holdId: string; kind: string; reason: string; until: string | null; since: string; by: string | null }[];
  insolvency: {
    procedure: string;
    openedOn: string;
    publishedOn: string;
    declareBy: string;
    taskId: string | null;
    claims: {
      invoiceId: string;
      currency: string;
      principal: number;
      interest: number | null;
      indemnity: number | null;
    }[];
  } | null;
  payments: {
    paymentId: string;
    amount: number;
    currency: string;
    receivedAt: string;
    reference: string | null;
    reversedAt: string | null;
    shares: { invoiceId: string; amount: number }[];
    credit: number;
  }[];
}

export const customerWords = {
  fr: {
    title: 'Clients',
    search: 'Rechercher un client',
    searchHint: 'Une partie de son nom ou de son identifiant.',
    find: 'Rechercher',
    none: 'Aucun client trouvé.',
    next: 'Page suivante',
    customer: 'Client',
    id: 'Identifiant',
    email: 'E-mail',
    phone: 'Téléphone',
    openInvoices: 'Factures ouvertes / total',
    outstanding: 'Encours',
    credit: 'Avoir',
    statement: 'Relevé de compte',
    back: 'Tous les clients',
    holds: 'Suspensions',
    noHolds: 'Aucune suspension en cours.',
    kind: 'Type',
    reason: 'Motif',
    since: 'Depuis',
    until: 'Jusqu’au',
    untilOptional: 'Jusqu’au (facultatif)',
    lift: 'Lever',
    do_not_contact: 'Ne pas contacter',
    pause: 'Pause',
    insolvency: 'Procédure collective',
    noInsolvency: 'Aucune procédure en cours.',
    procedure: 'Procédure',
    sauvegarde: 'Sauvegarde',
    redressement: 'Redressement judiciaire',
    liquidation: 'Liquidation judiciaire',
    openedOn: 'Jugement d’ouverture',
    publishedOn: 'Publication BODACC',
    declareBy: 'Déclarer avant le',
    claims: 'Créances à déclarer',
    principal: 'Principal',
    interest: 'Intérêts',
    indemnity: 'Indemnité',
    openInsolvency: 'Enregistrer une procédure',
    closeInsolvency: 'Clore la procédure',
    outcome: 'Issue',
    dismissed: 'Rejetée',
    plan_adopted: 'Plan adopté',
    insufficient_assets: 'Insuffisance d’actif',
    note: 'Note (facultative)',
    invoices: 'Factures',
    invoice: 'Facture',
    due: 'Échéance',
    daysLate: 'Jours de retard',
    amount: 'Montant',
    balance: 'Solde',
    stage: 'Étape',
    payments: 'Paiements',
    noPayments: 'Aucun paiement.',
    paymentId: 'Identifiant du paiement',
    receivedAt: 'Reçu le',
    reference: 'Référence',
    referenceHint: 'Les factures qu’elle nomme sont payées en premier.',
    amountHint: 'Par exemple 1 234,56',
    currency: 'Devise',
    shares: 'Répartition',
    reversed: 'annulé',
    actions: 'Actions',
    placeHold: 'Suspendre les relances',
    recordPayment: 'Enregistrer un paiement',
    'done-hold': 'La suspension est en place.',
    'done-lift': 'La suspension est levée.',
    'done-payment': 'Le paiement est enregistré.',
    'done-insolvency': 'La procédure est enregistrée.',
    'done-insolvency-close': 'La procédure est close.',
  },
  en: {
    title: 'Customers',
    search: 'Find a customer',
    searchHint: 'Part of its name or id.',
    find: 'Search',
    none: 'No customer found.',
    next: 'Next page',
    customer: 'Customer',
    id: 'Id',
    email: 'E-mail',
    phone: 'Phone',
    openInvoices: 'Open invoices / total',
    outstanding: 'Outstanding',
    credit: 'Credit',
    statement: 'Statement of account',
    back: 'All customers',
    holds: 'Holds',
    noHolds: 'No hold in force.',
    kind: 'Kind',
    reason: 'Reason',
    since: 'Since',
    until: 'Until',
    untilOptional: 'Until (optional)',
    lift: 'Lift',
    do_not_contact: 'Do not contact',
    pause: 'Pause',
    insolvency: 'Insolvency',
    noInsolvency: 'No procedure in progress.',
    procedure: 'Procedure',
    sauvegarde: 'Sauvegarde',
    redressement: 'Redressement judiciaire',
    liquidation: 'Liquidation judiciaire',
    openedOn: 'Opening judgment',
    publishedOn: 'Published (BODACC)',
    declareBy: 'Declare by',
    claims: 'Claims to declare',
    principal: 'Principal',
    interest: 'Interest',
    indemnity: 'Indemnity',
    openInsolvency: 'Record a procedure',
    closeInsolvency: 'Close the procedure',
    outcome: 'Outcome',
    dismissed: 'Dismissed',
    plan_adopted: 'Plan adopted',
    insufficient_assets: 'Insufficient assets',
    note: 'Note (optional)',
    invoices: 'Invoices',
    invoice: 'Invoice',
    due: 'Due',
    daysLate: 'Days late',
    amount: 'Amount',
    balance: 'Balance',
    stage: 'Stage',
    payments: 'Payments',
    noPayments: 'No payment.',
    paymentId: 'Payment id',
    receivedAt: 'Received at',
    reference: 'Reference',
    referenceHint: 'The invoices it names are paid first.',
    amountHint: 'For example 1,234.56',
    currency: 'Currency',
    shares: 'Allocation',
    reversed: 'reversed',
    actions: 'Actions',
    placeHold: 'Hold the reminders',
    recordPayment: 'Record a payment',
    'done-hold': 'The hold is in force.',
    'done-lift': 'The hold is lifted.',
    'done-payment': 'The payment is recorded.',
    'done-insolvency': 'The procedure is recorded.',
    'done-insolvency-close': 'The procedure is closed.',
  },
} satisfies Dictionary<string>;
