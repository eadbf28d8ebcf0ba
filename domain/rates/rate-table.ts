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

/** Stored or published tables as the engine reads them, by name; names it does not know are left out. */
export function rateTablesByName(
  tables: readonly { table: string; entries: readonly RateChange[]; knownUntil: string }[],
): RateTables {
  const known = new Set<string>(RATE_TABLE_NAMES);
  return Object.fromEntries(
    tables.filter((t) => known.has(t.table)).map((t) => [t.table, { ...t, table: t.table as RateTableName }]),
  ) as RateTables;
}

export function isRateTableName(name: unknown): name is RateTableName {
  return typeof name === 'string' && (RATE_TABLE_NAMES as readonly string[]).includes(name);
}
