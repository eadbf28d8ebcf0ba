import { ConfigError, keyId, loadConfig, parseApiKeys } from '../../config/load-config';
import { RateLimiter } from '../../api/http/rate-limit';

const base = { DATABASE_URL: 'postgres://u:p@h/db', SMTP_URL: 'smtp://h:25' };

describe('API_KEYS: named keys', () => {
  it('reads name:role=secret, and names an unnamed key after its role and short id', () => {
    const keys = parseApiKeys('alice:ops=alice-secret-0123456789, support=support-secret-0123456789');
    expect(keys).toEqual([
      { name: 'alice', role: 'ops', secret: 'alice-secret-0123456789' },
      { name: `support:${keyId('support-secret-0123456789')}`, role: 'support', secret: 'support-secret-0123456789' },
    ]);
  });

  it.each([
    ['alice:admin=secret-0123456789abcdef', /entry 1 has role 'admin'/],
    ['alice:ops=short', /shorter than 16/],
    ['bad name:ops=secret-0123456789abcdef', /has name 'bad name'/],
    ['alice:ops=secret-0123456789abcdef,alice:support=other-0123456789abcdef', /'alice' is given to two keys/],
  ])('refuses %s naming the entry, never the secret', (value, message) => {
    let error: unknown;
    try {
      parseApiKeys(value);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/secret-0123456789|other-0123456789/);
  });

  it('reads several webhook secrets, the first current', () => {
    expect(loadConfig({ ...base, WEBHOOK_SECRET: 'new-secret, old-secret' }).webhookSecrets).toEqual([
      'new-secret',
      'old-secret',
    ]);
  });
});

describe('RATE_LIMIT_PER_KEY and RATE_LIMIT_PER_ADDRESS', () => {
  it('defaults to 200 per 10 s per key and 1,000 per 10 s per address', () => {
    expect(loadConfig(base).rateLimit).toEqual({
      perKey: { limit: 200, windowMs: 10_000 },
      perAddress: { limit: 1_000, windowMs: 10_000 },
    });
  });

  it('reads a count, or a count per window', () => {
    const config = loadConfig({ ...base, RATE_LIMIT_PER_KEY: '50', RATE_LIMIT_PER_ADDRESS: '3000/1m' });
    expect(config.rateLimit.perKey).toEqual({ limit: 50, windowMs: 10_000 });
    expect(config.rateLimit.perAddress).toEqual({ limit: 3_000, windowMs: 60_000 });
  });

  it.each(['fast', '-1', '10/0s', '10 per s'])('refuses %s naming the variable', (value) => {
    expect(() => loadConfig({ ...base, RATE_LIMIT_PER_KEY: value })).toThrow(/^RATE_LIMIT_PER_KEY: /);
  });
});

describe('RateLimiter', () => {
  it('grants a burst up to the limit, then one request per refill, with the wait in whole seconds', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 10, windowMs: 10_000 }, () => now);
    for (let i = 0; i < 10; i++) expect(limiter.take('k')).toBe(0);
    expect(limiter.take('k')).toBe(1);
    expect(limiter.take('other')).toBe(0);
    now += 999;
    expect(limiter.take('k')).toBe(1);
    now += 1;
    expect(limiter.take('k')).toBe(0);
    now += 60_000;
    for (let i = 0; i < 10; i++) expect(limiter.take('k')).toBe(0);
    expect(limiter.take('k')).toBe(1);
  });

  it('never limits with a limit of 0', () => {
    const limiter = new RateLimiter({ limit: 0, windowMs: 10_000 });
    for (let i = 0; i < 1_000; i++) expect(limiter.take('k')).toBe(0);
  });
});
