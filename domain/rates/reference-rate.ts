import { DomainError } from '../domain-error';
import { rateInForceOn } from './rate-change';
import type { RateTableName, RateTables } from './rate-table';
import { RatesOutdatedError } from './rates-outdated-error';

/**
 * The reference rate in force on `date`, in hundredths of a percent (exact integers: 2.15 % → 215). Throws
 * RatesOutdatedError past the table's `knownUntil` and 'rate_unknown' before its first entry.
 */
export function referenceRateHundredths(rates: RateTables, name: RateTableName, date: string): number {
  const table = rates[name];
  if (!table) {
    throw new DomainError(`rates.${name}`, 'rates_missing', `rates.${name}: the ${name} table was not provided`);
  }
  if (date > table.knownUntil) throw new RatesOutdatedError(name, table.knownUntil, date);
  const rate = rateInForceOn(table.entries, date);
  if (rate === null) {
    throw new DomainError('dueDate', 'rate_unknown', `dueDate: no ${name} rate is tabulated for ${date}`);
  }
  return Math.round(rate * 100);
}
