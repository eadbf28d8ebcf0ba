import { Gauge, Registry } from 'prom-client';
import type { Queryable } from '../db/database';
import { countInvoicesByStage } from '../db/invoice-stages';
import { METRIC_NAMES } from './metrics';

/**
 * A registry holding the one gauge read from the database at scrape time: invoices by stage. Per app, because the
 * database is the app's; a scrape while the database is away shows no series rather than failing the whole endpoint.
 */
export function createInvoiceStagesRegistry(db: Queryable): Registry {
  const registry = new Registry();
  new Gauge({
    name: METRIC_NAMES.invoices,
    help: 'Invoices by stage, as the database projection shows them at scrape time',
    labelNames: ['stage'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const { stage, count } of await countInvoicesByStage(db)) this.set({ stage }, count);
      } catch {
        // The database is down or not migrated yet: /readyz says so; the other metrics still answer.
      }
    },
  });
  return registry;
}
