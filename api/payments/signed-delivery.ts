import type { Request } from 'express';
import type { Database, Queryable } from '../../db/database';
import { forgetSignaturesBefore, rememberSignature } from '../../db/webhook-events';
import { HttpError, ValidationError } from '../http/http-errors';
import { SIGNATURE_TOLERANCE_SECONDS, verifySignature } from './webhook-signature';

export const SIGNATURE_HEADER = 'relance-signature';

/** The largest body a signed webhook takes: events are small, and the signature is checked before anything is parsed. */
export const SIGNED_BODY_LIMIT = '64kb';

export class SignatureError extends HttpError {
  constructor(reason: string) {
    super(401, 'Unauthorized', `Relance-Signature: ${reason}`);
  }
}

const REASONS = {
  missing: 'is required: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">',
  malformed: 'is malformed; expected t=<unix seconds>,v1=<64 hex digits>',
  stale: `is older than ${SIGNATURE_TOLERANCE_SECONDS} seconds (or from the future); sign each delivery afresh`,
  mismatch: 'does not match the body under the shared secret',
} as const;

export interface SignedDelivery {
  /** The body as JSON, parsed only once its signature matched. */
  body: unknown;
  /** The matching signature, remembered with the event so that the same request cannot be replayed. */
  signature: string;
}

/**
 * Checks a webhook delivery signed like `POST /v1/webhooks/payments` (the raw body read by `express.raw`), and answers
 * its JSON. Every signed webhook (payments, mail events) goes through here: one rule, one set of 401 answers.
 */
export async function verifySignedDelivery(
  req: Request,
  deps: { db: Database; webhookSecrets: string[] },
  at: Date,
  what: string,
): Promise<SignedDelivery> {
  if (deps.webhookSecrets.length === 0) {
    throw new HttpError(503, 'Service unavailable', `${what} webhooks are not configured (WEBHOOK_SECRET)`);
  }
  const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const check = verifySignature({
    header: req.get(SIGNATURE_HEADER),
    rawBody,
    secrets: deps.webhookSecrets,
    nowSeconds: Math.floor(at.getTime() / 1000),
  });
  if (!check.ok) throw new SignatureError(REASONS[check.reason]);
  // Signatures older than the window can never be replayed successfully: no need to keep them.
  await forgetSignaturesBefore(deps.db, new Date(at.getTime() - 2 * SIGNATURE_TOLERANCE_SECONDS * 1000));
  return { body: parseJson(rawBody), signature: check.signature };
}

/** Remembers the signature inside the transaction that records the event; a signature seen before is a replay: 401. */
export async function refuseReplay(tx: Queryable, signature: string): Promise<void> {
  if (!(await rememberSignature(tx, signature))) throw new SignatureError('was used before (replay)');
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ValidationError([{ field: '(body)', rule: 'json', message: '(body): is not valid JSON' }]);
  }
}
