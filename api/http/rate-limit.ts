import type { NextFunction, Request, Response } from 'express';
import type { RateLimit } from '../../config/load-config';
import { TooManyRequestsError } from './http-errors';

/**
 * Token buckets, one per key or address: each holds `limit` requests and refills at `limit` per `windowMs`, so a
 * client may burst up to its limit and then goes at the window's pace. In memory, per replica: behind N replicas a
 * client gets at most N times the limit, which a shared proxy limit can tighten.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly rate: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens from `id`'s bucket: 0 when granted, else the whole seconds until they would be. */
  take(id: string, cost = 1): number {
    if (this.rate.limit <= 0) return 0;
    const now = this.now();
    const perMs = this.rate.limit / this.rate.windowMs;
    const bucket = this.buckets.get(id) ?? { tokens: this.rate.limit, at: now };
    bucket.tokens = Math.min(this.rate.limit, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      this.remember(id, bucket, now);
      return 0;
    }
    this.remember(id, bucket, now);
    return Math.max(1, Math.ceil((cost - bucket.tokens) / perMs / 1000));
  }

  private remember(id: string, bucket: { tokens: number; at: number }, now: number): void {
    this.buckets.set(id, bucket);
    // Full buckets carry no information: past many clients, they are forgotten so memory stays bounded.
    if (this.buckets.size > 100_000) {
      const perMs = this.rate.limit / this.rate.windowMs;
      for (const [key, held] of this.buckets)
        if (held.tokens + (now - held.at) * perMs >= this.rate.limit) this.buckets.delete(key);
    }
  }
}

export interface RateLimits {
  perKey: RateLimiter;
  perAddress: RateLimiter;
  /** Failed authentications per address: past the budget a wrong key is answered 429 instead of 401. */
  failedAuthentications: RateLimiter;
}

/** Failed authentications an address may make: 100, then one more every 6 seconds. */
const FAILED_AUTHENTICATIONS: RateLimit = { limit: 100, windowMs: 600_000 };

export function createRateLimits(rate: { perKey: RateLimit; perAddress: RateLimit }, now?: () => number): RateLimits {
  return {
    perKey: new RateLimiter(rate.perKey, now),
    perAddress: new RateLimiter(rate.perAddress, now),
    failedAuthentications: new RateLimiter(FAILED_AUTHENTICATIONS, now),
  };
}

/** The address a request is counted under: Express's `req.ip`, which honours `TRUST_PROXY`. */
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Every request counts against its address before anything else runs. The console's own calls to `/v1` on a person's
 * behalf come from this process over loopback with a session token: the browser's request was counted already.
 */
export function limitPerAddress(limits: RateLimits, exempt: string[] = []) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (exempt.includes(req.path) || isConsoleLoopback(req)) return next();
    const wait = limits.perAddress.take(addressOf(req));
    if (wait > 0) {
      return next(new TooManyRequestsError(wait, `more than ${describe(limits.perAddress.rate)} from this address`));
    }
    next();
  };
}

/** After authentication: every request counts against its key (a console session against the key it was opened with). */
export function limitPerKey(limits: RateLimits) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const keyId = req.caller?.keyId;
    if (!keyId) return next();
    const wait = limits.perKey.take(keyId);
    if (wait > 0) {
      return next(new TooManyRequestsError(wait, `more than ${describe(limits.perKey.rate)} with this key`));
    }
    next();
  };
}

/**
 * Answers a failed authentication: 401 while the address has failures left, then 429 until its budget refills, so a
 * stream of guessed keys is slowed and shows up as 429 in every log. A right key is never refused by this.
 */
export function authenticationFailure(limits: RateLimits, req: Request): number {
  return limits.failedAuthentications.take(addressOf(req));
}

function isConsoleLoopback(req: Request): boolean {
  const remote = req.socket.remoteAddress ?? '';
  const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
  return loopback && /^Bearer\s+rls_sess_/i.test(req.headers.authorization ?? '');
}

function describe(rate: RateLimit): string {
  return `${rate.limit} requests in ${rate.windowMs >= 1000 ? `${rate.windowMs / 1000} s` : `${rate.windowMs} ms`}`;
}
