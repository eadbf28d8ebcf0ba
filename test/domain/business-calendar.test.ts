import {
  easterSunday,
  hasHolidayCalendar,
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
  publicHolidays,
} from '../../domain/business-calendar';
import { domainError } from './support';

describe('easterSunday', () => {
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('puts Easter %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe('publicHolidays', () => {
  it('lists the eleven French holidays of 2025', () => {
    expect(publicHolidays('FR', 2025)).toEqual([
      '2025-01-01',
      '2025-04-21',
      '2025-05-01',
      '2025-05-08',
      '2025-05-29',
      '2025-06-09',
      '2025-07-14',
      '2025-08-15',
      '2025-11-01',
      '2025-11-11',
      '2025-12-25',
    ]);
  });

  it('lists the eleven French holidays of 2026', () => {
    expect(publicHolidays('FR', 2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('accepts a lower-case country code', () => {
    expect(publicHolidays('fr', 2026)).toEqual(publicHolidays('FR', 2026));
  });

  it('lists the German nationwide holidays of 2026', () => {
    expect(publicHolidays('DE', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('substitutes a Saturday Boxing Day in England on Monday 28 December 2026', () => {
    expect(publicHolidays('GB', 2026)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('substitutes a weekend Christmas and Boxing Day on Monday 27 and Tuesday 28 December 2027', () => {
    expect(publicHolidays('GB', 2027).slice(-2)).toEqual(['2027-12-27', '2027-12-28']);
  });

  it('substitutes a Sunday Christmas on Tuesday 27 December after a Monday Boxing Day (2022)', () => {
    expect(publicHolidays('GB', 2022)).toEqual([
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ]);
  });

  it('applies the proclaimed changes of 2020 and 2023 in England', () => {
    expect(publicHolidays('GB', 2020)).toEqual([
      '2020-01-01',
      '2020-04-10',
      '2020-04-13',
      '2020-05-08',
      '2020-05-25',
      '2020-08-31',
      '2020-12-25',
      '2020-12-28',
    ]);
    expect(publicHolidays('GB', 2023)).toEqual([
      '2023-01-02',
      '2023-04-07',
      '2023-04-10',
      '2023-05-01',
      '2023-05-08',
      '2023-05-29',
      '2023-08-28',
      '2023-12-25',
      '2023-12-26',
    ]);
  });

  it('lists the Belgian holidays of 2026', () => {
    expect(publicHolidays('BE', 2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-07-21',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ]);
  });

  it('lists the Spanish national holidays of 2026', () => {
    expect(publicHolidays('ES', 2026)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-03',
      '2026-05-01',
      '2026-08-15',
      '2026-10-12',
      '2026-11-01',
      '2026-12-06',
      '2026-12-08',
      '2026-12-25',
    ]);
  });

  it('adds St Francis on 4 October to the Italian holidays from 2026 only', () => {
    expect(publicHolidays('IT', 2026)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-06',
      '2026-04-25',
      '2026-05-01',
      '2026-06-02',
      '2026-08-15',
      '2026-10-04',
      '2026-11-01',
      '2026-12-08',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(publicHolidays('IT', 2025)).not.toContain('2025-10-04');
  });

  it("moves King's Day to 26 April when 27 April is a Sunday and keeps Liberation Day in lustrum years", () => {
    expect(publicHolidays('NL', 2025)).toEqual([
      '2025-01-01',
      '2025-04-21',
      '2025-04-26',
      '2025-05-05',
      '2025-05-29',
      '2025-06-09',
      '2025-12-25',
      '2025-12-26',
    ]);
    expect(publicHolidays('NL', 2026)).toContain('2026-04-27');
    expect(publicHolidays('NL', 2026)).not.toContain('2026-05-05');
  });

  it('falls back to New Year and Christmas for a country without a table', () => {
    expect(publicHolidays('PL', 2026)).toEqual(['2026-01-01', '2026-12-25']);
    expect(hasHolidayCalendar('PL')).toBe(false);
    expect(hasHolidayCalendar('fr')).toBe(true);
  });

  it('refuses a malformed country or year', () => {
    const error = domainError(() => publicHolidays('FRA', 2026));
    expect(error.field).toBe('country');
    expect(error.rule).toBe('country_code');
    expect(domainError(() => publicHolidays('FR', 2026.5)).field).toBe('year');
  });
});

describe('isBusinessDay', () => {
  it('is true on an ordinary weekday', () => {
    expect(isBusinessDay('2026-03-10', 'FR')).toBe(true);
  });

  it('is false on weekends', () => {
    expect(isBusinessDay('2026-03-14', 'FR')).toBe(false);
    expect(isBusinessDay('2026-03-15', 'FR')).toBe(false);
  });

  it('is false on a public holiday of that country only', () => {
    expect(isBusinessDay('2026-05-08', 'FR')).toBe(false);
    expect(isBusinessDay('2026-05-08', 'DE')).toBe(true);
    expect(isBusinessDay('2026-04-03', 'DE')).toBe(false);
    expect(isBusinessDay('2026-04-03', 'FR')).toBe(true);
  });

  it('refuses a malformed date', () => {
    expect(domainError(() => isBusinessDay('2026-3-10', 'FR')).rule).toBe('calendar_date');
  });
});

describe('nextBusinessDay and previousBusinessDay', () => {
  it('keep a business day as it is', () => {
    expect(nextBusinessDay('2026-03-10', 'FR')).toBe('2026-03-10');
    expect(previousBusinessDay('2026-03-10', 'FR')).toBe('2026-03-10');
  });

  it('roll a Saturday to Monday or back to Friday', () => {
    expect(nextBusinessDay('2026-03-14', 'FR')).toBe('2026-03-16');
    expect(previousBusinessDay('2026-03-14', 'FR')).toBe('2026-03-13');
  });

  it('skip Ascension Thursday 2026 forward to Friday', () => {
    expect(nextBusinessDay('2026-05-14', 'FR')).toBe('2026-05-15');
  });

  it('skip a German Easter weekend from Good Friday to Tuesday', () => {
    expect(nextBusinessDay('2026-04-03', 'DE')).toBe('2026-04-07');
    expect(previousBusinessDay('2026-04-06', 'DE')).toBe('2026-04-02');
  });

  it('cross a year boundary over New Year', () => {
    expect(nextBusinessDay('2026-12-31', 'FR')).toBe('2026-12-31');
    expect(nextBusinessDay('2027-01-01', 'FR')).toBe('2027-01-04');
    expect(previousBusinessDay('2027-01-03', 'FR')).toBe('2026-12-31');
  });
});
