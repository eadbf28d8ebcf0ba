import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { outstandingByDaysPastDue, salesInPeriod } from '../../db/reports';
import { dueMoment, isCalendarDate } from '../../domain/due-moment';
import { AGING_BUCKETS, buildAging, DSO_PERIOD_DAYS } from './aging';
import { requirePermission } from '../http/auth';
import { dateOrInstant } from '../http/field-schemas';
import { parseBody } from '../http/validate';

export const agingQuerySchema = z.object({
  asOf: dateOrInstant
    .optional()
    .describe('the reference moment (a date means the end of that day, UTC); now by default'),
});

export const DSO_FORMULA = `DSO = outstanding balance at asOf ÷ amounts invoiced (by issue date) in the ${DSO_PERIOD_DAYS} days up to asOf × ${DSO_PERIOD_DAYS}, per currency`;

export function createReportsRouter(deps: { db: Database; now?: () => Date }): Router {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.get('/reports/aging', requirePermission('read'), async (req, res) => {
    const query = parseBody(agingQuerySchema, req.query);
    const asOf = query.asOf === undefined ? now() : new Date(dueMoment(query.asOf, 'UTC'));
    const [groups, sales] = await Promise.all([
      outstandingByDaysPastDue(
        db,
        asOf,
        query.asOf !== undefined && isCalendarDate(query.asOf) ? query.asOf : undefined,
      ),
      salesInPeriod(db, asOf, DSO_PERIOD_DAYS),
    ]);
    res.json({
      asOf: asOf.toISOString(),
      buckets: AGING_BUCKETS.map((b) => ({
        key: b.key,
        fromDays: Number.isFinite(b.from) ? b.from : null,
        toDays: Number.isFinite(b.to) ? b.to : null,
      })),
      dsoFormula: DSO_FORMULA,
      dsoPeriodDays: DSO_PERIOD_DAYS,
      currencies: buildAging(groups, sales),
    });
  });
  return router;
}
