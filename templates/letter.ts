/** A printable letter, locale-independent: the locale files fill it, `renderLetterPdf` lays it out. */
export interface Letter {
  /** Document title, also the PDF's metadata title. */
  title: string;
  sender: string[];
  recipient: string[];
  /** Place and date line, e.g. "Paris, le 23 novembre 2026". */
  dated: string;
  /** Mentions above the subject: "Lettre recommandée avec accusé de réception", the reference. */
  mentions: string[];
  subject: string;
  salutation: string;
  paragraphs: string[];
  /** A two-column table of amounts, after the paragraph at `tableAfter`. */
  table?: { rows: [string, string][]; total?: [string, string]; after: number };
  closing: string;
  signature: string[];
  footer: string;
}

/** What every letter receives: the creditor's and debtor's identities and the facts, formatted for the locale. */
export interface LetterContext {
  creditor: { name: string; address: string[]; contact: string; registration?: string };
  debtor: { name: string; customerId: string; email: string; phone?: string; country: string };
  invoiceNumber: string;
  issueDate: string;
  amount: string;
  balance: string;
  dueDate: string;
  daysLate: number;
  dated: string;
  paymentInstructions: string;
  /** Formal notice only. */
  notice?: {
    interest: string;
    indemnity: string;
    total: string;
    deadline: string;
    periods: { from: string; to: string; days: number; ratePercent: string; interest: string }[];
  };
  /** Earlier communications, for the statement: date, channel and what was sent. */
  history?: { date: string; what: string }[];
}

export type LetterKind = 'statement' | 'registered-reminder' | 'formal-notice';

export type LetterTemplate = (context: LetterContext) => Letter;
