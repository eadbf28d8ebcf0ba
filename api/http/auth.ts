import type { NextFunction, Request, Response } from 'express';
import { MAX_SECRET_LENGTH, Role } from '../../config/load-config';
import type { Caller, KeyRing } from './key-ring';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from './http-errors';
import { authenticationFailure, RateLimits } from './rate-limit';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: Caller;
  }
}

/** What each role may do: ops everything, payments record payments and read, support read only. */
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  ops: new Set(['read', 'write', 'pay']),
  payments: new Set(['read', 'pay']),
  support: new Set(['read']),
};
export type Permission = 'read' | 'write' | 'pay';

/** Resolves a console session's bearer token (`rls_sess_…`) to the key it was opened with. */
export type SessionResolver = (token: string) => Promise<Caller | undefined>;

export const SESSION_TOKEN_PREFIX = 'rls_sess_';

/** `Bearer <key>`, the scheme in any case; a longer key than any the API issues or accepts is not read. */
const BEARER = new RegExp(`^Bearer\\s+(\\S{1,${MAX_SECRET_LENGTH}})$`, 'i');

/**
 * Authenticates the bearer key against every key of the ring (constant time for configured keys, by id then hash for
 * stored ones); the key itself is never logged. The console calls the API on behalf of a signed-in person with that
 * person's session token instead of a key.
 */
export function createAuthenticator(keys: KeyRing, sessions?: SessionResolver, limits?: RateLimits) {
  const refuse = (req: Request, next: NextFunction) => {
    const wait = limits ? authenticationFailure(limits, req) : 0;
    next(wait > 0 ? new TooManyRequestsError(wait, 'too many wrong keys from this address') : new UnauthorizedError());
  };
  return (req: Request, _res: Response, next: NextFunction) => {
    const match = BEARER.exec(req.headers.authorization ?? '');
    if (!match) return refuse(req, next);
    const token = match[1]!;
    const found = sessions && token.startsWith(SESSION_TOKEN_PREFIX) ? sessions(token) : keys.authenticate(token);
    found.then((caller) => {
      if (!caller) return refuse(req, next);
      req.caller = caller;
      next();
    }, next);
  };
}

/** Whether the authenticated caller holds a permission (for a route whose body decides what it needs). */
export function holds(req: Request, permission: Permission): boolean {
  const role = req.caller?.role;
  return role !== undefined && roleHolds(role, permission);
}

export function roleHolds(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function requirePermission(permission: Permission) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const role = req.caller?.role;
    if (!role) return next(new UnauthorizedError());
    if (!GRANTS[role].has(permission)) return next(new ForbiddenError(role));
    next();
  };
}
