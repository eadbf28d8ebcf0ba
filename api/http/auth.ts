import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey, Role } from '../../config/load-config';
import { ForbiddenError, UnauthorizedError } from './http-errors';

declare module 'express-serve-static-core' {
  interface Request {
    caller?: { role: Role; keyId: string };
  }
}

/** What each role may do: ops everything, payments record payments and read, support read only. */
const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  ops: new Set(['read', 'write', 'pay']),
  payments: new Set(['read', 'pay']),
  support: new Set(['read']),
};
export type Permission = 'read' | 'write' | 'pay';

const digest = (secret: string) => createHash('sha256').update(secret).digest();

/** Resolves a console session's bearer token (`rls_sess_…`) to the key it was opened with. */
export type SessionResolver = (token: string) => Promise<{ role: Role; keyId: string } | undefined>;

export const SESSION_TOKEN_PREFIX = 'rls_sess_';

/**
 * Authenticates the bearer key in constant time against every configured key; the key itself is never logged. The
 * console calls the API on behalf of a signed-in person with that person's session token instead of a key.
 */
export function createAuthenticator(keys: ApiKey[], sessions?: SessionResolver) {
  const known = keys.map((key) => ({
    role: key.role,
    digest: digest(key.secret),
    keyId: digest(key.secret).toString('hex').slice(0, 8),
  }));
  return (req: Request, _res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return next(new UnauthorizedError());
    if (sessions && match[1]!.startsWith(SESSION_TOKEN_PREFIX)) {
      sessions(match[1]!).then((caller) => {
        if (!caller) return next(new UnauthorizedError());
        req.caller = caller;
        next();
      }, next);
      return;
    }
    const presented = digest(match[1]!);
    let found: (typeof known)[number] | undefined;
    for (const key of known) if (timingSafeEqual(key.digest, presented)) found = key;
    if (!found) return next(new UnauthorizedError());
    req.caller = { role: found.role, keyId: found.keyId };
    next();
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

/** The configured key with this short id, if any (a console session names its key by it). */
export function findKeyId(keys: ApiKey[], keyId: string): { role: Role; keyId: string } | undefined {
  const key = keys.find((k) => digest(k.secret).toString('hex').slice(0, 8) === keyId);
  return key && { role: key.role, keyId };
}

/** The key a secret belongs to, compared in constant time against every configured key. */
export function findKey(keys: ApiKey[], secret: string): { role: Role; keyId: string } | undefined {
  const presented = digest(secret);
  let found: { role: Role; keyId: string } | undefined;
  for (const key of keys) {
    const known = digest(key.secret);
    if (timingSafeEqual(known, presented)) found = { role: key.role, keyId: known.toString('hex').slice(0, 8) };
  }
  return found;
}

export function requirePermission(permission: Permission) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const role = req.caller?.role;
    if (!role) return next(new UnauthorizedError());
    if (!GRANTS[role].has(permission)) return next(new ForbiddenError(role));
    next();
  };
}
