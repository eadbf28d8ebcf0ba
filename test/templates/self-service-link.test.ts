import {
  selfServiceShortCode,
  selfServiceUrl,
  SHORT_CODE,
  signSelfServiceToken,
  verifySelfServiceToken,
} from '../../templates/self-service-link';

const SECRET = 'first-secret-of-at-least-thirty-two-characters';
const OTHER = 'other-secret-of-at-least-thirty-two-characters';
const NOW = new Date('2026-03-01T09:00:00Z');
const EXPIRES = new Date('2026-04-30T09:00:00Z');
const grant = { customerId: 'C-42', expiresAt: EXPIRES };

/** Replaces one part of a token (`customer.expiry.signature`). */
function withPart(token: string, index: number, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

/** The same characters with one in the middle changed: a signature off by a few bits. */
const flipMiddle = (part: string) => {
  const at = Math.floor(part.length / 2);
  return part.slice(0, at) + (part[at] === 'A' ? 'B' : 'A') + part.slice(at + 1);
};

describe('the self-service token', () => {
  const token = signSelfServiceToken(grant, SECRET);

  it('carries its customer and expiry back when signed by a known secret and still valid', () => {
    expect(verifySelfServiceToken(token, [SECRET], NOW)).toEqual({
      customerId: 'C-42',
      expiresAt: new Date('2026-04-30T09:00:00Z'),
    });
  });

  it('is URL-safe, so the link can be printed and typed as is', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[0-9a-z]+\.[A-Za-z0-9_-]+$/);
    expect(selfServiceUrl('https://pay.example.com', token)).toBe(`https://pay.example.com/s/${token}`);
  });

  it('is refused when its signature is tampered with', () => {
    expect(verifySelfServiceToken(withPart(token, 2, flipMiddle(token.split('.')[2]!)), [SECRET], NOW)).toBeUndefined();
  });

  it('is refused when its customer is swapped for another, the signature kept', () => {
    const other = Buffer.from('C-43').toString('base64url');
    expect(verifySelfServiceToken(withPart(token, 0, other), [SECRET], NOW)).toBeUndefined();
  });

  it('is refused when its expiry is pushed later, the signature kept', () => {
    const later = Math.floor(Date.parse('2027-01-01T00:00:00Z') / 1000).toString(36);
    expect(verifySelfServiceToken(withPart(token, 1, later), [SECRET], NOW)).toBeUndefined();
  });

  it('is refused from the second it expires', () => {
    expect(verifySelfServiceToken(token, [SECRET], new Date(EXPIRES.getTime() - 1_000))).toBeDefined();
    expect(verifySelfServiceToken(token, [SECRET], EXPIRES)).toBeUndefined();
    expect(verifySelfServiceToken(token, [SECRET], new Date('2027-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('is refused when the same signature is spelt otherwise (the spare bits of its last character)', () => {
    const signature = token.split('.')[2]!;
    const last = signature.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 16 bytes in 22 characters: the last carries 2 bits, its 4 low bits are spare; changing those decodes the same.
    const index = alphabet.indexOf(last);
    const sameBytes = alphabet[(index & ~3) + ((index + 1) & 3)]!;
    const respelt = withPart(token, 2, signature.slice(0, -1) + sameBytes);
    expect(Buffer.from(respelt.split('.')[2]!, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    expect(verifySelfServiceToken(respelt, [SECRET], NOW)).toBeUndefined();
  });

  it('is refused when another secret signed it', () => {
    expect(verifySelfServiceToken(signSelfServiceToken(grant, OTHER), [SECRET], NOW)).toBeUndefined();
  });

  it('keeps links signed by the previous secret valid during a rotation, and signs new ones with the new', () => {
    const old = signSelfServiceToken(grant, OTHER);
    const fresh = signSelfServiceToken(grant, SECRET);
    expect(verifySelfServiceToken(old, [SECRET, OTHER], NOW)?.customerId).toBe('C-42');
    expect(verifySelfServiceToken(fresh, [SECRET, OTHER], NOW)?.customerId).toBe('C-42');
    // Once the old secret is dropped, its links stop working.
    expect(verifySelfServiceToken(old, [SECRET], NOW)).toBeUndefined();
  });

  it('is refused by a page with no secret configured', () => {
    expect(verifySelfServiceToken(token, [], NOW)).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['four parts', `${token}.x`],
    ['spaces', 'a b.c.d'],
    ['a percent-encoding left as is', token.replace('.', '%2E')],
    ['a signature of the wrong length', withPart(token, 2, 'AAAA')],
    ['an expiry that is not base 36', withPart(token, 1, 'ZZ!')],
    ['an empty customer', withPart(token, 0, '')],
    ['a NUL character', `${token}\u0000`],
    ['a NUL inside the customer', withPart(token, 0, 'C\u000042')],
    ['a 10 kB token', `${'A'.repeat(10_000)}.${token}`],
    ['a 10 kB signature', withPart(token, 2, 'A'.repeat(10_000))],
  ])('is refused when it is garbage: %s', (_name, garbage) => {
    expect(verifySelfServiceToken(garbage, [SECRET], NOW)).toBeUndefined();
  });

  it('signs the same link for the same customer and expiry, so a retried step writes the same one', () => {
    expect(signSelfServiceToken(grant, SECRET)).toBe(token);
  });
});

describe('the short code a letter prints', () => {
  const code = selfServiceShortCode('C-42', EXPIRES, SECRET);

  it('is 10 characters of base32 without i, l, o or u, so it is typed from paper without doubt', () => {
    expect(code).toMatch(/^[0123456789abcdefghjkmnpqrstvwxyz]{10}$/);
    expect(code).toMatch(SHORT_CODE);
    expect(selfServiceUrl('https://pay.example.com', code)).toBe(`https://pay.example.com/s/${code}`);
    // The first 50 bits of HMAC-SHA256('k', 'short|C-42|1777539600'), as computed apart (Python's hmac).
    expect(selfServiceShortCode('C-42', new Date('2026-04-30T09:00:00Z'), 'k')).toBe('738vmndfta');
  });

  it('is the same for the same customer, expiry and secret, so a re-rendered letter prints the same code', () => {
    expect(selfServiceShortCode('C-42', new Date(EXPIRES.getTime()), SECRET)).toBe(code);
    // Only whole seconds of the expiry count, as in the signed token.
    expect(selfServiceShortCode('C-42', new Date(EXPIRES.getTime() + 999), SECRET)).toBe(code);
  });

  it('changes with the customer, the expiry and the secret', () => {
    const others = [
      selfServiceShortCode('C-43', EXPIRES, SECRET),
      selfServiceShortCode('C-42', new Date(EXPIRES.getTime() + 1_000), SECRET),
      selfServiceShortCode('C-42', EXPIRES, OTHER),
    ];
    expect(new Set([code, ...others]).size).toBe(4);
  });

  it('spreads over the whole alphabet, as 50 bits should', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of selfServiceShortCode(`C-${i}`, EXPIRES, SECRET)) seen.add(c);
    expect(seen.size).toBe(32);
  });

  it('is never mistaken for a signed token, nor a signed token for a code', () => {
    expect(verifySelfServiceToken(code, [SECRET], NOW)).toBeUndefined();
    expect(signSelfServiceToken(grant, SECRET)).not.toMatch(SHORT_CODE);
  });
});
