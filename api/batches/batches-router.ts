import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { BatchCounts, BatchItemStatus, findBatch, recordBatchProgress, startBatch } from '../../db/batches';
import { requirePermission } from '../http/auth';
import { Logger, toHttpError } from '../http/error-handler';
import { ConflictError, FieldIssue, NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import type { DunningPolicy } from '../../domain/dunning-policy';
import { createInvoice, InvoiceCreationDeps } from '../invoices/invoice-creation';
import { identifier } from '../http/field-schemas';
import { createInvoiceSchema } from '../invoices/invoice-schemas';
import { parseBody } from '../http/validate';
import { callerName } from '../http/caller-name';

export const MAX_BATCH_SIZE = 1000;
/** Items created at once: enough to keep PostgreSQL and Temporal busy, well under the database pool. */
const CONCURRENCY = 8;
const PROGRESS_EVERY = 100;

export const invoiceBatchSchema = z
  .object({
    id: identifier.optional().describe('choose it to follow progress at GET /v1/invoice-batches/{id} while it runs'),
    invoices: z
      .array(z.unknown())
      .min(1, 'must hold at least one invoice')
      .max(MAX_BATCH_SIZE, `may hold at most ${MAX_BATCH_SIZE} invoices`),
  })
  .strict();

export interface BatchItemResult {
  index: number;
  id: string | null;
  status: BatchItemStatus;
  errors?: FieldIssue[];
  detail?: string;
}

/** Up to a thousand invoices per call, each through the same path as a single creation, reported item by item. */
export function createBatchesRouter(deps: InvoiceCreationDeps & { logger: Logger }): Router {
  const router = Router();

  router.post('/invoice-batches', requirePermission('write'), async (req, res) => {
    const body = parseBody(invoiceBatchSchema, req.body);
    const batchId = body.id ?? randomUUID();
    const batch = await startBatch(deps.db, { id: batchId, total: body.invoices.length, createdBy: callerName(req) });
    if (!batch) throw new ConflictError(`batch ${batchId} is running; follow it at GET /v1/invoice-batches/${batchId}`);

    const counts: BatchCounts = { created: 0, existing: 0, conflict: 0, invalid: 0, failed: 0 };
    const items: BatchItemResult[] = new Array<BatchItemResult>(body.invoices.length);
    const policies = new Map<string, Promise<DunningPolicy | undefined>>();
    let next = 0;
    let sinceProgress = 0;
    const worker = async () => {
      while (next < body.invoices.length) {
        const index = next++;
        const item = await createItem(body.invoices[index], index, policies);
        items[index] = item;
        counts[item.status] += 1;
        if (++sinceProgress >= PROGRESS_EVERY) {
          sinceProgress = 0;
          // Progress is for people watching; a failed write of it must not stop the import.
          await recordBatchProgress(deps.db, batchId, { ...counts }, false).catch((error: unknown) =>
            deps.logger.warn(`batch ${batchId}: progress not recorded`, error),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, body.invoices.length) }, worker));
    const done = await recordBatchProgress(deps.db, batchId, counts, true);
    res
      .status(201)
      .location(`/v1/invoice-batches/${encodeURIComponent(batchId)}`)
      .json({ ...done, items });
  });

  router.get('/invoice-batches/:id', requirePermission('read'), async (req, res) => {
    const id = pathParam(req, 'id');
    const batch = await findBatch(deps.db, id);
    if (!batch) throw new NotFoundError(`batch ${id}`);
    res.json(batch);
  });

  async function createItem(
    raw: unknown,
    index: number,
    policies: Map<string, Promise<DunningPolicy | undefined>>,
  ): Promise<BatchItemResult> {
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
    try {
      const body = parseBody(createInvoiceSchema, raw);
      const { created } = await createInvoice(deps, body, policies);
      return { index, id, status: created ? 'created' : 'existing' };
    } catch (error) {
      // The same mapping as a single creation's answer: a client error is reported as such, only an outage asks for
      // a retry, and a fault of ours says so without passing itself off as transient.
      const known = toHttpError(error);
      if (known instanceof ValidationError) return { index, id, status: 'invalid', errors: known.issues };
      if (known instanceof ConflictError) return { index, id, status: 'conflict', detail: known.message };
      if (known && known.status < 500) return { index, id, status: 'invalid', detail: known.message };
      if (known) return { index, id, status: 'failed', detail: known.message };
      deps.logger.error(`invoice batch item ${index} failed`, error);
      return { index, id, status: 'failed', detail: 'could not be created: an internal error, logged' };
    }
  }

  return router;
}
