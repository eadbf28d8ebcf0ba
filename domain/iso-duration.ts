import { DateTime } from 'luxon';
import { DomainError, quote } from './domain-error';
import { isRfc3339Instant, parseInstant, toUtcIso } from './due-moment';

// A fixed, DST-free reference to rank offsets: 'P1M' and 'P30D' compare the same way in every policy.
const RANKING_REFERENCE = DateTime.fromISO('2001-01-01T00:00:00Z', { zone: 'UTC' });

export interface IsoDuration {
  sign: 1 | -1;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May carry up to three decimals (milliseconds). */
  seconds: number;
}

// ISO 8601 durations with an optional leading sign (as in XML Schema / Temporal's proposal);
// fractions only on seconds, so that every other unit stays an exact calendar quantity.
const PATTERN =
  /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,3})?)S)?)?$/;

export function parseIsoDuration(text: string, field = 'duration'): IsoDuration {
  const match = typeof text === 'string' ? PATTERN.exec(text) : null;
  // 'P', 'PT' and 'P1DT' match the grammar above but name no quantity.
  if (!match || text.endsWith('P') || text.endsWith('T')) {
    throw new DomainError(field, 'iso_duration', `${field}: ${quote(text)} is not an ISO 8601 duration`);
  }
  const int = (group: string | undefined): number => {
    const value = group === undefined ? 0 : Number(group);
    if (!Number.isSafeInteger(value)) {
      throw new DomainError(field, 'iso_duration', `${field}: '${text}' has a component too large`);
    }
    return value;
  };
  const [, sign, years, months, weeks, days, hours, minutes, seconds] = match;
  const duration: IsoDuration = {
    sign: sign === '-' ? -1 : 1,
    years: int(years),
    months: int(months),
    weeks: int(weeks),
    days: int(days),
    hours: int(hours),
    minutes: int(minutes),
    seconds: seconds === undefined ? 0 : Number(seconds.replace(',', '.')),
  };
  if (!withinMaxDuration(duration)) {
    throw new DomainError(field, 'max_duration', `${field}: ${quote(text)} is longer than ${MAX_DURATION}`);
  }
  return duration;
}

/**
 * The longest offset, deadline or grace period a policy may name: ten years covers every statutory limitation period
 * of a commercial debt (five years in France, art. L110-4 Code de commerce) and keeps every computed date far inside
 * what a timer and a database column can hold.
 */
export const MAX_DURATION = 'P10Y';

const TEN_YEARS_LATER = RANKING_REFERENCE.plus({ years: 10 });
// Each unit's count in ten years, rounded up: one part past it is too long whatever the calendar, and stays far from
// the magnitudes at which date arithmetic stops being exact.
const UNIT_CAPS = {
  years: 10,
  months: 120,
  weeks: 522,
  days: 3653,
  hours: 87_672,
  minutes: 5_260_320,
  seconds: 315_619_200,
} as const;

function withinMaxDuration(duration: IsoDuration): boolean {
  const units = Object.keys(UNIT_CAPS) as Array<keyof typeof UNIT_CAPS>;
  if (units.some((unit) => duration[unit] > UNIT_CAPS[unit])) return false;
  return shiftDateTime(RANKING_REFERENCE, { ...duration, sign: 1 }) <= TEN_YEARS_LATER;
}

export function isZeroDuration(duration: IsoDuration): boolean {
  const { years, months, weeks, days, hours, minutes, seconds } = duration;
  return years + months + weeks + days + hours + minutes + seconds === 0;
}

export function isNegativeDuration(duration: IsoDuration): boolean {
  return duration.sign === -1 && !isZeroDuration(duration);
}

/** Luxon plus/minus object; calendar parts shift the local calendar, time parts add real time. */
export function durationToLuxon(duration: IsoDuration): Record<string, number> {
  const { years, months, weeks, days, hours, minutes, seconds } = duration;
  const wholeSeconds = Math.trunc(seconds);
  const milliseconds = Math.round((seconds - wholeSeconds) * 1000);
  return { years, months, weeks, days, hours, minutes, seconds: wholeSeconds, milliseconds };
}

/** Adds in `zone` so that 'P1D' across a DST change lands on the same wall-clock time. */
export function shiftDateTime(at: DateTime, duration: IsoDuration): DateTime {
  const parts = durationToLuxon(duration);
  return duration.sign === -1 ? at.minus(parts) : at.plus(parts);
}

export function addIsoDuration(instant: string, duration: IsoDuration, zone: string): string {
  if (!isRfc3339Instant(instant)) {
    throw new DomainError('instant', 'rfc3339', `instant: '${instant}' is not an RFC 3339 instant`);
  }
  const local = parseInstant(instant).setZone(zone);
  if (!local.isValid) {
    throw new DomainError('timezone', 'iana_timezone', `timezone: '${zone}' is not an IANA time zone`);
  }
  return toUtcIso(shiftDateTime(local, duration));
}

/** Exact length; refuses years and months, whose length depends on the calendar. Days count 24 h. */
export function isoDurationToMillis(duration: IsoDuration): number {
  if (duration.years !== 0 || duration.months !== 0) {
    throw new DomainError(
      'duration',
      'exact_duration',
      'duration: years and months have no fixed length in milliseconds',
    );
  }
  const { weeks, days, hours, minutes, seconds } = duration;
  const millis = ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  return duration.sign * Math.round(millis);
}

export function compareIsoDurations(a: IsoDuration, b: IsoDuration): number {
  return shiftDateTime(RANKING_REFERENCE, a).toMillis() - shiftDateTime(RANKING_REFERENCE, b).toMillis();
}
