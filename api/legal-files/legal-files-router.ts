import { createHash } from 'node:crypto';
import { Router } from 'express';
import { appendCommunication } from '../../db/communications';
import type { Database } from '../../db/database';
import { findInvoice } from '../../db/invoices';
import { appendLegalFileEvent, listLegalFileEvents } from '../../db/legal-file-events';
import {
  closeLegalFileOnce,
  findLegalFile,
  findLegalFileForUpdate,
  InvalidCursorError,
  LegalFileRow,
  listLegalFiles,
} from '../../db/legal-files';
import { closeLegalFileUpdate, LegalFileOutcome } from '../../workflows/messages';
import type { InvoiceState } from '../../workflows/read-model';
import { requirePermission } from '../http/auth';
import { callerName } from '../http/caller-name';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { parseBody } from '../http/validate';
import { invoiceState, sendUpdate } from '../temporal/invoice-workflow-client';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { SingleFlight } from '../temporal/single-flight';
import {
  closeLegalFileSchema,
  LegalFileEventBody,
  legalFileEventSchema,
  listLegalFilesQuerySchema,
} from './legal-file-schemas';

export interface LegalFilesRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  now?: () => Date;
}

/** Legal files: read, followed through the court (events), and closed with the outcome the invoice closes with. */
export function createLegalFilesRouter(deps: LegalFilesRouterDeps): Router {
  const { db, temporal } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();
  /** Identical closes arriving together share one update (see SingleFlight). */
  const closings = new SingleFlight<InvoiceState>();

  router.get('/legal-files', requirePermission('read'), async (req, res) => {
    const query = parseBody(listLegalFilesQuerySchema, req.query);
    try {
      res.json(
        await listLegalFiles(db, {
          status: query.status === 'any' ? undefined : query.status,
          cursor: query.cursor,
          limit: query.limit,
        }),
      );
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new ValidationError([{ field: 'cursor', rule: 'cursor', message: error.message }]);
      }
      throw error;
    }
  });

  router.get('/legal-files/:id', requirePermission('read'), async (req, res) => {
    const file = await requireLegalFile(db, pathParam(req, 'id'));
    res.json({ ...file, events: await listLegalFileEvents(db, file.id) });
  });

  /** An event is recorded once: the same event posted again (a retry) answers 200 with the first one. */
  router.post('/legal-files/:id/events', requirePermission('write'), async (req, res) => {
    const body = parseBody(legalFileEventSchema, req.body);
    const file = await requireLegalFile(db, pathParam(req, 'id'));
    if (file.status !== 'open') throw new ConflictError(`legal file ${file.id} is closed (${file.outcome})`);
    const by = callerName(req);
    const currency = body.amount === undefined ? null : ((await findInvoice(db, file.invoiceId))?.currency ?? null);
    const { event, created } = await db.withTransaction(async (tx) => {
      // Under the file's row lock: an event never lands on a file a concurrent request has just closed.
      const current = await findLegalFileForUpdate(tx, file.id);
      if (current?.status !== 'open') {
        throw new ConflictError(`legal file ${file.id} is closed (${current?.outcome ?? 'unknown'})`);
      }
      const recorded = await appendLegalFileEvent(tx, {
        id: `${file.id}:event:${eventDigest(body)}`,
        legalFileId: file.id,
        type: body.type,
        date: body.date,
        note: body.note ?? null,
        amount: body.amount ?? null,
        currency,
        recordedBy: by,
      });
      if (recorded.created) {
        const { event: e } = recorded;
        await appendCommunication(tx, {
          id: `${file.invoiceId}:legal-file-event:${e.id}`,
          invoiceId: file.invoiceId,
          channel: 'legal',
          kind: `legal:${e.type}`,
          recipient: null,
          template: null,
          messageId: null,
          result: e.type,
          detail: {
            legalFileId: file.id,
            eventId: e.id,
            date: e.date,
            by,
            ...(e.note ? { note: e.note } : {}),
            ...(e.amount === null ? {} : { amount: e.amount, currency: e.currency }),
          },
          occurredAt: e.recordedAt,
        });
      }
      return recorded;
    });
    res
      .status(created ? 201 : 200)
      .location(`/v1/legal-files/${encodeURIComponent(file.id)}`)
      .json(event);
  });

  /**
   * The invoice's workflow is told first and closes the invoice with the outcome; the row follows (the workflow's own
   * activity closes it too, whichever comes first). Closing a closed file again: the same outcome is a 200 no-op, another
   * is a 409.
   */
  router.post('/legal-files/:id/close', requirePermission('write'), async (req, res) => {
    const body = parseBody(closeLegalFileSchema, req.body);
    const file = await requireLegalFile(db, pathParam(req, 'id'));
    if (file.status !== 'open') {
      if (file.outcome !== body.outcome) {
        throw new ConflictError(`legal file ${file.id} was closed already with outcome ${file.outcome}`);
      }
      res.json({ legalFile: file, state: await invoiceState(temporal, file.invoiceId), repeated: true });
      return;
    }
    const by = callerName(req);
    const message = { legalFileId: file.id, outcome: body.outcome, ...(body.note ? { note: body.note } : {}), by };
    const state = await closings.run(JSON.stringify(message), () =>
      closeInWorkflow(temporal, file, body.outcome, () =>
        sendUpdate(temporal, file.invoiceId, closeLegalFileUpdate, message),
      ),
    );
    const closed = await closeLegalFileOnce(db, file.id, { outcome: body.outcome, note: body.note ?? null, by }, now());
    res.json({ legalFile: closed, state, repeated: false });
  });

  return router;
}

async function requireLegalFile(db: Database, id: string): Promise<LegalFileRow> {
  const file = await findLegalFile(db, id);
  if (!file) throw new NotFoundError(`legal file ${id}`);
  return file;
}

/**
 * Sends the closing; a refusal because the workflow closed the file already (a retry after a lost answer, or the
 * balance paid meanwhile) is answered from its state: the same outcome goes on to record, another is a 409.
 */
async function closeInWorkflow(
  temporal: TemporalGateway,
  file: LegalFileRow,
  outcome: LegalFileOutcome,
  send: () => Promise<InvoiceState>,
): Promise<InvoiceState> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof HttpError) || (error.status !== 409 && error.status !== 422)) throw error;
    const state = await invoiceState(temporal, file.invoiceId);
    const closedAs = state?.legalFile?.status === 'closed' ? state.legalFile.outcome : undefined;
    if (!state || closedAs === undefined) throw error;
    if (closedAs !== outcome)
      throw new ConflictError(`legal file ${file.id} was closed already with outcome ${closedAs}`);
    return state;
  }
}

/** What identifies an event: the same event posted twice is one event. */
function eventDigest(event: LegalFileEventBody): string {
  const key = JSON.stringify([event.type, event.date, event.note ?? null, event.amount ?? null]);
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}
