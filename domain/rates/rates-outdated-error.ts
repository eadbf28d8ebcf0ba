import { DomainError } from '../domain-error';
import type { RateTableName } from './rate-table';

/**
 * A computation needs a reference rate for a day after the table's `knownUntil`. Never answered with the last known
 * rate: a rate change the maintainers have not recorded would silently mis-state every letter from then on.
 */
export class RatesOutdatedError extends DomainError {
  constructor(
    readonly table: RateTableName,
    readonly knownUntil: string,
    readonly neededOn: string,
  ) {
    super(
      `rates.${table}`,
      'rates_outdated',
      `${table}: rates are known until ${knownUntil}; this amount needs the rate in force on ${neededOn} (POST /v1/rates/${table})`,
    );
  }
}
