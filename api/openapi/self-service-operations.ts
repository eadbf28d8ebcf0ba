import type { Operation } from './api-operations';

const LINK =
  '`token` is the signed, expiring link of one customer that every e-mail and letter to it carries ' +
  '(`PUBLIC_URL/s/<token>`); no API key. A forged, tampered or expired token, or one whose customer has no invoice, ' +
  'gets the same bilingual 404 page. Views are limited per link (429 with Retry-After).';

/** The debtor's self-service page (`/s/...`): HTML for people, listed so that every route the app answers is here. */
export const SELF_SERVICE_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/s/{token}',
    summary: 'The debtor’s self-service page: open invoices, their PDFs, how to pay, four answers',
    description: `${LINK} French or English from the customer’s locale; \`?lang=fr|en\` switches.`,
    access: 'public',
    params: ['token'],
    ok: [200, 'HTML page', 'text/html'],
    errors: [404, 429],
  },
  {
    method: 'post',
    path: '/s/{token}/answers',
    summary: 'The debtor answers about one invoice or all its open invoices (HTML form)',
    description:
      `${LINK} Body \`application/x-www-form-urlencoded\` (16 kB at most): \`answer\` (already_paid with paidOn and ` +
      'reference, promise_to_pay with promisedDate, dispute with reason and text, request_plan with count 2–12 and ' +
      'firstDate: monthly instalments splitting the balance, the remainder on the last), `invoice` (an id or `all`), ' +
      '`nonce` (the form’s hidden value: the same form posted twice counts once). Each answer reaches the invoice’s ' +
      'workflow (`debtorAnswer`) and its proof trail as said by the debtor. The page answers 200 with a confirmation, ' +
      '422 with the refusal next to the form, 429 (Retry-After) past 10 answers per link per hour.',
    access: 'public',
    params: ['token'],
    ok: [200, 'HTML page with the confirmation', 'text/html'],
    errors: [404, 413, 422, 429, 503],
  },
  {
    method: 'get',
    path: '/s/{token}/answers',
    summary: 'Back to the page (303), for a reload after an answer',
    access: 'public',
    params: ['token'],
    ok: [303, 'See Other: /s/{token}'],
    errors: [404],
  },
  {
    method: 'get',
    path: '/s/{token}/documents/{documentId}',
    summary: 'An invoice’s PDF as the page links it: the uploaded original, else its latest statement',
    description: `${LINK} 404 unless the document is an original or a statement of one of the link’s customer’s invoices.`,
    access: 'public',
    params: ['token', 'documentId'],
    ok: [200, 'the document (application/pdf)', 'application/pdf'],
    errors: [404, 429],
  },
  {
    method: 'get',
    path: '/s/assets/self-service.css',
    summary: 'Style of the self-service page',
    access: 'public',
    ok: [200, 'CSS'],
    errors: [],
  },
];
