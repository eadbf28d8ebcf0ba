import { CustomerReminderContext, renderCustomerReminder } from '../../templates/customer-reminder';

describe("the customer's e-mail listing several invoices", () => {
  const context = (overrides: Partial<CustomerReminderContext> = {}): CustomerReminderContext => ({
    customerName: 'Dupont & Fils <SARL>',
    invoices: [
      { invoiceNumber: 'F-1', dueDate: '2 February 2026', balance: '€1,000.00', daysLate: 47 },
      { invoiceNumber: 'F-2', dueDate: '1 April 2026', balance: '€500.00', daysLate: 0 },
    ],
    totals: ['€1,500.00'],
    firm: false,
    attachments: ['statement-F-1.pdf', 'statement-F-2.pdf'],
    paymentInstructions: 'bank transfer, quoting the invoice number',
    contact: 'accounts@atelier-martin.test',
    creditorName: 'Atelier Martin SAS',
    ...overrides,
  });

  it('lists each invoice in English, telling the overdue from the not yet due', () => {
    const { subject, text } = renderCustomerReminder('en-GB', context());
    expect(subject).toBe('2 invoices to settle: €1,500.00 outstanding');
    expect(text).toContain('- Invoice F-1, due on 2 February 2026: €1,000.00 (47 days overdue)');
    expect(text).toContain('- Invoice F-2, due on 1 April 2026: €500.00 (not yet due)');
    expect(text).toContain('1 is overdue:');
    expect(text).toContain('Total outstanding: €1,500.00.');
    expect(text).toContain('Attached: statement-F-1.pdf, statement-F-2.pdf.');
  });

  it('escapes every value in the HTML', () => {
    const { html } = renderCustomerReminder(
      'fr-FR',
      context({ invoices: [{ invoiceNumber: '<b>F-1</b>', dueDate: 'x', balance: '"1"', daysLate: 3 }] }),
    );
    expect(html).toContain('Dupont &amp; Fils &lt;SARL&gt;');
    expect(html).toContain('&lt;b&gt;F-1&lt;/b&gt;');
    expect(html).toContain('&quot;1&quot;');
    expect(html).not.toContain('<SARL>');
  });

  it('keeps one invoice singular and a second reminder firm, in French', () => {
    const { subject, text } = renderCustomerReminder(
      'fr-FR',
      context({ invoices: [context().invoices[0]!], firm: true, governingLaw: 'FR', attachments: ['releve-F-1.pdf'] }),
    );
    expect(subject).toBe('Facture n°\u00a0F-1 en retard');
    expect(text).toContain('la facture suivante reste impayée à ce jour\u00a0:');
    expect(text).toContain('sous huit jours. Conformément à l');
    expect(text).toContain('Vous trouverez en pièce jointe\u00a0: releve-F-1.pdf.');
    expect(text).toContain('(47\u00a0jours de retard)');
  });
});
