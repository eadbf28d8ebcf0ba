import { Router } from 'express';
import type { Database } from '../../db/database';
import { appendRateTable, currentRateTables, seedRateTables } from '../../db/rates';
import { closeAnsweredRateTasks } from '../../db/tasks';
import { appendRateEntries } from '../../domain/rates/append-rate-entries';
import { PUBLISHED_RATE_TABLES } from '../../domain/rates/published-rate-tables';
import type { RateTable } from '../../domain/rates/rate-table';
import { requirePermission } from '../http/auth';
import type { Logger } from '../http/error-handler';
import { callerName } from '../http/caller-name';
import { NotFoundError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { domainCheck, parseBody } from '../http/validate';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { tellRatesUpdated } from '../temporal/invoice-workflow-client';
import { appendRatesSchema, rateTableName } from './rate-schemas';

/**
 * The reference-rate tables: read by everyone, appended by operations as central banks publish. An append closes the
 * `rates_outdated` tasks it answers and wakes their invoices' workflows, which then compute and go on at once.
 */
export function createRatesRouter(deps: {
  db: Database;
  temporal: TemporalGateway;
  now: () => Date;
  logger: Logger;
}): Router {
  const { db, temporal } = deps;
  const router = Router();

  router.get('/rates', requirePermission('read'), async (_req, res) => {
    const today = deps.now().toISOString().slice(0, 10);
    res.json((await currentRateTables(db, PUBLISHED_RATE_TABLES)).map((table) => withFreshness(table, today)));
  });

  router.post('/rates/:table', requirePermission('write'), async (req, res) => {
    const name = pathParam(req, 'table');
    const parsedName = rateTableName.safeParse(name);
    if (!parsedName.success) throw new NotFoundError(`rate table ${name}`);
    const body = parseBody(appendRatesSchema, asAppend(req.body));
    const by = callerName(req);
    await seedRateTables(db, PUBLISHED_RATE_TABLES);
    const { table } = await appendRateTable(db, parsedName.data, by, (current) =>
      domainCheck(
        () => appendRateEntries(current as RateTable, { entries: body.entries ?? [], knownUntil: body.knownUntil }),
        '',
        422,
      ),
    );
    const answered = await closeAnsweredRateTasks(db, table.table, table.knownUntil, by);
    // Each waiting workflow would find out at its next re-check anyway: a failed wake-up is logged, never an error.
    await Promise.all(
      [...new Set(answered.map((task) => task.invoiceId))].map((invoiceId) =>
        tellRatesUpdated(temporal, invoiceId, table.table).catch((error: unknown) =>
          deps.logger.warn(`rates: could not wake invoice ${invoiceId}: ${String(error)}`),
        ),
      ),
    );
    res.json({ ...table, tasksClosed: answered.map((task) => task.id) });
  });

  return router;
}

/**
 * A table not known through today is stale: an amount as of today may need a rate it does not hold, and the steps that
 * need one wait with a `rates_outdated` task until it is appended.
 */
export function withFreshness<T extends { knownUntil: string }>(table: T, today: string): T & { stale: boolean } {
  return { ...table, stale: table.knownUntil < today };
}

/** One warning per stale table, for the logs at start: rates change twice a year and must be kept current. */
export async function staleRateWarnings(db: Database, today: string): Promise<string[]> {
  const tables = await currentRateTables(db, PUBLISHED_RATE_TABLES);
  return tables
    .filter((table) => withFreshness(table, today).stale)
    .map(
      (table) =>
        `rate table ${table.table} is known only until ${table.knownUntil}: amounts after it wait for POST /v1/rates/${table.table}`,
    );
}

/**
 * The append's body as `{ entries, knownUntil? }`: a bare array of entries, or one entry `{ from, ratePercent,
 * knownUntil? }`, says the same and is read so.
 */
function asAppend(body: unknown): unknown {
  if (Array.isArray(body)) return { entries: body };
  if (body && typeof body === 'object' && 'from' in body && !('entries' in body)) {
    const { knownUntil, ...entry } = body as Record<string, unknown>;
    return { entries: [entry], ...(knownUntil === undefined ? {} : { knownUntil }) };
  }
  return body;
}
