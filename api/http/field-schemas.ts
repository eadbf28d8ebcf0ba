import { z } from 'zod';
import { EARLIEST_DATE, isCalendarDate, LATEST_DATE } from '../../domain/due-moment';
import { MAX_MINOR_UNITS } from '../../domain/money';
import { isWellFormedText, MULTI_LINE_CHARACTERS, SINGLE_LINE_CHARACTERS } from '../../domain/text';

/**
 * The bounded building blocks of every request schema: whatever passes them can reach a workflow, PostgreSQL, a mail
 * and a PDF. Each bound is a pattern, minimum or maximum, so /openapi.json shows it.
 */

/** PostgreSQL `integer` columns and the like (policy versions, step indexes). */
export const MAX_INT32 = 2 ** 31 - 1;

// 1970..2100 by the written year, as domain/ isSupportedDate reads it; the rest is that the date is real.
const YEAR = '(?:19[7-9][0-9]|20[0-9][0-9]|2100)';
const RANGE = `from ${EARLIEST_DATE} to ${LATEST_DATE}`;

export const calendarDate = z
  .string()
  .regex(new RegExp(`^${YEAR}-[0-9]{2}-[0-9]{2}$`), `must be a date YYYY-MM-DD ${RANGE}`)
  .refine(isCalendarDate, 'is not a real calendar date');
export const rfc3339 = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 instant with a timezone' })
  .regex(new RegExp(`^${YEAR}-`), `must lie ${RANGE}`);
export const dateOrInstant = z.union([calendarDate, rfc3339], {
  message: `must be a date YYYY-MM-DD or an RFC 3339 instant, ${RANGE}`,
});

export const minorUnits = z
  .number()
  .int('must be an integer in minor units')
  .positive('must be positive')
  .max(MAX_MINOR_UNITS, `must be at most ${MAX_MINOR_UNITS} minor units`);
/** An amount filter read from a query string. */
export const queryMinorUnits = z.coerce
  .number()
  .int('must be an integer in minor units')
  .min(0)
  .max(MAX_MINOR_UNITS, `must be at most ${MAX_MINOR_UNITS} minor units`);
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as FR');

/** Ids chosen by clients (invoices, customers, payments, events, batches). */
export const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'may hold letters, digits, . _ : -');

/**
 * Names, references, reasons, actors: one line of text, no control character, no lone surrogate. The pattern shows
 * the characters refused; a lone surrogate is not a Unicode string at all, so it is checked without one.
 */
export const singleLine = (max: number) =>
  z
    .string()
    .max(max)
    .regex(SINGLE_LINE_CHARACTERS, 'must not contain control characters or line breaks')
    .refine(isWellFormedText, 'must not contain lone surrogates');
/** Notes: tab and line breaks allowed, no other control character, no lone surrogate. */
export const multiLine = (max: number) =>
  z
    .string()
    .max(max)
    .regex(MULTI_LINE_CHARACTERS, 'must not contain control characters')
    .refine(isWellFormedText, 'must not contain lone surrogates');
/** A required single line that is not blank. */
export const requiredLine = (max: number) => singleLine(max).trim().min(1);

/** A list filter or cursor from a query string: printable, bounded. */
export const queryText = (max: number) => singleLine(max);

export const positiveInt32 = z.number().int().min(1).max(MAX_INT32);
