import type { Database, Queryable } from './database';
import { jsonb } from './pg-text';

/** One answer of the debtor about one invoice, as the self-service page recorded it before telling the workflow. */
export interface NewSelfServiceAnswer {
  /** The `answerId` the workflow is told. */
  id: string;
  /** SHA-256 of the link's token: the link's answers are counted, the token is never stored. */
  tokenHash: string;
  /** The submitted form: one submission may answer for several invoices. */
  submission: string;
  customerId: string;
  invoiceId: string;
  /** `already_paid`, `promise_to_pay`, `dispute` or `request_plan`. */
  answer: string;
  payload: Record<string, unknown>;
}

export type SelfServiceAnswerStatus = 'pending' | 'accepted' | 'refused';

/**
 * Records a submission's answers unless the link has already made `limit` other submissions since `since`: answers
 * `limited` without writing anything then, with the oldest answer counted (the window moves on from it). Counted and written under a lock on the link, so submissions arriving
 * together cannot all pass the count. A submission already recorded (a double click) is never limited and writes
 * nothing new.
 */
export async function recordSelfServiceAnswers(
  db: Database,
  answers: NewSelfServiceAnswer[],
  limit: { max: number; since: Date },
): Promise<{ limited: false } | { limited: true; oldest: Date }> {
  const first = answers[0];
  if (!first) return { limited: false };
  return db.withTransaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('self-service:' || $1, 0))", [first.tokenHash]);
    const [counted] = await tx.query<{ others: string; known: boolean; oldest: Date | null }>(
      `SELECT count(DISTINCT submission) FILTER (WHERE submission <> $3)::text AS others,
              bool_or(submission = $3) IS TRUE AS known, min(created_at) AS oldest
         FROM self_service_answers WHERE token_hash = $1 AND created_at >= $2`,
      [first.tokenHash, limit.since.toISOString(), first.submission],
    );
    if (!counted?.known && Number(counted?.others ?? 0) >= limit.max) {
      return { limited: true, oldest: counted?.oldest ?? limit.since };
    }
    for (const answer of answers) await insertAnswer(tx, answer);
    return { limited: false };
  });
}

async function insertAnswer(tx: Queryable, answer: NewSelfServiceAnswer): Promise<void> {
  await tx.query(
    `INSERT INTO self_service_answers (id, token_hash, submission, customer_id, invoice_id, answer, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (id) DO NOTHING`,
    [
      answer.id,
      answer.tokenHash,
      answer.submission,
      answer.customerId,
      answer.invoiceId,
      answer.answer,
      jsonb(answer.payload),
    ],
  );
}

/** What the workflow made of an answer: accepted, or refused on `field`; the latest telling wins. */
export async function settleSelfServiceAnswer(
  db: Queryable,
  id: string,
  outcome: { status: Exclude<SelfServiceAnswerStatus, 'pending'>; field?: string },
): Promise<void> {
  await db.query(
    `UPDATE self_service_answers SET status = $2, refused_field = $3, settled_at = now()
      WHERE id = $1`,
    [id, outcome.status, outcome.field ?? null],
  );
}

/** How many answers a link recorded since `since` (one per submission): for the rate limit and its tests. */
export async function countSelfServiceSubmissions(db: Queryable, tokenHash: string, since: Date): Promise<number> {
  const [row] = await db.query<{ count: string }>(
    `SELECT count(DISTINCT submission)::text AS count FROM self_service_answers
      WHERE token_hash = $1 AND created_at >= $2`,
    [tokenHash, since.toISOString()],
  );
  return Number(row?.count ?? 0);
}
