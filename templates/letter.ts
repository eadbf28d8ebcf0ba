import type { NoticeClaim } from './notice-claim';

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

/** A postal address as the letter prints it; `countryName` is in the letter's language. */
export interface LetterAddress {
  lines: string[];
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  countryName: string;
}

/** What every letter receives: the creditor's and debtor's identities and the facts, formatted for the locale. */
export interface LetterContext {
  creditor: { name: string; address: string[]; contact: string; registration?: string };
  /** `address` is what goes in the envelope window; without it the window shows the name only. */
  debtor: { name: string; customerId: string; email: string; phone?: string; country: string; address?: LetterAddress };
  invoiceNumber: string;
  issueDate: string;
  amount: string;
  balance: string;
  dueDate: string;
  daysLate: number;
  dated: string;
  /** As configured (one language); the templates translate the built-in default (`payment-instructions.ts`). */
  paymentInstructions: string;
  /** ISO 3166-1 alpha-2 of the law governing late payment, when known: picks the statutory wording. */
  governingLaw?: string;
  /** No reminder, call or letter reached the customer before: the text never claims earlier reminders. */
  firstContact: boolean;
  /** Formal notice only. */
  notice?: {
    /** The last full day to pay, formatted. */
    deadline: string;
    /** What the debtor is asked to pay: the claim's total, or the balance when there is no claim. */
    total: string;
    /** null: no statutory claim applies; the notice states the principal only. */
    claim: NoticeClaim | null;
  };
  /** Earlier communications, for the statement: date, channel and what was sent. */
  history?: { date: string; what: string }[];
  /** The customer's self-service page (`PUBLIC_URL/s/<token>`), printed as one short line; absent: no line. */
  selfServiceUrl?: string;
}

export type LetterKind = 'statement' | 'registered-reminder' | 'formal-notice';

export type LetterTemplate = (context: LetterContext) => Letter;
