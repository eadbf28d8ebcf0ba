import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv6 } from 'node:net';
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

  /** How many clients it holds a bucket for. */
  get size(): number {
    return this.buckets.size;
  }

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
      this.remember(id, bucket);
      return 0;
    }
    this.remember(id, bucket);
    return Math.max(1, Math.ceil((cost - bucket.tokens) / perMs / 1000));
  }

  private remember(id: string, bucket: { tokens: number; at: number }): void {
    // Kept in the order clients were last seen: past MAX_CLIENTS, the longest idle tenth is forgotten in one pass, so
    // a flood of distinct addresses can neither grow memory nor slow every request with a sweep.
    this.buckets.delete(id);
    this.buckets.set(id, bucket);
    if (this.buckets.size <= MAX_CLIENTS) return;
    let forget = this.buckets.size - MAX_CLIENTS * 0.9;
    for (const key of this.buckets.keys()) {
      if (forget-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/** Clients a limiter holds a bucket for; past it, the longest idle are forgotten (they start again full). */
const MAX_CLIENTS = 100_000;

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

/** The client a request is counted as: Express's `req.ip`, which honours `TRUST_PROXY`, as its `clientBlock`. */
export const clientAddress = (req: Request) => clientBlock(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/**
 * What one client is counted as: an IPv4 address (mapped into IPv6 or not), or the /64 an IPv6 address belongs to —
 * the block one subscriber or host is given, where any of 2^64 addresses is its own to use.
 */
export function clientBlock(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address) || address.includes('.')) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The console's own calls to `/v1` on a person's behalf carry this header with a value drawn when the process starts
 * and sent nowhere but to the process itself: the browser's request was counted already. A session token or a
 * loopback address alone proves nothing (behind a proxy on the same host every client arrives over loopback).
 */
export const CONSOLE_CALL_HEADER = 'x-relance-console-call';
export const CONSOLE_CALL_MARK = randomBytes(24).toString('base64url');

/** Every request counts against its address before anything else runs, but for the console's calls on a person's behalf. */
export function limitPerAddress(limits: RateLimits, exempt: string[] = []) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (exempt.includes(req.path) || isConsoleCall(req)) return next();
    const wait = limits.perAddress.take(clientAddress(req));
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
  return limits.failedAuthentications.take(clientAddress(req));
}

function isConsoleCall(req: Request): boolean {
  const given = req.headers[CONSOLE_CALL_HEADER];
  if (typeof given !== 'string' || given.length !== CONSOLE_CALL_MARK.length) return false;
  return (
    timingSafeEqual(Buffer.from(given), Buffer.from(CONSOLE_CALL_MARK)) &&
    /^Bearer\s+rls_sess_/i.test(req.headers.authorization ?? '')
  );
}

function describe(rate: RateLimit): string {
  return `${rate.limit} requests in ${rate.windowMs >= 1000 ? `${rate.windowMs / 1000} s` : `${rate.windowMs} ms`}`;
}
