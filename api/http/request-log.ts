import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './error-handler';

/**
 * Every write is logged as one structured line with who did it — the key's role and short id, or the webhook — the
 * method, the path (no query string, no body) and the status. The key itself never reaches a log.
 */
export function createWriteLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const actor = typeof res.locals.actor === 'string' ? res.locals.actor : undefined;
      logger.info(
        JSON.stringify({
          event: 'api.write',
          role: req.caller?.role ?? null,
          key: req.caller?.keyId ?? null,
          actor: actor ?? (req.caller ? `${req.caller.role}:${req.caller.keyId}` : 'anonymous'),
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
        }),
      );
    });
    next();
  };
}
