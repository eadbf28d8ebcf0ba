import { DateTime } from 'luxon';
import type { Queryable } from '../../db/database';
import { updateInvoiceContact } from '../../db/invoices';
import type { TaskRow } from '../../db/tasks';
import {
  approvalDecidedUpdate,
  CallOutcome,
  callOutcomeUpdate,
  LetterTracked,
  letterTrackedUpdate,
  PaymentClaimChecked,
  paymentClaimCheckedUpdate,
  updateContactUpdate,
} from '../../workflows/messages';
import type { InvoiceState } from '../../workflows/read-model';
import { ValidationError } from '../http/http-errors';
import { parseBody } from '../http/validate';
import { checkFutureDate } from '../invoices/message-rules';
import { sendUpdate } from '../temporal/invoice-workflow-client';
import { CollectionEndedError } from '../temporal/temporal-errors';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import {
  APPROVAL_OUTCOMES,
  approvalCompletionSchema,
  CALL_OUTCOMES,
  callCompletionSchema,
  CLAIM_OUTCOMES,
  claimCompletionSchema,
  CONTACT_OUTCOMES,
  contactCompletionSchema,
  LETTER_OUTCOMES,
  letterCompletionSchema,
  completionFieldsSchema,
  resolvedCompletionSchema,
  SUPPORT_OUTCOMES,
  VERIFY_PAYMENT_OUTCOMES,
  verifyPaymentCompletionSchema,
} from './task-schemas';

/** What completing a task does: what is recorded, whether the task closes, and what the workflow is told. */
export interface CompletionPlan {
  outcome: string;
  /** False when the outcome is a step on the way (a letter posted): recorded on the task, which stays open. */
  closes: boolean;
  note: string | null;
  /** What was reported besides the outcome, kept on the task and in the proof trail. */
  detail: Record<string, unknown>;
  /** Tells the invoice's workflow and answers its new state; absent when the workflow has nothing to learn. */
  tell?: () => Promise<InvoiceState | null>;
  /** Runs in the completion's transaction once the workflow accepted: the rows follow the workflow. */
  afterAccepted?: (tx: Queryable) => Promise<void>;
  /** The invoices whose proof trail records the outcome: every invoice a shared task covers, else the task's own. */
  invoiceIds: string[];
  /** The proof-trail row: its channel, kind and recipient. */
  trail: { channel: string; kind: string; recipient: string | null; template: string | null };
}

export interface CompletionContext {
  temporal: TemporalGateway;
  /** The API key's name: who completed the task. */
  by: string;
  now: Date;
}

const OUTCOMES_BY_KIND: Record<string, readonly string[]> = {
  phone_call: CALL_OUTCOMES,
  post_letter: LETTER_OUTCOMES,
  fix_contact: CONTACT_OUTCOMES,
  approval: APPROVAL_OUTCOMES,
  file_claim: CLAIM_OUTCOMES,
  verify_payment: VERIFY_PAYMENT_OUTCOMES,
};

/**
 * Checks a completion body before any task is looked up: every field bounded (400 naming the field). Which outcomes the
 * task takes and which fields its outcome needs wait for its kind (`planCompletion`).
 */
export function checkCompletionBody(body: unknown): void {
  parseBody(completionFieldsSchema, body);
}

/** The outcomes a task of this kind takes: every kind without its own (disputes to review, relay alerts…) is `resolved`. */
export const outcomesOf = (kind: string): readonly string[] => OUTCOMES_BY_KIND[kind] ?? SUPPORT_OUTCOMES;

/**
 * Validates a completion against the task's kind (422 naming `outcome` when the kind does not take it, 400 naming the
 * field for a malformed body) and says what it does.
 */
export function planCompletion(task: TaskRow, body: unknown, context: CompletionContext): CompletionPlan {
  const outcome = (body as { outcome?: unknown }).outcome;
  const allowed = outcomesOf(task.kind);
  if (typeof outcome !== 'string' || !allowed.includes(outcome)) {
    const message = `outcome: a ${task.kind} task takes ${allowed.join(', ')}; not '${String(outcome)}'`;
    throw new ValidationError([{ field: 'outcome', rule: 'outcome_for_kind', message }], 422);
  }
  switch (task.kind) {
    case 'phone_call':
      return callPlan(task, parseBody(callCompletionSchema, body), context);
    case 'post_letter':
      return letterPlan(task, parseBody(letterCompletionSchema, body), context);
    case 'fix_contact':
      return contactPlan(task, parseBody(contactCompletionSchema, body), context);
    case 'approval':
      return approvalPlan(task, parseBody(approvalCompletionSchema, body), context);
    case 'verify_payment':
      return verifyPaymentPlan(task, parseBody(verifyPaymentCompletionSchema, body), context);
    case 'file_claim': {
      const { outcome: filed, note, ...detail } = parseBody(claimCompletionSchema, body);
      notAfterToday(detail.filedOn, 'filedOn', task, context.now);
      return {
        outcome: filed,
        closes: true,
        note: note ?? null,
        detail,
        trail: taskTrail(task),
        invoiceIds: covered(task),
      };
    }
    default: {
      const { outcome: resolved, note } = parseBody(resolvedCompletionSchema, body);
      return {
        outcome: resolved,
        closes: true,
        note: note ?? null,
        detail: {},
        trail: taskTrail(task),
        invoiceIds: covered(task),
      };
    }
  }
}

function callPlan(task: TaskRow, body: ReturnType<typeof callCompletionSchema.parse>, context: CompletionContext) {
  if (body.promisedDate !== undefined) {
    checkFutureDate(body.promisedDate, 'promisedDate', { now: context.now, timezone: timezoneOf(task) });
  }
  const invoiceIds = covered(task);
  if (body.promisedAmount !== undefined && invoiceIds.length > 1) {
    const message = `promisedAmount: the call covers ${invoiceIds.length} invoices, each promised in full; give no amount`;
    throw new ValidationError([{ field: 'promisedAmount', rule: 'one_invoice', message }], 422);
  }
  const { outcome, note, ...detail } = body;
  const message: CallOutcome = { taskId: task.id, outcome, ...(note ? { note } : {}), ...detail, by: context.by };
  return {
    outcome,
    closes: true,
    note: note ?? null,
    detail,
    // One call about every invoice it covers: each workflow hears the outcome (the task id makes a retry count once).
    async tell() {
      let state: InvoiceState | null = null;
      for (const invoiceId of invoiceIds) {
        try {
          const answered = await sendUpdate(context.temporal, invoiceId, callOutcomeUpdate, message);
          if (invoiceId === task.invoiceId || !state) state = answered;
        } catch (error) {
          // The call happened even if collection ended meanwhile (paid, cancelled): it still belongs in the trail.
          if (!(error instanceof CollectionEndedError)) throw error;
        }
      }
      return state;
    },
    trail: { channel: 'phone', kind: 'call_outcome', recipient: task.phone, template: null },
    invoiceIds,
  } satisfies CompletionPlan;
}

function letterPlan(task: TaskRow, body: ReturnType<typeof letterCompletionSchema.parse>, context: CompletionContext) {
  const { outcome, note, ...reported } = body;
  const letter = task.context.letter === 'formal-notice' ? 'formal-notice' : 'registered-reminder';
  const posted = task.progress?.outcome === 'posted' ? task.progress : undefined;
  if ('postedOn' in reported) notAfterToday(reported.postedOn, 'postedOn', task, context.now);
  if ('deliveredOn' in reported) {
    notAfterToday(reported.deliveredOn, 'deliveredOn', task, context.now);
    const postedOn = typeof posted?.postedOn === 'string' ? posted.postedOn : undefined;
    if (postedOn && reported.deliveredOn < postedOn) {
      const message = `deliveredOn: ${reported.deliveredOn} is before the letter was posted (${postedOn})`;
      throw new ValidationError([{ field: 'deliveredOn', rule: 'after_posting', message }], 422);
    }
  }
  // A receipt names the letter posted: its tracking number and day, unless the mail room gives them again.
  const detail = {
    ...(posted && outcome !== 'posted' ? pick(posted, ['trackingNumber', 'postedOn']) : {}),
    ...reported,
  } as Record<string, unknown>;
  const message: LetterTracked = {
    taskId: task.id,
    letter,
    event: outcome,
    ...(detail as Pick<LetterTracked, 'trackingNumber' | 'postedOn' | 'deliveredOn'>),
    ...(note ? { note } : {}),
    by: context.by,
  };
  return {
    outcome,
    closes: outcome !== 'posted',
    note: note ?? null,
    detail: { letter, ...detail },
    tell: () => sendUpdate(context.temporal, task.invoiceId, letterTrackedUpdate, message),
    trail: { channel: 'letter', kind: 'letter_tracked', recipient: nameOf(task), template: letter },
    invoiceIds: [task.invoiceId],
  } satisfies CompletionPlan;
}

function contactPlan(
  task: TaskRow,
  body: ReturnType<typeof contactCompletionSchema.parse>,
  context: CompletionContext,
) {
  const invoiceIds = covered(task);
  if (body.outcome === 'unreachable') {
    return {
      outcome: body.outcome,
      closes: true,
      note: body.note ?? null,
      detail: {},
      trail: taskTrail(task),
      invoiceIds,
    };
  }
  const { outcome, note, ...contact } = body;
  // A contact refused on the customer's one mail covers each invoice it listed: each takes the correction.
  const told: string[] = [];
  return {
    outcome,
    closes: true,
    note: note ?? null,
    detail: contact,
    async tell() {
      let state: InvoiceState | null = null;
      for (const invoiceId of invoiceIds) {
        try {
          const answered = await sendUpdate(context.temporal, invoiceId, updateContactUpdate, {
            ...contact,
            by: context.by,
          });
          told.push(invoiceId);
          if (invoiceId === task.invoiceId || !state) state = answered;
        } catch (error) {
          // The task's own invoice answers as it always did; another one whose collection ended has nothing to re-send.
          if (invoiceId === task.invoiceId || !(error instanceof CollectionEndedError)) throw error;
        }
      }
      return state;
    },
    // The stored invoice follows the workflow, never the other way: a refused correction changes nothing stored.
    async afterAccepted(tx) {
      for (const invoiceId of told) await updateInvoiceContact(tx, invoiceId, contact);
    },
    trail: taskTrail(task),
    invoiceIds,
  } satisfies CompletionPlan;
}

function approvalPlan(
  task: TaskRow,
  body: ReturnType<typeof approvalCompletionSchema.parse>,
  context: CompletionContext,
) {
  const { outcome: decision, note } = body;
  const message = { taskId: task.id, decision, ...(note ? { note } : {}), by: context.by };
  return {
    outcome: decision,
    closes: true,
    note: note ?? null,
    detail: {},
    tell: () => sendUpdate(context.temporal, task.invoiceId, approvalDecidedUpdate, message),
    trail: taskTrail(task),
    invoiceIds: [task.invoiceId],
  } satisfies CompletionPlan;
}

/** What operations found of the payment the debtor says it made: told to the workflow, which records or resumes. */
function verifyPaymentPlan(
  task: TaskRow,
  body: ReturnType<typeof verifyPaymentCompletionSchema.parse>,
  context: CompletionContext,
) {
  const { outcome, note, ...detail } = body;
  const message: PaymentClaimChecked = {
    taskId: task.id,
    outcome,
    ...detail,
    ...(note ? { note } : {}),
    by: context.by,
  };
  return {
    outcome,
    closes: true,
    note: note ?? null,
    detail,
    tell: () => sendUpdate(context.temporal, task.invoiceId, paymentClaimCheckedUpdate, message),
    trail: taskTrail(task),
    invoiceIds: [task.invoiceId],
  } satisfies CompletionPlan;
}

const taskTrail = (task: TaskRow) => ({
  channel: 'task',
  kind: 'task_outcome',
  recipient: task.owner,
  template: task.kind,
});

/** The invoices a task is about: those it covers, its own first. */
const covered = (task: TaskRow): string[] => [
  ...new Set([task.invoiceId, ...task.invoices.map((covering) => covering.invoiceId)]),
];

const timezoneOf = (task: TaskRow) => (typeof task.customer.timezone === 'string' ? task.customer.timezone : 'UTC');
const nameOf = (task: TaskRow) => (typeof task.customer.name === 'string' ? task.customer.name : null);

/** A day the mail room or the legal team reports must have come: today at the latest, in the customer's zone. */
function notAfterToday(day: string, field: string, task: TaskRow, now: Date): void {
  const today = DateTime.fromJSDate(now, { zone: timezoneOf(task) }).toISODate() ?? now.toISOString().slice(0, 10);
  if (day > today) {
    throw new ValidationError([{ field, rule: 'not_future', message: `${field}: ${day} has not come yet` }], 422);
  }
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
