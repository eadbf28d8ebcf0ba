import { Router } from 'express';
import type { Database } from '../../db/database';
import { currentRateTables } from '../../db/rates';
import { DomainError } from '../../domain/domain-error';
import { computeLatePaymentAmounts } from '../../domain/late-payment';
import { PUBLISHED_RATE_TABLES } from '../../domain/rates/published-rate-tables';
import { rateTablesByName } from '../../domain/rates/rate-table';
import type { StatutoryAmounts } from '../../domain/statutory-amounts';
import { requirePermission } from '../http/auth';
import { domainCheck, parseBody } from '../http/validate';
import { latePaymentQuoteSchema, LatePaymentQuoteBody } from './rate-schemas';

/**
 * `POST /v1/late-payment/quote`: what the law grants on a late invoice, computed by the same engine and from the same
 * rate tables as the formal notice and the legal file. A rule the law does not give, a currency the fixed indemnity is
 * not stated in, or a rate past what is known is a 422 naming the field or the table.
 */
export function createQuoteRouter(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.post('/late-payment/quote', requirePermission('read'), async (req, res) => {
    const body = parseBody(latePaymentQuoteSchema, req.body);
    const rates = rateTablesByName(await currentRateTables(db, PUBLISHED_RATE_TABLES));
    const amounts = domainCheck(() => asBodyFields(() => computeLatePaymentAmounts(quoteInput(body, rates))), '', 422);
    res.json(quoteAnswer(amounts));
  });

  return router;
}

function quoteInput(body: LatePaymentQuoteBody, rates: ReturnType<typeof rateTablesByName>) {
  return {
    governingLaw: body.governingLaw,
    principal: { amount: body.amount, currency: body.currency },
    dueDate: body.dueDate,
    asOf: body.asOf,
    payments: body.payments ?? [],
    rates,
  };
}

/** The engine names the invoice amount `principal`; the request calls its parts `amount` and `currency`. */
function asBodyFields<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof DomainError) || !error.field.startsWith('principal.')) throw error;
    const field = error.field.slice('principal.'.length);
    throw new DomainError(field, error.rule, error.message.replace(/^principal\./, ''));
  }
}

/** The quote in integer minor units, as DESIGN.md fixes it, with the law's wording facts after. */
export function quoteAnswer(amounts: StatutoryAmounts) {
  return {
    governingLaw: amounts.governingLaw,
    currency: amounts.currency,
    principal: amounts.principal.amount,
    interest: amounts.interest.amount,
    indemnity: amounts.indemnity.amount,
    total: amounts.total.amount,
    periods: amounts.periods.map(({ from, to, days, ratePercent, base, interest }) => ({
      from,
      to,
      days,
      ratePercent,
      base,
      interest,
    })),
    computedOn: amounts.computedOn,
    interestFrom: amounts.interestFrom,
    interestAccrued: amounts.interestAccrued.amount,
    paid: { interest: amounts.paid.interest.amount, principal: amounts.paid.principal.amount },
    dailyInterest: amounts.dailyInterest.amount,
    ratePercent: amounts.ratePercent,
    law: {
      table: amounts.law.table,
      points: amounts.law.points,
      rateFixing: amounts.law.rateFixing,
      imputation: amounts.law.imputation,
      citations: amounts.law.citations,
    },
  };
}
