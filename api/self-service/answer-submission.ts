import type { Database } from '../../db/database';
import { recordSelfServiceAnswers, settleSelfServiceAnswer } from '../../db/self-service-answers';
import { DebtorAnswer, debtorAnswerUpdate } from '../../workflows/messages';
import { Logger, RETRY_AFTER_SECONDS, toHttpError } from '../http/error-handler';
import { FieldIssue, ValidationError } from '../http/http-errors';
import { invoiceState, sendUpdate } from '../temporal/invoice-workflow-client';
import { CollectionEndedError } from '../temporal/temporal-errors';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { ALL_INVOICES, AnswerForm, answerPayload, debtorAnswerId, submissionKey } from './debtor-answer-form';
import type { LinkAccess } from './link-access';
import type { AnswerOutcome } from './page-model';

const HOUR_MS = 3_600_000;

/** A refusal as JSON names it: the field (as the parser or the workflow named it), its rule, for which invoice. */
export type AnswerIssue = FieldIssue & { invoiceId?: string };

/** What the page answers after a submission: its status, what to show beside the form, when to come back. */
export interface SubmittedAnswer {
  status: number;
  outcome: AnswerOutcome;
  retryAfter?: number;
  /** The invoices that took the answer, each with its stage as the workflow's update returned it. */
  taken: { invoiceId: string; stage: string }[];
  /** The refusals, for a JSON answer. */
  issues: AnswerIssue[];
  /** An invoice failed for a fault of ours (logged): not the caller's to correct. */
  fault?: boolean;
}

/**
 * A submitted answer (the page's form or a program's JSON), for each invoice it names: recorded once (its answer id
 * derives from the link, the nonce when there is one, the invoice and the answer), within the link's hourly allowance,
 * then told to the invoice's workflow as `debtorAnswer`. A refusal names its field (`workflow.<field>` on the page,
 * which words it in its language; the workflow's own field, rule and message for JSON).
 */
export function createAnswerSubmission(deps: {
  db: Database;
  temporal: TemporalGateway;
  logger: Logger;
  now: () => Date;
  answersPerHour: number;
}) {
  /**
   * Tells each chosen invoice's workflow; what was taken and what was refused, in the page's terms and in JSON's.
   * `invoiceField`: what the request called its invoice (`invoice` on the page, `invoiceId` in JSON).
   */
  return async function submitAnswer(
    access: LinkAccess,
    submitted: AnswerForm,
    invoiceField = 'invoice',
  ): Promise<SubmittedAnswer> {
    const values = Object.fromEntries(
      Object.entries(submitted).flatMap(([k, v]) => (typeof v === 'object' ? [] : [[k, String(v)]])),
    );
    const outcome: AnswerOutcome = { answer: submitted.answer, done: [], refused: [], values };
    const taken: SubmittedAnswer['taken'] = [];
    const issues: AnswerIssue[] = [];
    const chosenInvoice = chooseInvoice(access, submitted.invoice, invoiceField);
    if ('issue' in chosenInvoice) {
      const refused = [{ field: 'invoice', invoices: [] }];
      return { status: 422, outcome: { ...outcome, refused }, taken, issues: [chosenInvoice.issue] };
    }
    const form = { ...submitted, invoice: chosenInvoice.invoice };
    const chosen =
      form.invoice === ALL_INVOICES
        ? access.invoices
        : access.invoices.filter((invoice) => invoice.id === form.invoice);
    if (chosen.length === 0) {
      const refused = [{ field: 'invoice', invoices: [] }];
      const issue = { field: invoiceField, rule: 'no_open_invoice', message: `${invoiceField}: ${NO_OPEN_INVOICE}` };
      return { status: 422, outcome: { ...outcome, refused }, taken, issues: [issue] };
    }
    const submission = submissionKey(access.hash, form);

    const refuse = (field: string, invoiceId: string, issue: FieldIssue) => {
      const same = outcome.refused.find((r) => r.field === field);
      if (same) same.invoices.push(invoiceId);
      else outcome.refused.push({ field, invoices: [invoiceId] });
      issues.push({ ...issue, invoiceId });
    };
    const answers = [];
    for (const invoice of chosen) {
      // A plan splits what the workflow holds as outstanding (a payment may not be projected yet).
      const balance =
        form.answer === 'request_plan' && !('instalments' in form)
          ? ((await invoiceState(deps.temporal, invoice.id).catch(() => null))?.balance ?? invoice.balance)
          : invoice.balance;
      const body = answerPayload(form, balance);
      if ('refused' in body)
        refuse(body.refused, invoice.id, {
          field: body.refused,
          rule: 'plan_split',
          message: `${body.refused}: the balance of invoice ${invoice.id} cannot be split into that many monthly instalments up to 2100`,
        });
      else
        answers.push({
          invoiceId: invoice.id,
          body,
          id: debtorAnswerId(access.hash, form.nonce, invoice.id, body.payload),
        });
    }
    const recorded = await recordSelfServiceAnswers(
      deps.db,
      answers.map((a) => ({
        id: a.id,
        tokenHash: access.hash,
        submission,
        customerId: access.customerId,
        invoiceId: a.invoiceId,
        answer: form.answer,
        payload: a.body.payload,
      })),
      { max: deps.answersPerHour, since: new Date(deps.now().getTime() - HOUR_MS) },
    );
    if (recorded.limited) {
      const retryAfter = Math.max(1, Math.ceil((recorded.oldest.getTime() + HOUR_MS - deps.now().getTime()) / 1000));
      return { status: 429, outcome, retryAfter, taken, issues };
    }
    let unavailable = false;
    let fault = false;
    for (const a of answers) {
      try {
        const state = await sendUpdate(deps.temporal, a.invoiceId, debtorAnswerUpdate, {
          answerId: a.id,
          ...a.body.payload,
        } as DebtorAnswer);
        await settleSelfServiceAnswer(deps.db, a.id, { status: 'accepted' });
        outcome.done.push(a.invoiceId);
        taken.push({ invoiceId: a.invoiceId, stage: state.stage });
      } catch (error) {
        const refusal = refusedField(error, invoiceField, a.invoiceId);
        if (refusal === 'unavailable') unavailable = true;
        else if (refusal === undefined) {
          fault = true;
          deps.logger.error(`debtor answer ${a.id} on invoice ${a.invoiceId} failed`, error);
        } else
          await settleSelfServiceAnswer(deps.db, a.id, {
            status: 'refused',
            field: refusal.field.replace(/^workflow\./, ''),
          });
        const field = typeof refusal === 'object' ? refusal.field : (refusal ?? 'unknown');
        const issue =
          typeof refusal === 'object'
            ? refusal.issue
            : refusal === 'unavailable'
              ? { field: '(service)', rule: 'unavailable', message: 'the invoice cannot be reached now; retry later' }
              : { field: '(service)', rule: 'internal', message: 'something went wrong; it has been logged' };
        refuse(field, a.invoiceId, issue);
      }
    }
    if (unavailable) return { status: 503, outcome, retryAfter: RETRY_AFTER_SECONDS, taken, issues };
    return { status: outcome.refused.length > 0 ? 422 : 200, outcome, taken, issues, fault };
  };
}

const NO_OPEN_INVOICE = "this link's customer has no open invoice";

/**
 * The invoice an answer is for: the one it names (or `all`), else the customer's only open invoice. A refusal names the
 * field as the request called it.
 */
function chooseInvoice(
  access: LinkAccess,
  invoice: string | undefined,
  field: string,
): { invoice: string } | { issue: FieldIssue } {
  const refuse = (rule: string, words: string) => ({ issue: { field, rule, message: `${field}: ${words}` } });
  if (invoice === ALL_INVOICES || access.invoices.some((i) => i.id === invoice)) return { invoice: invoice! };
  if (invoice !== undefined) return refuse('unknown_invoice', "is not an open invoice of this link's customer");
  if (access.invoices.length === 1) return { invoice: access.invoices[0]!.id };
  if (access.invoices.length === 0) return refuse('no_open_invoice', NO_OPEN_INVOICE);
  return refuse(
    'required',
    `is required: this link's customer has ${access.invoices.length} open invoices (name one, or "${ALL_INVOICES}")`,
  );
}

/**
 * A refusal: the field the page names (`workflow.<field>`) and the issue as JSON names it; `unavailable` for an outage
 * to retry, undefined for a fault of ours.
 */
function refusedField(
  error: unknown,
  invoiceField: string,
  invoiceId: string,
): { field: string; issue: FieldIssue } | 'unavailable' | undefined {
  if (error instanceof CollectionEndedError) {
    const message = `${invoiceField}: the collection of invoice ${invoiceId} has ended; it takes no more answers`;
    return { field: 'workflow.status', issue: { field: invoiceField, rule: 'collection_ended', message } };
  }
  if (error instanceof ValidationError) {
    const issue = error.issues[0] ?? { field: 'answer', rule: 'rejected', message: 'answer: refused' };
    return { field: `workflow.${issue.field}`, issue };
  }
  const known = toHttpError(error);
  if (known?.status === 503) return 'unavailable';
  return undefined;
}
