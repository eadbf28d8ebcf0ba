import { Router } from 'express';
import { appendCommunication } from '../../db/communications';
import type { Database } from '../../db/database';
import {
  assignTask,
  completeTask,
  findTask,
  findTaskForUpdate,
  listTaskPage,
  recordTaskProgress,
  TaskRow,
} from '../../db/tasks';
import { dueMoment } from '../../domain/due-moment';
import { requirePermission } from '../http/auth';
import { callerName } from '../http/caller-name';
import { decodeCursor, page } from '../http/cursor';
import { ConflictError, NotFoundError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { parseBody } from '../http/validate';
import { invoiceState } from '../temporal/invoice-workflow-client';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { checkCompletionBody, CompletionPlan, planCompletion } from './task-completions';
import { assignTaskSchema, listTasksQuerySchema } from './task-schemas';

export interface TasksRouterDeps {
  db: Database;
  temporal: TemporalGateway;
  now?: () => Date;
}

/** The proof-trail row of a call outcome: one per task, so a retried completion writes it once. */
export const callOutcomeRecordId = (task: Pick<TaskRow, 'invoiceId' | 'id'>) =>
  `${task.invoiceId}:call-outcome:${task.id}`;

/** The proof-trail row of a task's final outcome, one per task; calls keep the id they always had. */
const outcomeRecordId = (task: Pick<TaskRow, 'invoiceId' | 'id' | 'kind'>) =>
  task.kind === 'phone_call' ? callOutcomeRecordId(task) : `${task.invoiceId}:task-outcome:${task.id}`;

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

  router.get('/tasks/:id', requirePermission('read'), async (req, res) => {
    const id = pathParam(req, 'id');
    const task = await findTask(db, id);
    if (!task) throw new NotFoundError(`task ${id}`);
    res.json(task);
  });

  /**
   * The task row is locked, the workflow told, then the outcome and its proof-trail row are written in the same
   * transaction. A crash after the workflow accepted leaves the task open: the retry tells the workflow again (it
   * recognises the task id) and then records. A refusal by the workflow records nothing.
   */
  router.post('/tasks/:id/complete', requirePermission('write'), async (req, res) => {
    checkCompletionBody(req.body);
    const id = pathParam(req, 'id');
    const by = callerName(req);
    // The kind never changes: the body is checked against it before anything is locked.
    const found = await findTask(db, id);
    if (!found) throw new NotFoundError(`task ${id}`);
    planCompletion(found, req.body, { temporal, by, now: now() });
    const result = await db.withTransaction(async (tx) => {
      const task = (await findTaskForUpdate(tx, id))!;
      // Planned again on the locked row: a letter posted meanwhile changes what a receipt carries.
      const plan = planCompletion(task, req.body, { temporal, by, now: now() });
      const repeated = repetitionOf(task, plan);
      if (repeated) return { task, repeated: true };
      const state = plan.tell ? await plan.tell() : undefined;
      await plan.afterAccepted?.(tx);
      const at = now().toISOString();
      const recorded = plan.closes
        ? await completeTask(tx, id, { outcome: plan.outcome, note: plan.note, by, detail: plan.detail })
        : await recordTaskProgress(tx, id, { outcome: plan.outcome, ...plan.detail, by, at, ...noteOf(plan) });
      // Every invoice the outcome is about has its row; a step on the way (a letter posted) is its own invoice's.
      for (const invoiceId of plan.closes ? plan.invoiceIds : [task.invoiceId]) {
        const others = plan.invoiceIds.filter((other) => other !== invoiceId);
        await appendCommunication(tx, {
          id: plan.closes
            ? outcomeRecordId({ ...task, invoiceId })
            : `${invoiceId}:task-progress:${task.id}:${plan.outcome}`,
          invoiceId,
          ...plan.trail,
          messageId: null,
          result: plan.outcome,
          detail: {
            taskId: task.id,
            by,
            ...noteOf(plan),
            ...plan.detail,
            ...(others.length ? { sharedWith: others } : {}),
          },
          occurredAt: recorded!.closedAt ?? at,
        });
      }
      return { task: recorded!, state, repeated: false };
    });
    const state = result.state !== undefined ? result.state : await invoiceState(temporal, result.task.invoiceId);
    res.json({ task: result.task, state, repeated: result.repeated });
  });

  router.post('/tasks/:id/assign', requirePermission('write'), async (req, res) => {
    const { owner } = parseBody(assignTaskSchema, req.body);
    const id = pathParam(req, 'id');
    const task = await db.withTransaction(async (tx) => {
      const current = await findTaskForUpdate(tx, id);
      if (!current) throw new NotFoundError(`task ${id}`);
      if (current.status !== 'open') {
        throw new ConflictError(`task ${id} is ${current.status}; only open tasks are assigned`);
      }
      return (await assignTask(tx, id, owner))!;
    });
    res.json(task);
  });

  return router;
}

/**
 * Whether the task already holds this completion (a retry after a lost answer): the same outcome is a no-op, a
 * different one a conflict. A letter posted is recorded on the open task, so its repeat must name the same letter.
 */
function repetitionOf(task: TaskRow, plan: CompletionPlan): boolean {
  if (task.status === 'done') {
    if (task.outcome === plan.outcome) return true;
    throw new ConflictError(`task ${task.id} was completed already with outcome ${task.outcome}`);
  }
  if (task.status !== 'open') {
    throw new ConflictError(`task ${task.id} is ${task.status}${task.outcome ? ` (${task.outcome})` : ''}`);
  }
  const progress = task.progress;
  if (!progress || plan.closes) return false;
  if (progress.outcome !== plan.outcome) return false;
  const differs = Object.entries(plan.detail).some(([key, value]) => progress[key] !== value);
  if (!differs) return true;
  throw new ConflictError(
    `task ${task.id} was recorded ${String(progress.outcome)} already (${describe(progress)}); report the receipt next`,
  );
}

const noteOf = (plan: CompletionPlan) => (plan.note ? { note: plan.note } : {});

function describe(progress: Record<string, unknown>): string {
  return ['trackingNumber', 'postedOn']
    .filter((key) => progress[key] !== undefined)
    .map((key) => `${key} ${String(progress[key])}`)
    .join(', ');
}
