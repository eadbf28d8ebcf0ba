import { customerStatementContent, StatementFacts } from '../../api/customers/customer-statement-content';
import type { CustomerPaymentWithAllocations } from '../../db/customers';
import type { InvoiceRow } from '../../db/invoices';
import { customerStatementFilename, renderCustomerStatementPdf } from '../../templates/customer-statement';
import type { CustomerSnapshot } from '../../workflows/messages';
import { addresses } from './letter-fixtures';
import { pdfPages, PdfPage } from './pdf-text';

const AT = new Date('2026-03-21T10:00:00Z');
const NBSP = '\u00a0';
const flat = (value: string) => value.replace(/\s+/gu, ' ');
const allText = (pages: PdfPage[]) => pages.map((p) => p.text).join('\n');

const dupont: CustomerSnapshot = {
  id: 'C-77',
  name: 'Boulangerie Dupont SARL',
  email: 'ap@dupont.test',
  locale: 'fr-FR',
  timezone: 'Europe/Paris',
  country: 'FR',
  address: addresses.FR,
};

function invoice(overrides: Partial<InvoiceRow> & Pick<InvoiceRow, 'id' | 'amount' | 'balance'>): InvoiceRow {
  return {
    customerId: 'C-77',
    customer: dupont as unknown as Record<string, unknown>,
    currency: 'EUR',
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    dueAt: '2026-02-04T23:00:00.000Z',
    policyId: 'standard',
    policyVersion: 1,
    governingLaw: 'FR',
    requestHash: 'hash',
    status: 'open',
    stage: 'reminding',
    nextAction: null,
    nextActionAt: null,
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-03-02T09:30:00.000Z',
    ...overrides,
  };
}

/** 800 € received on 2 March: 500 € to F-2026-0042, 300 € left as credit. */
const payment: CustomerPaymentWithAllocations = {
  paymentId: 'PAY-9001',
  customerId: 'C-77',
  amount: 80_000,
  currency: 'EUR',
  receivedAt: '2026-03-02T09:30:00.000Z',
  reference: 'VIR 0042',
  method: 'transfer',
  recordedBy: 'ops',
  recordedAt: '2026-03-02T09:31:00.000Z',
  reversedAt: null,
  reversalReason: null,
  allocations: [
    {
      paymentId: 'PAY-9001',
      invoiceId: 'F-2026-0042',
      amount: 50_000,
      source: 'payment',
      allocatedAt: '2026-03-02T09:31:00.000Z',
      reversedAt: null,
      deliveredAt: '2026-03-02T09:31:01.000Z',
      undeliverableAt: null,
    },
  ],
  credit: 30_000,
};

/** Three open invoices, two in euros and one in pounds, one paid invoice, and the payment above. */
function facts(customer: CustomerSnapshot = dupont): StatementFacts {
  const snapshot = customer as unknown as Record<string, unknown>;
  return {
    creditor: {
      name: 'Atelier Martin SAS',
      contact: 'compta@atelier-martin.test',
      address: ['12 rue des Tanneurs', '69002 Lyon'],
      registration: 'SIREN 812 345 678',
      city: 'Lyon',
    },
    invoices: [
      invoice({ id: 'F-2026-0042', amount: 123_450, balance: 73_450, customer: snapshot }),
      invoice({
        id: 'F-2026-0057',
        amount: 250_000,
        balance: 250_000,
        issueDate: '2026-02-10',
        dueDate: '2026-03-12',
        dueAt: '2026-03-12T23:00:00.000Z',
        customer: snapshot,
      }),
      invoice({
        id: 'F-2026-0061',
        amount: 98_000,
        balance: 98_000,
        currency: 'GBP',
        issueDate: '2026-03-01',
        dueDate: '2026-03-31',
        dueAt: '2026-03-31T22:00:00.000Z',
        createdAt: '2026-03-01T08:00:00.000Z',
        customer: snapshot,
      }),
      invoice({ id: 'F-2025-0310', amount: 40_000, balance: 0, status: 'paid', stage: 'closed', customer: snapshot }),
    ],
    payments: [payment],
    credit: [{ currency: 'EUR', amount: 30_000 }],
    at: AT,
  };
}

async function render(statementFacts: StatementFacts): Promise<PdfPage[]> {
  return pdfPages(await renderCustomerStatementPdf(customerStatementContent(statementFacts), AT));
}

describe('the customer statement in French', () => {
  let pages: PdfPage[];
  let text: string;
  beforeAll(async () => {
    pages = await render(facts());
    text = allText(pages);
  });

  it('is headed « Relevé de compte » from the creditor to the customer in the window, dated in Lyon', () => {
    expect(text).toContain('Relevé de compte');
    expect(text).toContain('Atelier Martin SAS');
    expect(text).toContain('12 rue des Tanneurs');
    expect(text).toContain('Boulangerie Dupont SARL');
    expect(text).toContain('3 place du Marché');
    expect(text).toContain('75002 PARIS');
    expect(text).toContain('Lyon, le 21 mars 2026');
    expect(text).toContain(`Client n°${NBSP}C-77 · situation au 21 mars 2026`);
  });

  it('lists each open invoice with its dates, amount, paid, outstanding and days late, oldest due first', () => {
    const lines = text.split('\n');
    const row = (number: string) => lines.slice(lines.indexOf(number), lines.indexOf(number) + 7);
    expect(row('F-2026-0042')).toEqual([
      'F-2026-0042',
      '05/01/2026',
      '04/02/2026',
      `1${NBSP}234,50${NBSP}€`,
      `500,00${NBSP}€`,
      `734,50${NBSP}€`,
      `45${NBSP}j`,
    ]);
    expect(row('F-2026-0057')).toEqual([
      'F-2026-0057',
      '10/02/2026',
      '12/03/2026',
      `2${NBSP}500,00${NBSP}€`,
      `0,00${NBSP}€`,
      `2${NBSP}500,00${NBSP}€`,
      `9${NBSP}j`,
    ]);
    expect(row('F-2026-0061')).toEqual([
      'F-2026-0061',
      '01/03/2026',
      '31/03/2026',
      `980,00${NBSP}£GB`,
      `0,00${NBSP}£GB`,
      `980,00${NBSP}£GB`,
      'non échue',
    ]);
    expect(lines.indexOf('F-2026-0042')).toBeLessThan(lines.indexOf('F-2026-0057'));
  });

  it('leaves a paid invoice out of the open items', () => {
    expect(text).not.toContain('F-2025-0310');
  });

  it('shows the payment, the invoice it went to and the credit left unallocated', () => {
    const flatText = flat(text);
    expect(flatText).toContain('Paiements reçus');
    expect(flatText).toContain('02/03/2026 VIR 0042 800,00 € Facture F-2026-0042 : 500,00 € 300,00 €');
    expect(text).toContain(`Facture F-2026-0042${NBSP}: 500,00${NBSP}€`);
  });

  it('totals each currency: outstanding less credit is the net due', () => {
    const flatText = flat(text);
    expect(flatText).toContain('Devise Reste dû Crédit disponible Net à payer');
    expect(flatText).toContain('EUR 3 234,50 € 300,00 € 2 934,50 €');
    expect(flatText).toContain('GBP 980,00 £GB 0,00 £GB 980,00 £GB');
  });

  it('carries the footer and its page number', () => {
    expect(pages).toHaveLength(1);
    expect(text).toContain('Atelier Martin SAS · SIREN 812 345 678 · compta@atelier-martin.test');
    expect(text).toContain('1 / 1');
  });
});

describe('the customer statement in English', () => {
  const northern: CustomerSnapshot = {
    ...dupont,
    name: 'Northern Widgets Ltd',
    locale: 'en-GB',
    timezone: 'Europe/London',
    country: 'GB',
    address: addresses.GB,
  };

  it('speaks English, with English money and the country in the window', async () => {
    const text = allText(await render(facts(northern)));
    expect(text).toContain('Statement of account');
    expect(text).toContain('Customer no. C-77 · as of 21 March 2026');
    expect(text).toContain('MANCHESTER');
    expect(text).toContain('UNITED KINGDOM');
    expect(flat(text)).toContain('Invoice no. Issued Due Amount Paid Outstanding Days late');
    expect(flat(text)).toContain('F-2026-0042 05/01/2026 04/02/2026 €1,234.50 €500.00 €734.50 45');
    expect(flat(text)).toContain('Invoice F-2026-0042: €500.00');
    expect(flat(text)).toContain('EUR €3,234.50 €300.00 €2,934.50');
    expect(text).not.toContain('Relevé');
  });

  it('is served as statement-<customer>-<day>.pdf, the French one as releve-…', () => {
    expect(customerStatementFilename('en', 'C-77', '2026-03-21')).toBe('statement-C-77-2026-03-21.pdf');
    expect(customerStatementFilename('fr', 'C:77', '2026-03-21')).toBe('releve-C_77-2026-03-21.pdf');
  });
});

describe('a long statement', () => {
  it('runs onto further pages, repeating the column headings, each page with its number', async () => {
    const many = facts();
    many.invoices = Array.from({ length: 70 }, (_, i) =>
      invoice({ id: `F-2025-${String(i + 1).padStart(4, '0')}`, amount: 10_000 + i, balance: 10_000 + i }),
    );
    const pages = await render(many);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page.text).toContain(`${index + 1} / ${pages.length}`);
    });
    const listing = pages.filter((page) => /F-2025-\d{4}/.test(page.text));
    expect(listing.length).toBeGreaterThan(1);
    listing.forEach((page) => expect(page.text).toContain('Facture n°'));
    expect(allText(pages)).toContain('F-2025-0070');
  });
});
