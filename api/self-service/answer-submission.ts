import type { Database } from '../../db/database';
import { recordSelfServiceAnswers, settleSelfServiceAnswer } from '../../db/self-service-answers';
import { DebtorAnswer, debtorAnswerUpdate } from '../../workflows/messages';
import { Logger, RETRY_AFTER_SECONDS, toHttpError } from '../http/error-handler';
import { ValidationError } from '../http/http-errors';
import { invoiceState, sendUpdate } from '../temporal/invoice-workflow-client';
import { CollectionEndedError } from '../temporal/temporal-errors';
import type { TemporalGateway } from '../temporal/temporal-gateway';
import { ALL_INVOICES, AnswerForm, answerPayload, debtorAnswerId } from './debtor-answer-form';
import type { LinkAccess } from './link-access';
import type { AnswerOutcome } from './page-model';

const HOUR_MS = 3_600_000;

/** What the page answers after a submission: its status, what to show beside the form, when to come back. */
export interface SubmittedAnswer {
  status: number;
  outcome: AnswerOutcome;
  retryAfter?: number;
}

/**
 * A submitted form, for each invoice it names: recorded once (its answer id derives from the link, the form's nonce,
 * the invoice and the answer), within the link's hourly allowance, then told to the invoice's workflow as
 * `debtorAnswer`. A refusal names its field (`workflow.<field>`), which the page words in its language.
 */
export function createAnswerSubmission(deps: {
  db: Database;
  temporal: TemporalGateway;
  logger: Logger;
  now: () => Date;
  answersPerHour: number;
}) {
  /** Tells each chosen invoice's workflow; what was taken and what was refused, in the page's terms. */
  return async function submitAnswer(access: LinkAccess, form: AnswerForm): Promise<SubmittedAnswer> {
    const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, String(v)]));
    const outcome: AnswerOutcome = { answer: form.answer, done: [], refused: [], values };
    const chosen =
      form.invoice === ALL_INVOICES
        ? access.invoices
        : access.invoices.filter((invoice) => invoice.id === form.invoice);
    if (chosen.length === 0)
      return { status: 422, outcome: { ...outcome, refused: [{ field: 'invoice', invoices: [] }] } };

    const refuse = (field: string, invoiceId: string) => {
      const same = outcome.refused.find((r) => r.field === field);
      if (same) same.invoices.push(invoiceId);
      else outcome.refused.push({ field, invoices: [invoiceId] });
    };
    const answers = [];
    for (const invoice of chosen) {
      // A plan splits what the workflow holds as outstanding (a payment may not be projected yet).
      const balance =
        form.answer === 'request_plan'
          ? ((await invoiceState(deps.temporal, invoice.id).catch(() => null))?.balance ?? invoice.balance)
          : invoice.balance;
      const body = answerPayload(form, balance);
      if ('refused' in body) refuse(body.refused, invoice.id);
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
        submission: form.nonce,
        customerId: access.customerId,
        invoiceId: a.invoiceId,
        answer: form.answer,
        payload: a.body.payload,
      })),
      { max: deps.answersPerHour, since: new Date(deps.now().getTime() - HOUR_MS) },
    );
    if (recorded.limited) {
      const retryAfter = Math.max(1, Math.ceil((recorded.oldest.getTime() + HOUR_MS - deps.now().getTime()) / 1000));
      return { status: 429, outcome, retryAfter };
    }
    let unavailable = false;
    for (const a of answers) {
      try {
        await sendUpdate(deps.temporal, a.invoiceId, debtorAnswerUpdate, {
          answerId: a.id,
          ...a.body.payload,
        } as DebtorAnswer);
        await settleSelfServiceAnswer(deps.db, a.id, { status: 'accepted' });
        outcome.done.push(a.invoiceId);
      } catch (error) {
        const field = refusedField(error);
        if (field === 'unavailable') unavailable = true;
        else if (field === undefined)
          deps.logger.error(`debtor answer ${a.id} on invoice ${a.invoiceId} failed`, error);
        else
          await settleSelfServiceAnswer(deps.db, a.id, { status: 'refused', field: field.replace(/^workflow\./, '') });
        refuse(field ?? 'unknown', a.invoiceId);
      }
    }
    if (unavailable) return { status: 503, outcome, retryAfter: RETRY_AFTER_SECONDS };
    return { status: outcome.refused.length > 0 ? 422 : 200, outcome };
  };
}

/** The field a refusal names, `unavailable` for an outage to retry, undefined for a fault of ours. */
function refusedField(error: unknown): string | undefined {
  if (error instanceof CollectionEndedError) return 'workflow.status';
  if (error instanceof ValidationError) return `workflow.${error.issues[0]?.field ?? 'answer'}`;
  const known = toHttpError(error);
  if (known?.status === 503) return 'unavailable';
  return undefined;
}
