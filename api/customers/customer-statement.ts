import { Router } from 'express';
import { customerCredit, customerPayments } from '../../db/customers';
import type { Queryable } from '../../db/database';
import { listInvoices } from '../../db/invoices';
import { customerStatementFilename, renderCustomerStatementPdf } from '../../templates/customer-statement';
import { requirePermission } from '../http/auth';
import { NotFoundError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { customerStatementContent, StatementCreditor, statementDay } from './customer-statement-content';

/** Open invoices a statement lists at most; the invoice list filtered by customerId shows the rest. */
export const MAX_STATEMENT_INVOICES = 1000;
/** The customer's most recent payments a statement lists. */
export const MAX_STATEMENT_PAYMENTS = 100;

export interface CustomerStatementRouterDeps {
  db: Queryable;
  /** The configured creditor (`CREDITOR_*`); without it the statement is headed with the default name only. */
  creditor?: StatementCreditor;
  now?: () => Date;
}

/**
 * `GET /v1/customers/{id}/statement`: the customer's statement of account as of now, a PDF in the customer's language,
 * shown inline. A customer is known by its invoices: none, 404.
 */
export function createCustomerStatementRouter(deps: CustomerStatementRouterDeps): Router {
  const { db } = deps;
  const creditor = deps.creditor ?? { name: 'Relance', contact: '' };
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.get('/customers/:id/statement', requirePermission('read'), async (req, res) => {
    const customerId = pathParam(req, 'id');
    // The open ones in full; the others only to know the customer and its latest name and address.
    const [open, recent] = await Promise.all([
      listInvoices(db, { customerId, status: 'open', limit: MAX_STATEMENT_INVOICES }),
      listInvoices(db, { customerId, limit: MAX_STATEMENT_INVOICES }),
    ]);
    if (recent.length === 0) throw new NotFoundError(`customer ${customerId}`);
    const invoices = [...open, ...recent.filter((invoice) => invoice.status !== 'open')];
    const [payments, credit] = await Promise.all([
      customerPayments(db, customerId, MAX_STATEMENT_PAYMENTS),
      customerCredit(db, customerId),
    ]);
    const at = now();
    const statement = customerStatementContent({ creditor, invoices, payments, credit, at });
    const pdf = await renderCustomerStatementPdf(statement, at);
    const filename = customerStatementFilename(statement.language, customerId, statementDay(invoices, at));
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${filename}"`).send(pdf);
  });

  return router;
}
