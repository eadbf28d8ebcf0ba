import { addDays, assertCalendarDate, calendarDate, daysInclusive, isoWeekday } from '../../domain/calendar-date';
import { domainError } from './support';

describe('calendar-date helpers', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
  });

  it('numbers weekdays from Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-03-09')).toBe(1);
    expect(isoWeekday('2026-03-14')).toBe(6);
    expect(isoWeekday('2026-03-15')).toBe(7);
  });

  it('builds padded dates', () => {
    expect(calendarDate(2026, 7, 1)).toBe('2026-07-01');
  });

  it('counts both ends of a day range', () => {
    expect(daysInclusive('2025-05-16', '2025-06-30')).toBe(46);
    expect(daysInclusive('2025-07-01', '2025-08-31')).toBe(62);
    expect(daysInclusive('2025-07-01', '2025-07-01')).toBe(1);
    expect(daysInclusive('2024-01-01', '2024-12-31')).toBe(366);
  });

  it('refuses a value that is not a calendar date', () => {
    const error = domainError(() => assertCalendarDate('2026-02-30', 'asOf'));
    expect(error.field).toBe('asOf');
    expect(error.rule).toBe('calendar_date');
    expect(error.message).toBe("asOf: '2026-02-30' is not a calendar date (YYYY-MM-DD)");
  });
});
