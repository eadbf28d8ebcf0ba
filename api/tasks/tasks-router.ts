import { Router } from 'express';
import { appendCommunication } from '../../db/communications';
import type { Database } from '../../db/database';
import { completeTask, findTaskForUpdate, listTaskPage, TaskRow } from '../../db/tasks';
import { dueMoment } from '../../domain/due-moment';
import { CallOutcome, callOutcomeUpdate } from '../../workflows/messages';
import { InvoiceState } from '../../workflows/read-model';
import { requirePermission } from '../http/auth';
import { decodeCursor, page } from '../http/cursor';
import { ConflictError, NotFoundError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { checkFutureDate } from '../invoices/message-rules';
import { CompleteTaskBody, completeTaskSchema, listTasksQuerySchema } from './task-schemas';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { parseBody } from '../http/validate';
import { callerName } from '../http/caller-name';
import { invoiceState, sendUpdate } from '../temporal/invoice-workflow-client';
import { CollectionEndedError } from '../temporal/temporal-errors';

export interface TasksRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  now?: () => Date;
}

/** The proof-trail row of a call outcome: one per task, so a retried completion writes it once. */
export const callOutcomeRecordId = (task: Pick<TaskRow, 'invoiceId' | 'id'>) =>
  `${task.invoiceId}:call-outcome:${task.id}`;

export function createTasksRouter(deps: TasksRouterDeps): Router {
  const { db, temporal } = deps;
  const now = deps.now ?? (() => new Date());
  const router = Router();

  router.get('/tasks', requirePermission('read'), async (req, res) => {
    const query = parseBody(listTasksQuerySchema, req.query);
    const after = decodeCursor(query.cursor, 2);
    const rows = await listTaskPage(db, {
      status: query.status,
      kind: query.kind,
      owner: query.owner,
      invoiceId: query.invoiceId,
      dueBefore: query.dueBefore === undefined ? undefined : dueMoment(query.dueBefore, 'UTC'),
      after: after && { dueAt: after[0]!, id: after[1]! },
      limit: query.limit + 1,
    });
    res.json(page(rows, query.limit, (task) => [task.dueAt, task.id]));
  });

  /**
   * The task row is locked, the workflow told, then the outcome and its proof-trail row are written in the same
   * transaction. A crash after the workflow accepted leaves the task open: the retry tells the workflow again (it
   * recognises the task id) and then records. A refusal by the workflow records nothing.
   */
  router.post('/tasks/:id/complete', requirePermission('write'), async (req, res) => {
    const body = parseBody(completeTaskSchema, req.body);
    const id = pathParam(req, 'id');
    const by = callerName(req);
    const result = await db.withTransaction(async (tx) => {
      const task = await findTaskForUpdate(tx, id);
      if (!task) throw new NotFoundError(`task ${id}`);
      if (task.kind !== 'phone_call') {
        throw new ConflictError(`task ${id} is a ${task.kind} task; only phone calls take a call outcome`);
      }
      if (task.status === 'done') {
        if (task.outcome === body.outcome) return { task, repeated: true };
        throw new ConflictError(`task ${id} was completed already with outcome ${task.outcome}`);
      }
      if (task.status !== 'open') {
        throw new ConflictError(`task ${id} is ${task.status}${task.outcome ? ` (${task.outcome})` : ''}`);
      }
      const timezone = typeof task.customer.timezone === 'string' ? task.customer.timezone : 'UTC';
      if (body.promisedDate !== undefined) checkFutureDate(body.promisedDate, 'promisedDate', { now: now(), timezone });
      const message = toCallOutcome(task.id, body, by);
      let state: InvoiceState | null = null;
      try {
        state = await sendUpdate(temporal, task.invoiceId, callOutcomeUpdate, message);
      } catch (error) {
        // The call happened even if collection ended meanwhile (paid, cancelled): it still belongs in the trail.
        if (!(error instanceof CollectionEndedError)) throw error;
      }
      const { taskId: _taskId, outcome, note, by: _by, ...detail } = message;
      const completed = (await completeTask(tx, id, { outcome, note: note ?? null, by, detail }))!;
      await appendCommunication(tx, {
        id: callOutcomeRecordId(task),
        invoiceId: task.invoiceId,
        channel: 'phone',
        kind: 'call_outcome',
        recipient: task.phone,
        template: null,
        messageId: null,
        result: outcome,
        detail: { taskId: task.id, by, ...(note ? { note } : {}), ...detail },
        occurredAt: completed.closedAt ?? now().toISOString(),
      });
      return { task: completed, state, repeated: false };
    });
    const state = 'state' in result ? result.state : await invoiceState(temporal, result.task.invoiceId);
    res.json({ task: result.task, state, repeated: result.repeated });
  });

  return router;
}

function toCallOutcome(taskId: string, body: CompleteTaskBody, by: string): CallOutcome {
  return {
    taskId,
    outcome: body.outcome,
    ...(body.note ? { note: body.note } : {}),
    ...(body.promisedDate === undefined ? {} : { promisedDate: body.promisedDate }),
    ...(body.promisedAmount === undefined ? {} : { promisedAmount: body.promisedAmount }),
    ...(body.disputeReason === undefined ? {} : { disputeReason: body.disputeReason }),
    by,
  };
}
