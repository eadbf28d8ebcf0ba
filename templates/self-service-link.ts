import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The debtor's self-service link: `PUBLIC_URL/s/<token>`, scoped to one customer and expiring. The token is
 * `<customer id, base64url>.<expiry, unix seconds in base 36>.<HMAC-SHA256, 128 bits, base64url>`: stateless, so any
 * API replica verifies it and a re-sent e-mail carries the same link. It names the customer (its own id) and nothing
 * else; what the page shows is read live.
 */
export interface SelfServiceGrant {
  customerId: string;
  expiresAt: Date;
}

const VERSION = 's1';
/** 128 bits: forging one is out of reach, and the link stays short enough to be typed from a letter. */
const SIGNATURE_BYTES = 16;

export function signSelfServiceToken(grant: SelfServiceGrant, secret: string): string {
  const customer = Buffer.from(grant.customerId, 'utf8').toString('base64url');
  const expiry = Math.floor(grant.expiresAt.getTime() / 1000).toString(36);
  return `${customer}.${expiry}.${signature(customer, expiry, secret).toString('base64url')}`;
}

/**
 * The grant a token carries when one of `secrets` signed it and it has not expired at `now`; `undefined` otherwise,
 * whatever the reason, so that a caller learns nothing from a refusal.
 */
export function verifySelfServiceToken(token: string, secrets: string[], now: Date): SelfServiceGrant | undefined {
  if (token.length > 512) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [customer, expiry, presented] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(customer) || !/^[0-9a-z]{1,10}$/.test(expiry) || !/^[A-Za-z0-9_-]+$/.test(presented)) {
    return undefined;
  }
  const given = Buffer.from(presented, 'base64url');
  // Only the canonical spelling: the last character's spare bits would otherwise give one link many spellings, each
  // counted apart by the page's per-link limits.
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== presented) return undefined;
  if (Buffer.from(customer, 'base64url').toString('base64url') !== customer) return undefined;
  let valid = false;
  for (const secret of secrets) if (timingSafeEqual(signature(customer, expiry, secret), given)) valid = true;
  if (!valid) return undefined;
  const expiresAt = new Date(parseInt(expiry, 36) * 1000);
  if (!(expiresAt.getTime() > now.getTime())) return undefined;
  const customerId = Buffer.from(customer, 'base64url').toString('utf8');
  return customerId ? { customerId, expiresAt } : undefined;
}

/** The alphabet of short codes: Crockford's base32 in lower case, without i, l, o and u (nothing to misread). */
const SHORT_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const SHORT_LENGTH = 10;
/** The spelling of a short code, as `/s/` tells it from a signed token. */
export const SHORT_CODE = /^[0-9a-hjkmnp-tv-z]{10}$/;

/**
 * The code a letter prints instead of the signed token (`PUBLIC_URL/s/<code>`, short enough to be typed by hand): the
 * first 10 base32 characters (50 bits) of HMAC-SHA256(secret, `short|<customer id>|<expiry, unix seconds>`).
 * Deterministic, so a re-rendered letter prints the same code; it names nothing by itself, so the letter's path keeps
 * it in `self_service_short_links` with its customer and expiry.
 */
export function selfServiceShortCode(customerId: string, expiresAt: Date, secret: string): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  const digest = createHmac('sha256', secret).update(`short|${customerId}|${expiry}`).digest();
  let code = '';
  for (let i = 0; i < SHORT_LENGTH; i++) {
    // 5 bits at bit offset 5i, big-endian: 10 characters read the first 50 bits (7 bytes).
    const bit = i * 5;
    const pair = (digest[bit >> 3]! << 8) | digest[(bit >> 3) + 1]!;
    code += SHORT_ALPHABET[(pair >> (11 - (bit & 7))) & 31];
  }
  return code;
}

/** The link itself, as printed in an e-mail or on a letter. */
export function selfServiceUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/s/${token}`;
}

function signature(customer: string, expiry: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${VERSION}|${customer}|${expiry}`).digest().subarray(0, SIGNATURE_BYTES);
}
