import { createViewLimiter } from '../../../api/self-service/view-limiter';

describe('the per-link view limit', () => {
  const at = (seconds: number) => new Date(Date.parse('2026-03-01T09:00:00Z') + seconds * 1_000);

  it('lets a link be viewed up to the limit in a window, then says how long to wait', () => {
    const limiter = createViewLimiter({ max: 3, windowMs: 60_000 });
    expect([limiter.take('a', at(0)), limiter.take('a', at(1)), limiter.take('a', at(2))]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(limiter.take('a', at(20))).toBe(40);
  });

  it('counts each link apart, and starts afresh once the window has passed', () => {
    const limiter = createViewLimiter({ max: 1, windowMs: 60_000 });
    expect(limiter.take('a', at(0))).toBeUndefined();
    expect(limiter.take('b', at(0))).toBeUndefined();
    expect(limiter.take('a', at(59))).toBe(1);
    expect(limiter.take('a', at(60))).toBeUndefined();
  });
});
