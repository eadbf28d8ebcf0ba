import { FRENCH_B2B_POLICY } from '../../domain/dunning-policy';

/** Documented request examples; a test checks each against the schema that validates the real requests. */
export const invoiceExample = {
  id: 'F-2026-0042',
  customer: {
    id: 'C-1007',
    name: 'Boulangerie Dupont SARL',
    email: 'compta@boulangerie-dupont.fr',
    phone: '+33 1 23 45 67 89',
    locale: 'fr-FR',
    timezone: 'Europe/Paris',
    country: 'FR',
    address: { lines: ['12 rue des Lilas'], postcode: '69003', city: 'Lyon', country: 'FR' },
  },
  amount: 123_450,
  currency: 'EUR',
  issueDate: '2026-02-01',
  dueDate: '2026-03-03',
  policyId: 'fr-b2b-standard',
};

export const EXAMPLES = {
  createInvoice: invoiceExample,
  // A minimal PDF header: real uploads are whole PDFs, the example only shows the shape.
  uploadDocument: {
    kind: 'invoice',
    filename: 'facture-F-2026-0042.pdf',
    contentType: 'application/pdf',
    contentBase64: Buffer.from('%PDF-1.7\n%%EOF\n').toString('base64'),
  },
  invoiceBatch: {
    id: 'import-2026-03-01-part-1',
    invoices: [invoiceExample, { ...invoiceExample, id: 'F-2026-0043', amount: 98_000 }],
  },
  payment: {
    paymentId: 'sepa-8731',
    amount: 50_000,
    currency: 'EUR',
    receivedAt: '2026-03-15T10:02:00Z',
    method: 'sepa_credit_transfer',
    reference: 'F-2026-0042',
  },
  paymentReversal: { paymentId: 'sepa-8731', reason: 'cheque returned unpaid' },
  instalmentPlan: {
    instalments: [
      { dueDate: '2026-04-30', amount: 61_725 },
      { dueDate: '2026-05-31', amount: 61_725 },
    ],
  },
  dispute: { reason: 'two loaves of the delivery of 12 February were missing' },
  disputeResolution: { outcome: 'partially_upheld', creditAmount: 2_400, note: 'credit note AV-2026-007' },
  promiseToPay: { promisedDate: '2026-04-10', amount: 123_450 },
  pause: { reason: 'customer in conciliation talks', until: '2026-05-01' },
  resume: { reason: 'talks ended' },
  cancel: { reason: 'credit note AV-2026-008 voids the invoice' },
  movePolicy: { policyId: 'fr-b2b-standard', version: 2, reason: 'key account: gentler ladder' },
  contact: {
    email: 'comptabilite@boulangerie-dupont.fr',
    phone: '+33 4 72 10 20 30',
    address: {
      lines: ['Zone artisanale Nord', '3 allée des Fours'],
      postcode: '69100',
      city: 'Villeurbanne',
      country: 'FR',
    },
  },
  appendRates: { entries: [{ from: '2026-06-10', ratePercent: 2.4 }], knownUntil: '2026-12-31' },
  latePaymentQuote: {
    governingLaw: 'FR',
    currency: 'EUR',
    amount: 1_000_000,
    dueDate: '2025-05-15',
    asOf: '2025-08-31',
    payments: [{ date: '2025-06-15', amount: 400_000 }],
  },
  completeTask: { outcome: 'promise_to_pay', promisedDate: '2026-04-10', note: 'spoke to the accountant' },
  /** One completion per task kind and outcome family, in the order the kinds are documented. */
  completeTaskByKind: [
    { outcome: 'posted', trackingNumber: '1A 123 456 7890 1', postedOn: '2026-04-14' },
    { outcome: 'delivered', deliveredOn: '2026-04-16', note: 'avis de réception signed by the accountant' },
    { outcome: 'returned_unclaimed', note: 'not collected at the post office within 15 days' },
    { outcome: 'fixed', email: 'comptabilite@boulangerie-dupont.fr' },
    { outcome: 'unreachable', note: 'no other address known; company struck off?' },
    { outcome: 'approved', note: 'formal notice approved' },
    { outcome: 'rejected', note: 'key account: call the director first' },
    { outcome: 'filed', filedOn: '2026-06-02', reference: 'MJ-2026-0412' },
    { outcome: 'resolved', note: 'relay back up; the mail went out at 10:12' },
  ],
  assignTask: { owner: 'marie.dupont' },
  writeOff: { reason: 'customer liquidated; claim filed and unpaid' },
  legalFileEvent: { type: 'cost', date: '2026-05-20', amount: 18_000, note: "bailiff's fee for service" },
  legalFileHearing: { type: 'hearing', date: '2026-07-03', note: 'tribunal de commerce de Lyon, 9:30' },
  closeLegalFile: { outcome: 'settled', note: 'settled at 1,000 EUR, paid by transfer' },
  policy: {
    ...FRENCH_B2B_POLICY,
    id: 'fr-b2b-gentle',
    version: undefined,
    name: 'French B2B, key accounts',
    steps: FRENCH_B2B_POLICY.steps.filter((step) => step.action !== 'phone_task'),
  },
  matchPaymentEvent: { invoiceId: 'F-2026-0042', note: 'reference mistyped by the customer' },
};
