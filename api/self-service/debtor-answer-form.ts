import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { LATEST_DATE } from '../../domain/due-moment';
import { calendarDate, multiLine, requiredLine } from '../http/field-schemas';
import {
  DEBTOR_DISPUTE_REASONS,
  DebtorAnswer,
  DebtorAnswerKind,
  DebtorDisputeReason,
  Instalment,
} from '../../workflows/messages';

/** A plan the debtor proposes: 2 to 12 monthly instalments. */
export const PLAN_INSTALMENTS = { min: 2, max: 12 } as const;
export const MAX_REFERENCE_LENGTH = 100;
export const MAX_DISPUTE_TEXT_LENGTH = 2_000;
/** The choice "every open invoice" in the invoice field. */
export const ALL_INVOICES = 'all';

/** The form's hidden value that makes the same form posted twice one answer; optional (see debtorAnswerId). */
export const answerNonce = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16 to 64 letters, digits, _ or -');

const common = {
  nonce: answerNonce.optional(),
  invoice: z.string().min(1).max(100),
  lang: z.enum(['fr', 'en']).optional(),
};

/** The four forms of the page, as posted (`application/x-www-form-urlencoded`, every value a string). */
const answerForm = z.discriminatedUnion('answer', [
  z.object({
    ...common,
    answer: z.literal('already_paid'),
    paidOn: calendarDate,
    reference: requiredLine(MAX_REFERENCE_LENGTH),
  }),
  z.object({ ...common, answer: z.literal('promise_to_pay'), promisedDate: calendarDate }),
  z.object({
    ...common,
    answer: z.literal('dispute'),
    reason: z.enum(DEBTOR_DISPUTE_REASONS),
    text: multiLine(MAX_DISPUTE_TEXT_LENGTH).trim().optional(),
  }),
  z.object({
    ...common,
    answer: z.literal('request_plan'),
    count: z
      .string()
      .regex(/^\d{1,2}$/)
      .transform(Number)
      .pipe(z.number().int().min(PLAN_INSTALMENTS.min).max(PLAN_INSTALMENTS.max)),
    firstDate: calendarDate,
  }),
]);

/**
 * One answer as submitted, whichever way it came (the page's form, or JSON from a program): `invoice` is an open
 * invoice's id or `all`, undefined when a JSON answer named none (then the customer's only open invoice); a plan is
 * monthly (`count` from `firstDate`) or explicit (`instalments`, as `instalmentAgreed`).
 */
export type AnswerForm = { nonce?: string; invoice?: string; lang?: 'fr' | 'en' } & (
  | { answer: 'already_paid'; paidOn: string; reference: string }
  | { answer: 'promise_to_pay'; promisedDate: string }
  | { answer: 'dispute'; reason: DebtorDisputeReason; text?: string }
  | { answer: 'request_plan'; count: number; firstDate: string }
  | { answer: 'request_plan'; instalments: Instalment[] }
);

/** What was posted, with the fields that did not pass (their names, for messages next to them). */
export type ParsedAnswerForm =
  | { ok: true; form: AnswerForm }
  | { ok: false; answer: DebtorAnswerKind | undefined; fields: string[]; values: Record<string, string> };

const ANSWER_KINDS = new Set<string>(['already_paid', 'promise_to_pay', 'dispute', 'request_plan']);

/** Reads a posted form; a blank field counts as missing, anything but a single string as invalid. */
export function parseAnswerForm(body: unknown): ParsedAnswerForm {
  const values: Record<string, string> = {};
  const raw: Record<string, unknown> = {};
  if (body && typeof body === 'object') {
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') values[name] = value;
      raw[name] = value === '' ? undefined : value;
    }
  }
  const parsed = answerForm.safeParse(raw);
  if (parsed.success) return { ok: true, form: parsed.data satisfies AnswerForm };
  const answer =
    typeof raw.answer === 'string' && ANSWER_KINDS.has(raw.answer) ? (raw.answer as DebtorAnswerKind) : undefined;
  const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'answer')))];
  return { ok: false, answer, fields, values };
}

/**
 * The plan's instalments: one a month from `firstDate` (the 31st falls on the month's last day), the balance split to
 * the cent with the remainder on the last. Undefined when the balance cannot be split that way (less than a minor unit
 * each) or the last date falls past the supported range.
 */
export function monthlyInstalments(balance: number, count: number, firstDate: string): Instalment[] | undefined {
  const each = Math.floor(balance / count);
  if (!Number.isSafeInteger(balance) || each < 1) return undefined;
  const first = DateTime.fromISO(firstDate, { zone: 'UTC' });
  const instalments = Array.from({ length: count }, (_, i) => ({
    dueDate: first.plus({ months: i }).toISODate()!,
    amount: i === count - 1 ? balance - each * (count - 1) : each,
  }));
  return instalments[count - 1]!.dueDate <= LATEST_DATE ? instalments : undefined;
}

/** The SHA-256 of a link's token: how the page counts a link's answers without storing the token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The workflow's `answerId` for one invoice of a submission: derived from the link, the form's nonce, the invoice and
 * what was answered (the canonical payload: fields trimmed, in a fixed order), so the same form posted twice is one
 * answer, and a form changed and posted again is another. Without a nonce (a program's JSON, a form without its hidden
 * value) the id derives from the link, the invoice and the answer alone: a retried request counts once — and so does
 * the same answer with the same fields given again on a later day through the same link, which is acceptable, as it
 * says nothing new (the workflow answers it with the state as it stands).
 */
export function debtorAnswerId(
  linkHash: string,
  nonce: string | undefined,
  invoiceId: string,
  payload: Record<string, unknown>,
): string {
  const seed = [linkHash, nonce ?? '', invoiceId, JSON.stringify(payload)].join('\u0000');
  return `ss-${createHash('sha256').update(seed).digest('hex').slice(0, 32)}`;
}

/**
 * What the link's hourly allowance counts as one submission: the form's nonce, or without one a digest of the link and
 * the canonical answer (its invoice choice and fields), so that a request retried is the same submission — already
 * recorded, never limited, nothing written twice.
 */
export function submissionKey(linkHash: string, form: AnswerForm): string {
  if (form.nonce) return form.nonce;
  const { nonce: _nonce, lang: _lang, ...answer } = form;
  const seed = [linkHash, canonicalJson(answer)].join('\u0000');
  return `auto-${createHash('sha256').update(seed).digest('hex').slice(0, 32)}`;
}

/** JSON with object keys sorted, so that the same answer is the same text whatever order its fields came in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A debtor's answer before its id is derived from it. */
export type DebtorAnswerBody = DebtorAnswer extends infer A ? (A extends unknown ? Omit<A, 'answerId'> : never) : never;

/** The message for one invoice, without its id; `balance` is needed by a plan only. */
export function answerPayload(form: AnswerForm, balance: number): { payload: DebtorAnswerBody } | { refused: string } {
  switch (form.answer) {
    case 'already_paid':
      return { payload: { answer: form.answer, paidOn: form.paidOn, reference: form.reference } };
    case 'promise_to_pay':
      return { payload: { answer: form.answer, promisedDate: form.promisedDate } };
    case 'dispute':
      return { payload: { answer: form.answer, reason: form.reason, ...(form.text ? { text: form.text } : {}) } };
    case 'request_plan': {
      if ('instalments' in form) {
        // An explicit plan, as `instalmentAgreed` takes it: the workflow judges it against the balance.
        const instalments = form.instalments.map(({ dueDate, amount }) => ({ dueDate, amount }));
        return { payload: { answer: form.answer, instalments } };
      }
      const instalments = monthlyInstalments(balance, form.count, form.firstDate);
      return instalments ? { payload: { answer: form.answer, instalments } } : { refused: 'count' };
    }
  }
}
