import type { LetterContext } from './letter';
import { windowLines } from './letter-address';
import {
  BODY_SIZE,
  BODY_TOP,
  BOLD,
  Doc,
  drawFooters,
  drawRecipient,
  drawSender,
  INK,
  keepTogether,
  LEFT,
  MUTED,
  openLetterDocument,
  pdfText,
  REGULAR,
  RIGHT,
} from './letter-pdf';
import { drawGrid, GridColumn } from './pdf-grid';

/** One open invoice of the statement; amounts and dates already formatted for the customer. */
export interface StatementInvoiceLine {
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  amount: string;
  paid: string;
  outstanding: string;
  /** 0 while the invoice is not yet due. */
  daysLate: number;
}

/** A payment the customer made across invoices, its shares in force, and what is left of it as credit. */
export interface StatementPaymentLine {
  receivedOn: string;
  reference?: string;
  amount: string;
  reversed: boolean;
  allocations: { invoiceNumber: string; amount: string }[];
  /** Unallocated, when anything is. */
  credit?: string;
}

/** One currency's position: what the open invoices owe, the customer's credit, and the difference. */
export interface StatementTotal {
  currency: string;
  outstanding: string;
  credit: string;
  net: string;
}

/** A customer's statement of account, every figure formatted: the template adds the words and lays it out. */
export interface CustomerStatement {
  language: 'fr' | 'en';
  creditor: LetterContext['creditor'] & { city?: string };
  debtor: LetterContext['debtor'];
  /** The day the statement stands at, long form ("21 mars 2026"). */
  asOf: string;
  invoices: StatementInvoiceLine[];
  payments: StatementPaymentLine[];
  totals: StatementTotal[];
}

// French typography: a no-break space before « : » and after « n° ».
const NBSP = '\u00a0';

const WORDING = {
  fr: {
    title: 'Relevé de compte',
    dated: (s: CustomerStatement) => (s.creditor.city ? `${s.creditor.city}, le ${s.asOf}` : `Le ${s.asOf}`),
    reference: (s: CustomerStatement) => `Client n°${NBSP}${s.debtor.customerId} · situation au ${s.asOf}`,
    invoices: 'Factures ouvertes',
    noInvoice: 'Aucune facture ouverte à ce jour.',
    invoiceHeader: ['Facture n°', 'Émise le', 'Échéance', 'Montant', 'Réglé', 'Reste dû', 'Retard'],
    late: (days: number) => (days > 0 ? `${days}${NBSP}j` : 'non échue'),
    payments: 'Paiements reçus',
    paymentHeader: ['Reçu le', 'Référence', 'Montant', 'Affectation', 'Non affecté'],
    reversed: 'Paiement annulé',
    share: (invoice: string, amount: string) => `Facture ${invoice}${NBSP}: ${amount}`,
    totals: 'Récapitulatif par devise',
    totalHeader: ['Devise', 'Reste dû', 'Crédit disponible', 'Net à payer'],
    closing: (s: CustomerStatement) =>
      `Sauf erreur ou omission de notre part. Pour toute question sur ce relevé${NBSP}: ${s.creditor.contact}.`,
  },
  en: {
    title: 'Statement of account',
    dated: (s: CustomerStatement) => (s.creditor.city ? `${s.creditor.city}, ${s.asOf}` : s.asOf),
    reference: (s: CustomerStatement) => `Customer no. ${s.debtor.customerId} · as of ${s.asOf}`,
    invoices: 'Open invoices',
    noInvoice: 'No open invoice to date.',
    invoiceHeader: ['Invoice no.', 'Issued', 'Due', 'Amount', 'Paid', 'Outstanding', 'Days late'],
    late: (days: number) => (days > 0 ? String(days) : 'not due'),
    payments: 'Payments received',
    paymentHeader: ['Received', 'Reference', 'Amount', 'Allocated to', 'Unallocated'],
    reversed: 'Payment reversed',
    share: (invoice: string, amount: string) => `Invoice ${invoice}: ${amount}`,
    totals: 'Summary by currency',
    totalHeader: ['Currency', 'Outstanding', 'Credit available', 'Net due'],
    closing: (s: CustomerStatement) =>
      `Errors and omissions excepted. Questions about this statement: ${s.creditor.contact}.`,
  },
};

/** The file name the statement is served under: `releve-<customer>-<day>.pdf`, `statement-…` in English. */
export function customerStatementFilename(language: 'fr' | 'en', customerId: string, day: string): string {
  return `${language === 'fr' ? 'releve' : 'statement'}-${customerId.replace(/[^A-Za-z0-9._-]+/g, '_')}-${day}.pdf`;
}

/**
 * Lays the statement out on the letters' A4 page (sender, right-window address, footer and "page X / Y"), then three
 * tables: the open invoices, the payments with their allocation, and each currency's net position.
 */
export function renderCustomerStatementPdf(statement: CustomerStatement, createdAt: Date): Promise<Buffer> {
  const words = WORDING[statement.language];
  const { creditor } = statement;
  const { doc, done } = openLetterDocument(words.title, creditor.name, createdAt);
  const width = doc.page.width - LEFT - RIGHT;

  drawSender(doc, [creditor.name, ...creditor.address, creditor.contact]);
  drawRecipient(doc, windowLines(statement.debtor, statement.language));
  doc.y = Math.max(doc.y, BODY_TOP);

  const top = doc.y;
  doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(INK);
  doc.text(pdfText(words.dated(statement)), LEFT, top, { width, align: 'right' });
  doc
    .font(BOLD)
    .fontSize(15)
    .text(pdfText(words.title), LEFT, top, { width: width / 2 });
  doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(MUTED);
  doc.text(pdfText(words.reference(statement)), LEFT, doc.y + 2, { width });

  heading(doc, words.invoices, width);
  if (statement.invoices.length === 0) paragraph(doc, words.noInvoice, width);
  else
    drawGrid(
      doc,
      width,
      INVOICE_COLUMNS,
      words.invoiceHeader,
      statement.invoices.map((i) => [
        i.invoiceNumber,
        i.issueDate,
        i.dueDate,
        i.amount,
        i.paid,
        i.outstanding,
        words.late(i.daysLate),
      ]),
    );

  if (statement.payments.length > 0) {
    heading(doc, words.payments, width);
    drawGrid(
      doc,
      width,
      PAYMENT_COLUMNS,
      words.paymentHeader,
      statement.payments.map((p) => [
        p.receivedOn,
        p.reference ?? '',
        p.amount,
        p.reversed ? words.reversed : p.allocations.map((a) => words.share(a.invoiceNumber, a.amount)).join('\n'),
        p.credit ?? '',
      ]),
    );
  }

  heading(doc, words.totals, width);
  drawGrid(
    doc,
    width,
    TOTAL_COLUMNS,
    words.totalHeader,
    statement.totals.map((t) => [t.currency, t.outstanding, t.credit, t.net]),
  );

  doc.moveDown(0.8);
  paragraph(doc, words.closing(statement), width);
  drawFooters(doc, [creditor.name, creditor.registration, creditor.contact].filter(Boolean).join(' · '), width);
  doc.end();
  return done;
}

const INVOICE_COLUMNS: GridColumn[] = [
  { share: 0.19, align: 'left' },
  { share: 0.115, align: 'left' },
  { share: 0.115, align: 'left' },
  { share: 0.155, align: 'right' },
  { share: 0.145, align: 'right' },
  { share: 0.155, align: 'right', bold: true },
  { share: 0.125, align: 'right' },
];
const PAYMENT_COLUMNS: GridColumn[] = [
  { share: 0.115, align: 'left' },
  { share: 0.2, align: 'left' },
  { share: 0.155, align: 'right' },
  { share: 0.375, align: 'left' },
  { share: 0.155, align: 'right' },
];
const TOTAL_COLUMNS: GridColumn[] = [
  { share: 0.19, align: 'left' },
  { share: 0.27, align: 'right' },
  { share: 0.27, align: 'right' },
  { share: 0.27, align: 'right', bold: true },
];

function heading(doc: Doc, text: string, width: number): void {
  doc.moveDown(1.2);
  // A heading never ends a page: it goes with its table's header and first row.
  keepTogether(doc, 60);
  doc.font(BOLD).fontSize(11).fillColor(INK).text(pdfText(text), LEFT, doc.y, { width });
  doc.moveDown(0.3);
}

function paragraph(doc: Doc, text: string, width: number): void {
  doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(INK).text(pdfText(text), LEFT, doc.y, { width });
}
