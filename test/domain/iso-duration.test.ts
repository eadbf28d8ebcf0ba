import {
  addIsoDuration,
  compareIsoDurations,
  isNegativeDuration,
  isZeroDuration,
  isoDurationToMillis,
  parseIsoDuration,
} from '../../domain/iso-duration';
import { domainError } from './support';

const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('parseIsoDuration', () => {
  it.each([
    ['P3D', { sign: 1, ...zero, days: 3 }],
    ['-P3D', { sign: -1, ...zero, days: 3 }],
    ['+P15D', { sign: 1, ...zero, days: 15 }],
    ['P1DT2H', { sign: 1, ...zero, days: 1, hours: 2 }],
    ['PT30S', { sign: 1, ...zero, seconds: 30 }],
    ['P2W', { sign: 1, ...zero, weeks: 2 }],
    ['P1Y2M3W4DT5H6M7S', { sign: 1, years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
    ['PT0S', { sign: 1, ...zero }],
    ['PT1.5S', { sign: 1, ...zero, seconds: 1.5 }],
    ['PT0,25S', { sign: 1, ...zero, seconds: 0.25 }],
    ['-PT2S', { sign: -1, ...zero, seconds: 2 }],
  ])('reads %s', (text, expected) => {
    expect(parseIsoDuration(text)).toEqual(expected);
  });

  it.each([
    [''],
    ['P'],
    ['PT'],
    ['P1DT'],
    ['P1X'],
    ['3D'],
    ['P-3D'],
    ['P1.5D'],
    ['PT1.5H'],
    ['PT1.2345S'],
    ['p3d'],
    [' P3D'],
  ])('rejects %p', (text) => {
    const error = domainError(() => parseIsoDuration(text, 'steps[2].after'));
    expect(error.field).toBe('steps[2].after');
    expect(error.rule).toBe('iso_duration');
  });

  it('writes a message naming the field and the text', () => {
    expect(domainError(() => parseIsoDuration('P1X', 'steps[2].after')).message).toBe(
      "steps[2].after: 'P1X' is not an ISO 8601 duration",
    );
  });

  it.each([['P10Y'], ['-P10Y'], ['P120M'], ['P3652D'], ['P9Y11M30D'], ['PT87600H']])(
    'accepts %s, within ten years',
    (text) => {
      expect(() => parseIsoDuration(text)).not.toThrow();
    },
  );

  it.each([['P99999999999Y'], ['P10Y1D'], ['-P11Y'], ['P121M'], ['P3654D'], ['P600W'], ['PT999999999S'], ['P9Y13M']])(
    'refuses %s, longer than ten years, naming the field',
    (text) => {
      const error = domainError(() => parseIsoDuration(text, 'steps[1].after'));
      expect(error.field).toBe('steps[1].after');
      expect(error.rule).toBe('max_duration');
      expect(error.message).toBe(`steps[1].after: '${text}' is longer than P10Y`);
    },
  );

  it('names the field "duration" by default and refuses non-strings', () => {
    expect(domainError(() => parseIsoDuration(42 as unknown as string)).field).toBe('duration');
  });
});

describe('isZeroDuration and isNegativeDuration', () => {
  it('treats -PT0S as zero, not negative', () => {
    expect(isZeroDuration(parseIsoDuration('-PT0S'))).toBe(true);
    expect(isNegativeDuration(parseIsoDuration('-PT0S'))).toBe(false);
    expect(isNegativeDuration(parseIsoDuration('-P3D'))).toBe(true);
    expect(isNegativeDuration(parseIsoDuration('P3D'))).toBe(false);
  });
});

describe('addIsoDuration', () => {
  it('adds a day across the spring-forward change keeping the Paris wall-clock time', () => {
    expect(addIsoDuration('2026-03-28T08:00:00Z', parseIsoDuration('P1D'), 'Europe/Paris')).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('adds 24 real hours across the same change when asked for PT24H', () => {
    expect(addIsoDuration('2026-03-28T08:00:00Z', parseIsoDuration('PT24H'), 'Europe/Paris')).toBe(
      '2026-03-29T08:00:00.000Z',
    );
  });

  it('subtracts a negative duration', () => {
    expect(addIsoDuration('2026-03-10T23:00:00.000Z', parseIsoDuration('-P3D'), 'Europe/Paris')).toBe(
      '2026-03-07T23:00:00.000Z',
    );
  });

  it('adds months on the local calendar, clamping to the end of the month', () => {
    expect(addIsoDuration('2026-01-31T12:00:00+01:00', parseIsoDuration('P1M'), 'Europe/Paris')).toBe(
      '2026-02-28T11:00:00.000Z',
    );
  });

  it('adds seconds and fractions of seconds exactly', () => {
    expect(addIsoDuration('2026-03-10T23:00:00Z', parseIsoDuration('PT5.25S'), 'UTC')).toBe('2026-03-10T23:00:05.250Z');
  });

  it('accepts an instant with an offset and returns UTC', () => {
    expect(addIsoDuration('2026-03-10T10:00:00+05:30', parseIsoDuration('PT0S'), 'Asia/Kolkata')).toBe(
      '2026-03-10T04:30:00.000Z',
    );
  });

  it('refuses a bad instant or zone', () => {
    expect(domainError(() => addIsoDuration('2026-03-10', parseIsoDuration('P1D'), 'UTC')).rule).toBe('rfc3339');
    expect(domainError(() => addIsoDuration('2026-03-10T00:00:00Z', parseIsoDuration('P1D'), 'Mars/Base')).rule).toBe(
      'iana_timezone',
    );
  });
});

describe('isoDurationToMillis', () => {
  it('converts weeks, days and time to milliseconds', () => {
    expect(isoDurationToMillis(parseIsoDuration('PT30S'))).toBe(30_000);
    expect(isoDurationToMillis(parseIsoDuration('P1DT2H'))).toBe(26 * 3_600_000);
    expect(isoDurationToMillis(parseIsoDuration('P2W'))).toBe(14 * 86_400_000);
    expect(isoDurationToMillis(parseIsoDuration('-PT1.5S'))).toBe(-1500);
  });

  it('refuses years and months, which have no fixed length', () => {
    expect(domainError(() => isoDurationToMillis(parseIsoDuration('P1M'))).rule).toBe('exact_duration');
    expect(domainError(() => isoDurationToMillis(parseIsoDuration('P1Y'))).rule).toBe('exact_duration');
  });
});

describe('compareIsoDurations', () => {
  it('orders offsets from a fixed reference', () => {
    const cmp = (a: string, b: string) => Math.sign(compareIsoDurations(parseIsoDuration(a), parseIsoDuration(b)));
    expect(cmp('-P3D', 'P1D')).toBe(-1);
    expect(cmp('P1W', 'P7D')).toBe(0);
    expect(cmp('P1M', 'P30D')).toBe(1);
    expect(cmp('PT24H', 'P1D')).toBe(0);
    expect(cmp('PT5S', 'PT0S')).toBe(1);
  });
});
