import type { NextFunction, Request, Response } from 'express';
import {
  ConflictError,
  HttpError,
  ServiceUnavailableError,
  TooManyRequestsError,
  ValidationError,
} from './http-errors';
import { isConnectionFailure } from '../../db/database';
import { fromTemporal } from '../temporal/temporal-errors';

export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/** Seconds a client is told to wait before retrying a 503: long enough for a restarted dependency to come back. */
export const RETRY_AFTER_SECONDS = 5;

/** The one place errors become responses: problem+json, no stack traces or SQL ever leave the process. */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toHttpError(error);
    // The request's id, echoed to the caller, ties what they quote to this line.
    const id = `request ${req.requestId ?? '-'}`;
    if (!known) logger.error(`${req.method} ${req.path} failed (${id})`, error);
    else if (known.status >= 500) {
      // One line per request, with what the dependency said when it is not ours: an outage must not flood the log.
      const cause = known === error ? '' : ` (${(error as Error)?.message ?? String(error)})`;
      logger.warn(`${req.method} ${req.path}: ${known.message}${cause} (${id})`);
    }
    const problem = known ?? new HttpError(500, 'Internal error', 'something went wrong; it has been logged');
    // Every outage says when to come back, whichever layer noticed it.
    if (problem.status === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
    if (problem instanceof TooManyRequestsError) res.setHeader('Retry-After', problem.retryAfterSeconds);
    res
      .status(problem.status)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        ...problem.extra,
      });
  };
}

interface ErrorLike {
  type?: string;
  status?: number;
  expose?: boolean;
  code?: string | number;
  name?: string;
  message?: string;
}

/**
 * What the API answers for an error, or undefined for a fault of ours (a 500, logged). Also used where a failure is
 * reported inside a 2xx (a batch item), so that a client error is never passed off as "retry later".
 */
export function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  const e = (error ?? {}) as ErrorLike;
  if (e.type === 'entity.parse.failed') {
    return new ValidationError([{ field: '(body)', rule: 'json', message: '(body): is not valid JSON' }]);
  }
  if (e.type === 'entity.too.large') return new HttpError(413, 'Payload too large', 'the request body is too large');
  // A path segment that is not a valid percent-encoding (Express decodes parameters lazily and says 400).
  if (error instanceof URIError) {
    return new ValidationError([
      { field: '(path)', rule: 'percent_encoding', message: '(path): is not valid percent-encoding' },
    ]);
  }
  // Other body-parser refusals (an unsupported charset or encoding) carry their own client status.
  if (e.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, 'Bad request', e.message ?? 'the request body cannot be read');
  }
  return fromDatabase(e) ?? fromTemporal(e);
}

/**
 * PostgreSQL errors by SQLSTATE class, once: a data exception (22) or an integrity constraint (23) is the request's
 * fault and a 4xx; a connection failure (08), too many connections or no space (53), an operator intervention such as
 * a restart (57), a system error (58), a serialization failure or deadlock (40) or a lock not available (55P03) is an
 * outage to retry. Anything else (a syntax error, a missing table) is a fault of ours.
 */
function fromDatabase(e: ErrorLike): HttpError | undefined {
  if (isConnectionFailure(e)) return new ServiceUnavailableError('PostgreSQL');
  const code = typeof e.code === 'string' ? e.code : '';
  if (!/^[0-9A-Z]{5}$/.test(code)) return undefined;
  const sqlClass = code.slice(0, 2);
  if (['08', '53', '57', '58', '40'].includes(sqlClass) || code === '55P03')
    return new ServiceUnavailableError('PostgreSQL');
  // PostgreSQL names its own columns, not the request's fields; the edge's validation names those before this point.
  const field = '(request)';
  if (sqlClass === '22') {
    return new ValidationError([
      { field, rule: `sqlstate_${code}`, message: `${field}: is a value the database cannot store` },
    ]);
  }
  if (code === '23505') return new ConflictError('a record with the same key exists already');
  if (sqlClass === '23') {
    return new ValidationError(
      [{ field, rule: `sqlstate_${code}`, message: `${field}: breaks a rule of the stored data` }],
      422,
    );
  }
  return undefined;
}
