import type { NextFunction, Request, Response } from 'express';
import { customerWorkflowId, invoiceWorkflowId } from '../../workflows/routing';
import type { Logger } from './error-handler';

/**
 * Every write is logged as one structured line with who did it — the key's name, role and short id, or the webhook — the
 * method, the path (no query string, no body), the status, the request's id and, when the request is about one invoice
 * or customer, the id of its workflow: the line a support engineer follows into the worker's logs and the Temporal UI.
 * The key itself never reaches a log.
 */
export function createWriteLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const actor = typeof res.locals.actor === 'string' ? res.locals.actor : undefined;
      const path = req.originalUrl.split('?')[0] ?? '';
      logger.info(
        JSON.stringify({
          event: 'api.write',
          requestId: req.requestId ?? null,
          role: req.caller?.role ?? null,
          key: req.caller?.keyId ?? null,
          actor: actor ?? req.caller?.name ?? 'anonymous',
          method: req.method,
          path,
          status: res.statusCode,
          workflowId: workflowIdOf(req, path),
          ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        }),
      );
    });
    next();
  };
}

/** The workflow a request is about: the invoice or customer in its path, or the invoice a creation names. */
function workflowIdOf(req: Request, path: string): string | undefined {
  const named = /^\/v1\/(invoices|customers)\/([^/]+)/.exec(path);
  const id = named ? decoded(named[2]!) : path === '/v1/invoices' ? (req.body as { id?: unknown })?.id : undefined;
  if (typeof id !== 'string' || !id) return undefined;
  return named?.[1] === 'customers' ? customerWorkflowId(id) : invoiceWorkflowId(id);
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
