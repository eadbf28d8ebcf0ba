import { bornAfterOpening } from '../../domain/insolvency';

describe('bornAfterOpening', () => {
  it('counts a debt issued on the day of the judgment as born before it, the next day as after', () => {
    expect(bornAfterOpening('2026-11-20', '2026-11-20')).toBe(false);
    expect(bornAfterOpening('2026-11-19', '2026-11-20')).toBe(false);
    expect(bornAfterOpening('2026-11-21', '2026-11-20')).toBe(true);
    expect(bornAfterOpening('2026-11-21T08:00:00+01:00', '2026-11-20')).toBe(true);
  });
});
