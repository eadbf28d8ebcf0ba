import type { Request } from 'express';

/**
 * Who made a request, as every message, row and log records it: the name of the key it was made with, never the key,
 * and never what the request body claims.
 */
export function callerName(req: Request): string {
  return req.caller?.name ?? 'anonymous';
}
