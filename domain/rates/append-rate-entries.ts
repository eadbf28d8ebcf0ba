import { DomainError, quote } from '../domain-error';
import { EARLIEST_DATE, LATEST_DATE, isCalendarDate } from '../due-moment';
import { RateChange, rateInForceOn } from './rate-change';
import type { RateTable } from './rate-table';

export interface RateAppend {
  entries: readonly RateChange[];
  /** The last day the table is now complete through; defaults to the later of the current one and the last entry. */
  knownUntil?: string;
}

function assertDate(date: unknown, field: string): asserts date is string {
  if (!isCalendarDate(date) || date < EARLIEST_DATE || date > LATEST_DATE) {
    throw new DomainError(field, 'calendar_date', `${field}: ${quote(date)} is not a date within 1970–2100`);
  }
}

function checkedRate(rate: unknown, field: string): number {
  const hundredths = typeof rate === 'number' ? rate * 100 : NaN;
  if (!Number.isFinite(hundredths) || Math.abs(hundredths - Math.round(hundredths)) > 1e-6) {
    throw new DomainError(field, 'rate_percent', `${field}: ${quote(rate)} is not a rate with at most two decimals`);
  }
  if ((rate as number) < -10 || (rate as number) > 100) {
    throw new DomainError(field, 'rate_range', `${field}: ${quote(rate)} is outside −10..100 %`);
  }
  return Math.round(hundredths) / 100;
}

/**
 * The table after appending published rate changes (`POST /v1/rates/{table}`). The days through the current
 * `knownUntil` are settled history that letters may already have stated: an entry dated within them must repeat the
 * rate in force then (a re-post is a no-op) and `knownUntil` never moves backwards.
 */
export function appendRateEntries(current: RateTable, append: RateAppend): RateTable {
  if (!Array.isArray(append.entries)) {
    throw new DomainError('entries', 'array', 'entries: expected an array of { from, ratePercent }');
  }
  const checked = append.entries.map((entry: unknown, i) => {
    const { from, ratePercent } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    assertDate(from, `entries[${i}].from`);
    return { i, from, ratePercent: checkedRate(ratePercent, `entries[${i}].ratePercent`) };
  });
  checked.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.i - b.i));

  const first = current.entries[0];
  const entries: RateChange[] = [...current.entries];
  for (const { i, from, ratePercent } of checked) {
    if (first && from < first.from) {
      throw new DomainError(
        `entries[${i}].from`,
        'before_table',
        `entries[${i}].from: the ${current.table} table starts on ${first.from}; earlier history is not appended`,
      );
    }
    const last = entries[entries.length - 1];
    const inForce = rateInForceOn(entries, from);
    if (from <= current.knownUntil || (last && from === last.from)) {
      if (inForce === ratePercent) continue;
      const settled = from <= current.knownUntil;
      throw new DomainError(
        `entries[${i}].ratePercent`,
        settled ? 'rate_conflict' : 'duplicate_entry',
        settled
          ? `entries[${i}].ratePercent: ${current.table} was ${inForce} % on ${from}; ${ratePercent} % would change amounts already stated`
          : `entries[${i}].ratePercent: ${from} is given twice with different rates`,
      );
    }
    entries.push({ from, ratePercent });
  }

  const lastFrom = entries[entries.length - 1]?.from ?? current.knownUntil;
  let knownUntil = current.knownUntil > lastFrom ? current.knownUntil : lastFrom;
  if (append.knownUntil !== undefined) {
    assertDate(append.knownUntil, 'knownUntil');
    if (append.knownUntil < current.knownUntil) {
      throw new DomainError(
        'knownUntil',
        'known_until_backwards',
        `knownUntil: ${current.table} is already known until ${current.knownUntil}; ${append.knownUntil} would move it backwards`,
      );
    }
    if (append.knownUntil < lastFrom) {
      throw new DomainError(
        'knownUntil',
        'known_until_before_entry',
        `knownUntil: ${append.knownUntil} precedes the entry of ${lastFrom}`,
      );
    }
    knownUntil = append.knownUntil;
  }
  return { table: current.table, entries, knownUntil };
}
