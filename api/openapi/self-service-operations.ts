import { answerJsonSchema, MAX_PLAN_INSTALMENTS, parseAnswerJson } from '../self-service/answer-json';
import { ALL_INVOICES } from '../self-service/debtor-answer-form';
import type { Operation } from './api-operations';
import { DocumentedBody, jsonSchema } from './documented-body';

const LINK =
  '`token` is the signed, expiring link of one customer that every e-mail and letter to it carries ' +
  '(`PUBLIC_URL/s/<token>`); no API key. A forged, tampered or expired token, or one whose customer has no invoice, ' +
  'gets the same bilingual 404 page. Views are limited per link (429 with Retry-After).';

/** What a program sends as `application/json`; the first is the document's example, every one is checked by the parser. */
const ANSWER_EXAMPLES = [
  { answer: 'promise_to_pay', invoiceId: 'F-2026-0042', promisedDate: '2026-12-20' },
  { answer: 'already_paid', invoiceId: 'F-2026-0042', paidOn: '2026-11-28', reference: 'VIR-2026-0042' },
  { answer: 'dispute', invoiceId: ALL_INVOICES, reason: 'The parts arrived scratched', text: 'Returned under RMA-77.' },
  {
    answer: 'request_plan',
    invoiceId: 'F-2026-0042',
    instalments: [
      { dueDate: '2026-12-15', amount: 60_000 },
      { dueDate: '2027-01-15', amount: 63_450 },
    ],
  },
  { answer: 'request_plan', count: 3, firstDate: '2026-12-15', nonce: 'c2VsZi1zZXJ2aWNlLW5vbmNl' },
];

/** The JSON body, checked by the very parser that reads real answers. */
const ANSWER_BODY: DocumentedBody = {
  schema: jsonSchema(answerJsonSchema),
  examples: ANSWER_EXAMPLES,
  validate: (value) => {
    const parsed = parseAnswerJson(value);
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('; '));
  },
};

const FORM_EXAMPLE = 'answer=promise_to_pay&invoice=F-2026-0042&promisedDate=2026-12-20&nonce=c2VsZi1zZXJ2aWNlLW5vbmNl';

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
    summary: 'The debtor answers about one invoice or all its open invoices (the page’s form, or JSON from a program)',
    description:
      `${LINK} The link is checked before the body is read; the body is 16 kB at most (413 beyond), either media type. ` +
      'Each answer reaches the invoice’s workflow (`debtorAnswer`) and its proof trail as said by the debtor ' +
      '(`by: "debtor"`); 10 answers per link per hour, then 429 with Retry-After.\n\n' +
      '**`application/json`** (documented below; unknown fields are ignored): `answer` — `already_paid` with `paidOn` ' +
      'and `reference`, `promise_to_pay` with `promisedDate` (within the policy’s promiseLimit), `dispute` with ' +
      '`reason` (a code: not_received, defective, wrong_amount, already_credited, not_ordered, other; any other text ' +
      'is a dispute `other` keeping those words as its text) and `text`, `request_plan` with `instalments` ' +
      `(\`[{ dueDate, amount }]\`, integer minor units summing to the balance, as instalmentAgreed, at most ` +
      `${MAX_PLAN_INSTALMENTS}) or \`count\` (2–12) and \`firstDate\` (monthly, the balance split to the cent, the ` +
      `remainder on the last); \`invoiceId\` (alias \`invoice\`): an open invoice of the link’s customer or ` +
      `\`${ALL_INVOICES}\`; without it, the customer’s only open invoice (422 naming invoiceId when it has several); ` +
      '`nonce` optional. Without a nonce the same answer (same invoice, same fields) through the same link is one ' +
      'answer however often it is sent. Answers 200 `{ answer, invoices: [{ invoiceId, stage }] }` (each invoice’s ' +
      'stage after the answer); refusals as `application/problem+json`: 422 with `errors: [{ field, rule, message, ' +
      'invoiceId? }]` naming the field as sent or as the workflow named it (e.g. `promisedDate`) and `invoices` that ' +
      'took it, 400 for JSON that does not parse, 404 with one body for every refused link, 429 and 503 with ' +
      'Retry-After.\n\n' +
      '**`application/x-www-form-urlencoded`** (the page’s forms): the same answers with `invoice` (an id or ' +
      '`all`), a monthly plan only (`count`, `firstDate`), a dispute `reason` among the codes, `nonce` (the form’s ' +
      `hidden value: the same form posted twice counts once; optional), \`lang\`. Example: \`${FORM_EXAMPLE}\`. ` +
      'Answered with the HTML page: 200 with a confirmation, 422 with the refusal next to the form, 404, 413, 429 and ' +
      '503 as pages.',
    access: 'public',
    params: ['token'],
    body: ANSWER_BODY,
    ok: [200, 'JSON: `{ answer, invoices: [{ invoiceId, stage }] }` (a form gets the HTML page with the confirmation)'],
    errors: [400, 404, 413, 422, 429, 503],
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
