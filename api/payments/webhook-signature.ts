import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a signature may be: a captured request cannot be replayed later than this. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true; timestamp: number; signature: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

/** HMAC-SHA256 of "<t>.<raw body>", hex: what a payment system puts after `v1=`. */
export function computeSignature(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** A complete `Relance-Signature` header value, as a payment system (or a test) sends it. */
export function signatureHeader(secrets: string | string[], timestamp: number, rawBody: Buffer | string): string {
  const all = Array.isArray(secrets) ? secrets : [secrets];
  return [`t=${timestamp}`, ...all.map((secret) => `v1=${computeSignature(secret, timestamp, rawBody)}`)].join(',');
}

/**
 * Verifies `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`: several v1 entries let a sender sign with an old and a new secret
 * while both are in use. Comparisons are constant-time; a timestamp too far from now, either way, is stale.
 */
export function verifySignature(input: {
  header: string | undefined;
  rawBody: Buffer;
  secrets: string[];
  nowSeconds: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing' };
  let timestamp: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of input.header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length || value === undefined) return { ok: false, reason: 'malformed' };
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return { ok: false, reason: 'malformed' };
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return { ok: false, reason: 'malformed' };
      candidates.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || candidates.length === 0 || candidates.length > 8) {
    return { ok: false, reason: 'malformed' };
  }
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'stale' };
  }
  for (const secret of input.secrets) {
    const expected = Buffer.from(computeSignature(secret, timestamp, input.rawBody), 'hex');
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, candidate)) return { ok: true, timestamp, signature: expected.toString('hex') };
    }
  }
  return { ok: false, reason: 'mismatch' };
}
