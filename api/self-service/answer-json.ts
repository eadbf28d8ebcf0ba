import type { Request, Response } from 'express';
import { z } from 'zod';
import { MAX_MINOR_UNITS } from '../../domain/money';
import { calendarDate, dateOrInstant, identifier, minorUnits, multiLine, requiredLine } from '../http/field-schemas';
import type { FieldIssue } from '../http/http-errors';
import { DEBTOR_ANSWERS, DEBTOR_DISPUTE_REASONS, DebtorDisputeReason } from '../../workflows/messages';
import {
  ALL_INVOICES,
  AnswerForm,
  answerNonce,
  MAX_DISPUTE_TEXT_LENGTH,
  MAX_REFERENCE_LENGTH,
  PLAN_INSTALMENTS,
} from './debtor-answer-form';

/** An explicit plan holds at most as many instalments as `instalmentAgreed` takes. */
export const MAX_PLAN_INSTALMENTS = 60;

/** Whether a request's body is JSON (a program's answer, answered in JSON); anything else is the page's form. */
export function isJsonRequest(req: Pick<Request, 'headers'>): boolean {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return type === 'application/json';
}

const invoiceChoice = identifier.describe(`an open invoice of the link's customer, or "${ALL_INVOICES}"`);
const jsonCommon = {
  invoiceId: invoiceChoice.optional(),
  /** The form's name for `invoiceId`. */
  invoice: invoiceChoice.optional(),
  nonce: answerNonce.optional(),
};
const planCount = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,2}$/, 'must be a whole number')
      .transform(Number),
  ])
  .pipe(z.number().int().min(PLAN_INSTALMENTS.min).max(PLAN_INSTALMENTS.max));

/**
 * `POST /s/{token}/answers` as `application/json`: the contract's names (DESIGN "Debtor self-service"), each field
 * bounded as the form's. Unknown fields are ignored (a client's own `by` never names who answered: the link does).
 */
export const answerJsonSchema = z.discriminatedUnion('answer', [
  z.object({
    ...jsonCommon,
    answer: z.literal('already_paid'),
    paidOn: calendarDate,
    reference: requiredLine(MAX_REFERENCE_LENGTH),
  }),
  z.object({ ...jsonCommon, answer: z.literal('promise_to_pay'), promisedDate: calendarDate }),
  z.object({
    ...jsonCommon,
    answer: z.literal('dispute'),
    reason: multiLine(MAX_DISPUTE_TEXT_LENGTH)
      .trim()
      .min(1)
      .describe(`one of ${DEBTOR_DISPUTE_REASONS.join(', ')}; any other text is a dispute "other" in those words`),
    text: multiLine(MAX_DISPUTE_TEXT_LENGTH).trim().optional(),
  }),
  z.object({
    ...jsonCommon,
    answer: z.literal('request_plan'),
    instalments: z
      .array(z.object({ dueDate: dateOrInstant, amount: minorUnits }))
      .min(1, 'must hold at least one instalment')
      .max(MAX_PLAN_INSTALMENTS, `may hold at most ${MAX_PLAN_INSTALMENTS} instalments`)
      .optional()
      .describe(`the plan itself, in minor units summing to the balance (at most ${MAX_MINOR_UNITS} each)`),
    count: planCount.optional().describe('a monthly plan instead: this many instalments from firstDate'),
    firstDate: calendarDate.optional(),
  }),
]);

type AnswerJson = z.infer<typeof answerJsonSchema>;

/** A JSON answer read: the answer in the form's terms and the name its invoice was given, or every field at fault. */
export type ParsedAnswerJson =
  { ok: true; form: AnswerForm; invoiceField: 'invoiceId' | 'invoice' } | { ok: false; issues: FieldIssue[] };

/** Reads a JSON answer; a refusal names each field as the body named it (`promisedDate`, `instalments[0].amount`). */
export function parseAnswerJson(body: unknown): ParsedAnswerJson {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, issues: [issue('(body)', 'object', 'must be a JSON object')] };
  }
  const answer = (body as Record<string, unknown>).answer;
  if (typeof answer !== 'string' || !(DEBTOR_ANSWERS as readonly string[]).includes(answer)) {
    return { ok: false, issues: [issue('answer', 'debtor_answer', `must be one of ${DEBTOR_ANSWERS.join(', ')}`)] };
  }
  const parsed = answerJsonSchema.safeParse(body);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(toFieldIssue) };
  const data = parsed.data;
  if (data.invoiceId !== undefined && data.invoice !== undefined && data.invoiceId !== data.invoice) {
    return { ok: false, issues: [issue('invoiceId', 'conflict', 'and invoice name different invoices')] };
  }
  const invoiceField = data.invoiceId === undefined && data.invoice !== undefined ? 'invoice' : 'invoiceId';
  const common = {
    ...(data.nonce ? { nonce: data.nonce } : {}),
    ...((data.invoiceId ?? data.invoice) ? { invoice: data.invoiceId ?? data.invoice } : {}),
  };
  const fields = answerFields(data);
  if ('issues' in fields) return { ok: false, issues: fields.issues };
  return { ok: true, form: { ...common, ...fields }, invoiceField };
}

type AnswerFields = AnswerForm extends infer A
  ? A extends unknown
    ? Omit<A, 'nonce' | 'invoice' | 'lang'>
    : never
  : never;

function answerFields(data: AnswerJson): AnswerFields | { issues: FieldIssue[] } {
  switch (data.answer) {
    case 'already_paid':
      return { answer: data.answer, paidOn: data.paidOn, reference: data.reference };
    case 'promise_to_pay':
      return { answer: data.answer, promisedDate: data.promisedDate };
    case 'dispute':
      return disputeFields(data.reason, data.text);
    case 'request_plan': {
      const { instalments, count, firstDate } = data;
      if (instalments && (count !== undefined || firstDate !== undefined)) {
        return {
          issues: [issue('instalments', 'exclusive', 'give either instalments or count and firstDate, not both')],
        };
      }
      if (instalments) return { answer: data.answer, instalments };
      if (count !== undefined && firstDate !== undefined) return { answer: data.answer, count, firstDate };
      if (count === undefined && firstDate === undefined) {
        return {
          issues: [
            issue('instalments', 'required', 'required: the instalments, or count and firstDate for a monthly plan'),
          ],
        };
      }
      const missing = count === undefined ? 'count' : 'firstDate';
      return { issues: [issue(missing, 'required', 'is required for a monthly plan')] };
    }
  }
}

/**
 * A reason code is taken as it is (in any case); any other words are a dispute `other` that keeps them as its text:
 * what a person writes is never refused for not being a code.
 */
function disputeFields(reason: string, text: string | undefined): AnswerFields | { issues: FieldIssue[] } {
  const code = DEBTOR_DISPUTE_REASONS.find((r) => r === reason.toLowerCase()) as DebtorDisputeReason | undefined;
  if (code) return { answer: 'dispute', reason: code, ...(text ? { text } : {}) };
  const words = text ? `${reason}\n\n${text}` : reason;
  if (words.length > MAX_DISPUTE_TEXT_LENGTH) {
    return {
      issues: [
        issue('text', 'too_big', `with the reason's words, must hold at most ${MAX_DISPUTE_TEXT_LENGTH} characters`),
      ],
    };
  }
  return { answer: 'dispute', reason: 'other', text: words };
}

function issue(field: string, rule: string, message: string): FieldIssue {
  return { field, rule, message: `${field}: ${message}` };
}

/** A schema issue as the API names fields everywhere (`instalments[0].amount`). */
function toFieldIssue(zodIssue: z.core.$ZodIssue): FieldIssue {
  const field = zodIssue.path.length
    ? zodIssue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('')
    : '(body)';
  return { field, rule: zodIssue.code, message: `${field}: ${zodIssue.message}` };
}

/** The one body every refused link gets in JSON, whatever the reason: it says nothing of the link or its customer. */
export const LINK_NOT_FOUND = {
  type: 'about:blank',
  title: 'Not found',
  status: 404,
  detail: 'this link is not valid or has expired',
} as const;

/** An answer's refusal in JSON, as every API error: `application/problem+json`. */
export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, detail, ...extra });
}
