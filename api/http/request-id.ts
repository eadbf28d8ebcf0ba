import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id: the caller's `X-Request-Id` when it is a sane token, else one made here. */
    requestId?: string;
  }
}

/** A caller's id is kept only when it cannot forge a log line or flood one: at most 128 of [A-Za-z0-9._-]. */
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Every request gets an id, echoed in `X-Request-Id`, that its log lines carry: a caller quotes it to support. */
export function createRequestId() {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    req.requestId = given && SANE_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', req.requestId);
    next();
  };
}
