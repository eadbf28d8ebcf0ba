import type { NextFunction, Request, Response } from 'express';
import { HttpError, ServiceUnavailableError, ValidationError } from './http-errors';
import { grpcStatus } from './temporal-gateway';

export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;

/** The one place errors become responses: problem+json, no stack traces or SQL ever leave the process. */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = toHttpError(error);
    if (!known) logger.error(`${req.method} ${req.path} failed`, error);
    else if (known.status >= 500) logger.warn(`${req.method} ${req.path}: ${known.message}`);
    const problem = known ?? new HttpError(500, 'Internal error', 'something went wrong; it has been logged');
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

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  const e = error as { type?: string; status?: number; code?: string | number; name?: string; message?: string };
  if (e?.type === 'entity.parse.failed') {
    return new ValidationError([{ field: '(body)', rule: 'json', message: '(body): is not valid JSON' }]);
  }
  if (e?.type === 'entity.too.large') return new HttpError(413, 'Payload too large', 'the request body is too large');
  // Other body-parser refusals (an unsupported charset or encoding) carry their own client status.
  if ((e as { expose?: boolean })?.expose && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, 'Bad request', e.message ?? 'the request body cannot be read');
  }
  if (isDatabaseDown(e)) return new ServiceUnavailableError('PostgreSQL');
  if (isTemporalDown(e)) return new ServiceUnavailableError('Temporal');
  return undefined;
}

function isDatabaseDown(e: { code?: string | number; message?: string }): boolean {
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001'].includes(String(e?.code)) ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(e?.message ?? '')
  );
}

function isTemporalDown(e: { code?: string | number; name?: string; message?: string; cause?: unknown }): boolean {
  if (e?.name === 'TransportError') return true;
  // gRPC UNAVAILABLE (14) and DEADLINE_EXCEEDED (4) from the Temporal frontend; any other refusal (a bad argument, a
  // permission) is a fault of ours, logged as such rather than passed off as an outage.
  const code = grpcStatus(e);
  if (code === 14 || code === 4) return true;
  return /Failed to connect to Temporal server/.test(e?.message ?? '');
}
