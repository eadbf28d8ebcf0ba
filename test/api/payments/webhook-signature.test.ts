import { createHmac } from 'node:crypto';
import { computeSignature, signatureHeader, verifySignature } from '../../../api/payments/webhook-signature';

const secret = 'whsec-current-0123456789abcdef';
const body = Buffer.from('{"eventId":"evt_1","type":"settlement"}');
const now = 1_773_568_920;

describe('webhook signatures', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 in hex', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body.toString()}`).digest('hex');
    expect(computeSignature(secret, now, body)).toBe(expected);
    expect(signatureHeader(secret, now, body)).toBe(`t=${now},v1=${expected}`);
  });

  it('reproduces the worked example of the README', () => {
    const raw =
      '{"eventId":"evt_20260315_0001","type":"settlement","invoiceId":"F-2026-0042","paymentId":"sepa-8731","amount":123450,"currency":"EUR","receivedAt":"2026-03-15T10:02:00Z"}';
    expect(signatureHeader('whsec_example_0123456789abcdef', 1_773_568_920, raw)).toBe(
      't=1773568920,v1=a4895fcd61225c65da232fb570dab344b065079733ae00ef01e500da4187f642',
    );
  });

  it('accepts a fresh signature and answers the matched signature for replay detection', () => {
    const check = verifySignature({
      header: signatureHeader(secret, now, body),
      rawBody: body,
      secrets: [secret],
      nowSeconds: now + 10,
    });
    expect(check).toEqual({ ok: true, timestamp: now, signature: computeSignature(secret, now, body) });
  });

  it('accepts any of several v1 entries, so a sender can sign with an old and a new secret while rotating', () => {
    const header = signatureHeader(['whsec-previous-0123456789abcdef', secret], now, body);
    expect(verifySignature({ header, rawBody: body, secrets: [secret], nowSeconds: now }).ok).toBe(true);
  });

  it('refuses a signature made with another secret', () => {
    const header = signatureHeader('whsec-forged-0123456789abcdef', now, body);
    expect(verifySignature({ header, rawBody: body, secrets: [secret], nowSeconds: now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('refuses a body changed after signing, even by one byte', () => {
    const header = signatureHeader(secret, now, body);
    const tampered = Buffer.from(body.toString().replace('evt_1', 'evt_2'));
    expect(verifySignature({ header, rawBody: tampered, secrets: [secret], nowSeconds: now }).ok).toBe(false);
  });

  it('refuses a signature older than five minutes, and one from more than five minutes ahead', () => {
    const header = signatureHeader(secret, now, body);
    expect(verifySignature({ header, rawBody: body, secrets: [secret], nowSeconds: now + 300 }).ok).toBe(true);
    expect(verifySignature({ header, rawBody: body, secrets: [secret], nowSeconds: now + 301 })).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature({ header, rawBody: body, secrets: [secret], nowSeconds: now - 301 })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it.each([
    ['no header', undefined, 'missing'],
    ['no timestamp', `v1=${'a'.repeat(64)}`, 'malformed'],
    ['no v1', `t=${now}`, 'malformed'],
    ['a short v1', `t=${now},v1=abcd`, 'malformed'],
    ['a non-numeric t', `t=soon,v1=${'a'.repeat(64)}`, 'malformed'],
    ['two timestamps', `t=${now},t=${now},v1=${'a'.repeat(64)}`, 'malformed'],
  ])('refuses %s', (_name, header, reason) => {
    expect(verifySignature({ header, rawBody: body, secrets: [secret], nowSeconds: now })).toEqual({
      ok: false,
      reason,
    });
  });
});
