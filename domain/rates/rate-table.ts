import type { RateChange } from './rate-change';

/** The reference-rate tables the statutory laws read: the ECB main refinancing rate, the German base rate, Bank Rate. */
export const RATE_TABLE_NAMES = ['ECB_MRO', 'DE_BASE', 'BOE_BANK'] as const;
export type RateTableName = (typeof RATE_TABLE_NAMES)[number];

/**
 * A reference-rate table as dated data: `entries` sorted ascending by `from`, each in force until the next, and
 * `knownUntil`, the last day through which the table is known to be complete. No rate is read for a day after it.
 */
export interface RateTable {
  table: RateTableName;
  entries: readonly RateChange[];
  knownUntil: string;
}

/** The tables a computation may read, by name; a law whose table is absent cannot be computed. */
export type RateTables = Readonly<Partial<Record<RateTableName, RateTable>>>;
