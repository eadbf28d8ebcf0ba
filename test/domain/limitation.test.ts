import { limitationPeriod } from '../../domain/limitation';
import { domainError } from './support';

describe('limitationPeriod', () => {
  it.each([
    // FR: 5 years from the due date (art. L110-4 C. com.): due 2020-03-15 → last day 2025-03-15.
    ['FR', '2020-03-15', '2025-03-15', '2025-03-15', false],
    ['FR', '2020-03-15', '2025-03-16', '2025-03-15', true],
    // A 29 February due date ends on 28 February five years later.
    ['FR', '2020-02-29', '2025-03-01', '2025-02-28', true],
    // DE: 3 years from the end of the due year (§§ 195, 199 BGB): due 2021-01-05 or 2021-12-31 → 2024-12-31.
    ['DE', '2021-01-05', '2024-12-31', '2024-12-31', false],
    ['DE', '2021-12-31', '2025-01-01', '2024-12-31', true],
    // GB: 6 years from the due date (Limitation Act 1980 s.5).
    ['GB', '2019-06-30', '2025-06-30', '2025-06-30', false],
    ['GB', '2019-06-30', '2025-07-01', '2025-06-30', true],
  ])(
    'under %s law, due %s, as of %s: expires on %s, barred %s',
    (governingLaw, dueDate, asOf, expiresOn, timeBarred) => {
      expect(limitationPeriod({ governingLaw, dueDate, asOf })).toMatchObject({ expiresOn, timeBarred });
    },
  );

  it('states the basis', () => {
    expect(limitationPeriod({ governingLaw: 'de', dueDate: '2021-01-05', asOf: '2022-01-01' }).basis).toBe(
      '3 years from the end of the year in which the claim fell due (§§ 195, 199 BGB)',
    );
  });

  it.each([
    // FR art. 2240 C. civ.: a part-payment on 2024-06-01 restarts 5 years → 2029-06-01.
    ['FR', '2020-03-15', '2024-06-01', '2029-06-01', 'art. 2240 C. civ.'],
    // DE § 212 BGB: the new 3 years run from the acknowledgement itself, not from a year-end.
    ['DE', '2021-01-05', '2024-06-01', '2027-06-01', '§ 212 BGB'],
    ['GB', '2019-06-30', '2024-06-01', '2030-06-01', 'Limitation Act 1980, s.29'],
  ])(
    'under %s law restarts the period on an acknowledgement',
    (governingLaw, dueDate, acknowledgedOn, expiresOn, article) => {
      const period = limitationPeriod({ governingLaw, dueDate, asOf: '2026-01-01', acknowledgedOn });
      expect(period).toMatchObject({ expiresOn, timeBarred: false });
      expect(period.basis).toContain(`restarted on ${acknowledgedOn}`);
      expect(period.basis).toContain(article);
    },
  );

  it('does not revive a claim acknowledged after it expired, nor shorten it by an early acknowledgement', () => {
    expect(
      limitationPeriod({ governingLaw: 'DE', dueDate: '2020-05-01', asOf: '2026-01-01', acknowledgedOn: '2024-02-01' }),
    ).toMatchObject({ expiresOn: '2023-12-31', timeBarred: true });
    // Acknowledged in 2021-02-01: 2021-02-01 + 3 years = 2024-02-01 is later than 2023-12-31 → 2024-02-01.
    expect(
      limitationPeriod({ governingLaw: 'DE', dueDate: '2020-05-01', asOf: '2024-02-01', acknowledgedOn: '2021-02-01' }),
    ).toMatchObject({ expiresOn: '2024-02-01', timeBarred: false });
    // Acknowledged on 2020-06-01: 2023-06-01 is earlier than the year-end rule's 2023-12-31, which stands.
    expect(
      limitationPeriod({ governingLaw: 'DE', dueDate: '2020-05-01', asOf: '2023-12-01', acknowledgedOn: '2020-06-01' })
        .expiresOn,
    ).toBe('2023-12-31');
  });

  it('does not check laws it does not tabulate', () => {
    expect(limitationPeriod({ governingLaw: 'IT', dueDate: '2010-01-01', asOf: '2026-01-01' })).toEqual({
      expiresOn: null,
      timeBarred: false,
      basis: 'not checked for IT',
    });
  });

  it('refuses malformed dates and an acknowledgement after asOf', () => {
    const base = { governingLaw: 'FR', dueDate: '2020-03-15', asOf: '2025-01-01' };
    expect(domainError(() => limitationPeriod({ ...base, dueDate: '2020-13-01' })).field).toBe('dueDate');
    expect(domainError(() => limitationPeriod({ ...base, acknowledgedOn: '2025-01-02' })).rule).toBe('after_as_of');
  });
});
