import type { Request } from 'express';

/** Who made a request, as recorded in messages and logs: the key's role and short id, never the key. */
export function callerName(req: Request): string {
  return req.caller ? `${req.caller.role}:${req.caller.keyId}` : 'anonymous';
}
