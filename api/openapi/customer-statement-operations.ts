import type { Operation } from './api-operations';

/** `GET /v1/customers/{id}/statement`, registered beside the other customer operations. */
export const CUSTOMER_STATEMENT_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/v1/customers/{id}/statement',
    summary: 'The customer’s statement of account as of now, a PDF in the customer’s language',
    description:
      'On the creditor’s letterhead, the customer’s name and postal address in the envelope window, then each open ' +
      'invoice (number, issue date, due date, amount, paid, outstanding, days late), the customer’s payments with how ' +
      'each was allocated and what is left unallocated, and per currency the outstanding, the credit and the net due. ' +
      'French for a fr-* customer locale, English otherwise; dates in the customer’s time zone. Content-Disposition: ' +
      'inline; filename="releve-<customerId>-<YYYY-MM-DD>.pdf" (statement-… in English). 404 when no invoice names ' +
      'the customer.',
    access: 'read',
    params: ['id'],
    ok: [200, 'the statement (application/pdf)', 'application/pdf'],
    errors: [400, 401, 404, 503],
  },
];
