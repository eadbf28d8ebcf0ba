import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../../config/load-config';
import { deleteConsoleSession, insertConsoleSession, touchConsoleSession } from '../../db/console-sessions';
import type { Database } from '../../db/database';
import { SESSION_TOKEN_PREFIX, SessionResolver } from '../http/auth';
import type { Caller, KeyRing } from '../http/key-ring';

/**
 * A signed-in person: the key's name (as the API records it; tasks assigned to it are "my tasks"), role and short id,
 * the token the console calls the API with, and the CSRF token.
 */
export interface ConsoleCaller extends Caller {
  token: string;
  csrfToken: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    console?: ConsoleCaller;
  }
}

export const SESSION_COOKIE = 'relance_session';
/** A working day; an idle console signs out after two hours. */
const SESSION_LIFETIME_MS = 12 * 3_600_000;
const SESSION_IDLE_MS = 2 * 3_600_000;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function openSession(
  db: Database,
  key: { role: Role; keyId: string },
  now: Date,
): Promise<{ token: string; maxAgeMs: number }> {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  await insertConsoleSession(db, {
    idHash: hash(token),
    role: key.role,
    keyId: key.keyId,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
  });
  return { token, maxAgeMs: SESSION_LIFETIME_MS };
}

export async function closeSession(db: Database, token: string): Promise<void> {
  await deleteConsoleSession(db, hash(token));
}

/**
 * The session behind a token, while the key that opened it is still configured with the same role: a key revoked or
 * rotated out ends its sessions at once.
 */
async function findSession(db: Database, keys: KeyRing, token: string, now: Date): Promise<ConsoleCaller | undefined> {
  if (!token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 100) return undefined;
  const row = await touchConsoleSession(db, hash(token), now, SESSION_IDLE_MS);
  if (!row) return undefined;
  const key = await keys.byKeyId(row.keyId);
  if (key?.role !== row.role) return undefined;
  return { ...key, token, csrfToken: row.csrfToken };
}

/** The API's view of a console session: a bearer token standing for the key that opened it. */
export function sessionResolver(db: Database, keys: KeyRing, now: () => Date): SessionResolver {
  return async (token) => {
    const found = await findSession(db, keys, token, now());
    return found && { name: found.name, role: found.role, keyId: found.keyId };
  };
}

/** Reads one cookie by name; the console sets only its own two. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** `req.console` for a valid session cookie; pages without one send the browser to the sign-in page. */
export function loadSession(db: Database, keys: KeyRing, now: () => Date) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = readCookie(req, SESSION_COOKIE);
    const caller = token ? await findSession(db, keys, token, now()) : undefined;
    if (!caller) {
      const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/app/sign-in${back}`);
      return;
    }
    req.console = caller;
    next();
  };
}

/**
 * Every state-changing request carries the session's CSRF token in the form (`_csrf`) and, when the browser sends
 * one, an `Origin` of this host: a page elsewhere can neither read the token nor pass the SameSite=Strict cookie.
 */
export function requireCsrf(req: Request, res: Response, next: NextFunction) {
  const given = Buffer.from(String((req.body as Record<string, unknown> | undefined)?._csrf ?? ''));
  const expected = Buffer.from(req.console?.csrfToken ?? '');
  if (
    !sameOrigin(req) ||
    expected.length === 0 ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  ) {
    res.status(403).type('text/plain').send('This form has expired: reload the page and try again.');
    return;
  }
  next();
}

/** A request the browser sent from one of our own pages (browsers send `Origin` on every cross-site POST). */
export function sameOrigin(req: Request): boolean {
  const origin = req.get('origin');
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

export function sessionCookie(req: Request, token: string, maxAgeMs: number): string {
  // Behind a TLS-terminating proxy the request arrives in clear: its forwarded scheme still asks for a Secure cookie
  // (trusting the header can only restrict where the cookie goes).
  const https = req.secure || req.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
  const secure = https ? '; Secure' : '';
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
